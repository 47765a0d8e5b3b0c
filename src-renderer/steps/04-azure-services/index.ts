export { azureServicesStep } from './step';
