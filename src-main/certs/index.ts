// Certificate workshop: request (key + CSR or certreq INF), import of the CA's answer, PFX export.
export {
  findLeafForKey,
  isSelfSigned,
  keyMatchesCertificate,
  MAX_CERT_FILE_BYTES,
  orderChain,
  type OrderedChain,
  readCertificates,
} from './cert-import';
export {
  type AnswerSource,
  assemblePfx,
  type BuiltPfx,
  CertService,
  type CertServiceDeps,
  exportedDto,
  generatePassword,
  keyPassphraseName,
  pendingPfxPath,
  type PfxExportOptions,
  type PfxInspectRequest,
  type PfxParts,
  pfxPasswordSecretName,
  type RequestObservation,
  writeRequestFiles,
} from './cert-service';
export { buildCertreqInf, type CertreqInf, type CommandStep, encodeInf, renderSteps } from './certreq-inf';
export {
  AZURE_REGIONS,
  type CmgNameAnalysis,
  type CmgNameKind,
  formatMessageRefs,
  isValidDnsName,
  LIFETIME_BEFORE_SCHEDULE_DAYS,
  type LifetimeStep,
  maxPublicLifetimeDays,
  type MessageRef,
  parseCmgName,
  PUBLIC_CA_LIFETIME_SCHEDULE,
} from './cn-rules';
export { isCountryCode, ISO_3166_ALPHA2 } from './country-codes';
export { buildCsrPem } from './csr-builder';
export * from './inspect';
export { decryptPrivateKey, encryptPrivateKey, generateRsaKey, rsaModulus } from './key-pair';
export { type OutputFile, writeOutputFiles } from './output-files';
export { type PfxEncryption } from './pfx-builder';
export {
  commonNameOf,
  type CspChoice,
  exportPfx,
  type PfxExportRequest,
  type PfxExportResult,
} from './pfx-export';
export { type ImportedPfx, importPfx } from './pfx-import';
export {
  type CertRequest,
  type CertRequestInput,
  type FieldFinding,
  KEY_SIZES,
  type KeySize,
  PROVIDER_NAMES,
  type ProviderId,
  type RequestField,
  type RequestValidation,
  subjectText,
  validateRequest,
} from './request-fields';
