// The reader decrypts with Node's crypto what Windows and openssl write today (PBE-SHA1-3DES, PBES2
// AES/3DES) and leaves the rest to forge; these files have no MAC, so only decryption can tell a
// wrong password, and every cipher path has to get the bytes exactly right.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPfx } from '/@/src-main/certs/inspect';

const PASSWORD = 'Wörd-€-pass';
let dir: string;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, env: { ...process.env, PFX_PASS: PASSWORD }, stdio: 'pipe' });
}

function exportWith(name: string, options: string[]): Buffer {
  openssl([
    'pkcs12',
    '-export',
    '-inkey',
    'leaf.key',
    '-in',
    'leaf.crt',
    '-passout',
    'env:PFX_PASS',
    '-nomac',
    ...options,
    '-out',
    `${name}.pfx`,
  ]);
  return readFileSync(join(dir, `${name}.pfx`));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pfx-decrypt-'));
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.crt',
    '-subj',
    '/CN=cmg.contoso.com',
    '-days',
    '30',
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readPfx decryption without a MAC', () => {
  it.each([
    ['PBE-SHA1-3DES', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES'], 'PBE-SHA1-3DES'],
    ['PBES2 AES-256-CBC', ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC'], 'PBES2 AES-256-CBC'],
    ['PBES2 AES-128-CBC', ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC'], 'PBES2 AES-128-CBC'],
    ['PBES2 DES-EDE3-CBC', ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC'], 'PBES2 DES-EDE3-CBC'],
  ])('should open a %s file with the right password and refuse a wrong one', (name, options, expected) => {
    const data = exportWith(name.replace(/\W+/g, '-'), options);
    const read = readPfx(data, PASSWORD);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.pfx.hasMac).toBe(false);
    expect(read.pfx.keys).toHaveLength(1);
    expect(read.pfx.keys[0]?.key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(read.pfx.certs.map((cert) => cert.cert?.subject)).toEqual(['CN=cmg.contoso.com']);
    expect(read.pfx.encryption.keyEncryption?.name).toBe(expected);
    expect(read.pfx.encryption.certEncryption?.name).toBe(expected);
    // Usually 'wrong-password'; a wrong key can yield valid padding by chance (then 'corrupt').
    expect(readPfx(data, 'Word-€-pass').ok).toBe(false);
  });
});
