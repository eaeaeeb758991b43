import type { AgentPreferences } from '../shared/api';

export interface OfferAlertDecision {
  /** NOT-2: play the tone once. */
  tone: boolean;
  /** NOT-3: a desktop notification for each of these offers. */
  notify: string[];
}

/**
 * NOT-2/NOT-3 for offers, from two successive reads of the Inbox: an offer id not seen before is new. The tone plays
 * when the agent may not be looking at it (the Inbox is not in view, or the page is not in front); a desktop
 * notification only when the page is not in front. `previous` null: the first read, which only sets the baseline.
 */
export function decideOfferAlerts(
  previous: ReadonlySet<string> | null,
  current: readonly { id: string }[],
  inboxInView: boolean,
  inFront: boolean,
  preferences: AgentPreferences,
): OfferAlertDecision {
  if (!previous) return { tone: false, notify: [] };
  const fresh = current.filter((o) => !previous.has(o.id)).map((o) => o.id);
  if (fresh.length === 0) return { tone: false, notify: [] };
  const unseen = !inboxInView || !inFront;
  return {
    tone: unseen && preferences.audioAlerts,
    notify: !inFront && preferences.desktopNotifications ? fresh : [],
  };
}

/** "(2) Parley Workspace": the page's title counts waiting offers, so a tab in the background shows them. */
export function titleWithOffers(title: string, offers: number): string {
  const bare = title.replace(/^\(\d+\) /, '');
  return offers > 0 ? `(${offers}) ${bare}` : bare;
}
