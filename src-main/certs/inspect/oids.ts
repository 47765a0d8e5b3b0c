// Object identifiers read while walking a PKCS#12 file and its certificates.
export const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  microsoftCspName: '1.3.6.1.4.1.311.17.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  rc2Cbc: '1.2.840.113549.3.2',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
  rsassaPss: '1.2.840.113549.1.1.10',
} as const;

/** PKCS#12 password-based encryption schemes (RFC 7292 appendix C). */
export const PKCS12_PBE: Readonly<Record<string, { name: string; family: 'rc4' | '3des' | 'rc2' }>> = {
  '1.2.840.113549.1.12.1.1': { name: 'PBE-SHA1-RC4-128', family: 'rc4' },
  '1.2.840.113549.1.12.1.2': { name: 'PBE-SHA1-RC4-40', family: 'rc4' },
  '1.2.840.113549.1.12.1.3': { name: 'PBE-SHA1-3DES', family: '3des' },
  '1.2.840.113549.1.12.1.4': { name: 'PBE-SHA1-2DES', family: '3des' },
  '1.2.840.113549.1.12.1.5': { name: 'PBE-SHA1-RC2-128', family: 'rc2' },
  '1.2.840.113549.1.12.1.6': { name: 'PBE-SHA1-RC2-40', family: 'rc2' },
};

export const PBES2_CIPHERS: Readonly<
  Record<string, { name: string; family: 'aes' | '3des' | 'des' | 'rc2' }>
> = {
  '2.16.840.1.101.3.4.1.2': { name: 'AES-128-CBC', family: 'aes' },
  '2.16.840.1.101.3.4.1.22': { name: 'AES-192-CBC', family: 'aes' },
  '2.16.840.1.101.3.4.1.42': { name: 'AES-256-CBC', family: 'aes' },
  '1.2.840.113549.3.7': { name: 'DES-EDE3-CBC', family: '3des' },
  '1.3.14.3.2.7': { name: 'DES-CBC', family: 'des' },
  '1.2.840.113549.3.2': { name: 'RC2-CBC', family: 'rc2' },
};

export const PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'hmacWithSHA1',
  '1.2.840.113549.2.8': 'hmacWithSHA224',
  '1.2.840.113549.2.9': 'hmacWithSHA256',
  '1.2.840.113549.2.10': 'hmacWithSHA384',
  '1.2.840.113549.2.11': 'hmacWithSHA512',
};

export const DIGESTS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '1.2.840.113549.2.5': 'MD5',
};

/** Certificate signature algorithms with the hash they use. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash: string }>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512' },
};

/** Private-key algorithms Node's `createPrivateKey` reads from PKCS#8. */
export const NODE_KEY_ALGORITHMS: ReadonlySet<string> = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption
  '1.2.840.113549.1.1.10', // RSASSA-PSS
  '1.2.840.10045.2.1', // id-ecPublicKey
  '1.2.840.10040.4.1', // DSA
  '1.2.840.113549.1.3.1', // dhKeyAgreement
  '1.3.101.110', // X25519
  '1.3.101.111', // X448
  '1.3.101.112', // Ed25519
  '1.3.101.113', // Ed448
]);
