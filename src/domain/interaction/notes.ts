// The notes the decider writes in the transcript for agents only (SYS-1, SYS-7; issue 26): a kind and its facts.
// Their words are not the domain's: src/system-texts/note-words.ts renders them (with the agent's name when the
// effect names an agent), and its switch must name every kind here.
import type { MaTargetState } from '../messaging-actions';

/** VA-15/VA-16, INT-6/9/10: why an idle conversation with the virtual agent closed. */
export type VaIdleReason = 'no_activity' | 'no_user_response' | 'topic_complete';

/** VA-8…10: why the virtual agent handed off. */
export type VaHandoffReason = 'requested' | 'topic' | 'fallback' | 'error';

export type Note =
  /** TRF-1: the acting agent moved it to one agent, with their note (trimmed, null when blank). */
  | { kind: 'transferred_to_agent'; note: string | null }
  /** TRF-1: … or to a queue. */
  | { kind: 'transferred_to_queue'; note: string | null }
  /** MAN-1: a manager offered it to the named agent. */
  | { kind: 'offered_by_manager' }
  /** MAN-1: a manager assigned it to the named agent. */
  | { kind: 'assigned_by_manager' }
  /** RSN-4: taken from the named agent, with the reason given. */
  | { kind: 'reassigned'; reason: string | null }
  /** INT-11: the named agent ended it. */
  | { kind: 'ended'; outcome: 'complete' | 'abandon' }
  /** MA-5 prompt_agent: the named agent was reminded, with the action's own prompt when it has one. */
  | { kind: 'reminder_sent'; promptText: string | null }
  /** RSN-1: a messaging action took it from the named agent. */
  | { kind: 'reassigned_by_messaging_action' }
  /** MA-5 set_state on_hold. */
  | { kind: 'held_by_messaging_action' }
  /** MA-5 set_state closed_*: a system close. */
  | { kind: 'closed_by_messaging_action'; targetState: Exclude<MaTargetState, 'on_hold'> }
  /** RI-9/VA-13/INT-12: the virtual agent failed on a number without live agents. */
  | { kind: 'va_failed_without_live_agents' }
  /** RI-9/VA-13: asked for a person on a number without live agents. */
  | { kind: 'va_asked_for_person_without_live_agents' }
  /** VA-8…10: the virtual agent handed off to the queue. */
  | { kind: 'va_handed_off'; reason: VaHandoffReason }
  /** VA-14: a wait trigger or the max wait took the requester to a virtual agent topic. */
  | { kind: 'left_queue_for_topic'; by: 'wait_trigger' | 'max_wait' }
  /** VA-15, INT-6/9/10: closed idle with the virtual agent. */
  | { kind: 'va_idle_closed'; reason: VaIdleReason }
  /** Issue 22: a new run adopted an interaction the previous one left open. */
  | { kind: 'taken_over_by_new_run' }
  /** SPEC §9: STOP / START. */
  | { kind: 'opted_out' }
  | { kind: 'opted_in' }
  /** INT-5: the requester left before an agent took it (said bye, or opted out). */
  | { kind: 'left_before_engagement'; saidBye: boolean }
  /** TRF-3: the transfer was rejected or expired: back with the named agent. */
  | { kind: 'transfer_not_accepted' }
  /** INT-4: the named agent accepted. */
  | { kind: 'accepted' };

export type NoteKind = Note['kind'];
