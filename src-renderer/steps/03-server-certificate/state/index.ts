// The certificate stage's state: one class per sub-page, and the stage that holds them.
export { AnswerPage, isConflict } from './answer-page.svelte';
export {
  type CertificatePageId,
  type CertificateRoute,
  CertificateStage,
  type PageState,
  ROUTE_PAGES,
} from './certificate-stage.svelte';
export { type CheckedFile, CheckPage } from './check-page.svelte';
export { ExistingPfxPage } from './existing-pfx-page.svelte';
export {
  type ExportedFile,
  ExportPage,
  type PasswordMode,
  type PfxEncryptionChoice,
} from './export-page.svelte';
export { InfPage } from './inf-page.svelte';
export { fileStem, joinPath, SuggestedPath } from './paths.svelte';
export {
  emptyForm,
  errorsByField,
  formFrom,
  type KeyProvider,
  type RequestForm,
  RequestPage,
  toRequestInput,
  VALIDATION_DELAY_MS,
} from './request-page.svelte';
export { type BusyAction, type Describe, StageTasks } from './tasks.svelte';
