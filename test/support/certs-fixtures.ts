// A small PKI made with openssl in a temp folder: RSA root → RSA intermediate and EC intermediate,
// plus signing of CSRs written by the code under test. Made once per test file (beforeAll), with
// keys from the committed test-key pool (generating them was most of the time).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { testKeyPem } from './test-keys';

export interface CaFixture {
  readonly dir: string;
  readonly rootPem: string;
  readonly intermediatePem: string;
  /** An intermediate with a P-256 key under the same root (forge cannot parse it). */
  readonly ecIntermediatePem: string;
  /** Signs a CSR (PEM) as a server certificate; `issuer` picks the intermediate. */
  sign(csrPem: string, options?: { issuer?: 'rsa' | 'ec'; days?: number }): string;
  /** Converts PEM certificates to PKCS#7 (`.p7b`), PEM or DER. */
  toPkcs7(pems: readonly string[], form: 'PEM' | 'DER'): Buffer;
  /** PEM → DER of one certificate. */
  toDer(pem: string): Buffer;
  /** Same, returning stderr then stdout (openssl prints some reports, such as the MAC, on stderr). */
  opensslWithStderr(args: readonly string[], env?: Record<string, string>): string;
  /** Writes a file in the fixture folder and returns its path. */
  file(name: string, data: string | Buffer): string;
  /** Runs openssl in the fixture folder with extra environment; returns stdout. */
  openssl(args: readonly string[], env?: Record<string, string>, input?: string | Buffer): string;
  cleanup(): void;
}

export function createCaFixture(): CaFixture {
  const dir = mkdtempSync(join(tmpdir(), 'certs-ca-'));
  const runBoth = (
    args: readonly string[],
    env: Record<string, string> = {},
    input?: string | Buffer,
  ): { stdout: string; stderr: string } => {
    const result = spawnSync('openssl', [...args], { cwd: dir, env: { ...process.env, ...env }, input });
    if (result.status !== 0) {
      throw new Error(`openssl ${args[0] ?? ''} failed: ${result.stderr.toString('utf8').slice(0, 500)}`);
    }
    return { stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
  };
  const run = (args: readonly string[], env: Record<string, string> = {}, input?: string | Buffer): string =>
    runBoth(args, env, input).stdout;
  writeFileSync(
    join(dir, 'ca.ext'),
    'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  writeFileSync(join(dir, 'root.key'), testKeyPem('rsa2048', 1));
  run(
    ['req', '-x509', '-key', 'root.key', '-out', 'root.pem'].concat([
      '-subj',
      '/CN=Certs Test Root',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:true',
    ]),
  );
  const intermediate = (name: string, keyPem: string, cn: string): void => {
    writeFileSync(join(dir, `${name}.key`), keyPem);
    run(['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
    run(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'root.pem',
        '-CAkey',
        'root.key',
        '-set_serial',
        '2',
      ].concat(['-out', `${name}.pem`, '-days', '30', '-extfile', 'ca.ext']),
    );
  };
  intermediate('int', testKeyPem('rsa2048', 2), 'Certs Test RSA Issuing CA');
  intermediate('ecint', testKeyPem('p256', 1), 'Certs Test EC Issuing CA');
  let serial = 100;
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    rootPem: read('root.pem'),
    intermediatePem: read('int.pem'),
    ecIntermediatePem: read('ecint.pem'),
    sign(csrPem, options = {}) {
      serial += 1;
      const issuer = options.issuer === 'ec' ? 'ecint' : 'int';
      writeFileSync(join(dir, `leaf-${serial}.csr`), csrPem);
      // -copy_extensions keeps the SAN requested in the CSR, as a public CA does.
      run(
        [
          'x509',
          '-req',
          '-in',
          `leaf-${serial}.csr`,
          '-CA',
          `${issuer}.pem`,
          '-CAkey',
          `${issuer}.key`,
        ].concat([
          '-set_serial',
          String(serial),
          '-days',
          String(options.days ?? 30),
          '-extfile',
          'leaf.ext',
          '-copy_extensions',
          'copyall',
          '-out',
          `leaf-${serial}.pem`,
        ]),
      );
      return read(`leaf-${serial}.pem`);
    },
    toPkcs7(pems, form) {
      const files = pems.map((pem, index) => {
        const file = `p7-${serial}-${index}.pem`;
        writeFileSync(join(dir, file), pem);
        return file;
      });
      const out = `bundle-${serial}-${form}.p7b`;
      run([
        'crl2pkcs7',
        '-nocrl',
        ...files.flatMap((file) => ['-certfile', file]),
        '-outform',
        form,
        '-out',
        out,
      ]);
      return readFileSync(join(dir, out));
    },
    toDer(pem) {
      writeFileSync(join(dir, 'one.pem'), pem);
      run(['x509', '-in', 'one.pem', '-outform', 'DER', '-out', 'one.der']);
      return readFileSync(join(dir, 'one.der'));
    },
    openssl: run,
    opensslWithStderr(args, env) {
      const { stdout, stderr } = runBoth(args, env);
      return `${stderr}\n${stdout}`;
    },
    file(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
