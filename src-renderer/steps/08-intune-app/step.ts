import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const intuneAppStep: StepDescriptor = {
  id: 'intune-app',
  titleKey: 'stages.intuneApp.title',
  planKey: 'stages.intuneApp.plan',
  available: false,
  component: ComingLater,
};
