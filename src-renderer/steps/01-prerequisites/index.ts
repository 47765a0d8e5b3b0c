export { prerequisitesStep } from './step';
