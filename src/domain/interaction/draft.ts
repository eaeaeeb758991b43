// One decision in the making: the snapshot being changed, the effects so far, and the moves every family of inputs
// shares. Each input family (take-in.ts, agent-commands.ts, …) changes the draft only through these and
// `transition()`, so a state change has one shape wherever it is decided.
import type { ActorInput, HeldText, InteractionSnapshot } from './state';
import { isClosed, transition, TransitionError, type InteractionEvent, type InteractionState } from '../interaction-state';
import { RejectedCommand, type DecideContext, type Decision, type Effect, type Projection } from './types';

export function projectionOf(s: InteractionSnapshot): Projection {
  return {
    interactionId: s.interactionId!,
    version: s.version ?? 0,
    state: s.state,
    queueId: s.queueId,
    assignedAgentId: s.assignedAgentId,
    closeReason: s.closeReason ?? null,
  };
}

export const words = (state: InteractionState) => state.replace(/_/g, ' ');

export function partition<T>(xs: T[], test: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(test), xs.filter((x) => !test(x))];
}

export class Draft {
  readonly s: InteractionSnapshot;
  readonly effects: Effect[] = [];

  constructor(
    readonly current: InteractionSnapshot,
    readonly ctx: DecideContext,
  ) {
    this.s = { ...current, outbox: [...current.outbox] };
  }

  /** Every change the read model shows gets a new version, so an older write can never land over it. */
  changed(): Projection {
    this.s.version = (this.s.version ?? 0) + 1;
    return projectionOf(this.s);
  }

  /** Nothing to do: the snapshot as it was, no effects. */
  unchanged(): Decision {
    return { snapshot: this.current, effects: [] };
  }

  done(): Decision {
    return { snapshot: this.s, effects: this.effects };
  }

  emit(...effects: Effect[]): void {
    this.effects.push(...effects);
  }

  /** The state machine's move (interaction-state.ts); a move it does not allow is a bug in the caller. */
  move(event: InteractionEvent): void {
    this.s.state = transition(this.s.state, event);
  }

  /** The same move for an agent's command: one the state does not allow is refused (the api's 409), not a bug. */
  moveFor(event: InteractionEvent): void {
    try {
      this.s.state = transition(this.s.state, event);
    } catch (err) {
      if (err instanceof TransitionError) throw new RejectedCommand(err.message);
      throw err;
    }
  }

  /** Throws a RejectedCommand unless `actor` may act on this interaction now. */
  checkActor(actor: ActorInput): void {
    const s = this.s;
    if (s.interactionId !== actor.interactionId) throw new RejectedCommand('that interaction has ended');
    if (isClosed(s.state)) throw new RejectedCommand(`the interaction is ${words(s.state)}`);
    if (!actor.asSupervisor && s.assignedAgentId !== actor.agentId) {
      throw new RejectedCommand('only the assigned agent can act on this interaction');
    }
  }

  /** Held texts that will never go now are canceled, so the transcript does not show them waiting. */
  dropHeld(which: (h: HeldText) => boolean, reason: string): void {
    const [drop, keep] = partition(this.s.held ?? [], which);
    if (drop.length === 0) return;
    this.s.held = keep;
    for (const h of drop) this.effects.push({ type: 'cancel_outbound', messageId: h.messageId, reason });
  }
}
