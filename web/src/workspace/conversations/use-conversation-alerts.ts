import { useEffect, useRef } from 'react';
import type { AgentPreferences, OngoingWithRequester } from '../shared/api';
import { playAlertSound } from '../shared/alert-sound';
import { decideAlerts } from './conversation-alerts';

/** Whether the agent is looking at the Workspace right now. */
export const pageInFront = () => document.visibilityState === 'visible' && document.hasFocus();

function notify(row: OngoingWithRequester, onOpen: (id: string) => void): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const who = row.requesterName ?? row.requesterNumber;
  const n = new Notification(`New message from ${who}`, { body: row.lastMessage, tag: `message-${row.id}` });
  n.onclick = () => {
    window.focus();
    n.close();
    onOpen(row.id);
  };
}

/** NOT-2/NOT-3: alerts for each new read of Ongoing, as `decideAlerts` says. */
export function useConversationAlerts(ongoing: OngoingWithRequester[] | null, openId: string | null, preferences: AgentPreferences, onOpen: (id: string) => void) {
  const before = useRef<Map<string, number> | null>(null);
  const latest = useRef({ openId, preferences, onOpen });
  useEffect(() => {
    latest.current = { openId, preferences, onOpen };
  });

  useEffect(() => {
    if (!ongoing) return;
    const previous = before.current;
    before.current = new Map(ongoing.map((r) => [r.id, r.unreadCount]));
    const { openId: open, preferences: prefs, onOpen: openIt } = latest.current;
    const decision = decideAlerts(previous, ongoing, open, pageInFront(), prefs);
    if (decision.tone) playAlertSound();
    for (const row of ongoing.filter((r) => decision.notify.includes(r.id))) notify(row, openIt);
  }, [ongoing]);
}
