// The layer rules of eslint.config.js, proven on small fixture files: each fixture breaks one
// rule and must get that rule's error, one per kind follows every rule and must lint clean. The
// fixtures are linted under virtual paths inside src-main, src-renderer and test (their first
// line says which), so the rules run exactly as they do on real sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/unit/lint/fixtures');
// The first lint loads the plugins and the resolver: slow on a loaded machine.
const LINT_TIMEOUT_MS = 120_000;

interface Fixture {
  readonly file: string;
  readonly lintAs: string;
  /** `rule: message start`, or null when the fixture must lint clean. */
  readonly expected: { readonly ruleId: string; readonly message: string } | null;
  readonly code: string;
}

function readFixture(file: string): Fixture {
  const code = readFileSync(join(FIXTURES, file), 'utf8');
  const lintAs = /lint-as: (\S+)/.exec(code)?.[1];
  const expectLine = /expect: (.+?)(?: -->)?$/m.exec(code)?.[1];
  if (!lintAs || !expectLine) throw new Error(`${file}: needs "lint-as:" and "expect:" lines`);
  if (expectLine === 'nothing') return { file, lintAs, expected: null, code };
  const [ruleId, ...message] = expectLine.split(': ');
  return { file, lintAs, expected: { ruleId: ruleId ?? '', message: message.join(': ') }, code };
}

const fixtures = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.txt'))
  .sort()
  .map(readFixture);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: join(ROOT, 'eslint.config.js'),
    // The project's TypeScript service only knows files on disk, and the layer rules work on
    // resolved paths, not types: type-aware parsing is off for the virtual fixture files.
    overrideConfig: [{ files: ['**/*.ts', '**/*.svelte'], ...tseslint.configs.disableTypeChecked }],
  });
});

async function lint(fixture: Fixture): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(fixture.code, { filePath: join(ROOT, fixture.lintAs) });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('layer rules (eslint.config.js)', () => {
  it('should have fixtures that break rules and fixtures that follow them', () => {
    expect(fixtures.filter((fixture) => fixture.expected).length).toBeGreaterThanOrEqual(15);
    expect(fixtures.filter((fixture) => !fixture.expected).length).toBeGreaterThanOrEqual(3);
  });

  for (const fixture of fixtures.filter((candidate) => candidate.expected)) {
    it(
      `should report ${fixture.expected?.ruleId} when linting ${fixture.file} as ${fixture.lintAs}`,
      async () => {
        const messages = await lint(fixture);
        // Only the broken rule fires: a fixture with a second problem would prove nothing.
        expect(messages).toEqual([
          {
            ruleId: fixture.expected?.ruleId,
            message: expect.stringContaining(fixture.expected?.message ?? ''),
          },
        ]);
      },
      LINT_TIMEOUT_MS,
    );
  }

  for (const fixture of fixtures.filter((candidate) => !candidate.expected)) {
    it(
      `should report nothing when linting ${fixture.file} as ${fixture.lintAs}`,
      async () => {
        expect(await lint(fixture)).toEqual([]);
      },
      LINT_TIMEOUT_MS,
    );
  }

  it('should place every folder of src-main in the layer table', async () => {
    const config = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as {
      MAY_IMPORT: Record<string, readonly string[]>;
    };
    const folders = readdirSync(join(ROOT, 'src-main'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(5);
    expect(folders.filter((folder) => !(folder in config.MAY_IMPORT))).toEqual([]);
  });
});
