import { useEffect, useRef } from 'react';
import type { AgentPreferences, OngoingWithRequester } from '../api';
import { playAlertSound } from './alert-sound';

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

/**
 * NOT-2/NOT-3: compares each read of Ongoing with the one before. A row whose unread count grew has a new requester
 * message; a row that was not there is newly assigned. The first read only sets the baseline.
 */
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
    if (!previous) return;
    const { openId: open, preferences: prefs, onOpen: openIt } = latest.current;
    const inFront = pageInFront();
    let tone = false;
    for (const row of ongoing) {
      const was = previous.get(row.id);
      if (was === undefined) {
        // NOT-2 (b): assigned to me (a transfer, a manager's assignment) and not open here.
        if (row.id !== open) tone = true;
      } else if (row.unreadCount > was && row.lastMessageAuthorKind === 'requester') {
        // NOT-2 (a): a new requester message I am not looking at.
        if (!inFront || row.id !== open) tone = true;
        // NOT-3: the page is not in front.
        if (prefs.desktopNotifications && !inFront) notify(row, openIt);
      }
    }
    if (tone && prefs.audioAlerts) playAlertSound();
  }, [ongoing]);
}
