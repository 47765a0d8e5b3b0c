export { configmgrStep } from './step';
