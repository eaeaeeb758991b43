// The interaction decider's vocabulary: the inputs it takes (what people asked for, what activities found, timers
// that fired), the effects it returns, and the refusal it throws. Workflow-safe and pure.
import type { ActorInput, InteractionSnapshot, ManualOffer, Offer } from './state';
import type { SystemTextKey } from '../system-text-keys';
import type { VaOutcome, VaSession } from '../va-session';
import type { CloseReason, InteractionState } from '../interaction-state';
import type { OpenWorkItemRow, OrphanRow } from '../adoption';
import type { ArmedAction, MaAction, MaEvent, MaTargetState } from '../messaging-actions';
import type { Keyword } from '../opt-out';
import type { Note } from './notes';

/** A refused command: the caller's request is wrong for the interaction as it is (the api's 409). */
export class RejectedCommand extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RejectedCommand';
  }
}

/** What the workflow owns in the read model (`interactions`), written only by the projection activity. */
export interface Projection {
  interactionId: string;
  version: number;
  state: InteractionState;
  queueId: string | null;
  assignedAgentId: string | null;
  closeReason: CloseReason | null;
}

/** What the work item's row says after an offer's deadline was acted on (the row is the truth). */
export type WorkItemOutcome =
  | { state: 'queued' | 'canceled'; agentId: null; offer: null }
  | { state: 'accepted'; agentId: string; offer: null }
  | { state: 'offered'; agentId: string; offer: Offer };

export type DecisionEvent =
  | { type: 'inbound_signalled' }
  | { type: 'take_in_started' }
  /**
   * Fact from the take-in: the interaction it claimed into (or opened), how many texts it took, the opt-out keywords
   * among them it handled (SPEC §9, in order) and the pair's consent after them, and for a new conversation whether
   * its company number is live-agent-only.
   */
  | {
      type: 'taken_in'; interactionId: string | null; opened: boolean; taken: number; queueId: string | null;
      keywords?: Keyword[]; optedOut?: boolean; liveAgentOnly?: boolean; virtualAgentOnly?: boolean;
      /** INT-5: the last text taken is `bye` (absent in results recorded before INT-5: see TakeInFacts). */
      saidBye?: boolean;
      /**
       * Issue 22: this run had no interaction and the pair had an open one no run owns (its workflow ended without
       * closing it): the texts were claimed into it, and this is what the read model says of it.
       */
      adopted?: { interaction: OrphanRow; workItem: OpenWorkItemRow | null };
    }
  /**
   * Fact from enqueueing: whether any agent was Available (SYS-3 / VA-9 / VA-12), and (since issue 16) the queue the
   * conditions chose with its max wait.
   */
  | {
      type: 'enqueued'; agentsAvailable: boolean; queueId?: string; maxWaitSeconds?: number; maxWaitText?: string | null; maxWaitTopicId?: string;
      /** VA-14: `topicId` only in results of queues whose trigger names a topic. */
      waitTriggers?: { afterSeconds: number; text: string; topicId?: string }[];
    }
  /** TRF-1…3: the assignee (or a manager) hands the conversation to a queue or to one agent. */
  | { type: 'transfer'; actor: ActorInput; toQueueId?: string | null; toAgentId?: string | null; note?: string | null }
  /** MAN-1: a manager gives the conversation to an agent: at once, or with `offer` as an offer to them only. */
  | { type: 'manual_assign'; actor: ActorInput; toAgentId: string; offer?: ManualOffer | null }
  /** RSN-4: the assignee is cleared and the conversation re-routed. */
  | { type: 'reassign'; actor: ActorInput; reason?: string | null }
  /** Fact from the virtual agent's activity: its replies (stored, to send), its session and what comes next. */
  | { type: 'va_turn'; session: VaSession; outcome: VaOutcome; replyIds: string[]; agentsAvailable: boolean; estimatedWaitSeconds?: number }
  /** The virtual agent's activity failed for good: VA-10, hand off. */
  | { type: 'va_failed' }
  /**
   * A system text was stored under this id (an SMS for the requester; see SPEC §8). `holdUntil`: it is an unsolicited
   * text and night for the requester; it may go then (SPEC §9 quiet hours).
   */
  | { type: 'outbound_recorded'; messageId: string; key?: SystemTextKey; holdUntil?: number }
  /** Fact: the active messaging actions to arm timers for (SPEC §7). */
  | { type: 'ma_armed'; actions: ArmedAction[] }
  /** Fact: the due actions re-read and their filters evaluated at fire time (MA-4), and the fresh list. */
  | {
      type: 'ma_evaluated'; actions: ArmedAction[];
      results: { id: string; event: MaEvent; fire: boolean; action: MaAction; promptText: string | null; targetState: MaTargetState | null }[];
    }
  /** The agent's message is stored under `messageId`; it goes out through the outbox. */
  | { type: 'agent_message'; actor: ActorInput; messageId: string }
  | { type: 'sent'; messageId: string }
  | { type: 'hold'; actor: ActorInput }
  | { type: 'resume'; actor: ActorInput }
  | { type: 'end'; actor: ActorInput; outcome: 'complete' | 'abandon' }
  | { type: 'offered'; offer: Offer }
  | { type: 'offer_returned'; workItemId: string; offerId: string }
  | { type: 'assigned'; workItemId: string; agentId: string }
  | { type: 'deadline_reached'; kind: DeadlineKind }
  /** Fact from expiring an offer. */
  | { type: 'offer_settled'; offer: Offer; after: WorkItemOutcome }
  /** SPEC §3: an agent composes to this pair; `requesterUserId` is the fact of whom the active interaction is for. */
  | { type: 'compose'; agentId: string; forUserId: string | null; messageId: string; body: string; requesterUserId: string | null };

