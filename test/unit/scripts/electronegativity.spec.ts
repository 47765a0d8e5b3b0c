import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/electronegativity.mjs');
const fixtures: string[] = [];

function gate(...args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

afterAll(() => {
  for (const dir of fixtures.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('electronegativity gate', () => {
  it('should pass with a one-line summary when it scans our own sources', () => {
    const { status, out } = gate();
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/0 finding\(s\) of medium or higher.*— OK$/m);
    expect(status).toBe(0);
  });

  it('should fail and name the checks when a window turns isolation and the sandbox off', () => {
    const root = mkdtempSync(join(tmpdir(), 'eng-fixture-'));
    fixtures.push(root);
    mkdirSync(join(root, 'src-main'), { recursive: true });
    writeFileSync(
      join(root, 'src-main', 'main.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({',
        '  webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false },',
        '});',
        "win.loadURL('http://example.com/');",
      ].join('\n'),
    );
    const sarif = join(root, 'report.sarif');
    const { status, out } = gate('--root', root, '--sarif', sarif);
    expect(status).toBe(1);
    expect(out).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(out).toContain('SANDBOX_JS_CHECK');
    expect(out).toContain('WEB_SECURITY_JS_CHECK');
    expect(out).toMatch(/— FAILED$/m);
  });
});
