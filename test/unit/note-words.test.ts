import assert from 'node:assert/strict';
import type { Note, NoteKind } from '../../src/domain/interaction-decider';
import { noteWords, storedNoteWords } from '../../src/system-texts/note-words';

// Issue 26: the decider's notes carry a kind and facts; these are their words, exactly as agents read them before
// (the decider used to write them itself). SYS-7: notes are for agents only.
const rows: [Note, string][] = [
  [{ kind: 'transferred_to_agent', note: null }, 'Ana transferred the conversation to another agent.'],
  [{ kind: 'transferred_to_agent', note: 'VIP' }, 'Ana transferred the conversation to another agent: “VIP”'],
  [{ kind: 'transferred_to_queue', note: null }, 'Ana transferred the conversation to another queue.'],
  [{ kind: 'transferred_to_queue', note: 'billing question' }, 'Ana transferred the conversation to another queue: “billing question”'],
  [{ kind: 'offered_by_manager' }, 'A manager offered the conversation to Ana.'],
  [{ kind: 'assigned_by_manager' }, 'Ana was assigned the conversation by a manager.'],
  [{ kind: 'reassigned', reason: null }, 'Reassigned: taken from Ana.'],
  [{ kind: 'reassigned', reason: 'left early' }, 'Reassigned: taken from Ana (left early).'],
  [{ kind: 'ended', outcome: 'complete' }, 'Ana ended the conversation (complete).'],
  [{ kind: 'ended', outcome: 'abandon' }, 'Ana ended the conversation (abandon).'],
  [{ kind: 'reminder_sent', promptText: null }, 'Reminder sent to Ana.'],
  [{ kind: 'reminder_sent', promptText: 'Please answer' }, 'Reminder sent to Ana: Please answer'],
  [{ kind: 'reassigned_by_messaging_action' }, 'Reassigned by a messaging action: Ana did not answer in time.'],
  [{ kind: 'held_by_messaging_action' }, 'Put on hold by a messaging action.'],
  [{ kind: 'closed_by_messaging_action', targetState: 'closed_complete' }, 'Closed (closed complete) by a messaging action.'],
  [{ kind: 'closed_by_messaging_action', targetState: 'closed_abandoned' }, 'Closed (closed abandoned) by a messaging action.'],
  [{ kind: 'va_failed_without_live_agents' }, 'Closed: the virtual agent failed, and live agents do not answer on this number.'],
  [{ kind: 'va_asked_for_person_without_live_agents' }, 'Asked for a person: live agents do not answer on this number; the virtual agent goes on.'],
  [{ kind: 'va_handed_off', reason: 'requested' }, 'The requester asked for a person: the virtual agent handed off.'],
  [{ kind: 'va_handed_off', reason: 'topic' }, 'The virtual agent handed off (its topic asks for a person).'],
  [{ kind: 'va_handed_off', reason: 'fallback' }, 'The virtual agent did not understand twice and handed off.'],
  [{ kind: 'va_handed_off', reason: 'error' }, 'The virtual agent failed and handed off.'],
  [{ kind: 'left_queue_for_topic', by: 'wait_trigger' }, 'A wait trigger of the queue took the requester out of the queue, to a virtual agent topic.'],
  [{ kind: 'left_queue_for_topic', by: 'max_wait' }, 'The queue’s max wait took the requester out of the queue, to a virtual agent topic.'],
  [{ kind: 'va_idle_closed', reason: 'no_activity' }, 'Closed: no reply to the virtual agent within the idle timeout.'],
  [{ kind: 'va_idle_closed', reason: 'no_user_response' }, 'Closed: the requester stopped answering the virtual agent (idle timeout).'],
  [{ kind: 'va_idle_closed', reason: 'topic_complete' }, 'Closed: the topic was done and “anything else?” had no answer (idle timeout).'],
  [{ kind: 'taken_over_by_new_run' }, 'The conversation was taken over by a new workflow run: the previous one ended without closing it.'],
  [{ kind: 'opted_out' }, 'The requester opted out (STOP): nothing more can be sent to them.'],
  [{ kind: 'opted_in' }, 'The requester opted back in (START).'],
  [{ kind: 'left_before_engagement', saidBye: true }, 'The requester said bye before an agent took the conversation.'],
  [{ kind: 'left_before_engagement', saidBye: false }, 'The requester opted out before an agent took the conversation.'],
  [{ kind: 'transfer_not_accepted' }, 'The transfer was not accepted: the conversation is back with Ana.'],
  [{ kind: 'accepted' }, 'Ana accepted the conversation.'],
];

/** Every kind, so a kind added without a row here fails the last test. */
const KINDS: Record<NoteKind, true> = {
  transferred_to_agent: true, transferred_to_queue: true, offered_by_manager: true, assigned_by_manager: true, reassigned: true, ended: true,
  reminder_sent: true, reassigned_by_messaging_action: true, held_by_messaging_action: true, closed_by_messaging_action: true,
  va_failed_without_live_agents: true, va_asked_for_person_without_live_agents: true, va_handed_off: true, left_queue_for_topic: true,
  va_idle_closed: true, taken_over_by_new_run: true, opted_out: true, opted_in: true, left_before_engagement: true, transfer_not_accepted: true,
  accepted: true,
};

describe('the words of the decider’s notes (SYS-7, issue 26)', () => {
  for (const [note, words] of rows) {
    it(`SYS-7 ${note.kind}${Object.keys(note).length > 1 ? ` ${JSON.stringify({ ...note, kind: undefined })}` : ''}: “${words}”`, () => {
      assert.equal(noteWords(note, 'Ana'), words);
    });
  }

  it('SYS-7 a note naming no agent (or one no longer found) says “An agent”', () => {
    assert.equal(noteWords({ kind: 'accepted' }), 'An agent accepted the conversation.');
  });

  it('SYS-7 replay: a note scheduled before notes had kinds ({ text } with {{agent}}) is stored as its words were', () => {
    assert.equal(storedNoteWords({ text: '{{agent}} accepted the conversation.' }, 'Ana'), 'Ana accepted the conversation.');
    assert.equal(storedNoteWords({ text: 'Closed by a messaging action.' }, 'Ana'), 'Closed by a messaging action.');
    assert.equal(storedNoteWords({ note: { kind: 'ended', outcome: 'complete' }, text: 'ignored' }, 'Ana'), 'Ana ended the conversation (complete).');
  });

  it('every note kind has its words tested here', () => {
    assert.deepEqual([...new Set(rows.map(([n]) => n.kind))].sort(), Object.keys(KINDS).sort());
  });
});
