import type { StepDescriptor } from '../step-descriptor';
import ServerCertificateStep from './ServerCertificateStep.svelte';

export const serverCertificateStep: StepDescriptor = {
  id: 'server-certificate',
  titleKey: 'stages.serverCertificate.title',
  planKey: 'stages.serverCertificate.plan',
  available: true,
  component: ServerCertificateStep,
};
