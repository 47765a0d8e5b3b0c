export { summaryStep } from './step';
