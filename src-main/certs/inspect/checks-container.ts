// Checks about the PFX container itself: password, encryption profile, keys, CSP attribute.
import type { CheckMaker } from './make-check';
import type { PfxContents } from './pkcs12-reader';
import type { EncryptionProfile, PbeAlgorithm, PreflightCheck } from './types';

export function passwordCheck(make: CheckMaker, pfx: PfxContents, password: string): PreflightCheck {
  if (!pfx.hasMac) return make('password', 'error', 'password.noMac');
  if (password === '' || pfx.passwordEncoding === 'windows-empty') {
    return make('password', 'error', 'password.empty');
  }
  return make('password', 'pass', 'password.ok');
}

function algorithmName(algorithm: PbeAlgorithm | null, none: string): string {
  if (!algorithm) return none;
  return algorithm.prf ? `${algorithm.name} (${algorithm.prf})` : algorithm.name;
}

/**
 * Windows before 10 1709 / Server 2019 knows only the PKCS#12 PBE schemes with a SHA-1 MAC;
 * PBES2 (AES) or a SHA-2 MAC fail there with a misleading "wrong password".
 */
export function encryptionCheck(
  make: CheckMaker,
  profile: EncryptionProfile,
  hasKey: boolean,
  none: string,
): PreflightCheck {
  const params = {
    key: algorithmName(profile.keyEncryption, none),
    cert: algorithmName(profile.certEncryption, none),
    mac: profile.macDigest ?? none,
    iterations: profile.macIterations ?? 0,
  };
  const key = profile.keyEncryption;
  if (hasKey && !key) return make('pfx-encryption', 'error', 'encryption.keyNotEncrypted', params);
  // A weak cipher on the key matters more than the format around it (PBES2 with RC2 or DES).
  if (key && WEAK_FAMILIES.has(key.family)) {
    return make('pfx-encryption', 'warning', 'encryption.weakKey', params);
  }
  const modern = [key, profile.certEncryption].some(
    (algorithm) => algorithm?.family === 'aes' || algorithm?.name.startsWith('PBES2'),
  );
  if (modern || (profile.macDigest !== null && profile.macDigest !== 'SHA-1')) {
    return make('pfx-encryption', 'warning', 'encryption.modern', params);
  }
  if (key && key.family !== '3des') return make('pfx-encryption', 'warning', 'encryption.weakKey', params);
  return make('pfx-encryption', 'pass', 'encryption.compatible', params);
}

const WEAK_FAMILIES: ReadonlySet<PbeAlgorithm['family']> = new Set(['rc2', 'rc4', 'des']);

export function cspCheck(make: CheckMaker, pfx: PfxContents): PreflightCheck {
  const provider = pfx.keys[0]?.cspName ?? pfx.certs.find((entry) => entry.cspName)?.cspName ?? null;
  return provider
    ? make('csp-attribute', 'info', 'csp.present', { provider })
    : make('csp-attribute', 'info', 'csp.absent');
}
