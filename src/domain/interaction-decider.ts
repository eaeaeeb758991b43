// Workflow-safe and pure: the ONE place an interaction's state changes (issue 11; the decide/evolve split of
// STYLE.md). The workflow feeds it events — what people asked for and what activities found (facts, never a state) —
// and runs the commands it returns. Unit tests drive it with a fake clock and id source.
import type { ActorInput, ComposeOutcome, HeldText, InteractionSnapshot, LiveView, ManualOffer, Offer } from '../workflows/definitions';
import type { SystemTextKey } from '../system-texts/defaults';
import { newSession as newVaSession, type VaOutcome, type VaSession } from '../virtual-agent/types';
import { agentMaySend, isClosed, transition, TransitionError, type CloseReason, type InteractionState } from './interaction-state';
import { adoptionSnapshot, needsWorkItem, type OpenWorkItemRow, type OrphanRow } from './adoption';
import { agentWrote, emptyRuns, pendingActions, requesterWrote, takeDue, type ArmedAction, type MaAction, type MaEvent, type MaTargetState } from './messaging-actions';
import type { Keyword } from './opt-out';

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
   * conditions chose (Q-2) with its max wait (Q-9).
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

export type Command =
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
  /** A note in the transcript for agents only (`{{agent}}` is the agent's name). */
  | { type: 'note'; text: string; agentId?: string | null }
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
  commands: Command[];
}

export function initialSnapshot(): InteractionSnapshot {
  return {
    interactionId: null,
    state: 'new',
    queueId: null,
    assignedAgentId: null,
    workItemId: null,
    offer: null,
    outbox: [],
    inboundPending: true,
    runs: 0,
    closeReason: null,
    version: 0,
    va: null,
  };
}

/** VA-15's default idle timeout (2 h). */
export const VA_IDLE_CLOSE_MS = 2 * 3600_000;
const VA_HANDOFF_NOTES: Record<string, string> = {
  requested: 'The requester asked for a person: the virtual agent handed off.',
  topic: 'The virtual agent handed off (its topic asks for a person).',
  fallback: 'The virtual agent did not understand twice and handed off.',
  error: 'The virtual agent failed and handed off.',
};

/**
 * VA-15/VA-16, INT-6/9/10: why an idle conversation with the virtual agent closes. Sessions recorded before the
 * virtual agent counted turns carry neither fact and close as `no_activity`, as they did.
 */
export function vaIdleReason(va: VaSession | null | undefined): 'no_activity' | 'no_user_response' | 'topic_complete' {
  if (va?.topicDone) return 'topic_complete'; // INT-10: a topic done, "anything else?" unanswered
  if ((va?.turns ?? 0) >= 2) return 'no_user_response'; // INT-9: they answered the virtual agent, then went quiet
  return 'no_activity'; // INT-6: only their first text
}
const VA_IDLE_NOTES: Record<ReturnType<typeof vaIdleReason>, string> = {
  no_activity: 'Closed: no reply to the virtual agent within the idle timeout.',
  no_user_response: 'Closed: the requester stopped answering the virtual agent (idle timeout).',
  topic_complete: 'Closed: the topic was done and “anything else?” had no answer (idle timeout).',
};

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

const words = (state: InteractionState) => state.replace(/_/g, ' ');

/** Throws a RejectedCommand unless `actor` may act on this interaction now. */
function checkActor(s: InteractionSnapshot, actor: ActorInput): void {
  if (s.interactionId !== actor.interactionId) throw new RejectedCommand('that interaction has ended');
  if (isClosed(s.state)) throw new RejectedCommand(`the interaction is ${words(s.state)}`);
  if (!actor.asSupervisor && s.assignedAgentId !== actor.agentId) {
    throw new RejectedCommand('only the assigned agent can act on this interaction');
  }
}

function to(s: InteractionSnapshot, event: Parameters<typeof transition>[1]): InteractionState {
  try {
    return transition(s.state, event);
  } catch (err) {
    if (err instanceof TransitionError) throw new RejectedCommand(err.message);
    throw err;
  }
}

/**
 * The next snapshot and what to do about it. Refused commands (agent actions not allowed now) throw a
 * RejectedCommand; facts and signals that no longer apply (a stale offer, a late take-in) change nothing.
 */
