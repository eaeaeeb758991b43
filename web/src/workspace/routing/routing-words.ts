// SPEC §5 in the words a manager or an agent reads: routing events ("why not Ana?"), skip reasons, queue conditions
// and schedules, live waits. Pure, so the wording is unit-tested (test/unit/routing-words.test.ts).
import type { AgentStatus, Presence, QueueSchedule, RoutingCandidate, RoutingCondition, RoutingEvent, SkipReason } from '../shared/api';
import { secondsLabel, timeLeftLabel } from '../../time-labels';

/** Why the dispatcher passed an agent over (EV-1). */
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  not_target: 'not the agent it was transferred to',
  not_eligible: 'not in the queue’s groups (yet)',
  offline: 'offline',
  away: 'away',
  channel_unavailable: 'has SMS turned off',
  rejected_before: 'rejected or transferred it before',
  at_capacity: 'at capacity',
  at_universal_capacity: 'at universal capacity',
};

export const PRESENCE_LABELS: Record<Presence, string> = { available: 'Available', away: 'Away', offline: 'Offline' };

const CANCEL_REASONS: Record<string, string> = {
  closed: 'the conversation closed',
  manually_assigned: 'a manager assigned it',
  transfer_rejected: 'the transfer was not taken; it went back to the transferring agent',
  transferred: 'it was transferred',
  reassigned: 'it was reassigned',
};

/** Agent ids to names, from every event and candidate (events name who acted only by id). */
export function namesIn(events: RoutingEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.agentId && e.agentName) names.set(e.agentId, e.agentName);
    if (e.byUserId && e.byUserName) names.set(e.byUserId, e.byUserName);
    for (const c of e.candidates ?? []) if (c.agentName) names.set(c.agentId, c.agentName);
  }
  return names;
}

export interface RoutingWords {
  /** Agent id → name, for who acted. */
  names: Map<string, string>;
  /** Queue id → name. */
  queueName: (id: string) => string;
}

/** "Ana — away", "Ben — at capacity", "Cy — could take it". */
export function candidateLabel(c: RoutingCandidate): string {
  const name = c.agentName ?? 'An agent no longer listed';
  if (c.eligible) return `${name} — could take it`;
  return `${name} — ${c.reason ? SKIP_REASON_LABELS[c.reason] : 'passed over'}`;
}

/** One routing event as a sentence: what happened, to whom, and why. */
export function routingEventLabel(e: RoutingEvent, w: RoutingWords): string {
  const agent = e.agentName ?? (e.agentId ? w.names.get(e.agentId) : undefined) ?? 'an agent';
  const who = (id: string | undefined) => (id ? ((id === e.byUserId ? e.byUserName : null) ?? w.names.get(id) ?? 'someone') : 'someone');
  const queue = e.queueId ? w.queueName(e.queueId) : 'the queue';
  const because = e.reason ? `: “${e.reason}”` : '';
  switch (e.type) {
    case 'queued':
      return `Queued in ${queue}`;
    case 'offered':
      return `Offered to ${agent}`;
    case 'accepted':
      return `Accepted by ${agent}`;
    case 'rejected':
      return `Rejected by ${agent}${because}`;
    case 'offer_timeout':
      return `${agent} let the offer expire${e.presence ? ` (now ${PRESENCE_LABELS[e.presence]})` : ''}`;
    case 'canceled':
      return `Work item canceled: ${e.reason ? (CANCEL_REASONS[e.reason] ?? e.reason.replace(/_/g, ' ')) : 'no longer needed'}`;
    case 'no_agent':
      return `Nobody in ${queue} could take it`;
    case 'no_agent_groups':
      return `${queue} has no agent groups: nobody will be offered it`;
    case 'out_of_schedule':
      return `${queue} is closed now: waiting for its opening hours`;
    case 'transferred': {
      const to = e.toQueueId ? w.queueName(e.toQueueId) : agent;
      return `Transferred to ${to} by ${who(e.byUserId)}${e.note ? ` — note: “${e.note}”` : ''}`;
    }
    case 'manually_assigned': {
      const from = e.fromAgentId ? ` (from ${e.fromAgentName ?? w.names.get(e.fromAgentId) ?? 'another agent'})` : '';
      if (!e.offer) return `Assigned to ${agent} by ${who(e.byUserId)}${from}`;
      const terms = [
        e.offer.allowedToDecline ? 'may decline' : 'may not decline',
        e.offer.timeoutSeconds ? `expires after ${secondsLabel(e.offer.timeoutSeconds)}, then ${PRESENCE_LABELS[e.offer.timeoutPresence]}` : 'no timeout',
      ];
      return `Offered to ${agent} by ${who(e.byUserId)}${from} — ${terms.join(', ')}`;
    }
    case 'reassigned':
      return `Reassigned by ${who(e.byUserId)}: taken from ${agent}${because}`;
    case 'max_wait':
      return 'Waited the queue’s maximum: the requester was told';
    default:
      return e.type.replace(/_/g, ' ');
  }
}

const PRESENCE_REASONS: Record<string, string> = {
  agent: 'set by the agent',
  offer_timeout: 'let an offer expire',
  workspace_disconnected: 'Workspace closed past the grace period',
};

