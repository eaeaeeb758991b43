import type { Step } from '../topics-schema';
import { normalise, render, type StepType } from './step-type';

type ChoiceStep = Extract<Step, { type: 'choice' }>;

/** A numbered list; the reply is the number or the option's words (SPEC §6). */
export const choiceStep: StepType<ChoiceStep> = {
  prompt: (step, context) => [render(step.text, context), ...step.options.map((o, i) => `${i + 1}. ${o.label}`)].join('\n'),
  answer(step, text) {
    const reply = normalise(text);
    const byNumber = /^\d+$/.test(reply) ? step.options[Number(reply) - 1] : undefined;
    const byWords = step.options.find((o) => normalise(o.label) === reply) ?? step.options.find((o) => reply.length >= 3 && normalise(o.label).includes(reply));
    const chosen = byNumber ?? byWords;
    if (chosen) return { kind: 'go', to: chosen.next };
    return { kind: 'unrecognised', reply: `Please reply with a number from 1 to ${step.options.length}.` };
  },
};
