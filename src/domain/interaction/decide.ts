// Workflow-safe and pure: the ONE place an interaction's state changes (issue 11; the decide/evolve split of
// STYLE.md). The workflow feeds it inputs — what people asked for, what activities found (facts, never a state),
// timers that fired — and runs the effects it returns. Each family of inputs decides in its own module; this file
// only dispatches, exhaustively. Unit tests drive it with a fake clock and id source.
import type { InteractionSnapshot } from './state';
import { isClosed } from '../interaction-state';
import * as agent from './agent-commands';
import { compose } from './compose';
import { deadlineReached } from './deadlines';
import { Draft } from './draft';
import { maArmed, maEvaluated } from './messaging-actions';
import { outboundRecorded, sent } from './outbox';
import * as routing from './routing';
import { inboundSignalled, takeInStarted, takenIn } from './take-in';
import type { DecideContext, Decision, DecisionEvent } from './types';
import { vaTurn } from './virtual-agent';

/**
 * The next snapshot and what to do about it. Refused commands (agent actions not allowed now) throw a
 * RejectedCommand; facts and signals that no longer apply (a stale offer, a late take-in) change nothing.
 */
export function decide(current: InteractionSnapshot, event: DecisionEvent, ctx: DecideContext): Decision {
  const d = new Draft(current, ctx);
  const early = dispatch(d, event);
  if (early) return early;
  if (isClosed(d.s.state)) d.dropHeld(() => true, 'The conversation closed before quiet hours ended: the held text was not sent.');
  return d.done();
}

/** A family's own Decision (nothing changed, or one it composed) is final; otherwise the draft is. */
function dispatch(d: Draft, event: DecisionEvent): Decision | void {
  switch (event.type) {
    case 'inbound_signalled': return inboundSignalled(d);
    case 'take_in_started': return takeInStarted(d);
    case 'taken_in': return takenIn(d, event);
    case 'enqueued': return routing.enqueued(d, event);
    case 'offered': return routing.offered(d, event);
    case 'offer_returned': return routing.offerReturned(d, event);
    case 'assigned': return routing.assigned(d, event);
    case 'offer_settled': return routing.offerSettled(d, event, decide);
    case 'transfer': return agent.transfer(d, event);
    case 'manual_assign': return agent.manualAssign(d, event);
    case 'reassign': return agent.reassign(d, event);
    case 'agent_message': return agent.agentMessage(d, event);
    case 'hold':
    case 'resume': return agent.holdOrResume(d, event);
    case 'end': return agent.end(d, event);
    case 'va_turn':
    case 'va_failed': return vaTurn(d, event);
    case 'ma_armed': return maArmed(d, event);
    case 'ma_evaluated': return maEvaluated(d, event);
    case 'outbound_recorded': return outboundRecorded(d, event);
    case 'sent': return sent(d, event);
    case 'compose': return compose(d, event);
    case 'deadline_reached': return deadlineReached(d, event);
    default: {
      // An input kind added without its family is a type error here, never a silent no-op.
      const unhandled: never = event;
      throw new Error(`no decision for the input ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Throws a RejectedCommand if `event` would be refused; for update validators, which must not change state. */
export function validate(s: InteractionSnapshot, event: DecisionEvent): void {
  decide(s, event, { now: 0, newId: () => 'validation' });
}
