import assert from 'node:assert/strict';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Check { to: string; activeInteraction: { id: string; state: string; assignedAgentId: string | null; assignedAgentName: string | null; lastMessageAt: string } | null; conflict: { userId: string; name: string } | null }
interface Composed { interactionId: string; outcome: string }
interface Detail { id: string; state: string; assignedAgentId: string | null; participantIds: string[]; requester: { userId: string | null; name: string | null }; messages: { body: string; direction: string; authorKind: string; status: string }[] }
interface Offer { id: string; interactionId: string; requesterNumber: string }
type ErrorBody = { error: { code: string; message: string } };

// SPEC §3 (Compose SMS) through the API, the workflow and the simulator's phones: one test per outcome.
describe('Compose SMS (SPEC §3)', function () {
  this.timeout(120_000);
  let parley: Parley;
  let admin: Agent;
  let ana: Agent;
  let ben: Agent;
  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
    ana = await parley.createAgent('agent', { presence: 'away' });
    ben = await parley.createAgent('agent', { presence: 'available', capacity: 50 });
  });
  after(async () => parley?.stop());

  const compose = (agent: Agent, body: Record<string, unknown>) =>
    parley.request<Composed & ErrorBody>('POST', '/api/compose', { token: agent.token, body: { from: parley.companyNumber, body: 'Hello from support', ...body } });
  const detail = async (id: string) => (await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: admin.token })).body;

  async function person(name: string, mobile: string | null = null) {
    const email = `${name.replace(/\W/g, '').toLowerCase()}-${Date.now() % 1e6}@example.com`;
    const r = await parley.request<{ id: string }>('POST', '/api/admin/users', { token: admin.token, body: { email, name, role: 'agent', password: 'a-long-password-1', mobilePhone: mobile } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  }

  it('AI-4 offers the company numbers to send from', async () => {
    const r = await parley.request<{ fromNumbers: { number: string }[]; allowManualFrom: boolean }>('GET', '/api/compose/options', { token: ana.token });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.fromNumbers.map((n) => n.number), [parley.companyNumber]);
    assert.equal(r.body.allowManualFrom, false);
  });

  it('AI-9 refuses a number that is not valid in the default region, naming the field; nothing is created', async () => {
    for (const to of ['12', 'not a number', '+15550001234']) {
      const r = await compose(ana, { to });
      assert.equal(r.status, 400, to);
      assert.match(r.body.error.message, /invalid to/);
    }
    const fromBad = await compose(ana, { from: '+14155550000', to: uniqueMobileNumber() });
    assert.equal(fromBad.status, 400);
    assert.match(fromBad.body.error.message, /invalid from: .* not one of our company numbers/);
    const check = await parley.request<ErrorBody>('GET', `/api/compose/check?from=${encodeURIComponent(parley.companyNumber)}&to=abc`, { token: ana.token });
    assert.equal(check.status, 400);
  });

  it('AI-14/AI-19/AI-20 a new number: a new interaction assigned to the sender (no offer, any presence), the phone gets the text, a profile is created, and the reply lands in it', async () => {
    const to = uniqueMobileNumber();
    const national = `(${to.slice(2, 5)}) ${to.slice(5, 8)}-${to.slice(8)}`;
    const check = await parley.request<Check>('GET', `/api/compose/check?from=${encodeURIComponent(parley.companyNumber)}&to=${encodeURIComponent(national)}`, { token: ana.token });
    assert.equal(check.status, 200);
    assert.deepEqual(check.body, { to, activeInteraction: null, conflict: null, optedOut: false });

    const r = await compose(ana, { to: national, body: 'Your order shipped' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.outcome, 'created');
    const d = await detail(r.body.interactionId);
    assert.equal(d.state, 'work_in_progress');
    assert.equal(d.assignedAgentId, ana.id);
    assert.equal(await parley.db('work_items').where({ interaction_id: d.id }).first(), undefined, 'no offer, no work item');
    const sms = await eventually('the text at the phone', async () => parley.sim.sim.outbound({ to })[0]);
    assert.equal(sms.body, 'Your order shipped');
    assert.equal(sms.from, parley.companyNumber);
    const [profile] = await parley.db('messaging_profiles').where({ phone_number: to, active: true });
    assert.equal(profile.user_id, null, 'AI-19: nobody matches it: a guest profile');

    await parley.text(to, 'Thanks!');
    const replied = await eventually('the reply in the composed interaction', async () => {
      const x = await detail(d.id);
      return x.messages.some((m) => m.body === 'Thanks!') ? x : undefined;
    });
    assert.deepEqual(replied.messages.map((m) => [m.authorKind, m.body]), [['agent', 'Your order shipped'], ['requester', 'Thanks!']]);
    const ongoing = await parley.request<{ id: string }[]>('GET', '/api/interactions?view=ongoing', { token: ana.token });
    assert.ok(ongoing.body.some((x) => x.id === d.id));
  });

  it('AI-8/AI-15 an active conversation with a live agent: shown before sending; the sender joins it and writes, no reassignment', async () => {
    const to = uniqueMobileNumber();
    await parley.text(to, 'Where is my refund?');
    const offer = await eventually('an offer to Ben', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: ben.token })).body.find((o) => o.requesterNumber === to));
    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: ben.token });

    const check = await parley.request<Check>('GET', `/api/compose/check?from=${encodeURIComponent(parley.companyNumber)}&to=${encodeURIComponent(to)}`, { token: ana.token });
    assert.equal(check.body.activeInteraction?.id, offer.interactionId);
    assert.equal(check.body.activeInteraction?.state, 'work_in_progress');
    assert.equal(check.body.activeInteraction?.assignedAgentId, ben.id);

    const r = await compose(ana, { to, body: 'Ana from billing here' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body, { interactionId: offer.interactionId, outcome: 'joined' });
    const d = await detail(offer.interactionId);
    assert.equal(d.assignedAgentId, ben.id, 'no reassignment');
    assert.deepEqual(d.participantIds, [ana.id]);
    await eventually('Ana’s text at the phone', async () => parley.sim.sim.outbound({ to }).some((m) => m.body === 'Ana from billing here'));
    const more = await parley.request('POST', `/api/interactions/${d.id}/messages`, { token: ana.token, body: { body: 'Refund issued.' } });
    assert.equal(more.status, 202, 'a participant may write in it');
  });

  it('AI-10/AI-11/AI-17 a number that is another person’s: 409 association_conflict, then with proceed the old conversation closes and a new one opens for the new person', async () => {
    const to = uniqueMobileNumber();
    const alex = await person('Alex Old', to);
    await parley.text(to, 'hi, Alex here');
    const offer = await eventually('an offer to Ben', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: ben.token })).body.find((o) => o.requesterNumber === to));
    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: ben.token });
    const sam = await person('Sam New');

    const check = await parley.request<Check>('GET', `/api/compose/check?from=${encodeURIComponent(parley.companyNumber)}&to=${encodeURIComponent(to)}&forUserId=${sam}`, { token: ana.token });
    assert.deepEqual(check.body.conflict, { userId: alex, name: 'Alex Old' });
    const warned = await compose(ana, { to, forUserId: sam });
    assert.equal(warned.status, 409);
    assert.equal(warned.body.error.code, 'association_conflict');
    assert.match(warned.body.error.message, /Alex Old/);
    assert.equal(parley.sim.sim.outbound({ to }).length, 0, 'nothing sent');

    const r = await compose(ana, { to, forUserId: sam, proceed: true, body: 'Hi Sam' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.outcome, 'replaced_requester');
    assert.notEqual(r.body.interactionId, offer.interactionId);
    const old = await eventually('the old conversation closed', async () => {
      const row = await parley.db('interactions').where({ id: offer.interactionId }).first();
      return row.state === 'closed_complete' ? row : undefined;
    });
    assert.equal(old.close_reason, 'auto_closed');
    const d = await detail(r.body.interactionId);
    assert.equal(d.assignedAgentId, ana.id);
    assert.equal(d.requester.userId, sam);
    const profiles = await parley.db('messaging_profiles').where({ phone_number: to }).orderBy('created_at');
    assert.deepEqual(profiles.map((p) => [p.user_id, p.active]), [[alex, false], [sam, true]]);
    await eventually('the text at the phone', async () => parley.sim.sim.outbound({ to }).some((m) => m.body === 'Hi Sam'));
  });

  it('a text arriving at the same moment as a compose joins the same interaction, never a second one', async () => {
    const to = uniqueMobileNumber();
    const [composed] = await Promise.all([compose(ana, { to, body: 'Checking in' }), parley.text(to, 'Hello?')]);
    assert.equal(composed.status, 201, JSON.stringify(composed.body));
    await eventually('the text taken in', async () => (await parley.db('messages').where({ requester_number: to, direction: 'inbound' }).whereNotNull('interaction_id')).length === 1);
    const rows = await parley.db('interactions').where({ requester_number: to });
    assert.equal(rows.length, 1);
    assert.equal((await parley.db('messages').where({ requester_number: to, direction: 'inbound' }).first()).interaction_id, rows[0].id);
  });

  it('AI-3 composing needs a signed-in agent (401 without a session, nothing created); the body is validated', async () => {
    const anonymous = uniqueMobileNumber();
    const anon = await parley.request<ErrorBody>('POST', '/api/compose', { body: { from: parley.companyNumber, to: anonymous, body: 'Hello from nobody' } });
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error.code, 'unauthenticated');
    assert.equal((await parley.interactionFor(anonymous)) ?? null, null, 'nothing created');
    const r = await compose(ana, { to: uniqueNumber(), body: '   ' });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /body/);
    const extra = await compose(ana, { to: uniqueMobileNumber(), surprise: true });
    assert.equal(extra.status, 400);
  });

  describe('AI-6 a typed sender number', () => {
    const demoVaNumber = '+14155550100'; // DEMO_VA_NUMBER's default: the simulator was given it, no company number has it
    const settings = (agent: Agent, allowManualFrom?: unknown) =>
      parley.request<{ allowManualFrom: boolean; channels: unknown[] } & ErrorBody>(allowManualFrom === undefined ? 'GET' : 'PUT', '/api/admin/compose-settings', {
        token: agent.token, ...(allowManualFrom === undefined ? {} : { body: { allowManualFrom } }),
      });

    it('AI-6 compose settings are for admins only: an agent gets 403; the body is validated', async () => {
      assert.equal((await settings(ana)).status, 403);
      assert.equal((await settings(ana, true)).status, 403);
      assert.equal((await settings(admin)).body.allowManualFrom, false);
      const bad = await settings(admin, 'yes');
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /allowManualFrom/);
      const doc = await parley.request<{ paths: Record<string, Record<string, { requestBody?: unknown; 'x-required-role'?: string }>> }>('GET', '/api/openapi.json');
      const route = doc.body.paths['/api/admin/compose-settings'];
      assert.equal(route.get['x-required-role'], 'admin');
      assert.equal(route.put['x-required-role'], 'admin');
      assert.ok(route.put.requestBody, 'PUT documents its body');
    });

    it('AI-6 with the setting off, a from that is not a company number is refused (400 naming from), owned or not', async () => {
      const r = await compose(ana, { from: demoVaNumber, to: uniqueMobileNumber() });
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /invalid from: \+14155550100 is not one of our company numbers/);
    });

    it('AI-6 an admin turns typing on: audited, and compose options report it', async () => {
      const r = await settings(admin, true);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.allowManualFrom, true);
      const [row] = await parley.db('audit_log').where({ action: 'compose_settings.changed', actor_user_id: admin.id }).orderBy('id', 'desc');
      assert.equal(row.subject_type, 'settings');
      assert.equal(row.subject_id, 'compose');
      assert.deepEqual(row.detail, { allowManualFrom: true });
      const options = await parley.request<{ allowManualFrom: boolean }>('GET', '/api/compose/options', { token: ana.token });
      assert.equal(options.body.allowManualFrom, true);
    });

    it('AI-6 a typed number the simulator owns is normalised and sent from (201); it becomes a company number, so the reply comes back', async () => {
      const to = uniqueMobileNumber();
      const check = await parley.request<Check>('GET', `/api/compose/check?from=${encodeURIComponent('(415) 555-0100')}&to=${encodeURIComponent(to)}`, { token: ana.token });
      assert.equal(check.status, 200, JSON.stringify(check.body));
      const r = await compose(ana, { from: '(415) 555-0100', to, body: 'From our other line' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const sms = await eventually('the text at the phone', async () => parley.sim.sim.outbound({ to })[0]);
      assert.equal(sms.from, demoVaNumber);
      const number = await parley.db('company_numbers').where({ number: demoVaNumber }).first();
      assert.equal(number.active, true);
      assert.equal(number.queue_id, parley.queueId);
      const audit = await parley.db('audit_log').where({ action: 'company_number.registered', subject_id: demoVaNumber });
      assert.equal(audit.length, 1);
      assert.equal(audit[0].actor_user_id, ana.id);
      await parley.sim.sim.sendInbound({ from: to, to: demoVaNumber, body: 'Got it' });
      await eventually('the reply in the composed interaction', async () => (await detail(r.body.interactionId)).messages.some((m) => m.body === 'Got it'));
    });

    it('AI-6 a typed number the provider account does not own is refused (400 naming from); nothing is created', async () => {
      const to = uniqueMobileNumber();
      const r = await compose(ana, { from: '+1 415 555 0199', to });
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /invalid from: \+14155550199 is not a number the provider account owns/);
      assert.equal(await parley.db('interactions').where({ requester_number: to }).first(), undefined);
      assert.equal(await parley.db('company_numbers').where({ number: '+14155550199' }).first(), undefined);
    });

    it('AI-6 in account mode a typed number must be one of the account’s IncomingPhoneNumbers (asked through the twilio client)', async () => {
      parley.sim.sim.ownedNumbers.add('+14155550177');
      const account = await parley.startSecondApi({ TWILIO_ACCOUNT_SID: parley.sim.sim.accountSid });
      const send = (from: string, to: string) =>
        fetch(`${account.url}/api/compose`, {
          method: 'POST', headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ from, to, body: 'Account line' }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Composed & ErrorBody }));
      const refused = await send('+14155550178', uniqueMobileNumber());
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /invalid from: \+14155550178 is not a number the provider account owns/);
      const to = uniqueMobileNumber();
      const r = await send('415-555-0177', to);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal((await eventually('the text at the phone', async () => parley.sim.sim.outbound({ to })[0])).from, '+14155550177');
    });

    it('AI-6 turned off again, a typed number is refused once more', async () => {
      assert.equal((await settings(admin, false)).status, 200);
      const r = await compose(ana, { from: '+1 415 555 0199', to: uniqueMobileNumber() });
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /invalid from: \+14155550199 is not one of our company numbers/);
    });
  });
});

