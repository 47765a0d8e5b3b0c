import ComingLater from '../../components/ComingLater.svelte';
import type { StepDescriptor } from '../step-descriptor';

export const configmgrStep: StepDescriptor = {
  id: 'configmgr',
  titleKey: 'stages.configmgr.title',
  planKey: 'stages.configmgr.plan',
  available: false,
  component: ComingLater,
};
