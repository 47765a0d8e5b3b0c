/**
 * Intune service module: the LOB content encryption (shared by the product's uploader and the
 * rehearsal emulator's commit check, `rehearsal/intune`), the MSI reader, and the offline LOB
 * package (`comanage lob-package`).
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
export {
  CCMSETUP_PRODUCT_NAME,
  checkCcmsetup,
  checkCommandLine,
  CLIENT_MSI_PRODUCT_NAME,
  type ContentFileBody,
  contentFileBody,
  type LobPackage,
  type LobPackageOptions,
  type LobPackageResult,
  MAX_COMMAND_LINE_LENGTH,
  mobileMsiManifest,
  PACKAGE_FILES,
  type PackageFileName,
  readLobPackage,
  type WindowsMobileMsiBody,
  windowsMobileMsiBody,
  writeLobPackage,
} from './lob-package';
export { decodeStreamName, encodeStreamName } from './msi-names';
export {
  executionContext,
  MAX_PROPERTY_VALUE_LENGTH,
  type MsiExecutionContext,
  type MsiInfo,
  readMsiInfo,
} from './msi-reader';
