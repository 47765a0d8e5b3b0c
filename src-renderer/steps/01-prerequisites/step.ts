import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const prerequisitesStep: StepDescriptor = {
  id: 'prerequisites',
  titleKey: 'stages.prerequisites.title',
  planKey: 'stages.prerequisites.plan',
  available: false,
  component: ComingLater,
};
