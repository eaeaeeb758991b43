import assert from 'node:assert/strict';
import { initialSnapshot, type DecisionEvent, type Effect } from '../../../src/domain/interaction-decider';
import { at, table } from './table';

// The compose family (src/domain/interaction/compose.ts): an agent texts a requester first (SPEC §3; AI-14…17).
// Moved here from interaction-decider.test.ts (issue 26).
const compose = (forUserId: string | null, requesterUserId: string | null, agentId = 'a-2'): DecisionEvent =>
  ({ type: 'compose', agentId, forUserId, messageId: 'm-1', body: 'hello', requesterUserId });
const fresh = () => ({ ...initialSnapshot(), inboundPending: false });
type Of<T extends Effect['type']> = Extract<Effect, { type: T }>;

table('decider, compose (SPEC §3, AI-14…17)', [
  {
    rule: 'AI-14', title: 'no active interaction: a new one assigned straight to the sender (no offer), its message sent', before: fresh(), input: compose(null, null),
    effects: ['open_composed', 'send', 'arm_messaging_actions'], after: { state: 'work_in_progress', assignedAgentId: 'a-2', workItemId: null, outbox: ['m-1'] },
  },
  {
    rule: 'AI-14', title: 'after a close the same run opens the next interaction (RI-6 for compose)', before: at('closed_complete'), input: compose(null, null),
    effects: ['open_composed', 'send', 'arm_messaging_actions'], after: { state: 'work_in_progress' },
    also: (d) => {
      assert.notEqual(d.snapshot.interactionId, 'i-1');
      assert.equal((d.effects[0] as Of<'open_composed'>).projection.version, 4, 'versions go on counting');
    },
  },
  {
    rule: 'RI-6', title: 'a compose after the close clears what belonged to the closed interaction',
    before: at('closed_complete', { noAgentsTextSent: true, maxWaitTextSent: true, maxWaitAt: 9_000, transferFrom: { agentId: 'a-3', workItemId: 'w-0' } }),
    input: compose(null, null), after: { noAgentsTextSent: false, maxWaitTextSent: false, maxWaitAt: null, transferFrom: null },
  },
  {
    rule: 'AI-15', title: 'an active interaction with a live agent: the sender joins and writes into it; no reassignment', before: at('work_in_progress'), input: compose(null, null),
    effects: ['join', 'send'], after: { interactionId: 'i-1', assignedAgentId: 'a-1', participants: ['a-2'], outbox: ['m-1'] },
  },
  { rule: 'AI-15', title: 'composing for the same person joins', before: at('queued'), input: compose('u-1', 'u-1'), effects: ['join', 'send'] },
  { rule: 'AI-15', title: 'composing into a guest’s conversation joins', before: at('work_in_progress'), input: compose('u-1', null), effects: ['join', 'send'] },
  {
    rule: 'AI-16', title: 'an active interaction with the virtual agent: closed, and a new one assigned to the sender', before: at('virtual_agent'), input: compose(null, null),
    effects: ['close', 'open_composed', 'send', 'arm_messaging_actions'], after: { assignedAgentId: 'a-2' },
    also: (d) => {
      const closed = (d.effects[0] as Of<'close'>).projection;
      assert.deepEqual([closed.interactionId, closed.state, closed.closeReason], ['i-1', 'closed_complete', 'auto_closed']);
    },
  },
  {
    rule: 'AI-17', title: 'an active interaction for a different person: closed, the profile replaced, a new one for the sender', before: at('work_in_progress'), input: compose('u-2', 'u-1'),
    effects: ['close', 'open_composed', 'send', 'arm_messaging_actions'], after: { state: 'work_in_progress' },
    also: (d) => {
      assert.equal((d.effects[1] as Of<'open_composed'>).replaceProfile, true);
      assert.notEqual(d.snapshot.interactionId, 'i-1');
    },
  },
]);
