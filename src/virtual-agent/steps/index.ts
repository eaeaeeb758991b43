import type { Step } from '../topics-schema';
import { captureStep } from './capture';
import { choiceStep } from './choice';
import { endStep } from './end';
import { handoffStep } from './handoff';
import type { StepType } from './step-type';
import { textStep } from './text';
import { yesNoStep } from './yes-no';

/** The step types by name: a registry, so a new type is one more file and one more line here (STYLE.md). */
export const STEP_TYPES: { [K in Step['type']]: StepType<Extract<Step, { type: K }>> } = {
  text: textStep,
  choice: choiceStep,
  yes_no: yesNoStep,
  capture: captureStep,
  handoff: handoffStep,
  end: endStep,
};

export function stepType<S extends Step>(step: S): StepType<S> {
  return STEP_TYPES[step.type] as unknown as StepType<S>;
}
