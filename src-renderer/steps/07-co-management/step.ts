import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const coManagementStep: StepDescriptor = {
  id: 'co-management',
  titleKey: 'stages.coManagement.title',
  planKey: 'stages.coManagement.plan',
  available: false,
  component: ComingLater,
};
