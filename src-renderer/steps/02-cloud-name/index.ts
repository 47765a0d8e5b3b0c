export { cloudNameStep } from './step';
