import assert from 'node:assert/strict';
import { decideAlerts, type OngoingFacts } from '../../web/src/workspace/conversations/conversation-alerts';

const ON = { audioAlerts: true, desktopNotifications: true };
const OFF = { audioAlerts: false, desktopNotifications: false };
const row = (id: string, unreadCount: number, lastMessageAuthorKind: OngoingFacts['lastMessageAuthorKind'] = 'requester'): OngoingFacts => ({ id, unreadCount, lastMessageAuthorKind });

// The Workspace's alerts (reference §7.4), decided from two successive reads of Ongoing.
describe('conversation alerts (NOT-1…3)', () => {
  const cases: { name: string; previous: [string, number][] | null; current: OngoingFacts[]; openId: string | null; inFront: boolean; prefs?: typeof ON; tone: boolean; notify: string[] }[] = [
    { name: 'NOT-2 the first read only sets the baseline', previous: null, current: [row('a', 3)], openId: null, inFront: false, tone: false, notify: [] },
    { name: 'NOT-2(a)/NOT-3 a requester message while the page is not in front: tone and notification', previous: [['a', 0]], current: [row('a', 1)], openId: 'a', inFront: false, tone: true, notify: ['a'] },
    { name: 'NOT-2(a) a requester message in a conversation not open, page in front: tone, no notification', previous: [['a', 0], ['b', 0]], current: [row('a', 1), row('b', 0)], openId: 'b', inFront: true, tone: true, notify: [] },
    { name: 'NOT-2(a) a requester message in the open conversation, page in front: nothing (it is seen)', previous: [['a', 0]], current: [row('a', 1)], openId: 'a', inFront: true, tone: false, notify: [] },
    { name: 'NOT-2(b) a conversation newly assigned and not open: tone, no notification', previous: [['a', 0]], current: [row('a', 0), row('b', 1)], openId: 'a', inFront: true, tone: true, notify: [] },
    { name: 'NOT-2(b) a conversation that opened here as it arrived (accepted here): nothing', previous: [], current: [row('b', 1)], openId: 'b', inFront: true, tone: false, notify: [] },
    { name: 'NOT-2 the unread count went down (read elsewhere): nothing', previous: [['a', 2]], current: [row('a', 0, 'agent')], openId: null, inFront: false, tone: false, notify: [] },
    { name: 'NOT-2 unchanged: nothing', previous: [['a', 1]], current: [row('a', 1)], openId: null, inFront: false, tone: false, notify: [] },
    { name: 'NOT-1 both preferences off: nothing fires', previous: [['a', 0]], current: [row('a', 1), row('b', 1)], openId: null, inFront: false, prefs: OFF, tone: false, notify: [] },
    { name: 'NOT-1 audio only: the tone, no notification', previous: [['a', 0]], current: [row('a', 1)], openId: null, inFront: false, prefs: { audioAlerts: true, desktopNotifications: false }, tone: true, notify: [] },
    { name: 'NOT-1 desktop only: the notification, no tone', previous: [['a', 0]], current: [row('a', 1)], openId: null, inFront: false, prefs: { audioAlerts: false, desktopNotifications: true }, tone: false, notify: ['a'] },
    { name: 'NOT-3 one notification per conversation with a new message', previous: [['a', 0], ['b', 1]], current: [row('a', 2), row('b', 2)], openId: null, inFront: false, tone: true, notify: ['a', 'b'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const decision = decideAlerts(c.previous && new Map(c.previous), c.current, c.openId, c.inFront, c.prefs ?? ON);
      assert.deepEqual(decision, { tone: c.tone, notify: c.notify });
    });
  }
});
