import type { STAGE_IDS } from '../../src-main/ipc/contract';
import { prerequisitesStep } from './01-prerequisites';
import { cloudNameStep } from './02-cloud-name';
import { serverCertificateStep } from './03-server-certificate';
import { azureServicesStep } from './04-azure-services';
import { cloudManagementGatewayStep } from './05-cloud-management-gateway';
import { configmgrStep } from './06-configmgr';
import { coManagementStep } from './07-co-management';
import { intuneAppStep } from './08-intune-app';
import { licencesStep } from './09-licences';
import { summaryStep } from './10-summary';
import type { StepDescriptor } from './step-descriptor';

export type { StepDescriptor, StepProps } from './step-descriptor';

/** The stages in tutorial order; the shell imports steps only through this list. */
export const STEPS = [
  prerequisitesStep,
  cloudNameStep,
  serverCertificateStep,
  azureServicesStep,
  cloudManagementGatewayStep,
  configmgrStep,
  coManagementStep,
  intuneAppStep,
  licencesStep,
  summaryStep,
] as const satisfies readonly StepDescriptor[];

// Compile-time guard: same length as the contract's stage list (the order is checked by a unit test).
type SameLength<A extends readonly unknown[], B extends readonly unknown[]> = A['length'] extends B['length']
  ? true
  : false;
const stepsCoverEveryStage: SameLength<typeof STEPS, typeof STAGE_IDS> = true;
void stepsCoverEveryStage;
