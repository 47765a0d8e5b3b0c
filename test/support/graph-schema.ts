// Graph's v1.0 entity and complex types as published in @microsoft/microsoft-graph-types (generated
// from Graph's v1.0 metadata), read at run time with the TypeScript parser. Lets tests check that
// what the emulator answers uses only properties the real Graph has, recursively.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import ts from 'typescript';

interface GraphInterface {
  readonly bases: readonly string[];
  /** Property name → the interface name of its (element) type, or null for scalars and enums. */
  readonly properties: ReadonlyMap<string, string | null>;
}

let parsed: Map<string, GraphInterface> | null = null;

function load(): Map<string, GraphInterface> {
  if (parsed) return parsed;
  const file = createRequire(import.meta.url).resolve(
    '@microsoft/microsoft-graph-types/microsoft-graph.d.ts',
  );
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const interfaces = new Map<string, GraphInterface>();
  const names = new Set<string>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) names.add(node.name.text);
  });
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const bases = (node.heritageClauses ?? []).flatMap((clause) =>
      clause.types.map((type) => type.expression.getText(source)),
    );
    const properties = new Map<string, string | null>();
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const name = member.name.getText(source).replace(/^["']|["']$/g, '');
      const typeText = member.type?.getText(source) ?? '';
      const element = /^(?:NullableOption<)?(\w+)(?:\[\])?>?$/.exec(typeText.replace(/\s/g, ''))?.[1] ?? null;
      properties.set(name, element !== null && names.has(element) ? element : null);
    }
    interfaces.set(node.name.text, { bases, properties });
  });
  parsed = interfaces;
  return interfaces;
}

/** Every property of a Graph type, inherited ones included, with the type of object-valued ones. */
export function graphProperties(typeName: string): ReadonlyMap<string, string | null> {
  const interfaces = load();
  const all = new Map<string, string | null>();
  const visit = (name: string): void => {
    const found = interfaces.get(name);
    if (!found) throw new Error(`${name} is not a type in @microsoft/microsoft-graph-types`);
    for (const base of found.bases) visit(base);
    for (const [property, type] of found.properties) all.set(property, type);
  };
  visit(typeName);
  return all;
}

/**
 * Paths (`passwordCredentials[0].hint`) of the properties in `value` that the Graph type does not
 * declare; `@odata.*` annotations are allowed, as in Graph's JSON. Nested objects are checked
 * against their declared type.
 */
export function undeclaredProperties(value: unknown, typeName: string, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => undeclaredProperties(item, typeName, `${path}[${index}]`));
  }
  const declared = graphProperties(typeName);
  const problems: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('@odata.') || key.includes('@odata.')) continue;
    const where = path ? `${path}.${key}` : key;
    if (!declared.has(key)) {
      problems.push(`${where} (not on ${typeName})`);
      continue;
    }
    const innerType = declared.get(key);
    if (innerType) problems.push(...undeclaredProperties(inner, innerType, where));
  }
  return problems;
}
