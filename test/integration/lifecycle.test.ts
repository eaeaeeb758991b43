import assert from 'node:assert/strict';
import { SA } from '../../src/domain/search-attributes';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Offer { id: string; interactionId: string; requesterNumber: string }
interface Row { id: string; state: string; unreadCount: number; requesterNumber: string; lastMessage: string; lastMessageDirection: string | null }
type ErrorBody = { error: { code: string; message: string } };

describe('interaction lifecycle and who may act', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ offerTimeoutSeconds: 2 });
  });
  after(async () => parley?.stop());
  // Routing is first in, first out: work an earlier test left waiting would be offered before this test's own.
  beforeEach(async () => {
    await parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await parley.db('agent_presence').update({ status: 'offline' });
  });

  async function offerFor(agent: Agent, requester: string, timeoutMs = 15_000): Promise<Offer> {
    return eventually(`an offer to ${agent.email} for ${requester}`, async () => {
      const r = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === requester);
    }, timeoutMs);
  }

  async function acceptedConversation(agent: Agent) {
    const requester = uniqueNumber();
    await parley.text(requester, 'hi there');
    const offer = await offerFor(agent, requester);
    const r = await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    assert.equal(r.status, 200);
    return { requester, id: offer.interactionId };
  }

  it('ONG-1/INT-11 hold and resume: on hold it stays in Ongoing; a requester text into hold resumes it and counts as unread; end closes it (agent_ended) and it leaves Ongoing', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const { requester, id } = await acceptedConversation(agent);
    const ongoingRow = async () => (await parley.request<Row[]>('GET', '/api/interactions?view=ongoing', { token: agent.token })).body.find((x) => x.id === id);
    const first = await ongoingRow();
    assert.deepEqual([first?.lastMessage, first?.lastMessageDirection], ['hi there', 'inbound']);
    // The agent's reply is the last message now: the list says so (the Workspace's card: "You wrote …").
    const sent = await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'one moment please' } });
    assert.equal(sent.status, 202);
    const replied = await eventually('the reply as the last message', async () => {
      const r = await ongoingRow();
      return r?.lastMessage === 'one moment please' ? r : undefined;
    });
    assert.equal(replied.lastMessageDirection, 'outbound');
    assert.equal((replied as unknown as { lastMessageAuthorKind: string }).lastMessageAuthorKind, 'agent');

    const held = await parley.request<{ state: string }>('POST', `/api/interactions/${id}/hold`, { token: agent.token });
    assert.equal(held.status, 200);
    assert.equal(held.body.state, 'on_hold');
    const again = await parley.request<ErrorBody>('POST', `/api/interactions/${id}/hold`, { token: agent.token });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /cannot hold an interaction that is on hold/);
    // ONG-1: a conversation on hold is still the agent's, and still in Ongoing.
    await eventually('the row on hold in Ongoing', async () => (await ongoingRow())?.state === 'on_hold');

    await parley.request('POST', `/api/interactions/${id}/read`, { token: agent.token });
    await parley.text(requester, 'are you still there?');
    const row = await eventually('the interaction back in progress with an unread message', async () => {
      const r = await parley.request<Row[]>('GET', '/api/interactions?view=ongoing', { token: agent.token });
      return r.body.find((x) => x.id === id && x.state === 'work_in_progress' && x.unreadCount === 1);
    });
    assert.equal(row.requesterNumber, requester);
    assert.deepEqual([row.lastMessage, row.lastMessageDirection], ['are you still there?', 'inbound']);

    const ended = await parley.request<{ state: string }>('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'complete' } });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.state, 'closed_complete');
    const ongoing = await parley.request<Row[]>('GET', '/api/interactions?view=ongoing', { token: agent.token });
    assert.ok(!ongoing.body.some((x) => x.id === id));
    const closed = await parley.db('interactions').where({ id }).first();
    assert.equal(closed.close_reason, 'agent_ended');
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('RI-6: an ended interaction takes no more agent messages, and the next text starts a new interaction', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const { requester, id } = await acceptedConversation(agent);
    await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'abandon' } });

    const late = await parley.request<ErrorBody>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'one more thing' } });
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /closed abandoned|has ended/);
    assert.equal(parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === 'one more thing').length, 0);

    await parley.text(requester, 'new question');
    const offer = await offerFor(agent, requester);
    assert.notEqual(offer.interactionId, id);
    // The read model follows the workflow's decision a moment after the offer itself.
    await eventually('the old interaction closed and the new one offered', async () => {
      const all = await parley.db('interactions').where({ requester_number: requester }).orderBy('created_at');
      return JSON.stringify(all.map((i) => i.state)) === JSON.stringify(['closed_abandoned', 'offered']);
    });
    const newMessages = await parley.db('messages').where({ interaction_id: offer.interactionId });
    assert.deepEqual(newMessages.map((m) => m.body), ['new question']);
    // Same workflow id, new run: ops find the whole history of the pair under one id.
    // The search attribute is upserted by the workflow, which may come a moment after the read model's write.
    await eventually('the interaction state search attribute offered', async () => {
      const d = await parley.client.workflow.getHandle(`sms:${parley.companyNumber}:${requester}`).describe();
      return d.typedSearchAttributes.get(SA.InteractionState) === 'offered';
    });
  });

  it('WI-3: an unanswered offer times out, the agent becomes Away and the item is re-offered to another agent', async () => {
    const slow = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'anyone?');
    const first = await offerFor(slow, requester);
    const other = await parley.createAgent('agent', { presence: 'available' });
    const second = await offerFor(other, requester, 20_000);
    assert.equal(second.interactionId, first.interactionId);
    assert.notEqual(second.id, first.id);
    const me = await parley.request<{ presence: string }>('GET', '/api/me', { token: slow.token });
    assert.equal(me.body.presence, 'away');
    const gone = await parley.request('POST', `/api/offers/${first.id}/accept`, { token: slow.token });
    assert.equal(gone.status, 409);
    const events = await parley.db('routing_events').where({ interaction_id: first.interactionId }).orderBy('id').pluck('type');
    assert.deepEqual(events.slice(0, 4), ['queued', 'offered', 'offer_timeout', 'offered']);
    await parley.request('PUT', '/api/me/presence', { token: other.token, body: { status: 'offline' } });
  });

  it('WI-2/WI-7: a rejected offer (a reason is required) goes to another agent and never back to the one who rejected it', async () => {
    const a = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'help please');
    const offer = await offerFor(a, requester);
    const b = await parley.createAgent('agent', { presence: 'available' });
    const bad = await parley.request<ErrorBody>('POST', `/api/offers/${offer.id}/reject`, { token: a.token, body: {} });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /reason/);
    const r = await parley.request('POST', `/api/offers/${offer.id}/reject`, { token: a.token, body: { reason: 'not my area' } });
    assert.equal(r.status, 200);
    const toB = await offerFor(b, requester);
    assert.equal(toB.interactionId, offer.interactionId);
    const mine = await parley.request<Offer[]>('GET', '/api/me/offers', { token: a.token });
    assert.ok(!mine.body.some((o) => o.interactionId === offer.interactionId));
    for (const t of [a, b]) await parley.request('PUT', '/api/me/presence', { token: t.token, body: { status: 'offline' } });
  });

  it('CAP-5/CAP-6/SCH-6: an agent at capacity gets no offer; putting a conversation on hold frees the capacity', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available', capacity: 1 });
    const { id } = await acceptedConversation(agent);
    const second = uniqueNumber();
    await parley.text(second, 'me too');
    await eventually('the second text queued', async () => (await parley.interactionFor(second))?.state === 'queued');
    await new Promise((r) => setTimeout(r, 1000)); // a dispatch pass has run: still no offer for a full agent
    const none = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
    assert.ok(!none.body.some((o) => o.requesterNumber === second), 'no offer beyond capacity');
    // EV-1: the dispatcher recorded, once, that nobody could take it, and why this agent was passed over.
    const interactionId = (await parley.interactionFor(second))!.id;
    await eventually('the no_agent decision', async () => (await parley.db('routing_events').where({ interaction_id: interactionId, type: 'no_agent' })).length > 0);
    await new Promise((r) => setTimeout(r, 500));
    const events = await parley.db('routing_events').where({ interaction_id: interactionId }).orderBy('id');
    assert.deepEqual(events.map((e) => e.type), ['queued', 'no_agent'], 'recorded once, not at every pass');
    const verdict = events[1].detail.candidates.find((c: { agentId: string }) => c.agentId === agent.id);
    assert.equal(verdict?.reason, 'at_capacity');

    await parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token });
    const offer = await offerFor(agent, second);
    assert.equal(offer.requesterNumber, second);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('INT-5 the requester texts bye while the conversation is offered: closed abandoned (left_before_engagement), the offer withdrawn from the agent’s inbox, the requester told it is closed', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'can someone help me?');
    const offer = await offerFor(agent, requester);
    await parley.text(requester, 'Bye!');
    const closed = await eventually('closed by the requester', async () => {
      const r = await parley.db('interactions').where({ id: offer.interactionId }).first();
      return r.state === 'closed_abandoned' ? r : undefined;
    });
    assert.equal(closed.close_reason, 'left_before_engagement');
    const item = await parley.db('work_items').where({ interaction_id: offer.interactionId }).first();
    assert.equal(item.state, 'canceled');
    assert.equal((await parley.db('offers').where({ id: offer.id }).first()).state, 'withdrawn');
    await eventually('the offer gone from the inbox', async () =>
      !(await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.some((o) => o.id === offer.id));
    const late = await parley.request<ErrorBody>('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    assert.equal(late.status, 409, 'a withdrawn offer cannot be accepted');
    await eventually('SYS-1 the closing text at the phone', async () =>
      parley.sim.sim.outbound({ to: requester }).some((m) => m.body === 'This conversation is closed. Text us any time to start a new one.'));
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('INT-5 the requester opts out (STOP) while queued: closed abandoned (left_before_engagement); only the opt-out answer is texted', async () => {
    const requester = uniqueNumber();
    await parley.text(requester, 'hello?');
    const row = await eventually('queued', async () => {
      const r = await parley.interactionFor(requester);
      return r?.state === 'queued' ? r : undefined;
    });
    await eventually('SYS-3 told nobody is Available', async () => parley.sim.sim.outbound({ to: requester }).some((m) => /agents are busy/.test(m.body)));
    const before = parley.sim.sim.outbound({ to: requester }).length;
    await parley.text(requester, 'STOP');
    const closed = await eventually('closed by the opt-out', async () => {
      const r = await parley.db('interactions').where({ id: row.id }).first();
      return r.state === 'closed_abandoned' ? r : undefined;
    });
    assert.equal(closed.close_reason, 'left_before_engagement');
    assert.equal((await parley.db('work_items').where({ interaction_id: row.id }).first()).state, 'canceled');
    const texts = await eventually('the opt-out answer', async () => {
      const t = parley.sim.sim.outbound({ to: requester }).slice(before).map((m) => m.body);
      return t.length > 0 ? t : undefined;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(parley.sim.sim.outbound({ to: requester }).slice(before).map((m) => m.body), texts);
    assert.equal(texts.length, 1, texts.join(' | '));
    assert.match(texts[0], /unsubscribed/);
  });

  it('SYS-4/Q-9 the queue’s max wait passes with nobody to take the conversation: the max-wait text reaches the phone once, and it stays queued', async () => {
    const text = 'Thanks for waiting. Everyone is still busy; we will answer as soon as we can.';
    await parley.db('queues').where({ id: parley.queueId }).update({ max_wait_seconds: 2, max_wait_text: text });
    try {
      const requester = uniqueNumber();
      await parley.text(requester, 'anyone there?');
      const waited = () => parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === text);
      await eventually('the max-wait text at the phone', async () => waited().length === 1, 15_000);
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(waited().length, 1, 'once, not at every max wait');
      const row = await parley.interactionFor(requester);
      assert.equal(row?.state, 'queued', 'still waiting for a live agent');
    } finally {
      await parley.db('queues').where({ id: parley.queueId }).update({ max_wait_seconds: 0, max_wait_text: null });
    }
  });

  it('END-1/ONG-6 refuses unauthenticated calls, too-low roles, and agents acting on another agent’s interaction (they may read it)', async () => {
    const owner = await parley.createAgent('agent', { presence: 'available' });
    const { id } = await acceptedConversation(owner);
    await parley.request('PUT', '/api/me/presence', { token: owner.token, body: { status: 'offline' } });
    const intruder = await parley.createAgent('agent');
    const manager = await parley.createAgent('manager');

    const anon = await parley.request<ErrorBody>('GET', '/api/interactions?view=ongoing');
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error.code, 'unauthenticated');
    const badToken = await parley.request('GET', '/api/me', { token: 'not-a-session' });
    assert.equal(badToken.status, 401);

    const adminOnly = await parley.request<ErrorBody>('GET', '/api/admin/users', { token: manager.token });
    assert.equal(adminOnly.status, 403);
    assert.match(adminOnly.body.error.message, /admin role/);
    const managerOnly = await parley.request('GET', '/api/supervisor/interactions', { token: intruder.token });
    assert.equal(managerOnly.status, 403);
    const managerView = await parley.request<{ id: string }[]>('GET', '/api/supervisor/interactions', { token: manager.token });
    assert.equal(managerView.status, 200);
    assert.ok(managerView.body.some((x) => x.id === id));

    // ONG-6: another agent may read a colleague's conversation, never act on it.
    assert.equal((await parley.request('GET', `/api/interactions/${id}`, { token: intruder.token })).status, 200);
    for (const [method, path, body] of [
      ['POST', `/api/interactions/${id}/messages`, { body: 'hijack' }],
      ['POST', `/api/interactions/${id}/hold`, undefined],
      ['POST', `/api/interactions/${id}/end`, { outcome: 'complete' }],
    ] as const) {
      const r = await parley.request<ErrorBody>(method, path, { token: intruder.token, body });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(r.body.error.message, /not assigned to you/);
    }
    // A manager may end any interaction (SPEC §10) but not write as the agent.
    const write = await parley.request('POST', `/api/interactions/${id}/messages`, { token: manager.token, body: { body: 'hi' } });
    assert.equal(write.status, 409);
    const end = await parley.request<{ state: string }>('POST', `/api/interactions/${id}/end`, { token: manager.token, body: { outcome: 'complete' } });
    assert.equal(end.status, 200);
    assert.equal(end.body.state, 'closed_complete');
  });

  it('validates API input with clear 4xx errors', async () => {
    const agent = await parley.createAgent('agent');
    const cases: [string, string, unknown, number, RegExp][] = [
      ['PUT', '/api/me/presence', { status: 'sleeping' }, 400, /status/],
      ['POST', '/api/offers/not-a-uuid/accept', undefined, 400, /offer id/],
      ['POST', `/api/offers/${crypto.randomUUID()}/accept`, undefined, 404, /no such offer/],
      ['GET', `/api/interactions/${crypto.randomUUID()}`, undefined, 404, /no such interaction/],
      ['GET', '/api/interactions?view=everything', undefined, 400, /view/],
      ['POST', '/api/auth/login', { email: 'nobody@example.com', password: 'wrong' }, 401, /email or password is wrong/],
      ['POST', '/api/auth/login', { email: 'not-an-email', password: 'x' }, 400, /email/],
      ['GET', '/api/no-such-route', undefined, 404, /no route/],
    ];
    for (const [method, path, body, status, pattern] of cases) {
      const r = await parley.request<ErrorBody>(method, path, { token: agent.token, body });
      assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error.message, pattern);
    }
    const notJson = await parley.request<ErrorBody>('PUT', '/api/me/presence', { token: agent.token, raw: '{oops', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, 'invalid_json');
    const tooLong = await parley.request<ErrorBody>('POST', `/api/interactions/${crypto.randomUUID()}/messages`, { token: agent.token, body: { body: 'x'.repeat(1601) } });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body.error.message, /1,600/);
  });
});
