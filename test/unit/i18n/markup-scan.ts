import { parse } from 'svelte/compiler';

/** Attributes a person reads or hears; literal words there must come from the catalogues. */
const READABLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-placeholder',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);

const LETTER = /\p{L}/u;

export interface LiteralText {
  readonly line: number;
  readonly where: string;
  readonly text: string;
}

interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

/**
 * Finds user-visible literal text in a component's markup: text nodes with letters, and readable
 * attributes whose static parts contain letters. Script, style and comments are not markup.
 */
export function findLiteralText(source: string, filename = 'component.svelte'): LiteralText[] {
  const root = parse(source, { modern: true, filename });
  const found: LiteralText[] = [];
  const lineOf = (offset: number): number => source.slice(0, offset).split('\n').length;

  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isNode(value)) return;
    if (value.type === 'Text') {
      const text = String(value['data']).trim();
      if (LETTER.test(text)) found.push({ line: lineOf(value.start), where: 'text', text });
      return;
    }
    if (value.type === 'Comment') return;
    if (value.type === 'Attribute') {
      // Other attributes (d, href, class, data-*) hold machine values, not prose.
      if (!READABLE_ATTRIBUTES.has(String(value['name']).toLowerCase())) return;
      const parts = Array.isArray(value['value']) ? value['value'] : [value['value']];
      for (const part of parts) {
        if (isNode(part) && part.type === 'Text' && LETTER.test(String(part['data']))) {
          found.push({
            line: lineOf(part.start),
            where: `attribute ${String(value['name'])}`,
            text: String(part['data']),
          });
        }
      }
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'metadata' || key === 'parent') continue;
      if (typeof child === 'object' && child !== null) visit(child);
    }
  };

  visit(root.fragment);
  return found;
}
