import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const cloudNameStep: StepDescriptor = {
  id: 'cloud-name',
  titleKey: 'stages.cloudName.title',
  planKey: 'stages.cloudName.plan',
  available: false,
  component: ComingLater,
};
