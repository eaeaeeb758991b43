import type { Step } from '../topics-schema';
import { render, type StepType } from './step-type';

type CaptureStep = Extract<Step, { type: 'capture' }>;

/** Free text into the interaction's context (e.g. an order number), checked against the step's pattern if any. */
export const captureStep: StepType<CaptureStep> = {
  prompt: (step, context) => render(step.text, context),
  answer(step, text) {
    const value = text.trim().slice(0, 200);
    if (!value || (step.pattern && !new RegExp(step.pattern).test(value))) {
      return { kind: 'unrecognised', ...(step.invalidText ? { reply: step.invalidText } : {}) };
    }
    return { kind: 'go', to: step.next, capture: { field: step.field, value } };
  },
};
