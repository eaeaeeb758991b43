import assert from 'node:assert/strict';
import { deadlines, type Effect } from '../../../src/domain/interaction-decider';
import { at, ctx, find, offer, projectsOnce, table, types } from './table';

// The routing family (src/domain/interaction/routing.ts): the work item queued, offered, returned, accepted, or its
// expired offer settled (SPEC §5). Moved here from interaction-decider.test.ts (issue 26).
const next = { ...offer, offerId: 'o-2', agentId: 'a-2', expiresAt: 9_000 };
const transferred = at('offered', { assignedAgentId: null, workItemId: 'w-2', offer: { ...offer, workItemId: 'w-2', agentId: 'a-2' }, transferFrom: { agentId: 'a-1', workItemId: 'w-2' } });

table('decider, routing: offers and accepts (WI-1…4, INT-4, SYS-2, TRF-3)', [
  { rule: 'WI-1', title: 'a queued item offered to an agent is offered', before: at('queued'), input: { type: 'offered', offer }, effects: ['project'], after: { state: 'offered', offer }, also: projectsOnce },
  {
    rule: 'WI-2/WI-3', title: 'an offer returned (rejected, timed out) is queued again', before: at('offered'), input: { type: 'offer_returned', workItemId: 'w-1', offerId: 'o-1' },
    effects: ['project'], after: { state: 'queued', offer: null }, also: projectsOnce,
  },
  {
    rule: 'INT-4/SYS-2', title: 'an accepted offer is work in progress, assigned to the agent; a note, the initial response, messaging actions armed', before: at('offered'),
    input: { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, effects: ['project', 'note:accepted', 'arm_messaging_actions', 'system_text:agent_accepted'],
    after: { state: 'work_in_progress', assignedAgentId: 'a-1', agentEngaged: true, offer: null },
    also: (d, before) => {
      projectsOnce(d, before);
      assert.equal(find(d.effects, 'note').agentId, 'a-1', 'SYS-7: the note names who accepted');
    },
  },
  {
    rule: 'MAN-1', title: 'assignment straight from the queue is work in progress', before: at('queued'), input: { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' },
    effects: ['project', 'note:accepted', 'arm_messaging_actions', 'system_text:agent_accepted'], after: { state: 'work_in_progress', assignedAgentId: 'a-2' }, also: projectsOnce,
  },
  {
    rule: 'TRF-3', title: 'a transfer the agent rejects or lets expire comes back to the transferring agent, who is told (note and notification)', before: transferred,
    input: { type: 'offer_returned', workItemId: 'w-2', offerId: 'o-1' }, effects: ['project', 'note:transfer_not_accepted', 'notify_agent', 'arm_messaging_actions'],
    after: { state: 'work_in_progress', assignedAgentId: 'a-1', transferFrom: null, workItemId: null },
    also: (d) => assert.equal(find(d.effects, 'note').agentId, 'a-1'),
  },
  {
    rule: 'Q-2', title: 'the queue the conditions chose becomes the interaction’s queue', before: at('queued'),
    input: { type: 'enqueued', agentsAvailable: true, queueId: 'billing' }, effects: [], after: { queueId: 'billing', state: 'queued' },
  },
  {
    rule: 'SYS-3', title: 'nobody Available: the requester hears so once; the conversation still waits', before: at('queued'),
    input: { type: 'enqueued', agentsAvailable: false, queueId: 'q' }, effects: ['system_text:no_agents_available'], after: { noAgentsTextSent: true, state: 'queued' },
  },
]);

table('decider, routing: facts that no longer apply change nothing (WI-3)', [
  { rule: 'WI-1', title: 'an offer for an older work item', before: at('queued'), input: { type: 'offered', offer: { ...offer, workItemId: 'old' } }, unchanged: true },
  { rule: 'WI-1', title: 'an offer for a closed interaction', before: at('closed_complete'), input: { type: 'offered', offer }, unchanged: true },
  { rule: 'WI-3', title: 'a returned offer naming another offer', before: at('offered'), input: { type: 'offer_returned', workItemId: 'w-1', offerId: 'other' }, unchanged: true },
  { rule: 'INT-4', title: 'an assignment once in progress', before: at('work_in_progress'), input: { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' }, unchanged: true },
  { rule: 'SYS-3', title: 'a second queueing with nobody Available says nothing again', before: at('queued', { noAgentsTextSent: true }), input: { type: 'enqueued', agentsAvailable: false, queueId: 'q' }, unchanged: true },
  {
    rule: 'WI-3', title: 'the settlement of an offer it no longer holds', before: at('queued'),
    input: { type: 'offer_settled', offer, after: { state: 'queued', agentId: null, offer: null } }, unchanged: true,
  },
]);

table('decider, routing: an expired offer’s row is the truth (WI-3/WI-4)', [
  {
    rule: 'WI-3', title: 'an expired offer’s row says returned to the queue', before: at('offered'), ctx: ctx(5_000),
    input: { type: 'offer_settled', offer, after: { state: 'queued', agentId: null, offer: null } }, effects: ['project'],
    after: { state: 'queued', assignedAgentId: null, offer: null },
  },
  {
    rule: 'WI-4', title: 'an expired offer’s row says accepted as the timer fired: the accept wins', before: at('offered'), ctx: ctx(5_000),
    input: { type: 'offer_settled', offer, after: { state: 'accepted', agentId: 'a-1', offer: null } },
    effects: ['project', 'note:accepted', 'arm_messaging_actions', 'system_text:agent_accepted'], after: { state: 'work_in_progress', assignedAgentId: 'a-1', offer: null },
  },
  {
    rule: 'WI-4', title: 're-offered to another agent meanwhile: one projection of the newest version, with the new offer', before: at('offered'), ctx: ctx(5_000),
    input: { type: 'offer_settled', offer, after: { state: 'offered', agentId: 'a-2', offer: next } }, effects: ['project'], after: { state: 'offered', offer: next },
    also: (d) => {
      assert.equal((d.effects[0] as Extract<Effect, { type: 'project' }>).projection.version, 5);
      assert.deepEqual(deadlines(d.snapshot), [{ kind: 'offer_timeout', at: 9_000 }]);
      assert.deepEqual(types(d.effects), ['project']);
    },
  },
]);
