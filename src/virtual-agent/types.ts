// Workflow-safe types of the virtual agent (SPEC §6). The engine is pure: (topic document, session, text) → turn.

/** Where a step goes next: another step of the same topic, or one of these. */
export const SPECIAL_TARGETS = ['@picker', '@handoff', '@end'] as const;
export type Target = string;

export interface VaSession {
  /** null: at the topic picker. */
  topicId: string | null;
  stepId: string | null;
  /** Unrecognised replies in a row (SPEC §6: the fallback hands off after the document's limit). */
  unrecognised: number;
  /** Free-text captures (e.g. orderNumber), shown to the agent after a handoff. */
  context: Record<string, string>;
  greeted: boolean;
  /** The last inbound text (its `seq`) the virtual agent has answered. */
  cursor: number;
}

export type VaOutcome =
  | { kind: 'continue' }
  | { kind: 'handoff'; reason: 'requested' | 'topic' | 'fallback' | 'error' }
  | { kind: 'end'; reason: 'user_ended' | 'topic_complete' };

export interface VaTurn {
  replies: string[];
  session: VaSession;
  outcome: VaOutcome;
}

export function newSession(cursor = 0): VaSession {
  return { topicId: null, stepId: null, unrecognised: 0, context: {}, greeted: false, cursor };
}