export function decide(current: InteractionSnapshot, event: DecisionEvent, ctx: DecideContext): Decision {
  const s: InteractionSnapshot = { ...current, outbox: [...current.outbox] };
  const commands: Command[] = [];
  /** Every change the read model shows gets a new version, so an older write can never land over it. */
  const changed = () => {
    s.version = (s.version ?? 0) + 1;
    return projectionOf(s);
  };
  const unchanged = (): Decision => ({ snapshot: current, commands: [] });

  /** MA-5: what a fired messaging action does (state changes decided here, like every other). */
  const applyMessagingAction = (r: { action: MaAction; promptText: string | null; targetState: MaTargetState | null }) => {
    const agentId = s.assignedAgentId;
    switch (r.action) {
      case 'prompt_agent':
        if (!agentId) return;
        commands.push({ type: 'notify_agent', agentId, text: r.promptText ?? 'A requester is waiting for your answer.' });
        commands.push({ type: 'note', text: `Reminder sent to {{agent}}${r.promptText ? `: ${r.promptText}` : '.'}`, agentId });
        return;
      case 'prompt_requester':
        commands.push({ type: 'system_text', key: 'prompt_requester', messageId: ctx.newId(), body: r.promptText });
        return;
      case 'reassign': {
        if (!agentId || (s.state !== 'work_in_progress' && s.state !== 'on_hold')) return;
        // RSN-1: the assignee is cleared and the conversation re-routed, not back to the same agent.
        s.state = transition(s.state, { type: 'queued' });
        s.assignedAgentId = null;
        s.ma = null;
        s.workItemId = ctx.newId();
        commands.push({ type: 'note', text: 'Reassigned by a messaging action: {{agent}} did not answer in time.', agentId });
        commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: changed(), excludedAgentIds: [agentId], route: true });
        return;
      }
      case 'set_state':
        if (r.targetState === 'on_hold') {
          if (s.state !== 'work_in_progress') return;
          s.state = transition(s.state, { type: 'hold' });
          commands.push({ type: 'project', projection: changed() }, { type: 'note', text: 'Put on hold by a messaging action.' });
          return;
        }
        if (!r.targetState) return;
        // A system close: the requester is not texted (SPEC §8).
        s.state = r.targetState;
        s.closeReason = 'auto_closed';
        s.offer = null;
        commands.push({ type: 'close', projection: changed() }, { type: 'note', text: `Closed (${r.targetState.replace('_', ' ')}) by a messaging action.` });
        return;
    }
  };

  /** Held texts that will never go now are canceled, so the transcript does not show them waiting. */
  const dropHeld = (which: (h: HeldText) => boolean, reason: string) => {
    const [drop, keep] = partition(s.held ?? [], which);
    if (drop.length === 0) return;
    s.held = keep;
    for (const h of drop) commands.push({ type: 'cancel_outbound', messageId: h.messageId, reason });
  };

  /**
   * Issue 22: an open interaction whose run ended without closing it is this run's now, as the read model has it. One
   * waiting for live agents without a work item, or with the virtual agent (whose session is lost), is queued (Q-2's
   * conditions choose); an assigned one arms its messaging actions.
   */
  const adopt = (row: OrphanRow, item: OpenWorkItemRow | null) => {
    const queue = needsWorkItem(row, item);
    Object.assign(s, adoptionSnapshot(row, queue ? null : item, ctx.now, { queueAgain: queue }), { inboundPending: s.inboundPending, outbox: s.outbox, runs: s.runs });
    commands.push({ type: 'note', text: 'The conversation was taken over by a new workflow run: the previous one ended without closing it.' });
    if (queue) {
      s.workItemId = ctx.newId();
      commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: changed(), route: true });
    } else if (s.assignedAgentId) {
      s.ma = requesterWrote(emptyRuns(), ctx.now);
      commands.push({ type: 'arm_messaging_actions' });
    }
  };

  /**
   * RI-9/VA-13: on a number whose requesters stay with the virtual agent there is nobody to hand off to. Asked for a
   * person (or handed off by a topic or the fallback), the requester is told so and is back at the topic picker; an
   * engine that failed (VA-10) cannot go on, so the conversation closes with the reason `error` (INT-12).
   */
  const vaOnlyHandoff = (reason: 'requested' | 'topic' | 'fallback' | 'error') => {
    if (reason === 'error') {
      s.state = transition(s.state, { type: 'end', outcome: 'complete' });
      s.closeReason = 'error';
      commands.push({ type: 'close', projection: changed() });
      commands.push({ type: 'note', text: 'Closed: the virtual agent failed, and live agents do not answer on this number.' });
      return;
    }
    if (s.va) s.va = { ...s.va, topicId: null, stepId: null, unrecognised: 0 };
    commands.push({ type: 'system_text', key: 'va_no_live_agents', messageId: ctx.newId() });
    commands.push({ type: 'note', text: 'Asked for a person: live agents do not answer on this number; the virtual agent goes on.' });
  };

  /**
   * VA-14 (Q-9/Q-10): a trigger or the max wait names a topic: the requester leaves the queue (the offer is withdrawn)
   * and the virtual agent starts it. They go back to a queue only by asking for a person again.
   */
  const leaveQueueForTopic = (topicId: string, why: string) => {
    s.state = transition(s.state, { type: 'virtual_agent' });
    Object.assign(s, {
      workItemId: null, offer: null, maxWaitAt: null, maxWaitTopicId: null, waitTriggers: null, transferFrom: null, triggerTopicRun: true,
    } satisfies Partial<InteractionSnapshot>);
    s.va = s.va ?? newVaSession();
    s.lastInboundAt = ctx.now; // VA-15's idle timeout counts from the topic's start
    commands.push({ type: 'leave_queue', projection: changed() });
    commands.push({ type: 'note', text: `${why} took the requester out of the queue, to a virtual agent topic.` });
    commands.push({ type: 'run_va', session: s.va, start: { topicId, id: ctx.newId() } });
  };

  switch (event.type) {
    case 'inbound_signalled':
      s.inboundPending = true;
      break;

    case 'take_in_started':
      s.inboundPending = false;
      break;

    case 'taken_in': {
      const keywords = event.keywords ?? [];
      const conversational = event.taken - keywords.length;
      // SPEC §9: opt-out keywords are answered before the virtual agent or an agent sees them (the answers reach
      // even a number that just opted out).
      const answerKeywords = () => {
        for (const k of keywords) {
          commands.push({ type: 'system_text', key: k === 'stop' ? 'opt_out_confirmation' : k === 'start' ? 'opt_in_confirmation' : 'help', messageId: ctx.newId() });
          if (k !== 'help') commands.push({ type: 'note', text: k === 'stop' ? 'The requester opted out (STOP): nothing more can be sent to them.' : 'The requester opted back in (START).' });
        }
      };
      if (s.interactionId === null && event.adopted) {
        adopt(event.adopted.interaction, event.adopted.workItem);
        if (event.taken === 0) break;
      } else if (s.interactionId === null) {
        if (event.interactionId === null || !event.opened) return unchanged(); // a duplicate wake-up: nothing to open
        s.interactionId = event.interactionId;
        s.queueId = event.queueId;
        s.lastInboundAt = ctx.now;
        answerKeywords();
        if (event.optedOut || conversational === 0) {
          // SPEC §9: an opted-out number, or texts that were only keywords, never become new work.
          s.state = transition(s.state, { type: 'end', outcome: 'complete' });
          s.closeReason = 'auto_closed';
          commands.push({ type: 'close', projection: changed() });
          break;
        }
        if (event.liveAgentOnly === false) {
          if (event.virtualAgentOnly) s.vaOnly = true;
          // RI-2/VA-12: the virtual agent answers first.
          s.state = transition(s.state, { type: 'virtual_agent' });
          s.va = newVaSession();
          commands.push({ type: 'project', projection: changed() }, { type: 'run_va', session: s.va });
          break;
        }
        s.state = transition(s.state, { type: 'queued' });
        s.workItemId = ctx.newId();
        commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: changed(), route: true });
        break;
      }
      if (isClosed(s.state)) {
        // RI-6: the conversation closed while the take-in was in flight. Texts it could not take belong to the next
        // interaction: a fresh run takes them (and ends at once if there are none).
        if (event.taken === 0) s.inboundPending = true;
        break;
      }
      if (event.taken === 0) return unchanged();
      answerKeywords();
      // INT-5: they asked for a person and, before anyone took the conversation, said bye or opted out. Only results
      // that carry `saidBye` decide so (older histories kept waiting in the queue).
      const leaving = event.saidBye || (event.optedOut === true && keywords.includes('stop'));
      if (event.saidBye !== undefined && leaving && (s.state === 'queued' || s.state === 'offered') && !s.agentEngaged) {
        s.state = transition(s.state, { type: 'end', outcome: 'abandon' });
        s.closeReason = 'left_before_engagement';
        s.offer = null;
        commands.push({ type: 'close', projection: changed() });
        commands.push({ type: 'note', text: event.saidBye ? 'The requester said bye before an agent took the conversation.' : 'The requester opted out before an agent took the conversation.' });
        // SYS-1 (SPEC §8): the requester closed it, as `bye` to the virtual agent is answered; an opted-out number gets nothing.
        if (event.saidBye && !event.optedOut) commands.push({ type: 'system_text', key: 'conversation_closed', messageId: ctx.newId() });
        break;
      }
      if (conversational === 0) break;
      s.lastInboundAt = ctx.now;
      if (s.ma) s.ma = requesterWrote(s.ma, ctx.now);
      // A held "are you still there?" is moot once they wrote (their text ended the run that prompted it, MA-8).
      dropHeld((h) => h.key === 'prompt_requester', 'The requester wrote before quiet hours ended: the held prompt was not sent.');
      // RI-4: in a virtual agent conversation the text is the next answer to its current step.
      if (s.state === 'virtual_agent' && s.va) {
        commands.push({ type: 'run_va', session: s.va });
        break;
      }
      const next = transition(s.state, { type: 'requester_message' }); // SPEC §4: a text into on_hold resumes it
      if (next === s.state) break;
      s.state = next;
      commands.push({ type: 'project', projection: changed() });
      break;
    }

    case 'enqueued': {
      if (isClosed(s.state)) return unchanged();
      // Q-2: the queue the conditions chose (the enqueue wrote it to the read model in the same transaction).
      if (event.queueId && event.queueId !== s.queueId) s.queueId = event.queueId;
      // Q-9: the max wait is counted from this queueing; its text goes out once per conversation.
      if (event.maxWaitSeconds && !s.maxWaitTextSent && (s.state === 'queued' || s.state === 'offered')) {
        s.maxWaitAt = ctx.now + event.maxWaitSeconds * 1000;
        s.maxWaitText = event.maxWaitText ?? null;
        // VA-14: only results of queues whose max wait names a topic carry one (once per conversation, as triggers).
        if (event.maxWaitTopicId && !s.triggerTopicRun) s.maxWaitTopicId = event.maxWaitTopicId;
        else if (s.maxWaitTopicId) s.maxWaitTopicId = null;
      }
      // Q-10: the queue's wait triggers count from this queueing too (a transfer or reassign starts them again).
      if (event.waitTriggers?.length && (s.state === 'queued' || s.state === 'offered')) {
        // VA-14: a trigger's topic takes the requester out of the queue once per conversation; later queueings only text.
        s.waitTriggers = event.waitTriggers
          .map((t) => ({ at: ctx.now + t.afterSeconds * 1000, text: t.text, ...(t.topicId && !s.triggerTopicRun ? { topicId: t.topicId } : {}) }))
          .sort((a, b) => a.at - b.at);
      }
      // SYS-3/VA-12: nobody Available to take it: the requester hears so, once; the conversation still waits.
      if (event.agentsAvailable || s.noAgentsTextSent) {
        if (s.queueId === current.queueId && s.maxWaitAt === current.maxWaitAt && s.waitTriggers === current.waitTriggers) return unchanged();
        break;
      }
      s.noAgentsTextSent = true;
      commands.push({ type: 'system_text', key: 'no_agents_available', messageId: ctx.newId() });
      break;
    }

    case 'transfer': {
      checkActor(s, event.actor);
      if (s.state !== 'work_in_progress' && s.state !== 'on_hold') throw new RejectedCommand(`cannot transfer while the interaction is ${words(s.state)}`);
      const from = s.assignedAgentId!;
      if (event.toAgentId && event.toAgentId === from) throw new RejectedCommand('the interaction is already assigned to that agent');
      if (!event.toAgentId && !event.toQueueId) throw new RejectedCommand('name a queue or an agent to transfer to');
      // TRF-2/REG-2: the transferring agent's capacity is freed and they can no longer send.
      s.state = transition(s.state, { type: 'queued' });
      s.assignedAgentId = null;
      s.participants = (s.participants ?? []).filter((p) => p !== from);
      s.ma = null;
      s.offer = null;
      s.workItemId = ctx.newId();
      const note = event.note?.trim() ? `: “${event.note.trim()}”` : '.';
      if (event.toAgentId) {
        s.transferFrom = { agentId: from, workItemId: s.workItemId };
        commands.push({ type: 'note', text: `{{agent}} transferred the conversation to another agent${note}`, agentId: event.actor.agentId });
        commands.push({
          type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: changed(), route: s.queueId === null, targetAgentId: event.toAgentId, transferredBy: from,
        });
      } else {
        s.transferFrom = null;
        s.queueId = event.toQueueId!;
        commands.push({ type: 'note', text: `{{agent}} transferred the conversation to another queue${note}`, agentId: event.actor.agentId });
        commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: event.toQueueId!, projection: changed(), excludedAgentIds: [from], transferredBy: from });
      }
      commands.push({
        type: 'routing_event', event: 'transferred', agentId: event.toAgentId ?? null,
        detail: { byUserId: event.actor.agentId, fromAgentId: from, toQueueId: event.toQueueId ?? null, toAgentId: event.toAgentId ?? null, note: event.note ?? null },
      });
      break;
    }

    case 'manual_assign': {
      if (!event.actor.asSupervisor) throw new RejectedCommand('only a manager can assign an interaction');
      checkActor(s, event.actor);
      if (s.state !== 'queued' && s.state !== 'offered' && s.state !== 'work_in_progress' && s.state !== 'on_hold') {
        throw new RejectedCommand(`cannot assign while the interaction is ${words(s.state)}`);
      }
      if (s.assignedAgentId === event.toAgentId) throw new RejectedCommand('the interaction is already assigned to that agent');
      const previous = s.assignedAgentId;
      const waiting = s.state === 'queued' || s.state === 'offered';
      if (event.offer) {
        // MAN-1's preconditions for an offer: the work item is not accepted, nor anyone's.
        if (!waiting) throw new RejectedCommand(`only a waiting conversation can be offered; this one is ${words(s.state)}: assign it at once instead`);
        if (s.state === 'offered') s.state = transition(s.state, { type: 'offer_returned' });
        s.offer = null;
        s.transferFrom = null; // a transfer waiting on an agent gives way to the manager's choice
        s.workItemId = ctx.newId();
        commands.push({
          type: 'offer_direct', workItemId: s.workItemId, agentId: event.toAgentId, byUserId: event.actor.agentId, queueId: s.queueId, offer: event.offer,
          projection: changed(),
        });
        commands.push({ type: 'note', text: 'A manager offered the conversation to {{agent}}.', agentId: event.toAgentId });
        break;
      }
      if (waiting) s.state = transition(s.state, { type: 'accepted' });
      s.assignedAgentId = event.toAgentId;
      if (previous) s.participants = (s.participants ?? []).filter((p) => p !== previous);
      s.offer = null;
      s.workItemId = null;
      s.transferFrom = null;
      s.maxWaitAt = null;
      s.waitTriggers = null;
      s.va = null;
      s.agentEngaged = true;
      commands.push({ type: 'assign_direct', agentId: event.toAgentId, byUserId: event.actor.agentId, previousAgentId: previous, projection: changed() });
      commands.push({ type: 'note', text: '{{agent}} was assigned the conversation by a manager.', agentId: event.toAgentId });
      // SPEC §7: a live agent is involved now; the requester is waiting for them.
      s.ma = requesterWrote(emptyRuns(s.ma?.actions ?? []), ctx.now);
      commands.push({ type: 'arm_messaging_actions' });
      break;
    }

    case 'reassign': {
      checkActor(s, event.actor);
      if (s.state !== 'work_in_progress' && s.state !== 'on_hold') throw new RejectedCommand(`cannot reassign while the interaction is ${words(s.state)}`);
      const previous = s.assignedAgentId!;
      // RSN-4: the assignee is cleared and the conversation re-routed, not back to the same agent; the requester is not told.
      s.state = transition(s.state, { type: 'queued' });
      s.assignedAgentId = null;
      s.participants = (s.participants ?? []).filter((p) => p !== previous);
      s.ma = null;
      s.workItemId = ctx.newId();
      commands.push({ type: 'note', text: `Reassigned: taken from {{agent}}${event.reason ? ` (${event.reason})` : ''}.`, agentId: previous });
      commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: changed(), excludedAgentIds: [previous], route: true });
      commands.push({ type: 'routing_event', event: 'reassigned', agentId: previous, detail: { byUserId: event.actor.agentId, reason: event.reason ?? null } });
      break;
    }

    case 'va_turn':
    case 'va_failed': {
      if (s.state !== 'virtual_agent') return unchanged(); // handed off or closed meanwhile
      const outcome: VaOutcome = event.type === 'va_failed' ? { kind: 'handoff', reason: 'error' } : event.outcome;
      if (event.type === 'va_turn') {
        s.va = event.session;
        for (const id of event.replyIds) {
          s.outbox.push(id);
          commands.push({ type: 'send', messageId: id });
        }
      }
      if (outcome.kind === 'end') {
        s.state = transition(s.state, { type: 'end', outcome: 'complete' });
        s.closeReason = outcome.reason;
        commands.push({ type: 'close', projection: changed() });
      } else if (outcome.kind === 'handoff' && s.vaOnly) {
        vaOnlyHandoff(outcome.reason);
      } else if (outcome.kind === 'handoff') {
        // VA-8…10 (SPEC §6: SMS is asynchronous, so with nobody Available it still queues, after saying so once).
        const available = event.type === 'va_turn' && event.agentsAvailable;
        s.state = transition(s.state, { type: 'queued' });
        s.workItemId = ctx.newId();
        commands.push({ type: 'note', text: VA_HANDOFF_NOTES[outcome.reason] });
        // VA-11: the wait to expect, said once in the transfer text (SMS gets no per-minute refresh).
        const estimate = available && event.type === 'va_turn' && event.estimatedWaitSeconds !== undefined ? { estimatedWaitSeconds: event.estimatedWaitSeconds } : {};
        commands.push({ type: 'system_text', key: available ? 'va_transfer' : 'no_agents_available', messageId: ctx.newId(), ...estimate });
        if (!available) s.noAgentsTextSent = true;
        commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: changed(), route: true });
      }
      break;
    }

    case 'ma_armed':
      if (!s.ma) return unchanged();
      s.ma = { ...s.ma, actions: event.actions };
      break;

    case 'ma_evaluated': {
      if (!s.ma) return unchanged();
      s.ma = { ...s.ma, actions: event.actions };
      if (isClosed(s.state)) break;
      for (const r of event.results.filter((x) => x.fire)) {
        if (isClosed(s.state)) break; // an earlier action of this batch closed it
        applyMessagingAction(r);
      }
      break;
    }

    case 'outbound_recorded':
      if (s.outbox.includes(event.messageId) || (s.held ?? []).some((h) => h.messageId === event.messageId)) return unchanged();
      if (event.holdUntil !== undefined && event.holdUntil > ctx.now) {
        // SPEC §9: night for the requester: the text waits for the morning on a durable timer.
        s.held = [...(s.held ?? []), { messageId: event.messageId, key: event.key ?? 'prompt_requester', until: event.holdUntil }];
        break;
      }
      s.outbox.push(event.messageId);
      commands.push({ type: 'send', messageId: event.messageId });
      break;

    case 'agent_message': {
      // REG-2: only the assignee (and AI-15 participants) write to the requester; a manager may end or reassign,
      // not write as the agent.
      const participant = (s.participants ?? []).includes(event.actor.agentId);
      checkActor(s, { ...event.actor, asSupervisor: participant });
      if (!agentMaySend(s.state)) throw new RejectedCommand(`cannot send while the interaction is ${words(s.state)}`);
      s.outbox.push(event.messageId);
      commands.push({ type: 'send', messageId: event.messageId });
      if (s.ma) s.ma = agentWrote(s.ma, ctx.now);
      break;
    }

    case 'compose': {
      const outcome = composeOutcome(s, event);
      if (outcome === 'joined') {
        if (s.assignedAgentId !== event.agentId && !(s.participants ?? []).includes(event.agentId)) {
          s.participants = [...(s.participants ?? []), event.agentId];
        }
        s.outbox.push(event.messageId);
        commands.push({ type: 'join', interactionId: s.interactionId!, agentId: event.agentId, messageId: event.messageId, body: event.body });
        commands.push({ type: 'send', messageId: event.messageId });
        if (s.ma) s.ma = agentWrote(s.ma, ctx.now);
        break;
      }
      if (outcome !== 'created') {
        // AI-16/AI-17: the active conversation closes (a system close: nothing is texted) before the new one opens.
        s.state = transition(s.state, { type: 'end', outcome: 'complete' });
        s.closeReason = 'auto_closed';
        s.offer = null;
        commands.push({ type: 'close', projection: changed() });
      }
      // AI-14: a new interaction assigned straight to the sender, no offer. Versions go on counting across the
      // interactions of one run (the guard is per row, and a new row starts at 0).
      Object.assign(s, {
        interactionId: ctx.newId(), state: 'work_in_progress', assignedAgentId: event.agentId, queueId: null, workItemId: null,
        offer: null, closeReason: null, participants: [], outbox: [...s.outbox, event.messageId],
        // What belonged to the closed interaction of this run does not carry over to the one composed (issue 22).
        va: null, agentEngaged: true, noAgentsTextSent: false, maxWaitAt: null, maxWaitText: null, maxWaitTopicId: null, maxWaitTextSent: false, waitTriggers: null, transferFrom: null,
      } satisfies Partial<InteractionSnapshot>);
      commands.push({
        type: 'open_composed', agentId: event.agentId, forUserId: event.forUserId, replaceProfile: outcome === 'replaced_requester',
        messageId: event.messageId, body: event.body, projection: changed(),
      });
      commands.push({ type: 'send', messageId: event.messageId });
      // SPEC §7: a live agent is involved from the first message: the agent-waiting run starts with it.
      s.ma = agentWrote(emptyRuns(), ctx.now);
      commands.push({ type: 'arm_messaging_actions' });
      break;
    }

    case 'sent':
      if (s.outbox[0] !== event.messageId) return unchanged();
      s.outbox.shift();
      break;

    case 'hold':
    case 'resume':
      checkActor(s, event.actor);
      s.state = to(s, { type: event.type });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'end':
      checkActor(s, event.actor);
      s.state = to(s, { type: 'end', outcome: event.outcome });
      s.closeReason = 'agent_ended';
      s.offer = null;
      commands.push({ type: 'close', projection: changed() });
      commands.push({ type: 'note', text: `{{agent}} ended the conversation (${event.outcome}).`, agentId: event.actor.agentId });
      // SYS-1: a person closed it: the requester is told (a system or timeout close is never texted).
      commands.push({ type: 'system_text', key: 'conversation_closed', messageId: ctx.newId() });
      break;

    case 'offered':
      // Stale offers (an older work item, an interaction no longer waiting) are ignored.
      if (s.workItemId !== event.offer.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return unchanged();
      s.offer = event.offer;
      s.state = transition(s.state, { type: 'offered' });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'offer_returned':
      if (!s.offer || s.offer.workItemId !== event.workItemId || s.offer.offerId !== event.offerId) return unchanged();
      s.offer = null;
      if (s.transferFrom?.workItemId === event.workItemId) {
        // TRF-3 (ref Q25): the transfer was rejected or expired: the conversation stays with the transferring agent.
        const back = s.transferFrom.agentId;
        s.transferFrom = null;
        s.workItemId = null;
        s.assignedAgentId = back;
        s.state = transition(s.state, { type: 'accepted' });
        s.ma = requesterWrote(emptyRuns(), ctx.now);
        commands.push({ type: 'project', projection: changed() });
        commands.push({ type: 'note', text: 'The transfer was not accepted: the conversation is back with {{agent}}.', agentId: back });
        commands.push({ type: 'notify_agent', agentId: back, text: 'Your transfer was not accepted; the conversation is back with you.' });
        commands.push({ type: 'arm_messaging_actions' });
        break;
      }
      s.state = transition(s.state, { type: 'offer_returned' });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'assigned':
      if (s.workItemId !== event.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return unchanged();
      s.offer = null;
      s.assignedAgentId = event.agentId;
      s.va = null;
      s.transferFrom = null;
      s.maxWaitAt = null;
      s.waitTriggers = null;
      s.agentEngaged = true;
      s.state = transition(s.state, { type: 'accepted' });
      commands.push({ type: 'project', projection: changed() });
      commands.push({ type: 'note', text: '{{agent}} accepted the conversation.', agentId: event.agentId });
      // SPEC §7 (ref Q4): messaging actions apply once a live agent is involved; the requester is waiting for them now.
      s.ma = requesterWrote(emptyRuns(s.ma?.actions ?? []), ctx.now);
      commands.push({ type: 'arm_messaging_actions' });
      // SYS-2: the queue's initial agent response (the admin decides whether it is on).
      commands.push({ type: 'system_text', key: 'agent_accepted', messageId: ctx.newId(), agentId: event.agentId });
      break;

    case 'deadline_reached': {
      const due = deadlines(s, ctx).find((d) => d.kind === event.kind);
      if (!due || due.at > ctx.now) return unchanged();
      if (event.kind === 'offer_timeout') {
        commands.push({ type: 'expire_offer', offer: s.offer! });
        break;
      }
      if (event.kind === 'quiet_hours') {
        // SPEC §9: the requester's morning: the held texts go, in the order they were written.
        const [go, stay] = partition(s.held ?? [], (h) => h.until <= ctx.now);
        s.held = stay;
        for (const h of go) {
          s.outbox.push(h.messageId);
          commands.push({ type: 'send', messageId: h.messageId });
        }
        break;
      }
      if (event.kind === 'messaging_action') {
        const { due, runs } = takeDue(s.ma!, ctx.now);
        s.ma = runs;
        commands.push({ type: 'evaluate_messaging_actions', due });
        break;
      }
      if (event.kind === 'queue_trigger') {
        // Q-10: a wait trigger: the requester hears its text; the item keeps waiting.
        const [fired, ...rest] = s.waitTriggers ?? [];
        s.waitTriggers = rest.length ? rest : null;
        commands.push({ type: 'system_text', key: 'queue_max_wait', messageId: ctx.newId(), body: fired.text });
        if (!fired.topicId) {
          commands.push({ type: 'routing_event', event: 'queue_trigger', detail: { text: fired.text } });
          break;
        }
        commands.push({ type: 'routing_event', event: 'queue_trigger', detail: { text: fired.text, topicId: fired.topicId } });
        leaveQueueForTopic(fired.topicId, 'A wait trigger of the queue');
        break;
      }
      if (event.kind === 'max_wait') {
        // Q-9/CC-1 (SPEC §5 "never stuck"): the requester hears once that they are still waiting; the item stays queued.
        s.maxWaitTextSent = true;
        s.maxWaitAt = null;
        commands.push({ type: 'system_text', key: 'queue_max_wait', messageId: ctx.newId(), body: s.maxWaitText ?? null });
        if (!s.maxWaitTopicId) {
          commands.push({ type: 'routing_event', event: 'max_wait', detail: {} });
          break;
        }
        // VA-14: the max wait's topic: out of the queue to the virtual agent (Q-9: they do not return to the queue).
        commands.push({ type: 'routing_event', event: 'max_wait', detail: { topicId: s.maxWaitTopicId } });
        leaveQueueForTopic(s.maxWaitTopicId, 'The queue’s max wait');
        break;
      }
      // VA-15: only the virtual agent has talked to them, and they went quiet: closed, and not texted about it.
      s.closeReason = vaIdleReason(s.va);
      // INT-6: never engaged is abandoned; INT-9/INT-10 engaged, so complete.
      s.state = transition(s.state, { type: 'end', outcome: s.closeReason === 'no_activity' ? 'abandon' : 'complete' });
      commands.push({ type: 'close', projection: changed() });
      commands.push({ type: 'note', text: VA_IDLE_NOTES[s.closeReason] });
      break;
    }

    case 'offer_settled': {
      // The work item's row is the truth: the offer may have been accepted or re-offered meanwhile.
      const { offer, after } = event;
      if (s.offer?.offerId !== offer.offerId) return unchanged();
      if (after.state === 'accepted') return decide(current, { type: 'assigned', workItemId: offer.workItemId, agentId: after.agentId }, ctx);
      if (after.state === 'offered') {
        const returned = decide(current, { type: 'offer_returned', workItemId: offer.workItemId, offerId: offer.offerId }, ctx);
        const reoffered = decide(returned.snapshot, { type: 'offered', offer: after.offer }, ctx);
        return { snapshot: reoffered.snapshot, commands: lastProjection([...returned.commands, ...reoffered.commands]) };
      }
      return decide(current, { type: 'offer_returned', workItemId: offer.workItemId, offerId: offer.offerId }, ctx);
    }
  }
  if (isClosed(s.state)) dropHeld(() => true, 'The conversation closed before quiet hours ended: the held text was not sent.');
  return { snapshot: s, commands };
}

