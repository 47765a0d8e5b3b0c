import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const azureServicesStep: StepDescriptor = {
  id: 'azure-services',
  titleKey: 'stages.azureServices.title',
  planKey: 'stages.azureServices.plan',
  available: false,
  component: ComingLater,
};
