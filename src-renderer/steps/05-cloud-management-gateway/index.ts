export { cloudManagementGatewayStep } from './step';
