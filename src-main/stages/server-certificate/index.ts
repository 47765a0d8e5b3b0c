// The "Server certificate" stage on the stage pattern: observe the request folder, the copies for
// the CA, the exported PFX and their keychain entries; plan from the state's inputs; apply through
// CertService; derive the status. Its own channels' logic (inputs) lives in inputs.ts.
import type { StageModule } from '../../engine';
import { applyCertificate } from './apply';
import { type CertificateObservation, observeCertificate } from './observe';
import { type CertificateActionData, certificateStatus, planCertificate, STAGE_ID } from './plan';

export const serverCertificateStage: StageModule<CertificateObservation, CertificateActionData> = {
  id: STAGE_ID,
  observe: observeCertificate,
  plan: planCertificate,
  apply: (action, ctx, signal) => applyCertificate(action, ctx, signal),
  status: certificateStatus,
};

export { handoffKeys } from './apply';
export type { CertificateStageDeps } from './inputs';
export * as certificateInputs from './inputs';
export type { CertificateObservation } from './observe';
export { type CertificateActionData, actionIds as certificateActionIds } from './plan';
