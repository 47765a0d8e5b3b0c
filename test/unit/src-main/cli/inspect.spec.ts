import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '/@/src-main/cli';
import { inspectCommand } from '/@/src-main/cli/commands/inspect';
import type { Locale } from '/@/src-main/shared';
import {
  createPfxFixtures,
  FIXTURE_CN,
  FIXTURE_PASSWORD,
  type PfxFixtures,
} from '/@/test/support/pfx-fixtures';

let fixtures: PfxFixtures;
beforeAll(() => {
  fixtures = createPfxFixtures();
});
afterAll(() => fixtures.cleanup());

interface Captured extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

function io(
  env: Record<string, string | undefined> = { PFX_PW: FIXTURE_PASSWORD },
  locale: Locale = 'en',
): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    cwd: fixtures.dir,
    locale,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('comanage inspect', () => {
  it('should exit 0 and print only the JSON document on stdout when the file is usable', async () => {
    const cli = io();
    const code = await inspectCommand.run(['good-3des.pfx', '--password-env', 'PFX_PW', '--json'], cli);
    expect(code).toBe(0);
    const parsed = JSON.parse(cli.out()) as { file: string; checks: { id: string; severity: string }[] };
    expect(Object.keys(parsed)).toEqual(['file', 'checks', 'summary']);
    expect(parsed.file).toBe('good-3des.pfx');
    expect(parsed.checks.find((c) => c.id === 'key-match')?.severity).toBe('pass');
    expect(cli.err()).toBe('');
  });

  it('should exit 0 with a warning when the file uses AES encryption', async () => {
    const cli = io();
    expect(await inspectCommand.run([fixtures.paths['good-default'], '--password-env', 'PFX_PW'], cli)).toBe(
      0,
    );
    expect(cli.out()).toMatch(/^! \[pfx-encryption\]/m);
    expect(cli.out()).toMatch(/^✓ \[key-match\]/m);
  });

  it('should exit 1 and show the failing check with its hint when the certificate is expired', async () => {
    const cli = io();
    expect(await inspectCommand.run(['expired.pfx', '--password-env', 'PFX_PW'], cli)).toBe(1);
    expect(cli.out()).toMatch(/^✗ \[validity\]/m);
    expect(cli.out()).toMatch(/^ {4}→ Renew/m);
  });

  it('should exit 1 when the password is wrong and never print the password', async () => {
    const cli = io({ PFX_PW: 'wrong "secret"' });
    expect(await inspectCommand.run(['good-3des.pfx', '--password-env', 'PFX_PW', '--json'], cli)).toBe(1);
    expect(JSON.parse(cli.out()).checks).toMatchObject([
      { id: 'pfx-file' },
      { id: 'password', severity: 'error' },
    ]);
    expect(cli.out() + cli.err()).not.toContain('secret');
  });

  it('should exit 1 with a message when the password variable is unset', async () => {
    const cli = io({});
    expect(await inspectCommand.run(['good-3des.pfx', '--password-env', 'PFX_PW'], cli)).toBe(1);
    expect(cli.err()).toContain('PFX_PW');
    expect(cli.out()).toBe('');
  });

  it('should accept a set but empty password variable and then flag the empty password', async () => {
    const cli = io({ PFX_PW: '' });
    expect(await inspectCommand.run(['empty-password.pfx', '--password-env', 'PFX_PW', '--json'], cli)).toBe(
      1,
    );
    const checks = JSON.parse(cli.out()).checks as { id: string; severity: string }[];
    expect(checks.find((c) => c.id === 'password')?.severity).toBe('error');
    expect(checks.find((c) => c.id === 'key-match')?.severity).toBe('pass');
  });

  it.each([
    ['no file is given', ['--password-env', 'PFX_PW']],
    ['two files are given', ['a.pfx', 'b.pfx', '--password-env', 'PFX_PW']],
    ['the password variable is not named', ['good-3des.pfx']],
    ['an unknown option is given', ['good-3des.pfx', '--password-env', 'PFX_PW', '--password', 'x']],
  ])('should exit 2 with the usage on stderr when %s', async (_label, argv) => {
    const cli = io();
    expect(await inspectCommand.run(argv, cli)).toBe(2);
    expect(cli.err()).toContain('Usage: comanage inspect');
    expect(cli.out()).toBe('');
  });

  it('should exit 1 with a readable reason when the file does not exist', async () => {
    const cli = io();
    expect(await inspectCommand.run(['missing.pfx', '--password-env', 'PFX_PW'], cli)).toBe(1);
    expect(cli.err()).toContain('missing.pfx does not exist. Check the path');
  });

  it('should print a JSON error object and exit 1 when the file is a folder and --json is given', async () => {
    const cli = io();
    expect(await inspectCommand.run([fixtures.dir, '--password-env', 'PFX_PW', '--json'], cli)).toBe(1);
    const parsed = JSON.parse(cli.out()) as { file: string; error: { code: string; message: string } };
    expect(parsed.file).toBe(fixtures.dir);
    expect(parsed.error).toMatchObject({ code: 'not-a-file', messageKey: 'fsio.read.notAFile.directory' });
    expect(parsed.error.message).toContain('is a folder, not a file');
    expect(cli.err()).toContain('is a folder, not a file');
  });

  it('should print a JSON error object and exit 1 when a missing file is given with --json', async () => {
    const cli = io();
    expect(await inspectCommand.run(['missing.pfx', '--password-env', 'PFX_PW', '--json'], cli)).toBe(1);
    expect(JSON.parse(cli.out())).toMatchObject({ file: 'missing.pfx', error: { code: 'read-failed' } });
  });

  it('should print a JSON error object and exit 1 when the password variable is unset with --json', async () => {
    const cli = io({});
    expect(await inspectCommand.run(['good-3des.pfx', '--password-env', 'PFX_PW', '--json'], cli)).toBe(1);
    expect(JSON.parse(cli.out())).toMatchObject({ error: { code: 'password-env-unset' } });
  });

  it('should print a JSON error object and exit 2 on a usage error with --json', async () => {
    const cli = io();
    expect(await inspectCommand.run(['a.pfx', 'b.pfx', '--password-env', 'PFX_PW', '--json'], cli)).toBe(2);
    expect(JSON.parse(cli.out())).toMatchObject({ file: null, error: { code: 'usage' } });
    expect(cli.err()).toContain('Usage: comanage inspect');
  });

  it('should refuse a 50 MB file without reading it whole and exit 1', async () => {
    const path = join(fixtures.dir, 'huge.pfx');
    writeFileSync(path, Buffer.alloc(50 * 1024 * 1024));
    const cli = io();
    expect(await inspectCommand.run([path, '--password-env', 'PFX_PW', '--json'], cli)).toBe(1);
    expect(JSON.parse(cli.out()).checks).toMatchObject([{ id: 'pfx-file', severity: 'error' }]);
  });

  it('should check the expected and previous CN when both are given', async () => {
    const cli = io();
    const argv = [
      'good-3des.pfx',
      '--password-env',
      'PFX_PW',
      '--expect-cn',
      FIXTURE_CN,
      '--previous-cn',
      'CMG.contoso.com',
      '--json',
    ];
    expect(await inspectCommand.run(argv, cli)).toBe(1);
    const checks = JSON.parse(cli.out()).checks as { id: string; severity: string }[];
    expect(checks.find((c) => c.id === 'expected-cn')?.severity).toBe('pass');
    expect(checks.find((c) => c.id === 'renewal-cn')?.severity).toBe('error');
  });

  it('should print the checklist in French when the locale is fr', async () => {
    const cli = io(undefined, 'fr');
    await inspectCommand.run(['no-san.pfx', '--password-env', 'PFX_PW'], cli);
    expect(cli.out()).toContain('Contrôle préalable de no-san.pfx');
    expect(cli.out()).toMatch(/Inutilisable en l’état/);
  });

  it('should print the usage on stdout and exit 0 when asked for help', async () => {
    const cli = io();
    expect(await inspectCommand.run(['--help'], cli)).toBe(0);
    expect(cli.out()).toContain('--password-env VAR');
  });
});
