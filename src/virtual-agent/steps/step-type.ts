import type { Step } from '../topics-schema';
import type { Target } from '../types';

/** What a person's reply did at a waiting step. */
export type Answer =
  | { kind: 'go'; to: Target; capture?: { field: string; value: string } }
  /** Not an answer this step understands; `reply` says what would be (else the document's fallback). */
  | { kind: 'unrecognised'; reply?: string };

/**
 * One step type (goflow style: one file per type, each with its own tests). A step either waits for the requester
 * (`answer`), or says its text and moves on at once (`then`).
 */
export interface StepType<S extends Step> {
  prompt(step: S, context: Record<string, string>): string | null;
  answer?(step: S, text: string): Answer;
  then?(step: S): Target;
}

/** `{{orderNumber}}` → the captured value (missing fields render empty). */
export function render(text: string, context: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g, (_m, field: string) => context[field] ?? '');
}

/** Lower case, trimmed, inner white space folded, trailing punctuation dropped: how replies are compared. */
export function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
}
