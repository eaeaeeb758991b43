import assert from 'node:assert/strict';
import { SERVER_EVENTS } from '../../src/realtime/server-events';
import { eventually, startParley, uniqueNumber, type Parley } from '../support/parley';
import { SseClient } from '../support/sse-client';

interface Offer { id: string; interactionId: string; requesterNumber: string }

describe('live updates (server push through PostgreSQL LISTEN/NOTIFY)', function () {
  this.timeout(120_000);
  let parley: Parley;
  const streams: SseClient[] = [];
  before(async () => {
    parley = await startParley();
  });
  after(async () => {
    streams.forEach((s) => s.close());
    await parley?.stop();
  });

  it('pushes offers, interaction changes and presence to the agent connected to another api process', async () => {
    const agent = await parley.createAgent('agent');
    const other = await parley.startSecondApi();
    const stream = await SseClient.connect(`${other.url}/api/events`, agent.token);
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'hello');

    // Presence changed through api #1 reaches the stream on api #2.
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
    await stream.waitFor((e) => e.event === 'presence' && (e.data as { status: string }).status === 'available');

    // The offer, made by the worker's dispatcher, reaches it too.
    const requester = uniqueNumber();
    await parley.text(requester, 'live?');
    await stream.waitFor((e) => e.event === 'offers');
    const offer = await eventually('offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    await stream.waitFor((e) => e.event === 'interaction' && (e.data as { id: string; state: string }).id === offer.interactionId);

    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    await stream.waitFor((e) => e.event === 'interaction' && (e.data as { state: string }).state === 'work_in_progress');
    await parley.text(requester, 'second text');
    await stream.waitFor((e) => e.event === 'interaction' && (e.data as { unreadCount: number }).unreadCount >= 1);

    // Issue 26: each event is one the OpenAPI document lists (components.schemas.ServerEvents), with its payload's shape.
    for (const e of stream.events) {
      const schema = SERVER_EVENTS[e.event as keyof typeof SERVER_EVENTS];
      assert.ok(schema, `${e.event} is a documented event`);
      assert.ok(schema.safeParse(e.data).success, `${e.event} ${JSON.stringify(e.data)} matches ServerEvent schema`);
    }
  });

  it('does not push another agent’s work to an agent, and refuses an unauthenticated stream', async () => {
    const watcher = await parley.createAgent('agent');
    const busy = await parley.createAgent('agent', { presence: 'available' });
    const stream = await SseClient.connect(`${parley.url}/api/events`, watcher.token);
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'hello');
    const requester = uniqueNumber();
    await parley.text(requester, 'for someone else');
    await eventually('offer to the busy agent', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: busy.token })).body.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(stream.events.filter((e) => e.event !== 'hello'), []);
    const anon = await fetch(`${parley.url}/api/events`);
    assert.equal(anon.status, 401);
  });
});
