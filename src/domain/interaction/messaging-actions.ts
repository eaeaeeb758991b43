// Inputs of the messaging-action family: the actions armed, their filters evaluated at fire time, and what a fired
// action does (SPEC §7; MA-4, MA-5, MA-11, RSN-1).
import { isClosed } from '../interaction-state';
import { takeDue, type MaAction, type MaTargetState } from '../messaging-actions';
import type { Draft } from './draft';
import type { Decision, DecisionEvent } from './types';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

export function maArmed(d: Draft, event: Input<'ma_armed'>): Decision | void {
  if (!d.s.ma) return d.unchanged();
  d.s.ma = { ...d.s.ma, actions: event.actions };
}

export function maEvaluated(d: Draft, event: Input<'ma_evaluated'>): Decision | void {
  const { s } = d;
  if (!s.ma) return d.unchanged();
  s.ma = { ...s.ma, actions: event.actions };
  if (isClosed(s.state)) return;
  for (const r of event.results.filter((x) => x.fire)) {
    if (isClosed(s.state)) break; // an earlier action of this batch closed it
    applyMessagingAction(d, r);
  }
}

/** SPEC §7: the earliest pending action's timer fired: its due actions are re-read and evaluated (MA-4). */
export function maDue(d: Draft): void {
  const { due, runs } = takeDue(d.s.ma!, d.ctx.now);
  d.s.ma = runs;
  d.emit({ type: 'evaluate_messaging_actions', due });
}

/** MA-5: what a fired messaging action does (state changes decided here, like every other). */
function applyMessagingAction(d: Draft, r: { action: MaAction; promptText: string | null; targetState: MaTargetState | null }): void {
  const { s, ctx } = d;
  const agentId = s.assignedAgentId;
  switch (r.action) {
    case 'prompt_agent':
      if (!agentId) return;
      d.emit({ type: 'notify_agent', agentId, text: r.promptText ?? 'A requester is waiting for your answer.' });
      d.emit({ type: 'note', note: { kind: 'reminder_sent', promptText: r.promptText || null }, agentId });
      return;
    case 'prompt_requester':
      d.emit({ type: 'system_text', key: 'prompt_requester', messageId: ctx.newId(), body: r.promptText });
      return;
    case 'reassign': {
      if (!agentId || (s.state !== 'work_in_progress' && s.state !== 'on_hold')) return;
      // RSN-1: the assignee is cleared and the conversation re-routed, not back to the same agent.
      d.move({ type: 'queued' });
      s.assignedAgentId = null;
      s.ma = null;
      s.workItemId = ctx.newId();
      d.emit({ type: 'note', note: { kind: 'reassigned_by_messaging_action' }, agentId });
      d.emit({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: d.changed(), excludedAgentIds: [agentId], route: true });
      return;
    }
    case 'set_state':
      if (r.targetState === 'on_hold') {
        if (s.state !== 'work_in_progress') return;
        d.move({ type: 'hold' });
        d.emit({ type: 'project', projection: d.changed() }, { type: 'note', note: { kind: 'held_by_messaging_action' } });
        return;
      }
      if (!r.targetState) return;
      // A system close: the requester is not texted (SPEC §8).
      d.move({ type: 'end', outcome: r.targetState === 'closed_complete' ? 'complete' : 'abandon' });
      s.closeReason = 'auto_closed';
      s.offer = null;
      d.emit({ type: 'close', projection: d.changed() }, { type: 'note', note: { kind: 'closed_by_messaging_action', targetState: r.targetState } });
      return;
  }
}
