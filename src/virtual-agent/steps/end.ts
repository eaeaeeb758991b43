import type { Step } from '../topics-schema';
import { render, type StepType } from './step-type';

type EndStep = Extract<Step, { type: 'end' }>;

/** The topic is done: says its text and ends the conversation (close reason `topic_complete`). */
export const endStep: StepType<EndStep> = {
  prompt: (step, context) => render(step.text, context),
  then: () => '@end',
};
