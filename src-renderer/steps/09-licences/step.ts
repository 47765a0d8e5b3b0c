import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const licencesStep: StepDescriptor = {
  id: 'licences',
  titleKey: 'stages.licences.title',
  planKey: 'stages.licences.plan',
  available: false,
  component: ComingLater,
};
