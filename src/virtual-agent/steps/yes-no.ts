import type { Step } from '../topics-schema';
import { normalise, render, type StepType } from './step-type';

type YesNoStep = Extract<Step, { type: 'yes_no' }>;

const YES = new Set(['yes', 'y', 'yeah', 'yep', 'sure', 'ok', 'okay', '1']);
const NO = new Set(['no', 'n', 'nope', 'nah', '2']);

export const yesNoStep: StepType<YesNoStep> = {
  prompt: (step, context) => `${render(step.text, context)} Reply YES or NO.`,
  answer(step, text) {
    const reply = normalise(text);
    if (YES.has(reply)) return { kind: 'go', to: step.yes };
    if (NO.has(reply)) return { kind: 'go', to: step.no };
    return { kind: 'unrecognised', reply: 'Please reply YES or NO.' };
  },
};
