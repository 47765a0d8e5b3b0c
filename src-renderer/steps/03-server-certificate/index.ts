export { serverCertificateStep } from './step';
