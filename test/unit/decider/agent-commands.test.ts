import assert from 'node:assert/strict';
import { agent, at, find, manager, projectsOnce, table } from './table';

// The agent-command family (src/domain/interaction/agent-commands.ts): what an agent or a manager asked for.
// Moved here from interaction-decider.test.ts (issue 26), with the notes each command leaves (SYS-7).
table('decider, agent commands: hold, resume, end (SPEC §4, INT-11, SYS-1)', [
  { rule: '§4', title: 'hold from work in progress', before: at('work_in_progress'), input: { type: 'hold', actor: agent }, effects: ['project'], after: { state: 'on_hold' }, also: projectsOnce },
  { rule: '§4', title: 'resume from hold', before: at('on_hold'), input: { type: 'resume', actor: agent }, effects: ['project'], after: { state: 'work_in_progress' }, also: projectsOnce },
  {
    rule: 'INT-11/SYS-1', title: 'end complete closes with agent_ended; a person closed it: the requester is texted', before: at('work_in_progress'),
    input: { type: 'end', actor: agent, outcome: 'complete' }, effects: ['close', 'note:ended', 'system_text:conversation_closed'],
    after: { state: 'closed_complete', closeReason: 'agent_ended' }, also: (d, before) => {
      projectsOnce(d, before);
      assert.deepEqual(find(d.effects, 'note'), { type: 'note', note: { kind: 'ended', outcome: 'complete' }, agentId: 'a-1' }, 'SYS-7: the note names who ended it');
    },
  },
  {
    rule: 'INT-11', title: 'end abandon from hold', before: at('on_hold'), input: { type: 'end', actor: agent, outcome: 'abandon' },
    effects: ['close', 'note:ended', 'system_text:conversation_closed'], after: { state: 'closed_abandoned', closeReason: 'agent_ended' }, also: projectsOnce,
  },
  {
    rule: 'INT-11', title: 'a manager ends a queued interaction (SPEC §10)', before: at('queued'), input: { type: 'end', actor: manager, outcome: 'complete' },
    effects: ['close', 'note:ended', 'system_text:conversation_closed'], after: { state: 'closed_complete', closeReason: 'agent_ended' },
    also: (d) => assert.equal(find(d.effects, 'note').agentId, 'm-1'),
  },
]);

table('decider, agent commands refused (SPEC §4, REG-2, RI-6)', [
  { rule: 'RI-6', title: 'a closed interaction takes no agent command', before: at('closed_complete'), input: { type: 'resume', actor: agent }, refused: /closed complete/ },
  { rule: '§4', title: 'closed states are final: no second end', before: at('closed_abandoned'), input: { type: 'end', actor: agent, outcome: 'complete' }, refused: /closed abandoned/ },
  { rule: '§4', title: 'cannot hold what is on hold', before: at('on_hold'), input: { type: 'hold', actor: agent }, refused: /cannot hold an interaction that is on hold/ },
  { rule: '§4', title: 'cannot hold a queued interaction', before: at('queued', { assignedAgentId: 'a-1' }), input: { type: 'hold', actor: agent }, refused: /cannot hold an interaction that is queued/ },
  { rule: '§4', title: 'cannot resume what is not on hold', before: at('work_in_progress'), input: { type: 'resume', actor: agent }, refused: /cannot resume/ },
  { rule: 'REG-2', title: 'only the assignee may write', before: at('work_in_progress'), input: { type: 'agent_message', actor: { ...agent, agentId: 'a-2' }, messageId: 'm' }, refused: /only the assigned agent/ },
  { rule: 'REG-2', title: 'a supervisor flag does not let a manager write as the agent', before: at('work_in_progress'), input: { type: 'agent_message', actor: manager, messageId: 'm' }, refused: /only the assigned agent/ },
  { rule: 'REG-2', title: 'cannot send before the interaction is accepted', before: at('queued', { assignedAgentId: 'a-1' }), input: { type: 'agent_message', actor: agent, messageId: 'm' }, refused: /cannot send while the interaction is queued/ },
  { rule: 'RI-6', title: 'a command meant for an earlier interaction under the same workflow id is refused', before: at('work_in_progress'), input: { type: 'hold', actor: { ...agent, interactionId: 'i-0' } }, refused: /has ended/ },
]);

