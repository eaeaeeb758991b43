import assert from 'node:assert/strict';
import { eventually, startParley, uniqueMobileNumber, type Agent, type Parley } from '../support/parley';

interface Requester { profileId: string | null; userId: string | null; name: string | null; email: string | null; verifyIdentity: boolean }
interface Detail { id: string; state: string; assignedAgentId: string | null; requester: Requester; messages: { body: string; direction: string; authorKind: string }[] }
interface Offer { id: string; interactionId: string; requesterNumber: string; requesterName: string | null; verifyIdentity: boolean }
type ErrorBody = { error: { code: string; message: string } };

// SPEC §1 through signed webhooks and the API: one test per outcome, named by rule ID.
describe('who is texting: messaging profiles and the requester (SPEC §1)', function () {
  this.timeout(120_000);
  let parley: Parley;
  let admin: Agent;
  let agent: Agent;
  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
    agent = await parley.createAgent('agent', { presence: 'available', capacity: 50 });
  });
  after(async () => parley?.stop());

  /** A user whose mobile phone is `mobile`, set the way an admin does (PROF-10: only that field is matched). */
  async function userWithMobile(mobile: string | null, name = `Person ${Math.random().toString(36).slice(2, 7)}`) {
    const email = `${name.replace(/\W/g, '').toLowerCase()}-${Date.now() % 1e6}@example.com`;
    const created = await parley.request<{ id: string }>('POST', '/api/admin/users', { token: admin.token, body: { email, name, role: 'agent', password: 'a-long-password-1' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    if (mobile) {
      const r = await parley.request('PATCH', `/api/admin/users/${created.body.id}`, { token: admin.token, body: { mobilePhone: mobile } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    return { id: created.body.id, name, email };
  }

  async function conversationFrom(number: string, body = 'hello'): Promise<Detail> {
    await parley.text(number, body);
    const offer = await eventually(`an offer for ${number}`, async () => {
      const r = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === number);
    });
    const r = await parley.request<Detail>('GET', `/api/interactions/${offer.interactionId}`, { token: admin.token });
    return r.body;
  }

  const profiles = (number: string) => parley.db('messaging_profiles').where({ phone_number: number }).orderBy('created_at');

  it('PROF-10 an admin sets a mobile phone in national form; it is stored E.164', async () => {
    const number = uniqueMobileNumber();
    const national = `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`;
    const u = await userWithMobile(null);
    const r = await parley.request<{ mobilePhone: string }>('PATCH', `/api/admin/users/${u.id}`, { token: admin.token, body: { mobilePhone: national } });
    assert.equal(r.status, 200);
    assert.equal(r.body.mobilePhone, number);
    const bad = await parley.request<ErrorBody>('PATCH', `/api/admin/users/${u.id}`, { token: admin.token, body: { mobilePhone: 'call me' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /mobilePhone/);
    const denied = await parley.request('PATCH', `/api/admin/users/${u.id}`, { token: agent.token, body: { name: 'x' } });
    assert.equal(denied.status, 403);
  });

  it('PROF-2/RI-10 one user has the number, no profile: a profile linked to them, the interaction opened for them', async () => {
    const number = uniqueMobileNumber();
    const u = await userWithMobile(number, 'Ada Lovelace');
    const d = await conversationFrom(number);
    assert.equal(d.requester.userId, u.id);
    assert.equal(d.requester.name, 'Ada Lovelace');
    assert.equal(d.requester.email, u.email);
    assert.equal(d.requester.verifyIdentity, false);
    const [p] = await profiles(number);
    assert.equal(p.user_id, u.id);
    assert.equal(d.requester.profileId, p.id);
    assert.equal(d.messages[0].authorKind, 'requester');
    const offers = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
    assert.equal(offers.body.find((o) => o.interactionId === d.id)?.requesterName, 'Ada Lovelace', 'the Inbox card names the requester');
  });

  it('PROF-4 nobody has the number and no profile: the guest, with a new unlinked profile', async () => {
    const number = uniqueMobileNumber();
    const d = await conversationFrom(number);
    assert.deepEqual({ ...d.requester, profileId: undefined }, { profileId: undefined, userId: null, name: null, email: null, verifyIdentity: false });
    const all = await profiles(number);
    assert.equal(all.length, 1);
    assert.equal(all[0].user_id, null);
    assert.equal(d.requester.profileId, all[0].id);
  });

  it('PROF-3 a profile exists and no user matches any more: opened for the profile’s user; the user record is not changed', async () => {
    const number = uniqueMobileNumber();
    const u = await userWithMobile(number);
    const first = await conversationFrom(number);
    await parley.request('POST', `/api/interactions/${first.id}/end`, { token: admin.token, body: { outcome: 'complete' } });
    await parley.request('PATCH', `/api/admin/users/${u.id}`, { token: admin.token, body: { mobilePhone: null } });
    const second = await conversationFrom(number, 'me again');
    assert.notEqual(second.id, first.id);
    assert.equal(second.requester.userId, u.id);
    assert.equal(second.requester.profileId, first.requester.profileId, 'the same profile');
    assert.equal((await parley.db('users').where({ id: u.id }).first()).mobile_phone, null);
  });

  it('PROF-1/PROF-5 an inbound text looks up both the profile (X) and the users with the number (Y): kept for X, flagged "verify identity"', async () => {
    const number = uniqueMobileNumber();
    const x = await userWithMobile(number, 'Xavier');
    const first = await conversationFrom(number);
    await parley.request('POST', `/api/interactions/${first.id}/end`, { token: admin.token, body: { outcome: 'complete' } });
    await parley.request('PATCH', `/api/admin/users/${x.id}`, { token: admin.token, body: { mobilePhone: null } });
    await userWithMobile(number, 'Yolanda');
    const second = await conversationFrom(number, 'it is Yolanda');
    assert.equal(second.requester.userId, x.id);
    assert.equal(second.requester.verifyIdentity, true);
    const offers = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
    assert.equal(offers.body.find((o) => o.interactionId === second.id)?.verifyIdentity, true, 'the card shows the badge');
  });

  it('PROF-6 several users share the number and no profile: the guest, flagged "verify identity"', async () => {
    const number = uniqueMobileNumber();
    await userWithMobile(number);
    await userWithMobile(number);
    const d = await conversationFrom(number);
    assert.equal(d.requester.userId, null);
    assert.equal(d.requester.verifyIdentity, true);
    const [p] = await profiles(number);
    assert.equal(p.user_id, null);
  });

  it('PROF-7/RI-7 concurrent first texts from a new number to two company numbers: two interactions, one per company number, and one active profile', async () => {
    const second = '+15005550007';
    await parley.db('company_numbers').insert({ number: second, display_name: 'Second line', queue_id: parley.queueId }).onConflict('number').ignore();
    const number = uniqueMobileNumber();
    await Promise.all([parley.text(number, 'to the first'), parley.sim.sim.sendInbound({ from: number, to: second, body: 'to the second' })]);
    const rows = await eventually('two interactions', async () => {
      const r = await parley.db('interactions').where({ requester_number: number }).whereNotNull('requester_profile_id');
      return r.length === 2 ? r : undefined;
    });
    assert.deepEqual(rows.map((r) => r.company_number).sort(), [parley.companyNumber, second].sort(), 'RI-7: one conversation per company number');
    const active = (await profiles(number)).filter((p) => p.active);
    assert.equal(active.length, 1);
    assert.deepEqual(rows.map((r) => r.requester_profile_id), [active[0].id, active[0].id]);
  });

  it('PROF-7/PROF-9 verify / re-associate: old profile deactivated and kept, new one created, requester changed, audited', async () => {
    const number = uniqueMobileNumber();
    const d = await conversationFrom(number);
    const offers = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
    await parley.request('POST', `/api/offers/${offers.body.find((o) => o.interactionId === d.id)!.id}/accept`, { token: agent.token });
    const who = await userWithMobile(null, 'Grace Hopper');

    const found = await parley.request<{ id: string; name: string }[]>('GET', `/api/users?query=${encodeURIComponent('grace hop')}`, { token: agent.token });
    assert.ok(found.body.some((u) => u.id === who.id), 'the picker finds the user');
    const stranger = await parley.createAgent('agent');
    const refused = await parley.request('PUT', `/api/interactions/${d.id}/requester`, { token: stranger.token, body: { userId: who.id } });
    assert.equal(refused.status, 403);

    const r = await parley.request<Requester>('PUT', `/api/interactions/${d.id}/requester`, { token: agent.token, body: { userId: who.id } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.userId, who.id);
    assert.equal(r.body.name, 'Grace Hopper');
    assert.notEqual(r.body.profileId, d.requester.profileId);
    const all = await profiles(number);
    assert.deepEqual(all.map((p) => [p.user_id, p.active]), [[null, false], [who.id, true]]);
    assert.equal(all[0].deactivated_by, agent.id);
    const audit = await parley.db('audit_log').where({ subject_id: d.id, action: 'requester.reassociated' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_user_id, agent.id);
    assert.deepEqual({ from: audit[0].from_value, to: audit[0].to_value, interaction: audit[0].interaction_id }, { from: 'guest', to: who.id, interaction: d.id });

    // Back to the guest (null), by a manager.
    const manager = await parley.createAgent('manager');
    const back = await parley.request<Requester>('PUT', `/api/interactions/${d.id}/requester`, { token: manager.token, body: { userId: null } });
    assert.equal(back.status, 200);
    assert.equal(back.body.userId, null);
    const bad = await parley.request<ErrorBody>('PUT', `/api/interactions/${d.id}/requester`, { token: manager.token, body: { userId: 'nobody' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /userId/);
  });
});
