export { licencesStep } from './step';
