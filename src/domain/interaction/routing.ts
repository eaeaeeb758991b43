// Inputs of the routing family: the work item was queued, offered, returned, accepted, or its offer's deadline was
// settled (SPEC §5, SYS-2, SYS-3, TRF-3, WI-3/WI-4).
import { isClosed } from '../interaction-state';
import { emptyRuns, requesterWrote } from '../messaging-actions';
import type { InteractionSnapshot } from './state';
import type { Draft } from './draft';
import type { DecideContext, Decision, DecisionEvent, Effect } from './types';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

export function enqueued(d: Draft, event: Input<'enqueued'>): Decision | void {
  const { s, ctx, current } = d;
  if (isClosed(s.state)) return d.unchanged();
  // the queue the conditions chose (the enqueue wrote it to the read model in the same transaction).
  if (event.queueId && event.queueId !== s.queueId) s.queueId = event.queueId;
  // the max wait is counted from this queueing; its text goes out once per conversation.
  if (event.maxWaitSeconds && !s.maxWaitTextSent && (s.state === 'queued' || s.state === 'offered')) {
    s.maxWaitAt = ctx.now + event.maxWaitSeconds * 1000;
    s.maxWaitText = event.maxWaitText ?? null;
    // VA-14: only results of queues whose max wait names a topic carry one (once per conversation, as triggers).
    if (event.maxWaitTopicId && !s.triggerTopicRun) s.maxWaitTopicId = event.maxWaitTopicId;
    else if (s.maxWaitTopicId) s.maxWaitTopicId = null;
  }
  // the queue's wait triggers count from this queueing too (a transfer or reassign starts them again).
  if (event.waitTriggers?.length && (s.state === 'queued' || s.state === 'offered')) {
    // VA-14: a trigger's topic takes the requester out of the queue once per conversation; later queueings only text.
    s.waitTriggers = event.waitTriggers
      .map((t) => ({ at: ctx.now + t.afterSeconds * 1000, text: t.text, ...(t.topicId && !s.triggerTopicRun ? { topicId: t.topicId } : {}) }))
      .sort((a, b) => a.at - b.at);
  }
  // SYS-3/VA-12: nobody Available to take it: the requester hears so, once; the conversation still waits.
  if (event.agentsAvailable || s.noAgentsTextSent) {
    if (s.queueId === current.queueId && s.maxWaitAt === current.maxWaitAt && s.waitTriggers === current.waitTriggers) return d.unchanged();
    return;
  }
  s.noAgentsTextSent = true;
  d.emit({ type: 'system_text', key: 'no_agents_available', messageId: ctx.newId() });
}

export function offered(d: Draft, event: Input<'offered'>): Decision | void {
  const { s } = d;
  // Stale offers (an older work item, an interaction no longer waiting) are ignored.
  if (s.workItemId !== event.offer.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return d.unchanged();
  s.offer = event.offer;
  d.move({ type: 'offered' });
  d.emit({ type: 'project', projection: d.changed() });
}

export function offerReturned(d: Draft, event: Input<'offer_returned'>): Decision | void {
  const { s, ctx } = d;
  if (!s.offer || s.offer.workItemId !== event.workItemId || s.offer.offerId !== event.offerId) return d.unchanged();
  s.offer = null;
  if (s.transferFrom?.workItemId === event.workItemId) {
    // TRF-3 (ref Q25): the transfer was rejected or expired: the conversation stays with the transferring agent.
    const back = s.transferFrom.agentId;
    s.transferFrom = null;
    s.workItemId = null;
    s.assignedAgentId = back;
    d.move({ type: 'accepted' });
    s.ma = requesterWrote(emptyRuns(), ctx.now);
    d.emit({ type: 'project', projection: d.changed() });
    d.emit({ type: 'note', note: { kind: 'transfer_not_accepted' }, agentId: back });
    d.emit({ type: 'notify_agent', agentId: back, text: 'Your transfer was not accepted; the conversation is back with you.' });
    d.emit({ type: 'arm_messaging_actions' });
    return;
  }
  d.move({ type: 'offer_returned' });
  d.emit({ type: 'project', projection: d.changed() });
}

export function assigned(d: Draft, event: Input<'assigned'>): Decision | void {
  const { s, ctx } = d;
  if (s.workItemId !== event.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return d.unchanged();
  s.offer = null;
  s.assignedAgentId = event.agentId;
  s.va = null;
  s.transferFrom = null;
  s.maxWaitAt = null;
  s.waitTriggers = null;
  s.agentEngaged = true;
  d.move({ type: 'accepted' });
  d.emit({ type: 'project', projection: d.changed() });
  d.emit({ type: 'note', note: { kind: 'accepted' }, agentId: event.agentId });
  // SPEC §7 (ref Q4): messaging actions apply once a live agent is involved; the requester is waiting for them now.
  s.ma = requesterWrote(emptyRuns(s.ma?.actions ?? []), ctx.now);
  d.emit({ type: 'arm_messaging_actions' });
  // SYS-2: the queue's initial agent response (the admin decides whether it is on).
  d.emit({ type: 'system_text', key: 'agent_accepted', messageId: ctx.newId(), agentId: event.agentId });
}

type Decide = (current: InteractionSnapshot, event: DecisionEvent, ctx: DecideContext) => Decision;

/** WI-3/WI-4: the work item's row is the truth: the offer may have been accepted or re-offered meanwhile. */
export function offerSettled(d: Draft, event: Input<'offer_settled'>, decide: Decide): Decision {
  const { current, ctx } = d;
  const { offer, after } = event;
  if (d.s.offer?.offerId !== offer.offerId) return d.unchanged();
  if (after.state === 'accepted') return decide(current, { type: 'assigned', workItemId: offer.workItemId, agentId: after.agentId }, ctx);
  if (after.state === 'offered') {
    const returned = decide(current, { type: 'offer_returned', workItemId: offer.workItemId, offerId: offer.offerId }, ctx);
    const reoffered = decide(returned.snapshot, { type: 'offered', offer: after.offer }, ctx);
    return { snapshot: reoffered.snapshot, effects: lastProjection([...returned.effects, ...reoffered.effects]) };
  }
  return decide(current, { type: 'offer_returned', workItemId: offer.workItemId, offerId: offer.offerId }, ctx);
}

/** Only the newest of several projections in one decision needs writing. */
function lastProjection(effects: Effect[]): Effect[] {
  const last = effects.filter((c) => c.type === 'project').pop();
  return [...effects.filter((c) => c.type !== 'project'), ...(last ? [last] : [])];
}
