import assert from 'node:assert/strict';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Reason { id: string; text: string; order: number; channelId: string | null; reassignable: boolean; active: boolean }
interface Offer { id: string; requesterNumber: string }
interface Problem { error: { code: string; message: string } }

describe('reject reasons (RR-1, RR-2)', function () {
  this.timeout(120_000);
  let parley: Parley;
  let admin: Agent;
  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
    // A second channel, so "for this channel" means something.
    await parley.db('channels').insert({ id: 'whatsapp', name: 'WhatsApp', default_capacity: 2, work_item_size: 1 }).onConflict('id').ignore();
  });
  after(async () => parley?.stop());

  const reasons = async (channel: string, token: string) => (await parley.request<Reason[]>('GET', `/api/reject-reasons?channel=${channel}`, { token })).body;
  const create = async (body: Partial<Reason>) => {
    const r = await parley.request<Reason>('POST', '/api/admin/reject-reasons', { token: admin.token, body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const offerTo = async (agent: Agent, requester: string) =>
    eventually(`an offer to ${agent.email}`, async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester), 30_000);

  it('RR-2: an agent lists the active reasons for a channel, lowest order first, every-channel reasons included', async () => {
    const agent = await parley.createAgent('agent');
    const forWhatsApp = await create({ text: 'Not on WhatsApp today', order: 1, channelId: 'whatsapp' });
    const retired = await create({ text: 'Retired reason', order: 2, active: false });
    const sms = await reasons('sms', agent.token);
    assert.deepEqual(sms.map((r) => r.text).slice(0, 4), ['Busy', 'Not my expertise', 'Language', 'Other'], 'the seeded reasons, in order');
    assert.ok(!sms.some((r) => r.id === forWhatsApp.id), 'a WhatsApp reason is not offered on SMS');
    assert.ok(!sms.some((r) => r.id === retired.id), 'an inactive reason is not offered');
    const wa = await reasons('whatsapp', agent.token);
    assert.equal(wa[0].id, forWhatsApp.id);
    for (let i = 1; i < wa.length; i++) assert.ok(wa[i - 1].order <= wa[i].order, 'ordered by order');
  });

  it('RR-1: only admins edit reasons; an unknown channel is refused naming channelId; changes are audited', async () => {
    const manager = await parley.createAgent('manager');
    const denied = await parley.request('POST', '/api/admin/reject-reasons', { token: manager.token, body: { text: 'Nope' } });
    assert.equal(denied.status, 403);
    const bad = await parley.request<Problem>('POST', '/api/admin/reject-reasons', { token: admin.token, body: { text: 'X', channelId: 'pigeon' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /channelId/);
    const empty = await parley.request<Problem>('POST', '/api/admin/reject-reasons', { token: admin.token, body: { text: '  ' } });
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /text/);
    const r = await create({ text: 'Training', order: 50 });
    const put = await parley.request<Reason>('PUT', `/api/admin/reject-reasons/${r.id}`, { token: admin.token, body: { text: 'In training', order: 50, reassignable: true } });
    assert.equal(put.status, 200);
    assert.equal(put.body.reassignable, true);
    const actions = await parley.db('audit_log').where({ subject_type: 'reject_reason', subject_id: r.id }).orderBy('id').pluck('action');
    assert.deepEqual(actions, ['reject_reason.created', 'reject_reason.changed']);
  });

  it('RR-1: a picked reason decides reassignable — a reassignable one lets the item come back to the same agent, the others do not', async () => {
    const again = await create({ text: 'Give me a minute', order: 60, reassignable: true });
    const busy = (await reasons('sms', admin.token)).find((r) => r.text === 'Busy')!;
    assert.equal(busy.reassignable, false);

    // Alone and Available: a reassignable rejection comes straight back to the same agent.
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'hello');
    const first = await offerTo(agent, requester);
    // The body may even say otherwise: the reason's flag wins.
    const r1 = await parley.request('POST', `/api/offers/${first.id}/reject`, { token: agent.token, body: { reasonId: again.id, reassignable: false } });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    const second = await offerTo(agent, requester);
    assert.notEqual(second.id, first.id);
    const event = await parley.db('routing_events').where({ type: 'rejected', agent_id: agent.id }).first();
    assert.equal(event.detail.reason, 'Give me a minute');
    assert.equal(event.detail.reassignable, true);

    // "Busy" (not reassignable): never offered to this agent again.
    const r2 = await parley.request('POST', `/api/offers/${second.id}/reject`, { token: agent.token, body: { reasonId: busy.id, reason: 'three chats open' } });
    assert.equal(r2.status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    const offers = (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body;
    assert.ok(!offers.some((o) => o.requesterNumber === requester), 'not offered again after a non-reassignable reason');
    const events = await parley.db('routing_events').where({ type: 'rejected', agent_id: agent.id }).orderBy('id').pluck('detail');
    assert.equal(events[1].reason, 'Busy: three chats open');
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('RR-1: a reason that is inactive, unknown or for another channel is refused naming reasonId, and the offer stays', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'hi');
    const offer = await offerTo(agent, requester);
    const inactive = await create({ text: 'Old', active: false });
    const whatsapp = (await parley.db('reject_reasons').where({ channel_id: 'whatsapp' }).first('id')).id as string;
    for (const reasonId of [inactive.id, whatsapp, '00000000-0000-4000-8000-000000000000']) {
      const r = await parley.request<Problem>('POST', `/api/offers/${offer.id}/reject`, { token: agent.token, body: { reasonId } });
      assert.equal(r.status, 400, reasonId);
      assert.match(r.body.error.message, /reasonId/);
    }
    const none = await parley.request<Problem>('POST', `/api/offers/${offer.id}/reject`, { token: agent.token, body: {} });
    assert.equal(none.status, 400);
    assert.match(none.body.error.message, /reason/);
    // The offer is still the agent's to answer; the original free-text body still works (External contracts).
    const legacy = await parley.request('POST', `/api/offers/${offer.id}/reject`, { token: agent.token, body: { reason: 'Busy' } });
    assert.equal(legacy.status, 200);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });
});
