import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { buildCsrPem, encryptPrivateKey, generateRsaKey, validateRequest } from '/@/src-main/certs';
import type { CliIo } from '/@/src-main/cli/command';
import { pfxCommand } from '/@/src-main/cli/commands/pfx';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

const PASSPHRASE = 'key-pass';
const PASSWORD = 'Pfx "password" ü';
const ENV = { KEY_PASS: PASSPHRASE, PFX_PASS: PASSWORD };
let ca: CaFixture;
let keyPem: string;
let otherKeyPem: string;
let leafPem: string;
let ecLeafPem: string;
let cwd: string;

beforeAll(async () => {
  ca = createCaFixture();
  const [key, other] = await Promise.all([generateRsaKey(2048), generateRsaKey(2048)]);
  keyPem = encryptPrivateKey(key, PASSPHRASE);
  otherKeyPem = encryptPrivateKey(other, PASSPHRASE);
  const csr = buildCsrPem(validateRequest({ cn: 'cmg.contoso.com' }).request!, key);
  leafPem = ca.sign(csr);
  ecLeafPem = ca.sign(csr, { issuer: 'ec' });
});
afterAll(() => ca.cleanup());
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cli-pfx-'));
  writeFileSync(join(cwd, 'cmg.key'), keyPem);
  writeFileSync(join(cwd, 'other.key'), otherKeyPem);
  writeFileSync(join(cwd, 'leaf.pem'), leafPem);
  writeFileSync(join(cwd, 'int.pem'), ca.intermediatePem);
  writeFileSync(join(cwd, 'chain.pem'), ca.intermediatePem + ca.rootPem);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const INPUTS = ['chain.pem', 'cmg.key', 'int.pem', 'leaf.pem', 'other.key'];

async function run(argv: string[], env: Record<string, string> = ENV) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd, locale: 'en' };
  const code = await pfxCommand.run(argv, io);
  return { code, stdout, stderr };
}

const BASE = [
  '--key',
  'cmg.key',
  '--passphrase-env',
  'KEY_PASS',
  '--out',
  'cmg.pfx',
  '--password-env',
  'PFX_PASS',
];

function info(): string {
  return ca
    .opensslWithStderr(
      ['pkcs12', '-info', '-nodes', '-passin', 'env:PFX_PASS', '-in', join(cwd, 'cmg.pfx')],
      ENV,
    )
    .split('\n')
    .filter((line) => /MAC|PKCS7|Keybag|CSP Name|friendlyName|subject=/.test(line))
    .join('\n');
}

describe('comanage pfx', () => {
  it('should build a 3DES PFX with the chain and SChannel CSP when given PEM inputs', async () => {
    const result = await run([
      '--cert',
      'leaf.pem',
      '--chain',
      'chain.pem',
      ...BASE,
      '--friendly-name',
      'CMG 2026',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PBE-SHA1-3DES');
    expect(result.stdout).toContain('Microsoft RSA SChannel Cryptographic Provider');
    expect(result.stdout).toContain('3 certificates');
    expect(result.stdout).not.toContain(PASSWORD);
    const text = info();
    expect(text).toContain('pbeWithSHA1And3-KeyTripleDES-CBC');
    expect(text).toContain('MAC: sha1');
    expect(text).toContain('Microsoft CSP Name: Microsoft RSA SChannel Cryptographic Provider');
    expect(text).toContain('friendlyName: CMG 2026');
  });

  it('should take the CA answer as DER and PKCS#7 with the chain', async () => {
    writeFileSync(join(cwd, 'leaf.cer'), ca.toDer(leafPem));
    writeFileSync(join(cwd, 'bundle.p7b'), ca.toPkcs7([ca.rootPem, leafPem, ca.intermediatePem], 'DER'));
    expect((await run(['--cert', 'leaf.cer', '--chain', 'int.pem', ...BASE])).code).toBe(0);
    rmSync(join(cwd, 'cmg.pfx'));
    const result = await run(['--cert', 'bundle.p7b', ...BASE]);
    expect(result.code).toBe(0);
    const certs = ca.openssl(
      ['pkcs12', '-nokeys', '-passin', 'env:PFX_PASS', '-in', join(cwd, 'cmg.pfx')],
      ENV,
    );
    expect(certs.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
  });

  it('should warn about AES-256 and a missing intermediate but still write the file', async () => {
    const result = await run(['--cert', 'leaf.pem', ...BASE, '--encryption', 'aes256', '--csp', 'none']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Windows Server 2016');
    expect(result.stderr).toContain('Certs Test RSA Issuing CA');
    expect(info()).toContain('AES-256-CBC');
    expect(info()).not.toContain('CSP Name');
  });

  it('should carry an EC intermediate from a PKCS#7 chain', async () => {
    writeFileSync(join(cwd, 'ec.p7b'), ca.toPkcs7([ecLeafPem, ca.ecIntermediatePem, ca.rootPem], 'PEM'));
    const result = await run(['--cert', 'ec.p7b', ...BASE, '--csp', 'ksp']);
    expect(result.code).toBe(0);
    expect(info()).toContain('Microsoft CSP Name: Microsoft Software Key Storage Provider');
  });

  it.each([
    [
      'a wrong passphrase',
      ['--cert', 'leaf.pem', ...BASE],
      { ...ENV, KEY_PASS: 'wrong' },
      '--passphrase-env',
    ],
    ['an unset password variable', ['--cert', 'leaf.pem', ...BASE], { KEY_PASS: PASSPHRASE }, 'PFX_PASS'],
    ['an empty password', ['--cert', 'leaf.pem', ...BASE], { ...ENV, PFX_PASS: '' }, 'PFX_PASS'],
    [
      'a key of another request',
      ['--cert', 'leaf.pem', ...BASE.slice(2), '--key', 'other.key'],
      ENV,
      'The certificate does not belong to this private key',
    ],
    ['a missing certificate file', ['--cert', 'nope.pem', ...BASE], ENV, 'nope.pem does not exist'],
  ])('should exit 1 and write nothing when given %s', async (_name, argv, env, fragment) => {
    const result = await run(argv, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(fragment);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(readdirSync(cwd).sort()).toEqual(INPUTS);
  });

  it.each([
    ['binary garbage', Buffer.from([0x30, 0x82, 0x10, 0x00, 0xde, 0xad, 0xbe, 0xef]), 'cut off'],
    ['a truncated PEM', Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB'), 'cut off'],
    ['plain text', Buffer.from('not a certificate at all'), 'PEM, DER or PKCS#7'],
  ])('should exit 1 with a clear message when the certificate file is %s', async (_name, data, fragment) => {
    writeFileSync(join(cwd, 'bad.cer'), data);
    const result = await run(['--cert', 'bad.cer', ...BASE]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.cer');
    expect(result.stderr).toContain(fragment);
    expect(readdirSync(cwd)).not.toContain('cmg.pfx');
  });

  it('should exit 2 with usage when the encryption or CSP value is unknown', async () => {
    for (const extra of [
      ['--encryption', 'rc2'],
      ['--csp', 'tpm'],
      ['--password', 'x'],
    ]) {
      const result = await run(['--cert', 'leaf.pem', ...BASE, ...extra]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage: comanage pfx');
    }
  });
});
