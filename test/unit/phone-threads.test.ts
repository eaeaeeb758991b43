import assert from 'node:assert/strict';
import type { PhoneMessage } from '../../web/src/phones/simulator-api';
import { threadsOf } from '../../web/src/phones/threads';

const PHONE = '+14155550123';
const LIVE = '+15005550006';
const VA = '+14155550100';

function text(sid: string, direction: PhoneMessage['direction'], company: string, at: string): PhoneMessage {
  const [from, to] = direction === 'inbound' ? [PHONE, company] : [company, PHONE];
  return { sid, direction, from, to, body: sid, mediaUrls: [], status: 'delivered', errorCode: null, errorMessage: null, dateCreated: at, dateUpdated: at } as PhoneMessage;
}

describe('a virtual phone’s threads', () => {
  it('issue 25: one thread per company number, texted or texting, newest first, each with only its own texts', () => {
    const threads = threadsOf(
      [
        text('a', 'inbound', LIVE, '2026-12-07T10:00:00Z'),
        text('b', 'outbound-api', VA, '2026-12-07T10:01:00Z'),
        text('c', 'outbound-api', LIVE, '2026-12-07T10:02:00Z'),
      ],
      LIVE,
    );
    assert.deepEqual(
      threads.map((t) => [t.companyNumber, t.messages.map((m) => m.sid)]),
      [
        [LIVE, ['a', 'c']],
        [VA, ['b']],
      ],
    );
  });

  it('issue 25: the company number being texted has an empty thread until its first text; a half-typed one has none', () => {
    assert.deepEqual(threadsOf([text('a', 'inbound', LIVE, '2026-12-07T10:00:00Z')], VA).map((t) => [t.companyNumber, t.messages.length]), [
      [VA, 0],
      [LIVE, 1],
    ]);
    assert.deepEqual(threadsOf([], '+1500').map((t) => t.companyNumber), []);
  });
});
