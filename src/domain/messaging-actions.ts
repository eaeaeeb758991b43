// Workflow-safe and pure: SPEC §7 (MA-1…13), timed messaging actions. The workflow keeps two runs — the requester
// waiting for an agent (anchored at the FIRST unanswered requester text) and the agent waiting for the requester
// (anchored at the LAST agent message) — and asks this module when the next action is due and which are.
import type { InteractionState } from './interaction-state';

export const MA_EVENTS = ['requester_message_without_agent_response', 'agent_message_without_requester_response'] as const;
export type MaEvent = (typeof MA_EVENTS)[number];
export const MA_ACTIONS = ['prompt_agent', 'prompt_requester', 'reassign', 'set_state'] as const;
export type MaAction = (typeof MA_ACTIONS)[number];
export const MA_TARGET_STATES = ['on_hold', 'closed_complete', 'closed_abandoned'] as const;
export type MaTargetState = (typeof MA_TARGET_STATES)[number];

/** An admin's action (the `messaging_actions` row). */
export interface MessagingActionDefinition {
  id: string;
  name: string;
  active: boolean;
  event: MaEvent;
  durationSeconds: number;
  condition: { states?: InteractionState[]; queueIds?: string[] };
  action: MaAction;
  promptText: string | null;
  targetState: MaTargetState | null;
}

/** What the workflow keeps of an active action to arm its timer (MA-7: inactive actions track no timers). */
export interface ArmedAction {
  id: string;
  event: MaEvent;
  durationMs: number;
}

export interface MaRuns {
  /** The first requester text no agent has answered yet; null: no run. */
  requesterSince: number | null;
  /** The last agent message the requester has not answered; null: no run. */
  agentSince: number | null;
  /** Actions that fired (or were evaluated) in the current run of each event: at most once per run. */
  firedRequester: string[];
  firedAgent: string[];
  actions: ArmedAction[];
}

export function emptyRuns(actions: ArmedAction[] = []): MaRuns {
  return { requesterSince: null, agentSince: null, firedRequester: [], firedAgent: [], actions };
}

/** MA-8: a requester text cancels the agent's run and starts theirs if none is running (anchored at the first). */
export function requesterWrote(r: MaRuns, now: number): MaRuns {
  return { ...r, requesterSince: r.requesterSince ?? now, agentSince: null, firedAgent: [] };
}

/** MA-8: an agent message answers the requester (their run ends) and starts a fresh agent run (the last message). */
export function agentWrote(r: MaRuns, now: number): MaRuns {
  return { ...r, requesterSince: null, firedRequester: [], agentSince: now, firedAgent: [] };
}

function anchorOf(r: MaRuns, event: MaEvent): number | null {
  return event === 'requester_message_without_agent_response' ? r.requesterSince : r.agentSince;
}
function firedOf(r: MaRuns, event: MaEvent): string[] {
  return event === 'requester_message_without_agent_response' ? r.firedRequester : r.firedAgent;
}

/** Each armed action not yet fired in its run, with when it is due. */
export function pendingActions(r: MaRuns): (ArmedAction & { at: number })[] {
  return r.actions
    .map((a) => ({ a, anchor: anchorOf(r, a.event) }))
    .filter(({ a, anchor }) => anchor !== null && !firedOf(r, a.event).includes(a.id))
    .map(({ a, anchor }) => ({ ...a, at: anchor! + a.durationMs }))
    .sort((x, y) => x.at - y.at);
}

/** The actions due at `now`, and the runs with them marked as fired (each fires at most once per run). */
export function takeDue(r: MaRuns, now: number): { due: ArmedAction[]; runs: MaRuns } {
  const due = pendingActions(r).filter((a) => a.at <= now).map(({ at: _at, ...a }) => a);
  const ids = (event: MaEvent) => due.filter((a) => a.event === event).map((a) => a.id);
  return {
    due,
    runs: {
      ...r,
      firedRequester: [...r.firedRequester, ...ids('requester_message_without_agent_response')],
      firedAgent: [...r.firedAgent, ...ids('agent_message_without_requester_response')],
    },
  };
}

/** MA-4: the filter, evaluated when the timer fires, against the interaction as it is then. */
export function conditionHolds(def: Pick<MessagingActionDefinition, 'active' | 'condition'>, interaction: { state: InteractionState; queueId: string | null }): boolean {
  if (!def.active) return false;
  const { states, queueIds } = def.condition;
  if (states?.length && !states.includes(interaction.state)) return false;
  if (queueIds?.length && !(interaction.queueId && queueIds.includes(interaction.queueId))) return false;
  return true;
}

/** A `messaging_actions` row as the domain's definition (the activities and the admin use case read the same rows). */
export function toDefinition(r: Record<string, unknown>): MessagingActionDefinition {
  return {
    id: r.id as string, name: r.name as string, active: r.active as boolean, event: r.event as MaEvent,
    durationSeconds: r.duration_seconds as number, condition: (r.condition as MessagingActionDefinition['condition']) ?? {},
    action: r.action as MaAction, promptText: (r.prompt_text as string | null) ?? null, targetState: (r.target_state as MaTargetState | null) ?? null,
  };
}
