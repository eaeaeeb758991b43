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
  /**
   * INT-6/INT-9: how many of the requester's texts the virtual agent has answered (2 or more: they engaged, after
   * the greeting). Absent in sessions recorded before it was counted.
   */
  turns?: number;
  /**
   * INT-10/VA-16: a topic is done and the requester was asked "anything else?" (a step whose every answer leads back
   * to the picker or to the topic's end) or is back at the picker after it. Absent in sessions recorded before.
   */
  topicDone?: boolean;
}

export type VaOutcome =
  | { kind: 'continue' }
  | { kind: 'handoff'; reason: 'requested' | 'topic' | 'fallback' | 'error' }
  /** `topic_complete` only in results recorded before INT-8 (a topic's end step now closes as `auto_closed`). */
  | { kind: 'end'; reason: 'user_ended' | 'auto_closed' | 'topic_complete' };

export interface VaTurn {
  replies: string[];
  session: VaSession;
  outcome: VaOutcome;
}

export function newSession(cursor = 0): VaSession {
  return { topicId: null, stepId: null, unrecognised: 0, context: {}, greeted: false, cursor };
}
