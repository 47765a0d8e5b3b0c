import type { X509Certificate } from 'node:crypto';
import { basename, resolve } from 'node:path';

import {
  assemblePfx,
  commonNameOf,
  type CspChoice,
  decryptPrivateKey,
  MAX_CERT_FILE_BYTES,
  type PfxEncryption,
  readCertificates,
  writeOutputFiles,
} from '../../certs';
import { isAppError, translate } from '../../shared';
import type { CliCommand, CliIo } from '../command';
import { CheckFailure, oneOf, parseStrict, readInput, required, runWithContract, secretFromEnv } from './csr';

const MAX_KEY_BYTES = 64 * 1024;

const USAGE = `Usage: comanage pfx --cert FILE [--chain FILE]... --key FILE.key --passphrase-env VAR --out FILE.pfx
                    --password-env VAR [--encryption 3des|aes256] [--csp schannel|ksp|none]
                    [--friendly-name TEXT]

Builds the PFX the CMG wizard asks for: the certificate from the CA, its chain and the private key.
--cert and --chain accept PEM, DER and PKCS#7 (.p7b); a file may hold several certificates.
  --encryption 3des     PBE-SHA1-3DES with a SHA-1 MAC, what every Windows version imports (default)
  --encryption aes256   AES-256 with a SHA-256 MAC; Windows Server 2016 and older cannot import it
  --csp                 "Microsoft CSP Name" attribute telling Windows where to put the key (default schannel)
Exit codes: 0 written (warnings on stderr), 1 refused or failed (nothing written), 2 usage error.`;

async function readCertFile(io: CliIo, path: string): Promise<X509Certificate[]> {
  const data = await readInput(io, path, MAX_CERT_FILE_BYTES);
  try {
    return readCertificates(data);
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new CheckFailure([`${path}: ${translate(io.locale, error.messageKey, error.params)}`]);
  }
}

export const pfxCommand: CliCommand = {
  name: 'pfx',
  summary: 'build a PFX from the CA certificate, its chain and the private key',
  usage: USAGE,
  run(argv, io) {
    return runWithContract(io, USAGE, argv, async () => {
      const values = parseStrict(argv, {
        cert: { type: 'string' },
        chain: { type: 'string', multiple: true },
        key: { type: 'string' },
        'passphrase-env': { type: 'string' },
        out: { type: 'string' },
        'password-env': { type: 'string' },
        encryption: { type: 'string' },
        csp: { type: 'string' },
        'friendly-name': { type: 'string' },
        help: { type: 'boolean' },
      });
      const certFile = required(values, 'cert');
      const keyFile = required(values, 'key');
      const passphraseEnv = required(values, 'passphrase-env');
      const out = required(values, 'out');
      const passwordEnv = required(values, 'password-env');
      const encryption = oneOf<PfxEncryption>(values, 'encryption', ['3des', 'aes256'], '3des');
      const csp = oneOf<CspChoice>(values, 'csp', ['schannel', 'ksp', 'none'], 'schannel');
      const friendlyName = values['friendly-name'] as string | undefined;
      const passphrase = secretFromEnv(io, passphraseEnv);
      const password = secretFromEnv(io, passwordEnv);

      const keyPem = (await readInput(io, keyFile, MAX_KEY_BYTES)).toString('utf8');
      const privateKey = decryptPrivateKey(keyPem, passphrase);
      const pool = await readCertFile(io, certFile);
      for (const chainFile of (values['chain'] as string[] | undefined) ?? [])
        pool.push(...(await readCertFile(io, chainFile)));
      // The same assembly as the assistant's export: leaf found by the key, chain ordered, reopened.
      const { chain, result } = assemblePfx(
        {
          privateKey,
          pool,
          password,
          encryption,
          csp,
          ...(friendlyName !== undefined ? { friendlyName } : {}),
        },
        new Date(),
      );
      const outPath = resolve(io.cwd, out);
      await writeOutputFiles([{ path: outPath, data: result.data, mode: 0o600 }]);

      const warn = (key: string, params = {}): void =>
        io.stderr(`${translate(io.locale, 'certs.cli.warning')} ${translate(io.locale, key, params)}\n`);
      for (const key of result.warnings) warn(key);
      if (chain.missingIssuer !== null)
        warn('certs.import.missingIssuer', { issuer: chain.missingIssuer.replace(/\n/g, ', ') });
      if (chain.unrelated.length > 0) warn('certs.import.unrelated', { count: chain.unrelated.length });
      const label = (key: string): string => translate(io.locale, `certs.cli.label.${key}`);
      io.stdout(
        [
          translate(io.locale, 'certs.cli.pfx.done', { file: basename(outPath) }),
          `  ${label('subject')} ${chain.leaf.subject.replace(/\n/g, ', ')}`,
          `  ${label('sans')} ${chain.leaf.subjectAltName ?? ''}`,
          `  ${label('keySize')} RSA ${privateKey.asymmetricKeyDetails?.modulusLength ?? '?'}`,
          `  ${label('encryption')} ${result.encryption === '3des' ? 'PBE-SHA1-3DES, MAC SHA-1' : 'PBES2 AES-256-CBC, MAC SHA-256'}`,
          `  ${label('csp')} ${result.cspName ?? translate(io.locale, 'certs.cli.none')}`,
          `  ${label('friendlyName')} ${result.friendlyName}`,
          `  ${label('chain')} ${translate(io.locale, 'certs.cli.pfx.chainCount', { count: result.certificateCount, cn: commonNameOf(chain.leaf) })}`,
          '',
        ].join('\n'),
      );
    });
  },
};
