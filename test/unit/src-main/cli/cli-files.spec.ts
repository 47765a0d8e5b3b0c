import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { buildCsrPem, encryptPrivateKey, generateRsaKey, validateRequest } from '/@/src-main/certs';
import type { CliCommand, CliIo } from '/@/src-main/cli/command';
import { certreqInfCommand } from '/@/src-main/cli/commands/certreq-inf';
import { csrCommand } from '/@/src-main/cli/commands/csr';
import { inspectCommand } from '/@/src-main/cli/commands/inspect';
import { pfxCommand } from '/@/src-main/cli/commands/pfx';
import type { Locale } from '/@/src-main/shared';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

// What the csr, certreq-inf, pfx and inspect commands read and write: only regular files, read
// bounded; an existing output is replaced only with --force, and never a key file.

const ENV = { KEY_PASS: 'key-pass', PFX_PASS: 'pfx-pass' };
let ca: CaFixture;
let keyPem: string;
let leafPem: string;
let cwd: string;

beforeAll(async () => {
  ca = createCaFixture();
  const key = await generateRsaKey(2048);
  keyPem = encryptPrivateKey(key, ENV.KEY_PASS);
  leafPem = ca.sign(buildCsrPem(validateRequest({ cn: 'cmg.contoso.com' }).request!, key));
}, 120_000);
afterAll(() => ca.cleanup());
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cli-files-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

async function run(command: CliCommand, argv: string[], locale: Locale = 'en') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV, cwd, locale };
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}

const CSR = [
  '--cn',
  'cmg.contoso.com',
  '--out',
  'cmg.csr',
  '--key-out',
  'cmg.key',
  '--passphrase-env',
  'KEY_PASS',
];
const INF = ['--cn', 'cmg.contoso.com', '--out', 'cmg.inf'];
const PFX = ['--cert', 'leaf.pem', '--key', 'cmg.key', '--passphrase-env', 'KEY_PASS'].concat([
  '--out',
  'cmg.pfx',
  '--password-env',
  'PFX_PASS',
]);

/** A character device of our own as root (never /dev itself), /dev/full otherwise (not replaceable). */
function deviceNode(): string {
  if (process.getuid?.() !== 0) return '/dev/full';
  const path = join(cwd, 'full');
  execFileSync('mknod', [path, 'c', '1', '7']);
  return path;
}

