// Every wizard stage built so far. Registering a stage is one entry here: the engine, the generic
// stage:* channels, the rail's derived status and the CLI all find it through this list. Its
// messages go in src-main/shared/messages/<stage-id>/{en,fr,nl}.json, found by convention.
import type { AnyStage } from '../engine';
import { serverCertificateStage } from './server-certificate';

export const STAGES: readonly AnyStage[] = [serverCertificateStage];

export {
  certificateActionIds,
  certificateInputs,
  type CertificateStageDeps,
  handoffKeys,
  serverCertificateStage,
} from './server-certificate';
