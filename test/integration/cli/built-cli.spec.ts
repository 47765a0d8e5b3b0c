// The CLI as it ships: built by electron-vite into a folder laid out like the package (out/**,
// package.json, node_modules), run as a plain `node` process. Checks that each command is its own
// chunk (so `inspect` never loads the web host or zod) and that the commands work from that layout.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { COMMANDS, usage } from '/@/src-main/cli';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let cli: string;
const env = { ...process.env, KEY_PASS: 'key-passphrase', PFX_PASS: 'pfx-pässword' };

/** Runs openssl with space-separated arguments (none of them contains a space). */
function openssl(args: string): string {
  return execFileSync('openssl', args.split(' '), { cwd: dir, env, encoding: 'utf8', stdio: 'pipe' });
}

/** Runs the built CLI the same way; secrets come from `env`. */
function comanage(args: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args.split(' ')], { cwd: dir, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Everything a built file loads before its code runs: its static imports, followed through our chunks. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(file, 'utf8');
  for (const [, specifier] of source.matchAll(/^import\s(?:[^;]*?from\s*)?"([^"]+)"/gm)) {
    if (specifier === undefined || seen.has(specifier)) continue;
    seen.add(specifier);
    if (specifier.startsWith('.')) staticClosure(resolve(dirname(file), specifier), seen);
  }
  return seen;
}

/** The chunk that the lazy entry of command `name` imports, found through cli.js's static imports. */
function commandChunk(name: string): string {
  const main = join(dir, 'out/main');
  for (const specifier of staticClosure(join(main, 'cli.js'))) {
    if (!specifier.startsWith('./chunks/')) continue;
    const found = new RegExp(`import\\("\\./(${name}-[^"]+\\.js)"\\)`).exec(
      readFileSync(join(main, specifier), 'utf8'),
    );
    if (found) return join(main, 'chunks', found[1] as string);
  }
  throw new Error(`no lazy chunk for ${name}`);
}

const packagesIn = (specifiers: Iterable<string>): string[] =>
  [...specifiers].filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'built-cli-'));
  execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build', '--outDir', join(dir, 'out')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cli = join(dir, 'out/main/cli.js');
  writeFileSync(join(dir, 'leaf.ext'), 'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:cmg.contoso.com\n');
  openssl('req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj /CN=Test-CA -days 30');
  openssl(
    'genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass env:KEY_PASS -out leaf.key',
  );
  openssl('req -new -key leaf.key -passin env:KEY_PASS -subj /CN=cmg.contoso.com -out leaf.csr');
  openssl(
    'x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -set_serial 7 -days 20 -extfile leaf.ext -out leaf.crt',
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('built comanage CLI', () => {
  // The one package every command loads: the ICU formatter of the localized messages (plurals,
  // dates; about 10 ms). Anything more must wait until a command that needs it runs.
  const MESSAGE_FORMAT = ['@formatjs/icu-messageformat-parser', 'intl-messageformat'];

  it('should load no package but the message formatter and no HTTP server before a command is chosen', () => {
    const loaded = staticClosure(cli);
    expect(packagesIn(loaded).sort()).toEqual(MESSAGE_FORMAT);
    expect([...loaded]).not.toContain('node:http');
  });

  it('should load for inspect no zod, no HTTP server and only two files of node-forge', () => {
    const loaded = staticClosure(commandChunk('inspect'));
    expect(packagesIn(loaded).sort()).toEqual(MESSAGE_FORMAT);
    expect([...loaded]).not.toContain('node:http');
    const sources = [...loaded]
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => readFileSync(join(dir, 'out/main/chunks', specifier), 'utf8'))
      .join('\n');
    expect(sources).toContain('"node-forge/lib/asn1.js"');
    expect(sources).not.toContain('"zod"');
  });

  it('should print the same --help as the command list in the sources', () => {
    const result = comanage('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${usage(COMMANDS)}\n`);
  });

  it('should build a PFX that then passes its own preflight', () => {
    const built = comanage(
      'pfx --cert leaf.crt --chain ca.crt --key leaf.key --passphrase-env KEY_PASS --out out.pfx --password-env PFX_PASS',
    );
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const inspected = comanage('inspect out.pfx --password-env PFX_PASS --json');
    const report = JSON.parse(inspected.stdout) as { checks: { id: string; severity: string }[] };
    expect(report.checks.find((check) => check.id === 'password')?.severity).toBe('pass');
    expect(report.checks.find((check) => check.id === 'key-match')?.severity).toBe('pass');
  });

  it('should read an RC2-40 legacy export, which loads the rest of node-forge on demand', () => {
    openssl(
      'pkcs12 -export -legacy -inkey leaf.key -passin env:KEY_PASS -in leaf.crt -passout env:PFX_PASS -out legacy.pfx',
    );
    const inspected = comanage('inspect legacy.pfx --password-env PFX_PASS --json');
    const report = JSON.parse(inspected.stdout) as {
      checks: { id: string; severity: string; message: string }[];
    };
    expect(report.checks.find((check) => check.id === 'pfx-encryption')?.message).toContain('RC2-40');
    expect(report.checks.find((check) => check.id === 'key-match')?.severity).toBe('pass');
  });

  it('should write a CSR that openssl verifies', () => {
    const result = comanage(
      'csr --cn cmg.contoso.com --san cmg.contoso.com --out new.csr --key-out new.key --passphrase-env KEY_PASS',
    );
    expect(result.status).toBe(0);
    expect(openssl('req -in new.csr -verify -noout -text')).toContain('DNS:cmg.contoso.com');
  });
});
