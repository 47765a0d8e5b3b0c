/**
 * Intune service module. For now only the LOB content encryption, shared by the product's
 * uploader and the rehearsal emulator's commit check (`rehearsal/intune`).
 */
export {
  type EncryptedFile,
  encryptFileForIntune,
  type EncryptOptions,
  type FileEncryptionInfo,
  INTUNE_HEADER_LENGTH,
  intuneEncryptedSize,
  type VerifyFailure,
  verifyIntuneEncryptedStream,
  type VerifyResult,
} from './encryption';
export { decodeStreamName, encodeStreamName } from './msi-names';
export {
  executionContext,
  MAX_PROPERTY_VALUE_LENGTH,
  type MsiExecutionContext,
  type MsiInfo,
  readMsiInfo,
} from './msi-reader';
