import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const summaryStep: StepDescriptor = {
  id: 'summary',
  titleKey: 'stages.summary.title',
  planKey: 'stages.summary.plan',
  available: false,
  component: ComingLater,
};
