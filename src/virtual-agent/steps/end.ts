import type { Step } from '../topics-schema';
import { render, type StepType } from './step-type';

type EndStep = Extract<Step, { type: 'end' }>;

/** The topic is done: says its text and ends the conversation (close reason `auto_closed`, INT-8). */
export const endStep: StepType<EndStep> = {
  prompt: (step, context) => render(step.text, context),
  then: () => '@end',
};
