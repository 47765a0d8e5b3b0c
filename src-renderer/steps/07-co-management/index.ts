export { coManagementStep } from './step';
