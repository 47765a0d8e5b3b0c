import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

type Step = {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
};

const workflow = (): Workflow =>
  load(readFileSync(resolve(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow;
const runs = (job: string): string[] => workflow().jobs[job]?.steps.map((step) => step.run ?? '') ?? [];

describe('release workflow', () => {
  it('should run the full Linux suite exactly as CI does', () => {
    expect(runs('linux-suite')).toContain('bash .ci/run');
  });

  it('should test on Windows before it builds, on the current Node LTS', () => {
    const windows = workflow().jobs.windows;
    expect(windows?.['runs-on']).toMatch(/^windows-/);
    const node = windows?.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
    expect(node?.with?.['node-version']).toBe('lts/*');
    const commands = runs('windows');
    const index = (pattern: RegExp): number => commands.findIndex((command) => pattern.test(command));
    expect(index(/^npm ci\b/)).toBeGreaterThanOrEqual(0);
    expect(index(/vitest run --project unit/)).toBeGreaterThan(index(/^npm ci\b/));
    expect(index(/with-keychain\.mjs .*test\/integration\/keychain/)).toBeGreaterThan(0);
    expect(index(/electron-builder --win/)).toBeGreaterThan(index(/with-keychain/));
    expect(index(/package-check\.mjs/)).toBeLessThan(index(/electron-builder --win/));
  });

  it('should sign only from repository secrets and never publish', () => {
    const build = workflow().jobs.windows?.steps.find((step) =>
      /electron-builder --win/.test(step.run ?? ''),
    );
    expect(build?.run).toMatch(/--publish never/);
    expect(build?.env).toEqual({
      CSC_LINK: '${{ secrets.WIN_CSC_LINK }}',
      CSC_KEY_PASSWORD: '${{ secrets.WIN_CSC_KEY_PASSWORD }}',
    });
    expect(workflow().permissions).toEqual({ contents: 'read' });
  });

  it('should check both Windows keyring binaries and upload the installers', () => {
    const text = readFileSync(resolve(ROOT, '.github/workflows/release.yml'), 'utf8');
    expect(text).toMatch(/keyring-win32-\$arch-msvc/);
    expect(text).toMatch(/foreach \(\$arch in 'x64', 'arm64'\)/);
    const upload = workflow().jobs.windows?.steps.find((step) =>
      step.uses?.startsWith('actions/upload-artifact'),
    );
    expect(String(upload?.with?.path)).toMatch(/dist\/\*\.exe/);
  });
});
