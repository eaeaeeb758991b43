// The words of the decider's notes for agents (SYS-1, SYS-7; issue 26): the domain says which note and its facts,
// this says it in English. A kind without words here is a type error (the switch is exhaustive).
import type { Note } from '../domain/interaction/notes';

/** The name a note uses for an agent it names but cannot find (or when the note names none). */
export const UNKNOWN_AGENT = 'An agent';

const VA_HANDOFF: Record<Extract<Note, { kind: 'va_handed_off' }>['reason'], string> = {
  requested: 'The requester asked for a person: the virtual agent handed off.',
  topic: 'The virtual agent handed off (its topic asks for a person).',
  fallback: 'The virtual agent did not understand twice and handed off.',
  error: 'The virtual agent failed and handed off.',
};

const VA_IDLE: Record<Extract<Note, { kind: 'va_idle_closed' }>['reason'], string> = {
  no_activity: 'Closed: no reply to the virtual agent within the idle timeout.',
  no_user_response: 'Closed: the requester stopped answering the virtual agent (idle timeout).',
  topic_complete: 'Closed: the topic was done and “anything else?” had no answer (idle timeout).',
};

const MA_CLOSED: Record<Extract<Note, { kind: 'closed_by_messaging_action' }>['targetState'], string> = {
  closed_complete: 'closed complete',
  closed_abandoned: 'closed abandoned',
};

/** A transfer's note as quoted after the sentence (or its full stop). */
const quoted = (note: string | null) => (note ? `: “${note}”` : '.');

/** The note's words, `agent` being the name of the agent the note names. */
export function noteWords(note: Note, agent: string = UNKNOWN_AGENT): string {
  switch (note.kind) {
    case 'transferred_to_agent':
      return `${agent} transferred the conversation to another agent${quoted(note.note)}`;
    case 'transferred_to_queue':
      return `${agent} transferred the conversation to another queue${quoted(note.note)}`;
    case 'offered_by_manager':
      return `A manager offered the conversation to ${agent}.`;
    case 'assigned_by_manager':
      return `${agent} was assigned the conversation by a manager.`;
    case 'reassigned':
      return `Reassigned: taken from ${agent}${note.reason ? ` (${note.reason})` : ''}.`;
    case 'ended':
      return `${agent} ended the conversation (${note.outcome}).`;
    case 'reminder_sent':
      return `Reminder sent to ${agent}${note.promptText ? `: ${note.promptText}` : '.'}`;
    case 'reassigned_by_messaging_action':
      return `Reassigned by a messaging action: ${agent} did not answer in time.`;
    case 'held_by_messaging_action':
      return 'Put on hold by a messaging action.';
    case 'closed_by_messaging_action':
      return `Closed (${MA_CLOSED[note.targetState]}) by a messaging action.`;
    case 'va_failed_without_live_agents':
      return 'Closed: the virtual agent failed, and live agents do not answer on this number.';
    case 'va_asked_for_person_without_live_agents':
      return 'Asked for a person: live agents do not answer on this number; the virtual agent goes on.';
    case 'va_handed_off':
      return VA_HANDOFF[note.reason];
    case 'left_queue_for_topic':
      return `${note.by === 'wait_trigger' ? 'A wait trigger of the queue' : 'The queue’s max wait'} took the requester out of the queue, to a virtual agent topic.`;
    case 'va_idle_closed':
      return VA_IDLE[note.reason];
    case 'taken_over_by_new_run':
      return 'The conversation was taken over by a new workflow run: the previous one ended without closing it.';
    case 'opted_out':
      return 'The requester opted out (STOP): nothing more can be sent to them.';
    case 'opted_in':
      return 'The requester opted back in (START).';
    case 'left_before_engagement':
      return note.saidBye ? 'The requester said bye before an agent took the conversation.' : 'The requester opted out before an agent took the conversation.';
    case 'transfer_not_accepted':
      return `The transfer was not accepted: the conversation is back with ${agent}.`;
    case 'accepted':
      return `${agent} accepted the conversation.`;
    default: {
      const unknown: never = note;
      throw new Error(`a note without words: ${(unknown as Note).kind}`);
    }
  }
}

/**
 * A note as an activity was asked to store it: its kind and facts, or (a workflow scheduled before notes had kinds,
 * whose history holds the old input) the words with `{{agent}}` in them, rendered as they were then.
 */
export function storedNoteWords(input: { note?: Note | null; text?: string | null }, agent: string = UNKNOWN_AGENT): string {
  if (input.note) return noteWords(input.note, agent);
  return (input.text ?? '').replace('{{agent}}', agent);
}
