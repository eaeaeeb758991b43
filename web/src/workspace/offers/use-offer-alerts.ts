import { useEffect } from 'react';
import type { OfferWithRequester } from '../shared/api';
import { titleWithOffers } from './offer-alerts';

/** NOT-3 for an offer: a desktop notification that brings the agent to the Inbox when clicked. */
export function notifyOffer(offer: OfferWithRequester, onShowInbox: () => void): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const who = offer.requesterName ?? offer.requesterNumber;
  const n = new Notification(`New offer from ${who}`, { body: offer.latestMessage || 'Open the Inbox to accept it.', tag: `offer-${offer.id}` });
  n.onclick = () => {
    window.focus();
    n.close();
    onShowInbox();
  };
}

/** "(2) Parley Workspace" while offers wait; kept when a page sets its own title meanwhile. */
export function useOfferCountInTitle(count: number): void {
  useEffect(() => {
    const apply = () => {
      const want = titleWithOffers(document.title, count);
      if (document.title !== want) document.title = want;
    };
    apply();
    const title = document.querySelector('title');
    if (!title) return;
    const observer = new MutationObserver(apply);
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => {
      observer.disconnect();
      document.title = titleWithOffers(document.title, 0);
    };
  }, [count]);
}
