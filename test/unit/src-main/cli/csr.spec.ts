import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { CliIo } from '/@/src-main/cli/command';
import { csrCommand } from '/@/src-main/cli/commands/csr';
import type { Locale } from '/@/src-main/shared';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

const PASSPHRASE = 'key passphrase "1" é';
let ca: CaFixture;
let cwd: string;

beforeAll(() => {
  ca = createCaFixture();
});
afterAll(() => ca.cleanup());
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cli-csr-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

async function run(
  argv: string[],
  env: Record<string, string> = { KEY_PASS: PASSPHRASE },
  locale: Locale = 'en',
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd, locale };
  const code = await csrCommand.run(argv, io);
  return { code, stdout, stderr };
}

const BASE = [
  '--cn',
  'cmg.contoso.com',
  '--out',
  'cmg.csr',
  '--key-out',
  'cmg.key',
  '--passphrase-env',
  'KEY_PASS',
];

describe('comanage csr', () => {
  it('should write a verified CSR and an encrypted key openssl opens when the input is valid', async () => {
    const result = await run([
      ...BASE,
      '--san',
      'cmg2.contoso.com',
      '--org',
      'Contoso',
      '--ou',
      'IT',
      '--locality',
      'Gent',
      '--state',
      'Oost-Vlaanderen',
      '--country',
      'be',
      '--provider',
      'ksp',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cmg.csr');
    expect(result.stdout).toContain('cmg.contoso.com, cmg2.contoso.com');
    expect(result.stdout).toContain('Microsoft Software Key Storage Provider');
    expect(result.stdout).toContain('RSA 2048');
    expect(result.stdout).not.toContain(PASSPHRASE);
    const csr = readFileSync(join(cwd, 'cmg.csr'), 'utf8');
    const text = ca.openssl(['req', '-verify', '-noout', '-text'], {}, csr);
    expect(text).toContain('sha256WithRSAEncryption');
    expect(text).toContain('DNS:cmg.contoso.com, DNS:cmg2.contoso.com');
    const key = readFileSync(join(cwd, 'cmg.key'), 'utf8');
    expect(key.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')).toBe(true);
    expect(statSync(join(cwd, 'cmg.key')).mode & 0o777).toBe(0o600);
    const keyModulus = ca.openssl(
      ['rsa', '-noout', '-modulus', '-passin', 'env:KEY_PASS'],
      { KEY_PASS: PASSPHRASE },
      key,
    );
    expect(ca.openssl(['req', '-noout', '-modulus'], {}, csr)).toBe(keyModulus);
  });

  it('should make a 4096-bit key when asked', async () => {
    const result = await run([...BASE, '--key-size', '4096']);
    expect(result.code).toBe(0);
    const text = ca.openssl(['req', '-noout', '-text'], {}, readFileSync(join(cwd, 'cmg.csr')));
    expect(text).toContain('Public-Key: (4096 bit)');
  });

  it.each([
    [['--cn', 'cmg.contoso.com', '--out', 'a.csr', '--key-out', 'a.key'], '--passphrase-env'],
    [[...BASE, '--bogus'], 'bogus'],
    [[...BASE, '--key-size', '1024'], '--key-size'],
    [[...BASE, '--provider', 'tpm'], '--provider'],
    [['--out', 'a.csr', '--key-out', 'a.key', '--passphrase-env', 'KEY_PASS'], '--cn'],
  ])('should exit 2 with usage when argv is %j', async (argv, mention) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(mention);
    expect(result.stderr).toContain('Usage: comanage csr');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ['a newline in the organization', ['--org', 'Contoso\nEvil'], 'control character'],
    ['a quote in the organization', ['--org', 'Contoso "Evil"'], '"'],
    ['a comma in the OU', ['--ou', 'IT, O=Evil'], ','],
    ['a 10 MB subject value', ['--locality', 'x'.repeat(10 * 1024 * 1024)], 'at most 128'],
    ['an unknown country', ['--country', 'UK'], 'GB'],
    ['a dash in the prefix', ['--cn', 'cmg-prod.contoso.com'], 'hyphen'],
  ])('should exit 1 with a clear message and write nothing when given %s', async (_name, extra, fragment) => {
    const result = await run([...BASE, ...extra]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(fragment);
    expect(result.stderr.length).toBeLessThan(2000);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('should exit 1 and write nothing when the passphrase variable is unset or empty', async () => {
    for (const env of [{}, { KEY_PASS: '' }] as Record<string, string>[]) {
      const result = await run(BASE, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('KEY_PASS');
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('should refuse to replace an existing key file and keep it', async () => {
    writeFileSync(join(cwd, 'cmg.key'), 'previous key');
    const result = await run(BASE);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cmg.key');
    expect(readFileSync(join(cwd, 'cmg.key'), 'utf8')).toBe('previous key');
    expect(readdirSync(cwd)).toEqual(['cmg.key']);
  });

  it('should refuse a renewal with a different CN in French', async () => {
    const result = await run([...BASE, '--previous-cn', 'CMG.contoso.com'], { KEY_PASS: PASSPHRASE }, 'fr');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('renouvellement');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('should print warnings on stderr and still succeed when the CN is a VMSS name', async () => {
    const result = await run([...BASE.slice(2), '--cn', 'contosocmg.westeurope.cloudapp.azure.com']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('enterprise CA');
  });
});