/**
 * What the workflow does about a decision (effects, not "commands": an agent's command is an input here). The
 * workflow runs them in order; activities report what they found back as facts.
 */
export type Effect =
  /** Write the read model (coalesced: only the newest version matters). */
  | { type: 'project'; projection: Projection }
  /**
   * Create the work item (with the id the workflow minted) and project, in one transaction. `route`: the queues'
   * conditions choose (Q-2), `queueId` being the fallback; `targetAgentId`: a transfer to that agent (TRF-3).
   */
  | {
      type: 'enqueue'; workItemId: string; queueId: string | null; projection: Projection; excludedAgentIds?: string[]; route?: boolean;
      targetAgentId?: string; transferredBy?: string;
    }
  /** MAN-1: cancel any open work item and project the manual assignment, in one transaction. */
  | { type: 'assign_direct'; agentId: string; byUserId: string; previousAgentId: string | null; projection: Projection }
  /**
   * MAN-1 as an offer: cancel the open work item and queue a new one (`workItemId`) targeted at `agentId` with the
   * manager's options, and project, in one transaction; routing offers it to that agent only.
   */
  | { type: 'offer_direct'; workItemId: string; agentId: string; byUserId: string; queueId: string | null; offer: ManualOffer; projection: Projection }
  /** EV-1: a routing event only the workflow knows of (a transfer, a reassign, a transfer that came back). */
  | { type: 'routing_event'; event: string; agentId?: string | null; detail?: Record<string, unknown> }
  /** Cancel open work items and project the close, in one transaction. */
  | { type: 'close'; projection: Projection }
  | { type: 'expire_offer'; offer: Offer }
  /** The outbox has a message to send (sent in order, one at a time). */
  | { type: 'send'; messageId: string }
  /** Run the virtual agent on the texts it has not answered yet (VA-14: or start a topic). */
  | { type: 'run_va'; session: VaSession; start?: { topicId: string; id: string } }
  /** VA-14: cancel the open work item (withdrawing its offer) and project the interaction back with the virtual agent. */
  | { type: 'leave_queue'; projection: Projection }
  /** Store a system text for the requester under `messageId` (skipped when the admin turned it off). */
  | { type: 'system_text'; key: SystemTextKey; messageId: string; agentId?: string | null; body?: string | null; estimatedWaitSeconds?: number }
  /** Read the active messaging actions (to arm their timers). */
  | { type: 'arm_messaging_actions' }
  /** Re-read the due actions and evaluate their filters (their effects come back as `ma_evaluated`). */
  | { type: 'evaluate_messaging_actions'; due: ArmedAction[] }
  /** MA-5 prompt_agent: a Workspace notification (best effort: a failure stops no other action, MA-11). */
  | { type: 'notify_agent'; agentId: string; text: string }
  /** A stored message that will never go (a held text whose conversation closed): shown as canceled, with why. */
  | { type: 'cancel_outbound'; messageId: string; reason: string }
  /** A note in the transcript for agents only: its kind and facts (words outside the domain), and the agent it names. */
  | { type: 'note'; note: Note; agentId?: string | null }
  /** AI-14/16/17: create an interaction assigned to the composing agent, with its first message and requester. */
  | { type: 'open_composed'; agentId: string; forUserId: string | null; replaceProfile: boolean; messageId: string; body: string; projection: Projection }
  /** AI-15: the composing agent joins the conversation; their message goes into it. */
  | { type: 'join'; interactionId: string; agentId: string; messageId: string; body: string };

export type DeadlineKind = 'offer_timeout' | 'va_idle' | 'messaging_action' | 'quiet_hours' | 'max_wait' | 'queue_trigger';
export interface Deadline {
  kind: DeadlineKind;
  at: number; // epoch ms
  /** messaging_action: which action is due first. */
  actionId?: string;
  event?: MaEvent;
  /** quiet_hours: the held texts that go then. */
  messageIds?: string[];
}

export interface DecideContext {
  now: number;
  /** VA-15: how long a conversation only the virtual agent handled may sit idle. */
  vaIdleCloseMs?: number;
  /** Deterministic ids in the workflow (`uuid4()`), a counter in tests. */
  newId(): string;
}

export interface Decision {
  snapshot: InteractionSnapshot;
  effects: Effect[];
}

