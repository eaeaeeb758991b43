import assert from 'node:assert/strict';
import { describeApi } from '../../src/api/app';
import { eventually, startParley, uniqueNumber, type Parley } from '../support/parley';

interface OpenApi { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; 'x-required-role'?: string }>> }
interface Offer { id: string; interactionId: string; requesterNumber: string }
interface Detail { messages: { id: string; status: string; errorCode: string | null }[] }

describe('API contract and delivery status', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley();
  });
  after(async () => parley?.stop());

  it('describes every /api route in OpenAPI 3.1, including the core routes of DESIGN.md, and serves each one it describes', async () => {
    const r = await parley.request<OpenApi>('GET', '/api/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    // The Workspace's types are generated from the document built without servers: it must be the one served.
    assert.deepEqual(r.body, describeApi());
    const core: [string, string][] = [
      ['post', '/api/auth/login'], ['put', '/api/me/presence'], ['get', '/api/me/offers'], ['post', '/api/offers/{id}/accept'],
      ['post', '/api/offers/{id}/reject'], ['get', '/api/interactions'], ['get', '/api/interactions/{id}'],
      ['post', '/api/interactions/{id}/messages'], ['post', '/api/interactions/{id}/hold'], ['post', '/api/interactions/{id}/resume'],
      ['post', '/api/interactions/{id}/end'],
    ];
    for (const [method, path] of core) assert.ok(r.body.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
    assert.ok(r.body.paths['/api/auth/login'].post.requestBody, 'login documents its body');

    // Documented ⇒ served: each documented route answers something other than "no route" without credentials.
    for (const [path, methods] of Object.entries(r.body.paths)) {
      for (const method of Object.keys(methods)) {
        const concrete = path.replace(/\{[^}]+\}/g, crypto.randomUUID());
        const res = await fetch(parley.url + concrete, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
        assert.notEqual(res.status, 404, `${method.toUpperCase()} ${path} is served`);
        if (methods[method]['x-required-role']) assert.equal(res.status, 401, `${method.toUpperCase()} ${path} needs a session`);
      }
    }
  });

  it('answers /healthz and /readyz', async () => {
    assert.equal((await parley.request('GET', '/healthz')).status, 200);
    const ready = await parley.request<{ database: boolean; temporal: boolean }>('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual([ready.body.database, ready.body.temporal], [true, true]);
  });

  async function conversation() {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'hi');
    const offer = await eventually('offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
    return { agent, requester, id: offer.interactionId };
  }

  it('keeps delivered when callbacks arrive reordered and duplicated, and keeps every callback', async () => {
    const { agent, requester, id } = await conversation();
    parley.sim.sim.faults.add({ to: requester, reorderCallbacks: true, duplicateCallbacks: true });
    const sent = await parley.request<{ messageId: string }>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'status test' } });
    await eventually('delivered', async () => {
      const d = await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: agent.token });
      return d.body.messages.find((m) => m.id === sent.body.messageId)?.status === 'delivered';
    });
    await parley.sim.sim.settled();
    const msg = await parley.db('messages').where({ id: sent.body.messageId }).first();
    assert.equal(msg.status, 'delivered', 'a late "sent" did not move it back');
    const events = await parley.db('message_status_events').where({ provider_sid: msg.provider_sid }).orderBy('id').pluck('status');
    assert.deepEqual([...events].sort(), ['delivered', 'sent'], 'each distinct callback kept once');
  });

  it('shows the agent an undelivered message with the provider’s error code', async () => {
    const { agent, requester, id } = await conversation();
    parley.sim.sim.faults.add({ to: requester, final: { status: 'undelivered', errorCode: 30003 } });
    const sent = await parley.request<{ messageId: string }>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'to an unreachable phone' } });
    const m = await eventually('undelivered', async () => {
      const d = await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: agent.token });
      const x = d.body.messages.find((y) => y.id === sent.body.messageId);
      return x?.status === 'undelivered' ? x : undefined;
    });
    assert.equal(m.errorCode, '30003');
  });

  it('marks a message the provider refuses for good as failed, without retrying it', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    // Twilio's magic number for "this recipient has opted out" (21610).
    const requester = '+15005550004';
    await parley.text(requester, 'hello from a STOPped number');
    const offer = await eventually('offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    const sent = await parley.request<{ messageId: string }>('POST', `/api/interactions/${offer.interactionId}/messages`, { token: agent.token, body: { body: 'will be refused' } });
    const m = await eventually('failed', async () => {
      const d = await parley.request<Detail>('GET', `/api/interactions/${offer.interactionId}`, { token: agent.token });
      const x = d.body.messages.find((y) => y.id === sent.body.messageId);
      return x?.status === 'failed' ? x : undefined;
    });
    assert.equal(m.errorCode, '21610');
    const row = await parley.db('messages').where({ id: sent.body.messageId }).first();
    assert.equal(row.send_attempts, 1);
    // The refusal does not wedge the workflow: the conversation goes on.
    const held = await parley.request<{ state: string }>('POST', `/api/interactions/${offer.interactionId}/hold`, { token: agent.token });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    assert.equal(held.body.state, 'on_hold');
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });
});
