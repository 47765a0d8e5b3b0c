import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const cloudManagementGatewayStep: StepDescriptor = {
  id: 'cloud-management-gateway',
  titleKey: 'stages.cloudManagementGateway.title',
  planKey: 'stages.cloudManagementGateway.plan',
  available: false,
  component: ComingLater,
};
