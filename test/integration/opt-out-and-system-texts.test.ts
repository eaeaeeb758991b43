import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Offer { id: string; interactionId: string; requesterNumber: string }
interface Detail { state: string; optedOut: boolean; messages: { direction: string; body: string; status: string; errorCode: string | null }[] }
type ErrorBody = { error: { code: string; message: string } };

const VA_NUMBER = '+14155550100';

describe('opt-out (SPEC §9) and what the requester sees (SPEC §8)', function () {
  this.timeout(180_000);
  let parley: Parley;
  let admin: Agent;
  before(async () => {
    parley = await startParley();
    await parley.db('company_numbers').insert({ number: VA_NUMBER, display_name: 'VA line', queue_id: parley.queueId, live_agent_only: false });
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());
  beforeEach(async () => {
    await parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await parley.db('agent_presence').update({ status: 'offline' });
  });

  const smsTo = (to: string) => parley.sim.sim.outbound({ to }).map((m) => m.body);
  const waitSms = (to: string, n: number) => eventually(`${n} texts to ${to}`, async () => (smsTo(to).length >= n ? smsTo(to) : undefined), 20_000);

  async function accepted(agent: Agent, requester: string, body = 'hi there') {
    await parley.text(requester, body);
    const offer = await eventually('an offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    const r = await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    assert.equal(r.status, 200);
    return offer.interactionId;
  }

  it('SPEC §9 STOP: confirmation text, opted out for that company number, the conversation stays open, every send refused with 409 opted_out', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueMobileNumber();
    const id = await accepted(agent, requester);
    await parley.text(requester, ' stop ');
    const [confirmation] = await waitSms(requester, 1);
    assert.match(confirmation, /You are unsubscribed/);
    const consent = await parley.db('consents').where({ company_number: parley.companyNumber, requester_number: requester }).first();
    assert.equal(consent.opted_out, true);
    const history = await parley.db('consent_history').where({ requester_number: requester });
    assert.deepEqual(history.map((h) => [h.opted_out, h.source, h.keyword]), [[true, 'keyword', 'stop']]);

    const d = await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: agent.token });
    assert.equal(d.body.state, 'work_in_progress', 'STOP does not close an open conversation');
    assert.equal(d.body.optedOut, true);
    assert.ok(d.body.messages.some((m) => m.direction === 'inbound' && m.body === ' stop '), 'kept in the transcript');

    const reply = await parley.request<ErrorBody>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'are you sure?' } });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.code, 'opted_out');
    // Issue 25: Ongoing and Compose's check say so before anything is sent.
    const ongoing = await parley.request<{ id: string; optedOut: boolean }[]>('GET', '/api/interactions?view=ongoing', { token: agent.token });
    assert.equal(ongoing.body.find((o) => o.id === id)?.optedOut, true);
    const check = await parley.request<{ optedOut: boolean }>('GET', `/api/compose/check?from=${encodeURIComponent(parley.companyNumber)}&to=${encodeURIComponent(requester)}`, { token: agent.token });
    assert.equal(check.body.optedOut, true);
    const compose = await parley.request<ErrorBody>('POST', '/api/compose', { token: agent.token, body: { from: parley.companyNumber, to: requester, body: 'hello' } });
    assert.equal(compose.status, 409);
    assert.equal(compose.body.error.code, 'opted_out');
    // Decided: an opted-out requester's texts still reach the agent who has the conversation (they never become new work).
    await parley.text(requester, 'one more question');
    await eventually('the text in the open conversation', async () => (await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: agent.token })).body.messages.some((m) => m.body === 'one more question'));
    // Ending it is a person closing it, but the "conversation closed" text must not reach an opted-out number.
    await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'complete' } });
    await sleep(1000);
    assert.deepEqual(smsTo(requester), [confirmation], 'nothing else reached the provider');
    const closedText = await eventually('the closing text refused', async () => (await parley.db('messages').where({ interaction_id: id, system_text_key: 'conversation_closed' }).first()));
    assert.equal(closedText.status, 'canceled');
    assert.equal(closedText.error_code, 'opted_out');

    await parley.text(requester, 'START');
    const after = await waitSms(requester, 2);
    assert.match(after[1], /You are subscribed again/);
    assert.equal((await parley.db('consents').where({ company_number: parley.companyNumber, requester_number: requester }).first()).opted_out, false);
    await parley.text(requester, 'HELP');
    assert.match((await waitSms(requester, 3))[2], /Parley Support: text your question/);
  });

  it('SPEC §9 a STOP as a first text never becomes work: no queue, no virtual agent, just the confirmation', async () => {
    const requester = uniqueNumber();
    await parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body: 'STOP' });
    assert.match((await waitSms(requester, 1))[0], /unsubscribed/);
    const row = await eventually('closed', async () => {
      const r = await parley.db('interactions').where({ requester_number: requester }).first();
      return r?.state === 'closed_complete' ? r : undefined;
    });
    assert.equal(row.close_reason, 'auto_closed');
    assert.equal(await parley.db('work_items').where({ interaction_id: row.id }).first(), undefined);
    // An opted-out number's next text is not new work either.
    await parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body: 'hello?' });
    await eventually('the text taken', async () => (await parley.db('messages').where({ requester_number: requester, body: 'hello?' }).whereNotNull('interaction_id').first()));
    await sleep(500);
    assert.equal(smsTo(requester).length, 1, 'no greeting for an opted-out number');
    assert.equal((await parley.db('work_items').join('interactions', 'interactions.id', 'work_items.interaction_id').where({ requester_number: requester })).length, 0);
  });

  it('SPEC §9 "yes" from a subscribed number is an ordinary reply (the virtual agent’s yes/no), not an opt-in', async () => {
    const requester = uniqueNumber();
    await parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body: 'opening hours' });
    await waitSms(requester, 3);
    await parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body: 'YES' });
    const sms = await waitSms(requester, 4);
    assert.match(sms[3], /^Reply with a number:/, 'the virtual agent took YES as its answer');
  });

  it('SPEC §9 provider error 21610 records an opt-out, and the next send is refused before the provider', async () => {
    const agent = await parley.createAgent('agent');
    // The provider refuses the send with 21610 (a fault rather than the simulator's magic number, whose pair other
    // suites' conversations use on the shared Temporal server).
    const to = uniqueMobileNumber();
    parley.sim.sim.faults.add({ to, restErrors: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' } });
    const r = await parley.request<{ interactionId: string }>('POST', '/api/compose', { token: agent.token, body: { from: parley.companyNumber, to, body: 'hello' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const consent = await eventually('the opt-out recorded', async () => parley.db('consents').where({ company_number: parley.companyNumber, requester_number: to, opted_out: true }).first());
    assert.ok(consent);
    assert.deepEqual((await parley.db('consent_history').where({ requester_number: to })).map((h) => h.source), ['provider_21610']);
    const again = await parley.request<ErrorBody>('POST', `/api/interactions/${r.body.interactionId}/messages`, { token: agent.token, body: { body: 'again' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'opted_out');
  });

  it('SPEC §8 walk: each event, and whether an SMS left', async () => {
    // SYS-2 is off by default; this walk turns it on to see it sent.
    await parley.request('PUT', '/api/admin/system-texts', { token: admin.token, body: [{ key: 'agent_accepted', body: 'Hi, {{agentName}} here.', enabled: true }] });
    try {
      const agent = await parley.createAgent('agent');
      await parley.db('users').where({ id: agent.id }).update({ name: 'Ana' });
      const requester = uniqueNumber();
      const expect = async (event: string, texts: string[]) => {
        await sleep(700);
        assert.deepEqual(smsTo(requester), texts, event);
      };

      await parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body: 'hi' });
      await waitSms(requester, 1);
      const sent: string[] = [...smsTo(requester)]; // the VA's greeting
      await parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body: 'agent' });
      sent.push((await waitSms(requester, 2))[1]);
      assert.match(sent[1], /agents are busy/, 'SYS-3: no agents available (nobody is Available)');
      await expect('VA → live handoff with nobody Available: one text', sent);

      await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
      const offer = await eventually('offered', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
      await expect('an offer is not texted', sent);
      await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
      sent.push('Hi, Ana here.');
      await waitSms(requester, sent.length);
      await expect('SYS-2: accept sends the initial agent response (and no "agent joined")', sent);

      await parley.request('POST', `/api/interactions/${offer.interactionId}/hold`, { token: agent.token });
      await parley.request('POST', `/api/interactions/${offer.interactionId}/resume`, { token: agent.token });
      await expect('hold and resume are not texted', sent);

      await parley.request('POST', `/api/interactions/${offer.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
      sent.push('This conversation is closed. Text us any time to start a new one.');
      await waitSms(requester, sent.length);
      await expect('SYS-1: a person closing it is texted', sent);

      const notes = await parley.db('messages').where({ interaction_id: offer.interactionId, direction: 'system' }).orderBy('seq').pluck('body');
      assert.deepEqual(notes, ['The requester asked for a person: the virtual agent handed off.', 'Ana accepted the conversation.', 'Ana ended the conversation (complete).'], 'the rest is for agents only');
    } finally {
      await parley.request('PUT', '/api/admin/system-texts', { token: admin.token, body: [{ key: 'agent_accepted', body: 'Hi, this is {{agentName}} from support.', enabled: false }] });
    }
  });
});
