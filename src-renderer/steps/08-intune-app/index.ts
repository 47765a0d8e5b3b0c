export { intuneAppStep } from './step';
