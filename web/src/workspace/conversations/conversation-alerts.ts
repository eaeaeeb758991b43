import type { AgentPreferences } from '../shared/api';

/** What one Ongoing row says about new work: its id, unread count and who wrote its newest message. */
export interface OngoingFacts {
  id: string;
  unreadCount: number;
  lastMessageAuthorKind: 'requester' | 'agent' | 'virtual_agent' | 'system' | null;
}

export interface AlertDecision {
  /** NOT-2: play the tone once. */
  tone: boolean;
  /** NOT-3: a desktop notification for each of these rows. */
  notify: string[];
}

/**
 * NOT-2/NOT-3, from two successive reads of Ongoing. A row whose unread count grew has a new requester message; a row
 * that was not there is newly assigned (a transfer, a manager's assignment). `previous` null: the first read, which
 * only sets the baseline.
 */
export function decideAlerts(
  previous: ReadonlyMap<string, number> | null,
  current: readonly OngoingFacts[],
  openId: string | null,
  inFront: boolean,
  preferences: AgentPreferences,
): AlertDecision {
  if (!previous) return { tone: false, notify: [] };
  let heard = false;
  const notify: string[] = [];
  for (const row of current) {
    const was = previous.get(row.id);
    if (was === undefined) {
      // (b): assigned and not open here.
      if (row.id !== openId) heard = true;
    } else if (row.unreadCount > was && row.lastMessageAuthorKind === 'requester') {
      // (a): a requester message the agent is not looking at.
      if (!inFront || row.id !== openId) heard = true;
      if (!inFront) notify.push(row.id);
    }
  }
  return { tone: heard && preferences.audioAlerts, notify: preferences.desktopNotifications ? notify : [] };
}
