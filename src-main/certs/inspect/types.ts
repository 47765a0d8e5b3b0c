import type { Locale, MessageParams } from '../../shared';

export type Severity = 'pass' | 'info' | 'warning' | 'error';

/** Stable check ids: the UI, the report and scripts key on these, so never rename one. */
export type CheckId =
  | 'pfx-file'
  | 'pfx-trailing-data'
  | 'password'
  | 'pfx-encryption'
  | 'key-match'
  | 'key-size'
  | 'signature-hash'
  | 'server-auth-eku'
  | 'cn-form'
  | 'expected-cn'
  | 'san-contains-cn'
  | 'validity'
  | 'lifetime'
  | 'chain'
  | 'csp-attribute'
  | 'renewal-cn';

export interface PreflightCheck {
  readonly id: CheckId;
  readonly severity: Severity;
  /** Localized one-line finding. */
  readonly message: string;
  /** Localized fix; empty when there is nothing to fix. */
  readonly hint: string;
  readonly messageKey: string;
  readonly params: MessageParams;
}

/** How a PKCS#12 piece is protected, as read from its AlgorithmIdentifier. */
export interface PbeAlgorithm {
  /** Display name such as `PBE-SHA1-3DES`, `PBE-SHA1-RC2-40` or `PBES2 AES-256-CBC`. */
  readonly name: string;
  readonly family: 'aes' | '3des' | 'rc2' | 'rc4' | 'des' | 'unknown';
  /** PBKDF2 pseudo-random function for PBES2 (`hmacWithSHA256`), absent for PKCS#12 PBE. */
  readonly prf?: string;
  readonly iterations?: number;
}

export interface EncryptionProfile {
  /** `null` when the key sits in a plain (unencrypted) key bag. */
  readonly keyEncryption: PbeAlgorithm | null;
  /** `null` when certificates sit unencrypted (allowed by PKCS#12, common with openssl -certpbe NONE). */
  readonly certEncryption: PbeAlgorithm | null;
  /** `SHA-1`, `SHA-256`, …; `null` when the file has no MAC. */
  readonly macDigest: string | null;
  readonly macIterations: number | null;
}

export interface InspectOptions {
  readonly expectCn?: string;
  readonly previousCn?: string;
  readonly now?: Date;
  readonly locale: Locale;
}

export interface InspectSummary {
  readonly subject: string;
  readonly commonName: string | null;
  readonly subjectAltNames: readonly string[];
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Upper-case hex without separators, as certlm.msc shows it. */
  readonly thumbprintSha1: string;
  readonly thumbprintSha256: string;
  readonly keyType: string;
  readonly keySize: number | null;
  readonly signatureAlgorithm: string;
  readonly encryption: EncryptionProfile;
  readonly cspName: string | null;
  readonly friendlyName: string | null;
  /** Subjects from the leaf up, as far as the chain could be built from the file. */
  readonly chainSubjects: readonly string[];
}

export interface InspectResult {
  readonly checks: readonly PreflightCheck[];
  /** `null` when the file could not be opened far enough to describe a certificate. */
  readonly summary: InspectSummary | null;
}