describe('CLI outputs', () => {
  it('should refuse to replace an existing .csr without --force, naming it, and write no key', async () => {
    writeFileSync(join(cwd, 'cmg.csr'), 'previous request');
    const refused = await run(csrCommand, CSR);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'cmg.csr already exists. Choose another name, or add --force to replace it.\n',
    );
    expect(readdirSync(cwd)).toEqual(['cmg.csr']);
    expect(readFileSync(join(cwd, 'cmg.csr'), 'utf8')).toBe('previous request');

    const forced = await run(csrCommand, [...CSR, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'cmg.csr'), 'utf8')).toContain('BEGIN CERTIFICATE REQUEST');
    expect(readdirSync(cwd).sort()).toEqual(['cmg.csr', 'cmg.key']);
  });

  it('should never replace an existing key file, even with --force', async () => {
    writeFileSync(join(cwd, 'cmg.key'), 'previous key');
    const result = await run(csrCommand, [...CSR, '--force'], 'fr');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cmg.key existe déjà');
    expect(readFileSync(join(cwd, 'cmg.key'), 'utf8')).toBe('previous key');
    expect(readdirSync(cwd)).toEqual(['cmg.key']);
  });

  it('should refuse to replace an existing .inf without --force and replace it with --force', async () => {
    writeFileSync(join(cwd, 'cmg.inf'), 'previous inf');
    const refused = await run(certreqInfCommand, INF, 'nl');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cmg.inf bestaat al');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(cwd, 'cmg.inf'), 'utf8')).toBe('previous inf');
    expect((await run(certreqInfCommand, [...INF, '--force'])).code).toBe(0);
    expect(readFileSync(join(cwd, 'cmg.inf'), 'utf8')).toContain('[NewRequest]');
  });

  it('should refuse to replace an existing .pfx without --force and replace it with --force', async () => {
    writeFileSync(join(cwd, 'cmg.key'), keyPem);
    writeFileSync(join(cwd, 'leaf.pem'), leafPem);
    writeFileSync(join(cwd, 'cmg.pfx'), 'previous pfx');
    const refused = await run(pfxCommand, PFX);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cmg.pfx already exists');
    expect(readFileSync(join(cwd, 'cmg.pfx'), 'utf8')).toBe('previous pfx');
    expect((await run(pfxCommand, [...PFX, '--force'])).code).toBe(0);
    ca.openssl(['pkcs12', '-noout', '-passin', 'env:PFX_PASS', '-in', join(cwd, 'cmg.pfx')], ENV);
  });

  it('should refuse a device as --out of csr and certreq-inf, even with --force, and leave it a device', async () => {
    const device = deviceNode();
    for (const [command, argv] of [
      [csrCommand, [...CSR.slice(0, 2), '--out', device, ...CSR.slice(4)]],
      [certreqInfCommand, ['--cn', 'cmg.contoso.com', '--out', device]],
    ] as const) {
      const result = await run(command, [...argv, '--force']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${device} is a device, not a file; nothing was written`);
      expect(lstatSync(device).isCharacterDevice()).toBe(true);
    }
    expect(readdirSync(cwd)).not.toContain('cmg.key');
  });

  it('should show [--force] in the usage of csr, certreq-inf and pfx', () => {
    for (const command of [csrCommand, certreqInfCommand, pfxCommand]) {
      expect(command.usage).toContain('[--force]');
    }
  });
});

describe('CLI inputs', () => {
  it('should refuse /dev/zero, a FIFO and a folder as --key or --cert of pfx at once, writing nothing', async () => {
    writeFileSync(join(cwd, 'cmg.key'), keyPem);
    writeFileSync(join(cwd, 'leaf.pem'), leafPem);
    execFileSync('mkfifo', [join(cwd, 'answer.cer')]);
    mkdirSync(join(cwd, 'certs'));
    for (const [option, value, expected] of [
      ['--key', '/dev/zero', '/dev/zero is a device, not a file.'],
      ['--cert', '/dev/zero', '/dev/zero is a device, not a file.'],
      ['--cert', 'answer.cer', 'answer.cer is a named pipe, not a file.'],
      ['--cert', 'certs', 'certs is a folder, not a file.'],
    ] as const) {
      const argv = PFX.map((arg, index) => (PFX[index - 1] === option ? value : arg));
      const result = await run(pfxCommand, argv);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(expected);
    }
    expect(readdirSync(cwd).sort()).toEqual(['answer.cer', 'certs', 'cmg.key', 'leaf.pem']);
  });

  it('should refuse a certificate file past the limit without reading it', async () => {
    writeFileSync(join(cwd, 'cmg.key'), keyPem);
    writeFileSync(join(cwd, 'huge.pem'), '');
    execFileSync('truncate', ['-s', '4G', join(cwd, 'huge.pem')]);
    const argv = PFX.map((arg) => (arg === 'leaf.pem' ? 'huge.pem' : arg));
    const result = await run(pfxCommand, argv);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('huge.pem is 4294967296 bytes, more than the 1048576 bytes');
  });

  it('should refuse /dev/zero, a FIFO and a folder given to inspect, in the admin language', async () => {
    execFileSync('mkfifo', [join(cwd, 'server.pfx')]);
    for (const [file, expected] of [
      ['/dev/zero', '/dev/zero est un périphérique, pas un fichier.'],
      ['server.pfx', 'server.pfx est un canal nommé, pas un fichier.'],
      ['.', '. est un dossier, pas un fichier.'],
    ] as const) {
      const result = await run(inspectCommand, [file, '--password-env', 'PFX_PASS'], 'fr');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(expected);
    }
  });
});