function partition<T>(xs: T[], test: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(test), xs.filter((x) => !test(x))];
}

/** SPEC §3's outcome table (AI-14…17) for a compose into this run's conversation as it is now. */
export function composeOutcome(s: InteractionSnapshot, e: { forUserId: string | null; requesterUserId: string | null }): ComposeOutcome {
  if (s.interactionId === null || isClosed(s.state)) return 'created';
  if (s.state === 'virtual_agent') return 'replaced_virtual_agent';
  // A guest conversation is nobody else's: composing for someone joins it (the AI-10 warning is about linked numbers).
  if (e.forUserId && e.requesterUserId && e.requesterUserId !== e.forUserId) return 'replaced_requester';
  return 'joined';
}

/** Only the newest of several projections in one decision needs writing. */
function lastProjection(commands: Command[]): Command[] {
  const last = commands.filter((c) => c.type === 'project').pop();
  return [...commands.filter((c) => c.type !== 'project'), ...(last ? [last] : [])];
}

/** The durable deadlines the workflow's single timer loop waits for, earliest first. */
export function deadlines(s: InteractionSnapshot, opts: { vaIdleCloseMs?: number } = {}): Deadline[] {
  const out: Deadline[] = [];
  if (s.state === 'offered' && s.offer && s.offer.expiresAt !== null) out.push({ kind: 'offer_timeout', at: s.offer.expiresAt });
  if ((s.state === 'queued' || s.state === 'offered') && s.maxWaitAt && !s.maxWaitTextSent) out.push({ kind: 'max_wait', at: s.maxWaitAt });
  if ((s.state === 'queued' || s.state === 'offered') && s.waitTriggers?.length) out.push({ kind: 'queue_trigger', at: s.waitTriggers[0].at });
  if (s.state === 'virtual_agent' && s.lastInboundAt !== undefined) {
    out.push({ kind: 'va_idle', at: s.lastInboundAt + (opts.vaIdleCloseMs ?? VA_IDLE_CLOSE_MS) });
  }
  // SPEC §7: the earliest pending messaging action, while a live agent has the conversation.
  const [action] = s.ma && s.assignedAgentId && !isClosed(s.state) ? pendingActions(s.ma) : [];
  if (action) out.push({ kind: 'messaging_action', at: action.at, actionId: action.id, event: action.event });
  // SPEC §9: held texts go when the requester's quiet hours end (one timer for the earliest).
  if (s.held?.length && !isClosed(s.state)) {
    const at = Math.min(...s.held.map((h) => h.until));
    out.push({ kind: 'quiet_hours', at, messageIds: s.held.filter((h) => h.until === at).map((h) => h.messageId) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Throws a RejectedCommand if `event` would be refused; for update validators, which must not change state. */
export function validate(s: InteractionSnapshot, event: DecisionEvent): void {
  decide(s, event, { now: 0, newId: () => 'validation' });
}

/** The live view (issue 15): the state and every pending timer with its due time. */
export function liveView(s: InteractionSnapshot, opts: { vaIdleCloseMs?: number } = {}): LiveView {
  const timers = deadlines(s, opts).map((d) => ({
    // Q-10: a wait trigger is a queue waiting text like the max wait's; the Workspace names both "Max-wait text".
    kind: d.kind === 'queue_trigger' ? ('max_wait' as const) : d.kind, dueAt: new Date(d.at).toISOString(), ...(d.actionId ? { actionId: d.actionId, event: d.event } : {}),
    ...(d.messageIds ? { messageIds: d.messageIds } : {}),
  }));
  return { interactionId: s.interactionId, state: s.state, assignedAgentId: s.assignedAgentId, timers, outbox: [...s.outbox] };
}