table('decider, agent commands: messages, transfer, manual assignment, reassign (REG-2, TRF-1…3, MAN-1, RSN-4)', [
  {
    rule: 'REG-2', title: 'an agent message joins the outbox and asks for a send', before: at('work_in_progress', { outbox: ['m0'] }),
    input: { type: 'agent_message', actor: agent, messageId: 'm1' }, effects: ['send'], after: { outbox: ['m0', 'm1'], state: 'work_in_progress' },
  },
  {
    rule: 'TRF-1', title: 'transfer to a queue: queued there, with a note quoting the agent', before: at('work_in_progress'),
    input: { type: 'transfer', actor: agent, toQueueId: 'billing', note: '  billing question ' }, effects: ['note:transferred_to_queue', 'enqueue', 'routing_event'],
    after: { state: 'queued', queueId: 'billing', assignedAgentId: null, transferFrom: null },
    also: (d) => assert.deepEqual(find(d.effects, 'note'), { type: 'note', note: { kind: 'transferred_to_queue', note: 'billing question' }, agentId: 'a-1' }),
  },
  {
    rule: 'TRF-1', title: 'transfer to an agent without a note: the note has none', before: at('on_hold'),
    input: { type: 'transfer', actor: agent, toAgentId: 'a-2', note: '  ' }, effects: ['note:transferred_to_agent', 'enqueue', 'routing_event'],
    after: { state: 'queued', assignedAgentId: null },
    also: (d) => assert.deepEqual(find(d.effects, 'note').note, { kind: 'transferred_to_agent', note: null }),
  },
  { rule: 'TRF-1', title: 'a transfer names a queue or an agent', before: at('work_in_progress'), input: { type: 'transfer', actor: agent }, refused: /name a queue or an agent/ },
  {
    rule: 'MAN-1', title: 'a manager assigns a queued conversation: theirs at once, the note names them', before: at('queued'),
    input: { type: 'manual_assign', actor: manager, toAgentId: 'a-2' }, effects: ['assign_direct', 'note:assigned_by_manager', 'arm_messaging_actions'],
    after: { state: 'work_in_progress', assignedAgentId: 'a-2', workItemId: null, agentEngaged: true },
    also: (d) => assert.equal(find(d.effects, 'note').agentId, 'a-2'),
  },
  {
    rule: 'MAN-1', title: 'a manager offers a queued conversation to one agent', before: at('queued'),
    input: { type: 'manual_assign', actor: manager, toAgentId: 'a-2', offer: { allowReject: true, timeoutSeconds: 60, timeoutPresence: 'away' } }, effects: ['offer_direct', 'note:offered_by_manager'],
    after: { state: 'queued', assignedAgentId: null },
    also: (d) => assert.equal(find(d.effects, 'note').agentId, 'a-2'),
  },
  { rule: 'MAN-1', title: 'only a manager assigns', before: at('queued'), input: { type: 'manual_assign', actor: agent, toAgentId: 'a-2' }, refused: /only a manager/ },
  {
    rule: 'RSN-4', title: 'reassign: taken from the assignee (the note says why), re-routed without them', before: at('work_in_progress'),
    input: { type: 'reassign', actor: manager, reason: 'left early' }, effects: ['note:reassigned', 'enqueue', 'routing_event'],
    after: { state: 'queued', assignedAgentId: null },
    also: (d) => {
      assert.deepEqual(find(d.effects, 'note'), { type: 'note', note: { kind: 'reassigned', reason: 'left early' }, agentId: 'a-1' });
      assert.deepEqual(find(d.effects, 'enqueue').excludedAgentIds, ['a-1']);
    },
  },
]);
