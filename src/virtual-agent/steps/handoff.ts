import type { Step } from '../topics-schema';
import { render, type StepType } from './step-type';

type HandoffStep = Extract<Step, { type: 'handoff' }>;

/** Hands the conversation to a person (VA-8); the transfer text itself is a system text (SPEC §8). */
export const handoffStep: StepType<HandoffStep> = {
  prompt: (step, context) => (step.text ? render(step.text, context) : null),
  then: () => '@handoff',
};
