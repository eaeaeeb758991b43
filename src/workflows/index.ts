export { interactionWorkflow } from './interaction';
