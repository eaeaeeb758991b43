import assert from 'node:assert/strict';
import { decideOfferAlerts, titleWithOffers } from '../../web/src/workspace/offers/offer-alerts';

const ON = { audioAlerts: true, desktopNotifications: true };
const OFF = { audioAlerts: false, desktopNotifications: false };
const offers = (...ids: string[]) => ids.map((id) => ({ id }));

describe('issue 25: alerts for a new offer (NOT-2/NOT-3)', () => {
  const rows: [string, Parameters<typeof decideOfferAlerts>, ReturnType<typeof decideOfferAlerts>][] = [
    ['the first read only sets the baseline', [null, offers('a'), false, false, ON], { tone: false, notify: [] }],
    ['no new offer: nothing', [new Set(['a']), offers('a'), false, false, ON], { tone: false, notify: [] }],
    ['a new offer while Ongoing is open: a tone, no notification (the page is in front)', [new Set(['a']), offers('a', 'b'), false, true, ON], { tone: true, notify: [] }],
    ['a new offer with the Inbox in view and the page in front: nothing', [new Set([]), offers('b'), true, true, ON], { tone: false, notify: [] }],
    ['a new offer while the page is not in front: a tone and a notification', [new Set([]), offers('b', 'c'), true, false, ON], { tone: true, notify: ['b', 'c'] }],
    ['both preferences off: nothing', [new Set([]), offers('b'), false, false, OFF], { tone: false, notify: [] }],
    ['an offer that left is no alert', [new Set(['a', 'b']), offers('b'), false, false, ON], { tone: false, notify: [] }],
  ];
  for (const [what, args, expected] of rows) it(`issue 25: ${what}`, () => assert.deepEqual(decideOfferAlerts(...args), expected));
});

describe('issue 25: the page title counts waiting offers', () => {
  it('issue 25: prefixes the count, replaces an old one and removes it at zero', () => {
    assert.equal(titleWithOffers('Parley Workspace', 2), '(2) Parley Workspace');
    assert.equal(titleWithOffers('(2) Parley Workspace', 3), '(3) Parley Workspace');
    assert.equal(titleWithOffers('(3) Parley Workspace', 0), 'Parley Workspace');
    assert.equal(titleWithOffers('Parley Workspace', 0), 'Parley Workspace');
  });
});