/** PRS-4: why a presence changed, in words (`channel sms off` → "turned SMS off"). */
export function presenceReasonLabel(reason: string): string {
  const channel = /^channel (\S+) (on|off)$/.exec(reason);
  if (channel) return `turned ${channel[1].toUpperCase()} ${channel[2]}`;
  return PRESENCE_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/**
 * PRS-4: the history (newest first) with how long each state lasted: until the next change, or until `now` for the
 * current one (`current`).
 */
export function presenceSpans<T extends { at: string }>(history: T[], now: number): (T & { seconds: number; current: boolean })[] {
  return history.map((h, i) => ({
    ...h,
    seconds: Math.max(0, ((i === 0 ? now : Date.parse(history[i - 1].at)) - Date.parse(h.at)) / 1000),
    current: i === 0,
  }));
}

/** Passed-over candidates first (the "why not"), then who could have taken it. */
export function orderedCandidates(candidates: RoutingCandidate[]): RoutingCandidate[] {
  return [...candidates].sort((a, b) => Number(a.eligible) - Number(b.eligible) || (a.agentName ?? '').localeCompare(b.agentName ?? ''));
}

/** A wait or time in presence, ticking: m:ss under an hour, h:mm:ss under a day, then days and hours. */
export function tickingLabel(seconds: number): string {
  return timeLeftLabel(seconds * 1000);
}

/** The server counted `seconds` when it answered at `readAt`; it keeps counting while the page shows it. */
export function secondsNow(seconds: number, readAt: number, now: number): number {
  return seconds + Math.max(0, Math.floor((now - readAt) / 1000));
}

/** Waits grow only while nobody has accepted. */
export const WAITING_STATES = new Set(['queued', 'offered', 'new']);

/** "1 / 4" SMS in use of capacity; "—" when the agent has no such channel. */
export function capacityLabel(a: AgentStatus, channelId: string): string {
  const c = a.channels.find((x) => x.channelId === channelId);
  return c ? `${c.inUse} / ${c.capacity}` : '—';
}

export function universalLabel(a: AgentStatus): string {
  return a.universalCapacity === null ? `${a.universalInUse} (no limit)` : `${a.universalInUse} / ${a.universalCapacity}`;
}

const OP_WORDS: Record<string, string> = {
  eq: 'is', ne: 'is not', in: 'is one of', not_in: 'is none of', contains: 'contains', starts_with: 'starts with', exists: 'is set', not_exists: 'is not set',
};
const FIELD_WORDS: Record<string, string> = {
  channel: 'channel', companyNumber: 'company number', requesterNumber: 'requester number', requesterUserId: 'requester user', fromVirtualAgent: 'from the virtual agent',
};

const valueWords = (v: string | boolean | string[] | undefined) =>
  v === undefined ? '' : Array.isArray(v) ? ` ${v.map((x) => `“${x}”`).join(', ')}` : typeof v === 'boolean' ? ` ${v ? 'yes' : 'no'}` : ` “${v}”`;

/** Q-1: a condition in words: `language (captured) is “spanish” and from the virtual agent is yes`. */
export function conditionWords(c: RoutingCondition | null): string {
  if (c === null) return 'Nothing automatically (transfers and its company numbers)';
  const part = (x: RoutingCondition, nested: boolean): string => {
    if ('always' in x) return 'Everything';
    if ('not' in x) return `not (${part(x.not, false)})`;
    if ('all' in x || 'any' in x) {
      const list = 'all' in x ? x.all : x.any;
      const joined = list.map((y) => part(y, true)).join('all' in x ? ' and ' : ' or ');
      return nested && list.length > 1 ? `(${joined})` : joined;
    }
    const field = x.field.startsWith('context.') ? `${x.field.slice('context.'.length)} (captured)` : (FIELD_WORDS[x.field] ?? x.field);
    return `${field} ${OP_WORDS[x.op] ?? x.op}${valueWords(x.value)}`;
  };
  return part(c, false);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Q-15: "Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Paris) · 2 holidays"; no schedule: "24×7". */
export function scheduleWords(s: QueueSchedule | null): string {
  if (!s) return '24×7';
  const hours = DAYS.map((_, day) =>
    s.weekly
      .filter((r) => r.day === day)
      .map((r) => `${r.start}–${r.end}`)
      .join(' and '),
  );
  // Monday first, as opening hours are read; consecutive days with the same hours join into a range.
  const order = [1, 2, 3, 4, 5, 6, 0];
  const spans: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const h = hours[order[i]];
    if (!h) continue;
    let j = i;
    while (j + 1 < order.length && hours[order[j + 1]] === h) j++;
    spans.push(`${DAYS[order[i]]}${j > i ? `–${DAYS[order[j]]}` : ''} ${h}`);
    i = j;
  }
  const holidays = s.holidays.length ? ` · ${s.holidays.length} holiday${s.holidays.length === 1 ? '' : 's'}` : '';
  return `${spans.length ? spans.join(', ') : 'Never open'} (${s.timeZone})${holidays}`;
}
