// A PFX made elsewhere (Windows export, another tool) brought into the same flow: key + ordered chain.
import type { KeyObject, X509Certificate } from 'node:crypto';

import { AppError } from '../shared';
import { findLeafForKey, orderChain, type OrderedChain } from './cert-import';
import { readPfx, readPfxOffThread, type ReadPfxResult } from './inspect';

export interface ImportedPfx {
  readonly privateKey: KeyObject;
  readonly chain: OrderedChain;
}

const REASON_KEYS: Readonly<Record<string, string>> = {
  'wrong-password': 'certs.pfxImport.wrongPassword',
  'too-large': 'certs.pfxImport.tooLarge',
  empty: 'certs.pfxImport.unreadable',
};

/** Opens with the password (an empty one also in Windows' encoding); one RSA key required. */
export function importPfx(data: Buffer, password: string): ImportedPfx {
  return importRead(readPfx(data, password));
}

/** The same, with the key derivation in the PFX reader's worker thread (the host's path). */
export async function importPfxOffThread(data: Buffer, password: string): Promise<ImportedPfx> {
  return importRead(await readPfxOffThread(data, password));
}

function importRead(read: ReadPfxResult): ImportedPfx {
  // A GOST (or other) key Node cannot load is as much "not RSA" as an EC key.
  if (!read.ok && read.reason === 'unsupported-key-type') {
    throw new AppError('invalid-input', 'certs.key.notRsa', { type: read.keyAlgorithm ?? 'unknown' });
  }
  if (!read.ok) throw new AppError('invalid-input', REASON_KEYS[read.reason] ?? 'certs.pfxImport.unreadable');
  const keys = read.pfx.keys;
  if (keys.length !== 1)
    throw new AppError('invalid-input', 'certs.pfxImport.keyCount', { count: keys.length });
  const privateKey = (keys[0] as { key: KeyObject }).key;
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new AppError('invalid-input', 'certs.key.notRsa', {
      type: privateKey.asymmetricKeyType ?? 'unknown',
    });
  }
  const certs = read.pfx.certs
    .map((entry) => entry.cert)
    .filter((cert): cert is X509Certificate => cert !== null);
  const leaf = findLeafForKey(certs, privateKey);
  return { privateKey, chain: orderChain(leaf, certs) };
}
