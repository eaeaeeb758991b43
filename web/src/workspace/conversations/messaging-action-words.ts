// SPEC §7 in the words an admin or an agent reads: what starts an action's timer, what it does, and what the
// conversation will do next by itself. Pure, so the labels are unit-tested (test/unit/messaging-action-words.test.ts).
import type { InteractionState, LiveTimer, MessagingAction } from '../shared/api';
import { timeLeftLabel } from '../../time-labels';

export type MaEvent = MessagingAction['event'];
export type MaAction = MessagingAction['action'];
export type MaTargetState = NonNullable<MessagingAction['targetState']>;

export const EVENT_LABELS: Record<MaEvent, { short: string; long: string }> = {
  requester_message_without_agent_response: { short: 'Requester waiting', long: 'The requester wrote and no agent has answered' },
  agent_message_without_requester_response: { short: 'Agent waiting', long: 'An agent wrote and the requester has not answered' },
};

export const ACTION_LABELS: Record<MaAction, string> = {
  prompt_agent: 'Prompt the agent',
  prompt_requester: 'Text the requester',
  reassign: 'Reassign to another agent',
  set_state: 'Change the state',
};

export const TARGET_STATE_LABELS: Record<MaTargetState, string> = {
  on_hold: 'On hold',
  closed_complete: 'Closed · complete',
  closed_abandoned: 'Closed · abandoned',
};

export const STATE_LABELS: Record<InteractionState, string> = {
  new: 'New',
  virtual_agent: 'Virtual agent',
  queued: 'Queued',
  offered: 'Offered',
  work_in_progress: 'In progress',
  on_hold: 'On hold',
  wrap_up: 'Wrap-up',
  closed_complete: 'Closed · complete',
  closed_abandoned: 'Closed · abandoned',
};

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';
export const UNIT_SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
const UNIT_WORDS: Record<DurationUnit, [string, string]> = {
  seconds: ['second', 'seconds'],
  minutes: ['min', 'min'],
  hours: ['hour', 'hours'],
  days: ['day', 'days'],
};

/** The largest unit that divides the duration exactly: 1800 s → 30 minutes, 172800 s → 2 days. */
export function splitDuration(seconds: number): { amount: number; unit: DurationUnit } {
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (seconds >= UNIT_SECONDS[unit] && seconds % UNIT_SECONDS[unit] === 0) return { amount: seconds / UNIT_SECONDS[unit], unit };
  }
  return { amount: seconds, unit: 'seconds' };
}

export function durationLabel(seconds: number): string {
  const { amount, unit } = splitDuration(seconds);
  return `${amount} ${UNIT_WORDS[unit][amount === 1 ? 0 : 1]}`;
}

/** "Requester waiting 30 min" */
export function whenLabel(a: Pick<MessagingAction, 'event' | 'durationSeconds'>): string {
  return `${EVENT_LABELS[a.event].short} ${durationLabel(a.durationSeconds)}`;
}

/** "Set state to Closed · abandoned", "Prompt the agent: “Still there?”" */
export function effectLabel(a: Pick<MessagingAction, 'action' | 'promptText' | 'targetState'>): string {
  if (a.action === 'set_state') return `Set state to ${a.targetState ? TARGET_STATE_LABELS[a.targetState] : '…'}`;
  if ((a.action === 'prompt_agent' || a.action === 'prompt_requester') && a.promptText) return `${ACTION_LABELS[a.action]}: “${a.promptText}”`;
  return ACTION_LABELS[a.action];
}

/** "Any conversation", or "State In progress or On hold · queue sales". */
export function conditionLabel(c: MessagingAction['condition']): string {
  const parts: string[] = [];
  if (c.states?.length) parts.push(`State ${c.states.map((s) => STATE_LABELS[s] ?? s).join(' or ')}`);
  if (c.queueIds?.length) parts.push(`${c.queueIds.length === 1 ? 'queue' : 'queues'} ${c.queueIds.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'Any conversation';
}

/**
 * What a pending timer will do, as the header's countdown names it ("Prompt you", "Closes as abandoned"). The
 * action's effect comes from the admin list (admins) or from the live view itself (everyone): only an action deleted
 * since it was armed is a bare "Automatic step".
 */
export function timerVerb(timer: LiveTimer, action: MessagingAction | undefined, viewerIsAssignee: boolean): string {
  switch (timer.kind) {
    case 'offer_timeout':
      return 'Offer expires';
    case 'va_idle':
      return 'Virtual agent closes';
    case 'quiet_hours':
      return 'Held text goes';
    case 'max_wait':
      return 'Max-wait text to the requester';
    case 'messaging_action': {
      const effect = action ?? timer.effect;
      if (!effect) return 'Automatic step';
      switch (effect.action) {
        case 'prompt_agent':
          return viewerIsAssignee ? 'Prompt you' : 'Prompt the agent';
        case 'prompt_requester':
          return 'Reminder to the requester';
        case 'reassign':
          return 'Goes to another agent';
        case 'set_state':
          return effect.targetState === 'on_hold' ? 'Goes on hold' : effect.targetState === 'closed_complete' ? 'Closes as complete' : 'Closes as abandoned';
      }
    }
  }
}

/** "Prompt you in 29:41" */
export function timerLabel(timer: LiveTimer, action: MessagingAction | undefined, viewerIsAssignee: boolean, now: number): string {
  return `${timerVerb(timer, action, viewerIsAssignee)} in ${timeLeftLabel(Date.parse(timer.dueAt) - now)}`;
}

/** The tooltip's line for one timer: the countdown, then why (the action's name, or its event for non-admins). */
export function timerDetail(timer: LiveTimer, action: MessagingAction | undefined, viewerIsAssignee: boolean, now: number): string {
  const label = timerLabel(timer, action, viewerIsAssignee, now);
  if (timer.kind === 'quiet_hours') return `${label} · held for the requester's quiet hours`;
  if (timer.kind !== 'messaging_action') return label;
  if (action) return `${label} · ${action.name} (${whenLabel(action)})`;
  return timer.event ? `${label} · ${EVENT_LABELS[timer.event].long}` : label;
}
