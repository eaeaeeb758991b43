import assert from 'node:assert/strict';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface AwayReason {
  id: string;
  name: string;
  position: number;
  active: boolean;
}
interface ErrorBody {
  error: { code: string; message: string };
}

// SPEC §17 on PRS-2: Available / Away / Offline, plus admin-defined away reasons that behave as Away.
describe('away reasons (PRS-2)', function () {
  this.timeout(60_000);
  let parley: Parley;
  let admin: Agent;
  let manager: Agent;

  before(async () => {
    parley = await startParley({ offerTimeoutSeconds: 30 });
    admin = await parley.createAgent('admin');
    manager = await parley.createAgent('manager');
  });
  after(async () => parley?.stop());

  const reasons = async (token = admin.token) => (await parley.request<AwayReason[]>('GET', '/api/admin/away-reasons', { token })).body;
  const setPresence = (agent: Agent, body: object) =>
    parley.request<{ status: string; awayReason: { id: string; name: string } | null } & Partial<ErrorBody>>('PUT', '/api/me/presence', { token: agent.token, body });

  it('PRS-2: Lunch, Training and Break are seeded in order; admins create, reorder, deactivate and delete reasons, each audited; agents cannot', async () => {
    assert.deepEqual((await reasons()).map((r) => [r.name, r.active]), [['Lunch', true], ['Training', true], ['Break', true]]);
    const made = await parley.request<AwayReason>('POST', '/api/admin/away-reasons', { token: admin.token, body: { name: 'Coaching', position: 1 } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual((await reasons()).map((r) => r.name), ['Lunch', 'Coaching', 'Training', 'Break'], 'ordered by position, then name');
    const dup = await parley.request<ErrorBody>('POST', '/api/admin/away-reasons', { token: admin.token, body: { name: 'lunch' } });
    assert.equal(dup.status, 409);
    const off = await parley.request<AwayReason>('PUT', `/api/admin/away-reasons/${made.body.id}`, { token: admin.token, body: { name: 'Coaching', position: 5, active: false } });
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    const agent = await parley.createAgent('agent');
    const forAgents = await parley.request<AwayReason[]>('GET', '/api/me/away-reasons', { token: agent.token });
    assert.deepEqual(forAgents.body.map((r) => r.name), ['Lunch', 'Training', 'Break'], 'agents see the active ones');
    assert.equal((await parley.request('POST', '/api/admin/away-reasons', { token: agent.token, body: { name: 'Nap' } })).status, 403);
    assert.equal((await parley.request('POST', '/api/admin/away-reasons', { token: manager.token, body: { name: 'Nap' } })).status, 403);
    assert.equal((await parley.request('DELETE', `/api/admin/away-reasons/${made.body.id}`, { token: admin.token })).status, 204);
    const audit = await parley.request<{ rows: { action: string }[] }>('GET', `/api/admin/audit?userId=${admin.id}`, { token: admin.token });
    const actions = audit.body.rows.map((r) => r.action);
    for (const a of ['away_reason.created', 'away_reason.changed', 'away_reason.deleted']) assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
  });

  it('PRS-2: Away with a reason is stored with the presence and in its history, and shown to the manager; the plain {status} body still works', async () => {
    const ana = await parley.createAgent('agent', { presence: 'available' });
    const lunch = (await reasons()).find((r) => r.name === 'Lunch')!;
    const training = (await reasons()).find((r) => r.name === 'Training')!;
    const r = await setPresence(ana, { status: 'away', awayReasonId: lunch.id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { status: 'away', awayReason: { id: lunch.id, name: 'Lunch' } });
    assert.deepEqual((await setPresence(ana, { status: 'away', awayReasonId: training.id })).body.awayReason, { id: training.id, name: 'Training' });
    const me = await parley.request<{ presence: string; awayReason: { name: string } | null }>('GET', '/api/me', { token: ana.token });
    assert.equal(me.body.presence, 'away');
    assert.equal(me.body.awayReason?.name, 'Training');

    const agents = await parley.request<{ id: string; presence: string; awayReason: string | null }[]>('GET', '/api/supervisor/agents', { token: manager.token });
    assert.deepEqual(agents.body.find((a) => a.id === ana.id)!.awayReason, 'Training');

    const plain = await setPresence(ana, { status: 'available' });
    assert.deepEqual(plain.body, { status: 'available', awayReason: null }, 'the existing {status} body works, and clears the reason');
    const history = await parley.request<{ status: string; awayReason: string | null }[]>('GET', `/api/supervisor/agents/${ana.id}/presence-history`, { token: manager.token });
    assert.deepEqual(history.body.slice(0, 3).map((h) => [h.status, h.awayReason]), [['available', null], ['away', 'Training'], ['away', 'Lunch']]);
    assert.equal((await setPresence(ana, { status: 'away' })).body.awayReason, null, 'Away without a reason, as before');
    assert.equal((await parley.db('presence_history').where({ user_id: ana.id }).orderBy('id', 'desc').first()).away_reason_name, null);
    await setPresence(ana, { status: 'offline' });
  });

  it('PRS-2: no offers while Away with a reason, exactly as Away; back to Available, the waiting conversation is offered', async () => {
    const bo = await parley.createAgent('agent', { presence: 'available' });
    const lunch = (await reasons()).find((r) => r.name === 'Lunch')!;
    assert.equal((await setPresence(bo, { status: 'away', awayReasonId: lunch.id })).status, 200);
    const requester = uniqueNumber();
    await parley.text(requester, 'anyone?');
    const row = await eventually('queued', async () => {
      const i = await parley.interactionFor(requester);
      return i?.state === 'queued' ? i : undefined;
    });
    const events = await eventually('a no_agent event naming Bo away', async () => {
      const r = await parley.request<{ type: string; candidates?: { agentId: string; reason?: string }[] }[]>('GET', `/api/interactions/${row.id}/routing-events`, { token: manager.token });
      return r.body.find((e) => e.type === 'no_agent' && e.candidates?.some((c) => c.agentId === bo.id));
    });
    assert.equal(events.candidates!.find((c) => c.agentId === bo.id)!.reason, 'away');
    await new Promise((r) => setTimeout(r, 1500));
    const offers = await parley.request<{ interactionId: string }[]>('GET', '/api/me/offers', { token: bo.token });
    assert.equal(offers.body.some((o) => o.interactionId === row.id), false, 'no offer while away at lunch');
    await setPresence(bo, { status: 'available' });
    assert.equal(await parley.acceptOfferFor(bo, requester), row.id);
    await setPresence(bo, { status: 'offline' });
  });

  it('PRS-2: an inactive, unknown or misplaced away reason → 400 naming awayReasonId, and the presence is unchanged', async () => {
    const cy = await parley.createAgent('agent', { presence: 'available' });
    const sleepy = await parley.request<AwayReason>('POST', '/api/admin/away-reasons', { token: admin.token, body: { name: `Retired ${Date.now()}`, active: false } });
    const lunch = (await reasons()).find((r) => r.name === 'Lunch')!;
    const cases: [string, object][] = [
      ['inactive', { status: 'away', awayReasonId: sleepy.body.id }],
      ['unknown', { status: 'away', awayReasonId: '00000000-0000-4000-8000-000000000000' }],
      ['not a UUID', { status: 'away', awayReasonId: 'lunch' }],
      ['with Available', { status: 'available', awayReasonId: lunch.id }],
    ];
    for (const [what, body] of cases) {
      const r = await setPresence(cy, body);
      assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error!.message, /awayReasonId/, what);
    }
    const me = await parley.request<{ presence: string }>('GET', '/api/me', { token: cy.token });
    assert.equal(me.body.presence, 'available');
    await setPresence(cy, { status: 'offline' });
  });
});
