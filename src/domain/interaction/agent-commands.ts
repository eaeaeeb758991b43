// Inputs of the agent-command family: what an agent or a manager asked for (SPEC §4, §5, §10; REG-2, TRF-1…3,
// MAN-1, RSN-4, SYS-1). A command the interaction cannot take now throws a RejectedCommand (the api's 409).
import { agentMaySend } from '../interaction-state';
import { agentWrote, emptyRuns, requesterWrote } from '../messaging-actions';
import { words, type Draft } from './draft';
import { RejectedCommand, type DecisionEvent } from './types';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

export function transfer(d: Draft, event: Input<'transfer'>): void {
  const { s, ctx } = d;
  d.checkActor(event.actor);
  if (s.state !== 'work_in_progress' && s.state !== 'on_hold') throw new RejectedCommand(`cannot transfer while the interaction is ${words(s.state)}`);
  const from = s.assignedAgentId!;
  if (event.toAgentId && event.toAgentId === from) throw new RejectedCommand('the interaction is already assigned to that agent');
  if (!event.toAgentId && !event.toQueueId) throw new RejectedCommand('name a queue or an agent to transfer to');
  // TRF-2/REG-2: the transferring agent's capacity is freed and they can no longer send.
  d.move({ type: 'queued' });
  s.assignedAgentId = null;
  s.participants = (s.participants ?? []).filter((p) => p !== from);
  s.ma = null;
  s.offer = null;
  s.workItemId = ctx.newId();
  const note = event.note?.trim() || null;
  if (event.toAgentId) {
    s.transferFrom = { agentId: from, workItemId: s.workItemId };
    d.emit({ type: 'note', note: { kind: 'transferred_to_agent', note }, agentId: event.actor.agentId });
    d.emit({
      type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: d.changed(), route: s.queueId === null, targetAgentId: event.toAgentId, transferredBy: from,
    });
  } else {
    s.transferFrom = null;
    s.queueId = event.toQueueId!;
    d.emit({ type: 'note', note: { kind: 'transferred_to_queue', note }, agentId: event.actor.agentId });
    d.emit({ type: 'enqueue', workItemId: s.workItemId, queueId: event.toQueueId!, projection: d.changed(), excludedAgentIds: [from], transferredBy: from });
  }
  d.emit({
    type: 'routing_event', event: 'transferred', agentId: event.toAgentId ?? null,
    detail: { byUserId: event.actor.agentId, fromAgentId: from, toQueueId: event.toQueueId ?? null, toAgentId: event.toAgentId ?? null, note: event.note ?? null },
  });
}

export function manualAssign(d: Draft, event: Input<'manual_assign'>): void {
  const { s, ctx } = d;
  if (!event.actor.asSupervisor) throw new RejectedCommand('only a manager can assign an interaction');
  d.checkActor(event.actor);
  if (s.state !== 'queued' && s.state !== 'offered' && s.state !== 'work_in_progress' && s.state !== 'on_hold') {
    throw new RejectedCommand(`cannot assign while the interaction is ${words(s.state)}`);
  }
  if (s.assignedAgentId === event.toAgentId) throw new RejectedCommand('the interaction is already assigned to that agent');
  const previous = s.assignedAgentId;
  const waiting = s.state === 'queued' || s.state === 'offered';
  if (event.offer) {
    // MAN-1's preconditions for an offer: the work item is not accepted, nor anyone's.
    if (!waiting) throw new RejectedCommand(`only a waiting conversation can be offered; this one is ${words(s.state)}: assign it at once instead`);
    if (s.state === 'offered') d.move({ type: 'offer_returned' });
    s.offer = null;
    s.transferFrom = null; // a transfer waiting on an agent gives way to the manager's choice
    s.workItemId = ctx.newId();
    d.emit({
      type: 'offer_direct', workItemId: s.workItemId, agentId: event.toAgentId, byUserId: event.actor.agentId, queueId: s.queueId, offer: event.offer,
      projection: d.changed(),
    });
    d.emit({ type: 'note', note: { kind: 'offered_by_manager' }, agentId: event.toAgentId });
    return;
  }
  if (waiting) d.move({ type: 'accepted' });
  s.assignedAgentId = event.toAgentId;
  if (previous) s.participants = (s.participants ?? []).filter((p) => p !== previous);
  s.offer = null;
  s.workItemId = null;
  s.transferFrom = null;
  s.maxWaitAt = null;
  s.waitTriggers = null;
  s.va = null;
  s.agentEngaged = true;
  d.emit({ type: 'assign_direct', agentId: event.toAgentId, byUserId: event.actor.agentId, previousAgentId: previous, projection: d.changed() });
  d.emit({ type: 'note', note: { kind: 'assigned_by_manager' }, agentId: event.toAgentId });
  // SPEC §7: a live agent is involved now; the requester is waiting for them.
  s.ma = requesterWrote(emptyRuns(s.ma?.actions ?? []), ctx.now);
  d.emit({ type: 'arm_messaging_actions' });
}

export function reassign(d: Draft, event: Input<'reassign'>): void {
  const { s, ctx } = d;
  d.checkActor(event.actor);
  if (s.state !== 'work_in_progress' && s.state !== 'on_hold') throw new RejectedCommand(`cannot reassign while the interaction is ${words(s.state)}`);
  const previous = s.assignedAgentId!;
  // RSN-4: the assignee is cleared and the conversation re-routed, not back to the same agent; the requester is not told.
  d.move({ type: 'queued' });
  s.assignedAgentId = null;
  s.participants = (s.participants ?? []).filter((p) => p !== previous);
  s.ma = null;
  s.workItemId = ctx.newId();
  d.emit({ type: 'note', note: { kind: 'reassigned', reason: event.reason || null }, agentId: previous });
  d.emit({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: d.changed(), excludedAgentIds: [previous], route: true });
  d.emit({ type: 'routing_event', event: 'reassigned', agentId: previous, detail: { byUserId: event.actor.agentId, reason: event.reason ?? null } });
}

export function agentMessage(d: Draft, event: Input<'agent_message'>): void {
  const { s, ctx } = d;
  // REG-2: only the assignee (and AI-15 participants) write to the requester; a manager may end or reassign,
  // not write as the agent.
  const participant = (s.participants ?? []).includes(event.actor.agentId);
  d.checkActor({ ...event.actor, asSupervisor: participant });
  if (!agentMaySend(s.state)) throw new RejectedCommand(`cannot send while the interaction is ${words(s.state)}`);
  s.outbox.push(event.messageId);
  d.emit({ type: 'send', messageId: event.messageId });
  if (s.ma) s.ma = agentWrote(s.ma, ctx.now);
}

export function holdOrResume(d: Draft, event: Input<'hold' | 'resume'>): void {
  d.checkActor(event.actor);
  d.moveFor({ type: event.type });
  d.emit({ type: 'project', projection: d.changed() });
}

export function end(d: Draft, event: Input<'end'>): void {
  const { s, ctx } = d;
  d.checkActor(event.actor);
  d.moveFor({ type: 'end', outcome: event.outcome });
  s.closeReason = 'agent_ended';
  s.offer = null;
  d.emit({ type: 'close', projection: d.changed() });
  d.emit({ type: 'note', note: { kind: 'ended', outcome: event.outcome }, agentId: event.actor.agentId });
  // SYS-1: a person closed it: the requester is told (a system or timeout close is never texted).
  d.emit({ type: 'system_text', key: 'conversation_closed', messageId: ctx.newId() });
}
