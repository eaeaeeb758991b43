import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Message { direction: string; body: string; authorKind: string; status: string }
interface Captured { field: string; label: string; value: string }
interface Detail { id: string; state: string; closeReason: string | null; context: Record<string, string>; captured: Captured[]; vaSummary: string | null; messages: Message[] }
interface Offer { id: string; interactionId: string; requesterNumber: string; context: Record<string, string>; captured: Captured[]; vaSummary: string | null; latestMessage: string; queueName: string }
type ErrorBody = { error: { code: string; message: string } };

const VA_NUMBER = '+14155550100';

// SPEC §6 through signed webhooks, the workflow, the engine's activity and the simulator's phones.
describe('the virtual agent answers first (SPEC §6)', function () {
  this.timeout(180_000);
  let parley: Parley;
  let admin: Agent;
  before(async () => {
    parley = await startParley({ worker: 'child', env: { VA_IDLE_CLOSE_SECONDS: '4' } });
    await parley.db('company_numbers').insert({ number: VA_NUMBER, display_name: 'VA line', queue_id: parley.queueId, live_agent_only: false });
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());
  beforeEach(async () => {
    await parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await parley.db('agent_presence').update({ status: 'offline' });
  });

  const text = (from: string, body: string) => parley.sim.sim.sendInbound({ from, to: VA_NUMBER, body });
  const smsTo = (to: string) => parley.sim.sim.outbound({ to }).map((m) => m.body);
  const interactionOf = async (from: string) => (await parley.db('interactions').where({ requester_number: from, company_number: VA_NUMBER }).orderBy('created_at', 'desc').first());
  const detail = async (id: string) => (await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: admin.token })).body;
  const smsCount = (to: string, n: number) => eventually(`${n} texts to ${to}`, async () => (smsTo(to).length >= n ? smsTo(to) : undefined), 20_000);

  it('RI-2/VA-4 a new conversation on a number with the virtual agent gets the greeting and topic picker by SMS', async () => {
    const from = uniqueNumber();
    await text(from, 'hello');
    const [greeting] = await smsCount(from, 1);
    assert.match(greeting, /^Hi! You're texting Parley Support's virtual agent\.\nReply with a number:\n1\. Order status/);
    const row = await interactionOf(from);
    assert.equal(row.state, 'virtual_agent');
    assert.equal(await parley.db('work_items').where({ interaction_id: row.id }).first(), undefined, 'not queued for agents');
    const d = await detail(row.id);
    assert.deepEqual(d.messages.map((m) => m.authorKind), ['requester', 'virtual_agent']);
  });

  it('RI-4/VA-5/VA-8/VA-10 each text answers the current step; "agent" hands off with the VA transcript and captured context', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const from = uniqueNumber();
    await text(from, 'hi');
    await smsCount(from, 1);
    await text(from, '1');
    assert.equal((await smsCount(from, 2))[1], 'What is your order number? (digits only)');
    await text(from, '10482');
    await smsCount(from, 4);
    await text(from, 'agent');
    const sms = await smsCount(from, 5);
    assert.equal(sms[4], 'Connecting you with a person. They will text you here; replies may take a few minutes.', 'VA-10 the transfer text');
    const offer = await eventually('the handoff offered to the agent', async () =>
      (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === from));
    assert.deepEqual(offer.context, { orderNumber: '10482' }, 'the Inbox card has the captured context');
    // Issue 25: in the topic's words, with the virtual agent's summary; "agent" and "hi" are commands, not the latest words.
    assert.deepEqual(offer.captured, [{ field: 'orderNumber', label: 'Order number', value: '10482' }]);
    assert.equal(offer.vaSummary, 'The requester asked for a person during “Order status” after 4 texts.');
    assert.equal(offer.latestMessage, '10482');
    assert.equal(offer.queueName, 'Test SMS');
    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    const d = await parley.request<Detail>('GET', `/api/interactions/${offer.interactionId}`, { token: agent.token });
    assert.equal(d.body.state, 'work_in_progress');
    assert.deepEqual(d.body.context, { orderNumber: '10482' });
    assert.deepEqual(d.body.captured, [{ field: 'orderNumber', label: 'Order number', value: '10482' }]);
    assert.equal(d.body.vaSummary, 'The requester asked for a person during “Order status” after 4 texts.');
    const conversation = d.body.messages.filter((m) => m.direction !== 'system');
    assert.deepEqual(conversation.map((m) => m.authorKind), ['requester', 'virtual_agent', 'requester', 'virtual_agent', 'requester', 'virtual_agent', 'virtual_agent', 'requester', 'system']);
    assert.ok(d.body.messages.some((m) => m.direction === 'system' && /asked for a person/.test(m.body)), 'a note says why it was handed off');
    // RI-3: from now on texts go to the agent, not the virtual agent.
    await text(from, '2');
    await eventually('the text in the transcript', async () => (await detail(offer.interactionId)).messages.some((m) => m.body === '2'));
    await sleep(500);
    assert.equal(smsTo(from).length, 5, 'the virtual agent no longer answers');
  });

  it('VA-9/SYS-3 no agent Available at handoff: "no agents available" once, and the conversation still waits in the queue', async () => {
    const from = uniqueNumber();
    await text(from, 'hi');
    await smsCount(from, 1);
    await text(from, 'AGENT');
    const sms = await smsCount(from, 2);
    assert.match(sms[1], /All our agents are busy right now/);
    const row = await eventually('queued', async () => ((await interactionOf(from)).state === 'queued' ? interactionOf(from) : undefined));
    await text(from, 'hello?');
    await sleep(1000);
    assert.equal(smsTo(from).filter((b) => /agents are busy/.test(b)).length, 1, 'said once');
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const offer = await eventually('offered once an agent is Available', async () =>
      (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.interactionId === row!.id));
    assert.ok(offer);
  });

  it('VA-6/INT-7 "bye" ends the conversation with the closing text (user_ended); the next text starts a new one', async () => {
    const from = uniqueNumber();
    await text(from, 'hi');
    await smsCount(from, 1);
    await text(from, 'bye');
    assert.equal((await smsCount(from, 2))[1], 'Thanks for texting Parley Support. Text us any time.');
    const row = await eventually('closed', async () => {
      const r = await interactionOf(from);
      return r.state === 'closed_complete' ? r : undefined;
    });
    assert.equal(row.close_reason, 'user_ended');
    await text(from, 'hello again');
    await eventually('a new conversation with the virtual agent', async () => {
      const r = await interactionOf(from);
      return r.id !== row.id && r.state === 'virtual_agent';
    });
  });

  it('VA-15/INT-6 a conversation only the virtual agent handled closes after the idle timeout (closed abandoned, no_activity, nothing texted), durably across a worker kill', async () => {
    const from = uniqueNumber();
    await text(from, 'hi');
    await smsCount(from, 1);
    const row = await interactionOf(from);
    await parley.killWorker();
    await sleep(5000); // past the 4 s idle timeout while no worker runs
    await parley.startWorker();
    const closed = await eventually('closed for inactivity', async () => {
      const r = await parley.db('interactions').where({ id: row.id }).first();
      return r.state === 'closed_abandoned' ? r : undefined;
    }, 30_000);
    assert.equal(closed.close_reason, 'no_activity', 'INT-6: never engaged with the virtual agent: closed abandoned');
    await sleep(1000);
    assert.equal(smsTo(from).length, 1, 'SPEC §8: a timeout close is never texted');
    const notes = await parley.db('messages').where({ interaction_id: row.id, direction: 'system' }).pluck('body');
    assert.equal(notes.filter((b) => /idle timeout/.test(b)).length, 1, 'the timer fired once');
  });

  const closedRow = (id: string) => eventually(`interaction ${id} closed`, async () => {
    const r = await parley.db('interactions').where({ id }).first();
    return r.state.startsWith('closed') ? r : undefined;
  }, 30_000);

  it('INT-8 a topic’s end step closes the conversation with no live agent: auto_closed, closed complete', async () => {
    const from = uniqueNumber();
    await text(from, 'opening hours?'); // the greeting, the hours and "Can I help with anything else?"
    await smsCount(from, 3);
    await text(from, 'no');
    assert.equal((await smsCount(from, 4))[3], 'Great. Have a nice day!');
    const row = await closedRow((await interactionOf(from)).id);
    assert.deepEqual([row.state, row.close_reason], ['closed_complete', 'auto_closed']);
  });

  it('INT-9/VA-15 the requester answered the virtual agent, then went quiet: the idle timeout closes it as no_user_response (closed complete, nothing texted)', async () => {
    const from = uniqueNumber();
    await text(from, 'hi');
    await smsCount(from, 1);
    await text(from, '1'); // an answer to the picker: engaged
    await smsCount(from, 2);
    const row = await closedRow((await interactionOf(from)).id);
    assert.deepEqual([row.state, row.close_reason], ['closed_complete', 'no_user_response']);
    assert.equal(smsTo(from).length, 2, 'SPEC §8: a timeout close is never texted');
  });

  it('INT-10/VA-16 a topic done and "anything else?" unanswered: the idle timeout closes it as topic_complete', async () => {
    const from = uniqueNumber();
    await text(from, 'hi');
    await smsCount(from, 1);
    await text(from, '2'); // opening hours, then "Can I help with anything else?"
    assert.match((await smsCount(from, 3))[2], /anything else\?/);
    const row = await closedRow((await interactionOf(from)).id);
    assert.deepEqual([row.state, row.close_reason], ['closed_complete', 'topic_complete']);
  });

  it('VA-11 at a handoff with an agent Available the transfer text says the queue’s recent average wait, in whole minutes', async () => {
    // A queue of its own, with a history of accepted offers that waited 3 and 5 minutes (what routing writes).
    const number = '+14155550111';
    const queueId = `va11-${Date.now()}`;
    await parley.db('queues').insert({ id: queueId, name: 'VA-11', channel_id: 'sms' });
    await parley.db('company_numbers').insert({ number, display_name: 'VA-11 line', queue_id: queueId, live_agent_only: false });
    const past = await parley.createAgent('agent');
    for (const minutes of [3, 5]) {
      const [i] = await parley.db('interactions').insert({ id: randomUUID(), workflow_id: `va11-${minutes}`, run_id: 'r', company_number: number, requester_number: uniqueNumber(), state: 'closed_complete' }).returning('id');
      const [w] = await parley.db('work_items').insert({
        interaction_id: i.id, workflow_id: `va11-${minutes}`, queue_id: queueId, channel_id: 'sms', state: 'accepted', created_at: parley.db.raw(`now() - interval '${minutes + 10} minutes'`),
      }).returning('id');
      await parley.db('offers').insert({
        id: parley.db.raw('gen_random_uuid()'), work_item_id: w.id, agent_id: past.id, state: 'accepted', expires_at: parley.db.fn.now(), decided_at: parley.db.raw(`now() - interval '10 minutes'`),
      });
    }
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const from = uniqueNumber();
    await parley.sim.sim.sendInbound({ from, to: number, body: 'hi' });
    await smsCount(from, 1);
    await parley.sim.sim.sendInbound({ from, to: number, body: 'agent' });
    const sms = await smsCount(from, 2);
    assert.equal(sms[1], 'Connecting you with a person. The wait is about 4 minutes. They will text you here; replies may take a few minutes.');
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('VA-12 PATCH company-numbers sets liveAgentOnly: a live-agent-only number queues new conversations with no greeting', async () => {
    const r = await parley.request<{ liveAgentOnly: boolean }>('PATCH', `/api/admin/company-numbers/${encodeURIComponent(VA_NUMBER)}`, { token: admin.token, body: { liveAgentOnly: true } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.liveAgentOnly, true);
    try {
      const from = uniqueNumber();
      await text(from, 'hello');
      const row = await eventually('queued', async () => {
        const x = await interactionOf(from);
        return x?.state === 'queued' ? x : undefined;
      });
      assert.ok(row);
      assert.ok(!smsTo(from).some((b) => /virtual agent/.test(b)));
    } finally {
      await parley.request('PATCH', `/api/admin/company-numbers/${encodeURIComponent(VA_NUMBER)}`, { token: admin.token, body: { liveAgentOnly: false } });
    }
    const missing = await parley.request<ErrorBody>('PATCH', `/api/admin/company-numbers/${encodeURIComponent('+14155559999')}`, { token: admin.token, body: { liveAgentOnly: true } });
    assert.equal(missing.status, 404);
    const bad = await parley.request<ErrorBody>('PATCH', '/api/admin/company-numbers/abc', { token: admin.token, body: { liveAgentOnly: true } });
    assert.equal(bad.status, 400);
  });

  it('RI-9/VA-13 a virtual-agent-only number never hands off: asked for a person, the requester is told and stays with the virtual agent', async () => {
    const number = `/api/admin/company-numbers/${encodeURIComponent(VA_NUMBER)}`;
    const both = await parley.request<ErrorBody>('PATCH', number, { token: admin.token, body: { liveAgentOnly: true, virtualAgentOnly: true } });
    assert.equal(both.status, 400);
    assert.match(both.body.error.message, /virtualAgentOnly: a number cannot be both live-agent only and virtual-agent only/);
    const r = await parley.request<{ virtualAgentOnly: boolean; liveAgentOnly: boolean }>('PATCH', number, { token: admin.token, body: { virtualAgentOnly: true } });
    assert.deepEqual([r.status, r.body.virtualAgentOnly, r.body.liveAgentOnly], [200, true, false]);
    try {
      // An Available agent who would take a handoff on any other number.
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const from = uniqueNumber();
      await text(from, 'hi');
      await smsCount(from, 1);
      await text(from, 'agent');
      const told = await eventually('told that live agents do not answer here', async () => smsTo(from).find((b) => /Live agents do not answer on this number/.test(b)));
      assert.ok(told);
      const row = await interactionOf(from);
      assert.equal(row.state, 'virtual_agent', 'still with the virtual agent');
      assert.equal(Number((await parley.db('work_items').where({ interaction_id: row.id }).count<{ n: string }[]>('* as n'))[0].n), 0, 'never queued for live agents');
      assert.deepEqual((await parley.request<unknown[]>('GET', '/api/me/offers', { token: agent.token })).body, []);
      // The virtual agent goes on: the topic picker answers the next text.
      const before = smsTo(from).length;
      await text(from, '1');
      await smsCount(from, before + 1);
      assert.equal((await interactionOf(from)).state, 'virtual_agent');
      await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
    } finally {
      await parley.request('PATCH', number, { token: admin.token, body: { virtualAgentOnly: false } });
    }
  });
  it('INT-12 on a virtual-agent-only number an unrecoverable engine error closes the conversation with the reason error (nobody can take over)', async () => {
    const topics = '/api/admin/virtual-agent/topics';
    const number = `/api/admin/company-numbers/${encodeURIComponent(VA_NUMBER)}`;
    const saved = await parley.request<{ document: { topics: unknown[] } }>('GET', topics, { token: admin.token });
    // A topic whose text steps lead to each other for ever: the engine cuts the loop as an error (VA-10).
    const loop = { id: 'loop', title: 'Loop', keywords: ['loop'], steps: [{ id: 'a', type: 'text', text: 'A', next: 'b' }, { id: 'b', type: 'text', text: 'B', next: 'a' }] };
    assert.equal((await parley.request('PUT', topics, { token: admin.token, body: { ...saved.body.document, topics: [...saved.body.document.topics, loop] } })).status, 200);
    await parley.request('PATCH', number, { token: admin.token, body: { virtualAgentOnly: true } });
    try {
      const from = uniqueNumber();
      await text(from, 'hi');
      await smsCount(from, 1);
      await text(from, 'loop');
      const row = await closedRow((await interactionOf(from)).id);
      assert.deepEqual([row.state, row.close_reason], ['closed_complete', 'error']);
      assert.equal(await parley.db('work_items').where({ interaction_id: row.id }).first(), undefined, 'never queued');
    } finally {
      await parley.request('PATCH', number, { token: admin.token, body: { virtualAgentOnly: false } });
      await parley.request('PUT', topics, { token: admin.token, body: saved.body.document });
    }
  });
});

describe('virtual agent topics and system texts, for admins (SPEC §6, §8)', function () {
  this.timeout(120_000);
  let parley: Parley;
  let admin: Agent;
  before(async () => {
    parley = await startParley({ worker: 'none' });
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());

  it('GET/PUT topics: a whole document saved as a new version (the previous kept); 400 lists every error with its JSON path', async () => {
    const got = await parley.request<{ version: number; document: Record<string, unknown> & { greeting: string } }>('GET', '/api/admin/virtual-agent/topics', { token: admin.token });
    assert.equal(got.status, 200);
    const doc = { ...got.body.document, greeting: 'Hello from the test desk.' };
    const saved = await parley.request<{ version: number; document: { greeting: string } }>('PUT', '/api/admin/virtual-agent/topics', { token: admin.token, body: doc });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.version, got.body.version + 1);
    assert.equal(saved.body.document.greeting, 'Hello from the test desk.');
    assert.equal(Number((await parley.db('va_topic_versions').count<{ count: string }[]>('* as count'))[0].count), saved.body.version, 'the previous versions are kept');

    const broken = { ...doc, greeting: '**Hi**', topics: [{ id: 'x', title: 'X', steps: [{ id: 'a', type: 'text', text: 'A', next: 'nowhere' }] }] };
    const bad = await parley.request<ErrorBody>('PUT', '/api/admin/virtual-agent/topics', { token: admin.token, body: broken });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /greeting: must be plain SMS text/);
    assert.match(bad.body.error.message, /topics\[0\]\.steps\[0\]\.next: "nowhere" is not a step/);
    const agent = await parley.createAgent('agent');
    assert.equal((await parley.request('PUT', '/api/admin/virtual-agent/topics', { token: agent.token, body: doc })).status, 403);
  });

  it('the test conversation runs the engine without sending any SMS', async () => {
    const first = await parley.request<{ replies: string[]; session: unknown; outcome: { kind: string } }>('POST', '/api/admin/virtual-agent/try', { token: admin.token, body: { text: 'hi' } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.replies[0], /Reply with a number/);
    const second = await parley.request<{ replies: string[]; outcome: { kind: string } }>('POST', '/api/admin/virtual-agent/try', { token: admin.token, body: { text: 'agent', session: first.body.session } });
    assert.deepEqual(second.body.outcome, { kind: 'handoff', reason: 'requested' });
    assert.equal(parley.sim.sim.outbound({}).length, 0);
  });

  it('SYS-6 GET/PUT system texts: every text editable and switchable', async () => {
    const list = await parley.request<{ key: string; body: string; enabled: boolean }[]>('GET', '/api/admin/system-texts', { token: admin.token });
    assert.deepEqual(list.body.map((t) => t.key), ['agent_accepted', 'va_transfer', 'no_agents_available', 'queue_max_wait', 'conversation_closed', 'prompt_requester', 'opt_out_confirmation', 'opt_in_confirmation', 'help', 'va_no_live_agents']);
    const r = await parley.request<{ key: string; body: string; enabled: boolean }[]>('PUT', '/api/admin/system-texts', { token: admin.token, body: [{ key: 'help', body: 'Call us.', enabled: true }] });
    assert.equal(r.status, 200);
    assert.equal(r.body.find((t) => t.key === 'help')?.body, 'Call us.');
    const bad = await parley.request<ErrorBody>('PUT', '/api/admin/system-texts', { token: admin.token, body: [{ key: 'nope', body: 'x', enabled: true }] });
    assert.equal(bad.status, 400);
  });
});
