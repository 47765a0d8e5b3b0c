// PFX preflight: reads PKCS#12 files made anywhere and checks them against the CMG's rules.
export { type CertFields, readCertFields } from './cert-fields';
export { EXPIRY_WARNING_DAYS } from './checks-certificate';
export { inspectPfx, inspectPfxOffThread, tooLargeResult } from './inspect-pfx';
export { readPfxOffThread } from './pfx-worker-client';
export { digestLength, type Pkcs12Digest, pkcs12Kdf, type Pkcs12KeyId } from './pkcs12-kdf';
export {
  MAX_ITERATIONS,
  MAX_KDF_WORK,
  MAX_PFX_BYTES,
  type PfxBagAttributes,
  type PfxCertEntry,
  type PfxContents,
  type PfxKeyEntry,
  type PfxReadFailureReason,
  readPfx,
  type ReadPfxResult,
} from './pkcs12-reader';
export type {
  CheckId,
  EncryptionProfile,
  InspectOptions,
  InspectResult,
  InspectSummary,
  PbeAlgorithm,
  PreflightCheck,
  Severity,
} from './types';
