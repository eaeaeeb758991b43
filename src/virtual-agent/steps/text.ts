import type { Step } from '../topics-schema';
import { render, type StepType } from './step-type';

type TextStep = Extract<Step, { type: 'text' }>;

/** Says something and moves on without waiting. */
export const textStep: StepType<TextStep> = {
  prompt: (step, context) => render(step.text, context),
  then: (step) => step.next,
};
