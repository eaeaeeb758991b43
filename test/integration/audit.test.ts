import assert from 'node:assert/strict';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface AuditRow { at: string; actorId: string | null; action: string; interactionId?: string; from?: string; to?: string }
interface AuditPage { rows: AuditRow[]; nextCursor: string | null }

describe('audit log (issue 12)', function () {
  this.timeout(120_000);
  let parley: Parley;
  let admin: Agent;
  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());

  const audit = (query: Record<string, string>) => parley.request<AuditPage>('GET', `/api/admin/audit?${new URLSearchParams(query)}`, { token: admin.token });
  const rowsOf = async (query: Record<string, string>) => {
    const r = await audit(query);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.rows;
  };
  const actions = (rows: AuditRow[]) => rows.map((r) => [r.action, r.interactionId ?? null, r.from ?? null, r.to ?? null]).reverse();

  it('every agent action that changes something writes one row: who, what, which interaction, when, from → to', async () => {
    const agent = await parley.createAgent('agent'); // signed in once by the helper
    const started = new Date();
    const put = (status: string) => parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status } });
    await put('available');
    await put('available'); // no change: no row
    const first = await parley.acceptedConversation(agent, uniqueNumber(), 'first');
    // A second conversation, rejected.
    const requester = uniqueNumber();
    await parley.text(requester, 'second');
    const offer = await eventually('the second offer', async () => {
      const r = await parley.request<{ id: string; interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === requester);
    });
    assert.equal((await parley.request('POST', `/api/offers/${offer.id}/reject`, { token: agent.token, body: { reason: 'busy' } })).status, 200);
    const id = first.interactionId;
    assert.equal((await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'hello there' } })).status, 202);
    assert.equal((await parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token })).status, 200);
    assert.equal((await parley.request('POST', `/api/interactions/${id}/resume`, { token: agent.token })).status, 200);
    assert.equal((await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'complete' } })).status, 200);
    // A refused command changes nothing and writes nothing.
    assert.equal((await parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token })).status, 409);
    await put('offline');
    assert.equal((await parley.request('POST', '/api/auth/logout', { token: agent.token })).status, 204);

    const rows = await rowsOf({ userId: agent.id });
    assert.deepEqual(actions(rows), [
      ['auth.sign_in', null, null, null],
      ['presence.changed', null, 'offline', 'available'],
      ['offer.accepted', id, 'offered', 'work_in_progress'],
      ['offer.rejected', offer.interactionId, 'offered', 'queued'],
      ['message.sent', id, null, null],
      ['interaction.held', id, 'work_in_progress', 'on_hold'],
      ['interaction.resumed', id, 'on_hold', 'work_in_progress'],
      ['interaction.ended', id, 'work_in_progress', 'closed_complete'],
      ['presence.changed', null, 'available', 'offline'],
      ['auth.sign_out', null, null, null],
    ]);
    assert.ok(rows.every((r) => r.actorId === agent.id));
    const signIn = Date.parse(rows[rows.length - 1].at);
    assert.ok(signIn >= started.getTime() - 5000 && signIn <= Date.now(), 'when');
    // Filtered by interaction: only what happened to it.
    assert.deepEqual(actions(await rowsOf({ interactionId: id })).map((a) => a[0]), [
      'offer.accepted', 'message.sent', 'interaction.held', 'interaction.resumed', 'interaction.ended',
    ]);
  });

  it('an admin creating a user writes a row naming the admin', async () => {
    const r = await parley.request<{ id: string }>('POST', '/api/admin/users', {
      token: admin.token, body: { email: `new-${Date.now()}@test.example`, name: 'New', role: 'agent', password: 'long enough password' },
    });
    assert.equal(r.status, 201);
    const rows = await rowsOf({ userId: admin.id });
    assert.deepEqual(actions(rows).at(-1), ['user.created', null, null, 'agent']);
  });

  it('an admin changing a user writes one row naming the fields that changed, before → after', async () => {
    const agent = await parley.createAgent('agent');
    const patch = (body: unknown, id = agent.id) => parley.request<Record<string, unknown>>('PATCH', `/api/admin/users/${id}`, { token: admin.token, body });
    const changed = await patch({ role: 'manager', name: agent.email, mobilePhone: '(415) 555-2671' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.role, 'manager');
    assert.equal(changed.body.mobilePhone, '+14155552671');
    assert.equal((await patch({ role: 'manager' })).status, 200); // nothing changes: no row
    assert.equal((await patch({ active: false })).status, 200);
    assert.equal((await parley.request('GET', '/api/me', { token: agent.token })).status, 401, 'deactivated: signed out');
    assert.equal((await patch({ mobilePhone: 'hello' })).status, 400);
    assert.equal((await patch({ role: 'agent' }, '00000000-0000-4000-8000-000000000000')).status, 404);
    const rows = (await rowsOf({ userId: admin.id })).filter((r) => r.action === 'user.changed').slice(0, 2).reverse();
    assert.deepEqual(rows.map((r) => [r.from, r.to]), [
      ['role=agent, mobile_phone=null', 'role=manager, mobile_phone=+14155552671'],
      ['active=true', 'active=false'],
    ]);
  });

  describe('Users admin (issue 24)', () => {
    type ErrorBody = { error: { code: string; message: string } };
    const patch = (token: string, id: string, body: unknown) => parley.request<ErrorBody & Record<string, unknown>>('PATCH', `/api/admin/users/${id}`, { token, body });
    const signIn = (email: string, password: string) => parley.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password } });

    it('Users admin (issue 24): PATCH changes name, role, mobile and capacity, audited as user.changed', async () => {
      const agent = await parley.createAgent('agent');
      const r = await patch(admin.token, agent.id, { name: 'Grace Hopper', role: 'admin', mobilePhone: '+44 7700 900123', smsCapacity: 7 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.name, r.body.role, r.body.mobilePhone, r.body.smsCapacity, r.body.active], ['Grace Hopper', 'admin', '+447700900123', 7, true]);
      const listed = await parley.request<{ id: string; name: string; smsCapacity: number | null }[]>('GET', '/api/admin/users', { token: admin.token });
      assert.equal(listed.body.find((u) => u.id === agent.id)?.smsCapacity, 7);
      const [row] = (await rowsOf({ userId: admin.id })).filter((x) => x.action === 'user.changed');
      assert.equal(row.from, `name=${agent.email}, role=agent, mobile_phone=null, sms_capacity=null`);
      assert.equal(row.to, 'name=Grace Hopper, role=admin, mobile_phone=+447700900123, sms_capacity=7');
    });

    it('Users admin (issue 24): PATCH answers 400 naming the field, 403 for a manager, and refuses an admin demoting or deactivating themselves', async () => {
      const agent = await parley.createAgent('agent');
      const manager = await parley.createAgent('manager');
      for (const [field, value] of [['role', 'owner'], ['smsCapacity', -1], ['name', ''], ['active', 'yes'], ['mobilePhone', 'call me']] as const) {
        const bad = await patch(admin.token, agent.id, { [field]: value });
        assert.equal(bad.status, 400, field);
        assert.match(bad.body.error.message, new RegExp(`\\b${field}\\b`));
      }
      assert.equal((await patch(manager.token, agent.id, { role: 'manager' })).status, 403);
      const self = await parley.createAgent('admin');
      const demote = await patch(self.token, self.id, { role: 'manager' });
      assert.equal(demote.status, 400);
      assert.match(demote.body.error.message, /role you cannot change your own role/);
      const deactivate = await patch(self.token, self.id, { active: false });
      assert.equal(deactivate.status, 400);
      assert.match(deactivate.body.error.message, /active you cannot deactivate yourself/);
      const [me] = await parley.db('users').where({ id: self.id }).select('role', 'active');
      assert.deepEqual(me, { role: 'admin', active: true });
      assert.equal((await patch(self.token, self.id, { name: 'Still admin', role: 'admin' })).status, 200, 'other changes to oneself are fine');
    });

    it('Users admin (issue 24): deactivating signs the user out and keeps them from signing in; reactivating lets them back', async () => {
      const agent = await parley.createAgent('agent');
      assert.equal((await patch(admin.token, agent.id, { active: false })).status, 200);
      assert.equal((await parley.db('sessions').where({ user_id: agent.id })).length, 0, 'sessions revoked');
      assert.equal((await signIn(agent.email, agent.password)).status, 401);
      assert.equal((await patch(admin.token, agent.id, { active: true })).status, 200);
      assert.equal((await signIn(agent.email, agent.password)).status, 200);
    });

    it('Users admin (issue 24): a password reset ends their sessions, the old password fails, the new works; the audit row has no password', async () => {
      const agent = await parley.createAgent('agent');
      const reset = (token: string, body: unknown, id = agent.id) => parley.request<ErrorBody>('POST', `/api/admin/users/${id}/password`, { token, body });
      const short = await reset(admin.token, { password: 'short' });
      assert.equal(short.status, 400);
      assert.match(short.body.error.message, /password must be at least 12 characters/);
      assert.equal((await reset(agent.token, { password: 'a-new-long-password' })).status, 403);
      assert.equal((await reset(admin.token, { password: 'a-new-long-password' }, '00000000-0000-4000-8000-000000000000')).status, 404);
      const done = await reset(admin.token, { password: 'a-new-long-password' });
      assert.equal(done.status, 204, JSON.stringify(done.body));
      assert.equal((await parley.request('GET', '/api/me', { token: agent.token })).status, 401, 'signed out');
      assert.equal((await signIn(agent.email, agent.password)).status, 401, 'old password');
      assert.equal((await signIn(agent.email, 'a-new-long-password')).status, 200, 'new password');
      const [row] = (await rowsOf({ userId: admin.id })).filter((x) => x.action === 'user.password_reset');
      assert.ok(row, 'a user.password_reset row');
      const stored = await parley.db('audit_log').where({ action: 'user.password_reset', subject_id: agent.id });
      assert.equal(stored.length, 1);
      assert.ok(!JSON.stringify(stored[0]).includes('a-new-long-password'), 'no password in the row');
      assert.ok(!JSON.stringify(stored[0]).includes('$argon2'), 'no hash in the row');
    });
  });

  it('pages newest first with nextCursor, and filters by time', async () => {
    const agent = await parley.createAgent('agent');
    for (const status of ['available', 'away', 'available', 'away', 'offline']) {
      await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status } });
    }
    const all = await rowsOf({ userId: agent.id }); // sign-in + five changes
    assert.equal(all.length, 6);
    const seen: AuditRow[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: AuditPage } = await audit({ userId: agent.id, limit: '4', ...(cursor ? { cursor } : {}) });
      assert.equal(r.status, 200);
      seen.push(...r.body.rows);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 2);
    assert.deepEqual(seen, all);
    assert.deepEqual(all.map((r) => r.to ?? null), ['offline', 'away', 'available', 'away', 'available', null]);
    const middle = all[2].at;
    assert.deepEqual(await rowsOf({ userId: agent.id, since: middle }), all.slice(0, 3));
    assert.deepEqual(await rowsOf({ userId: agent.id, until: middle }), all.slice(3));
  });

  for (const [param, value] of [
    ['userId', 'someone'], ['interactionId', '42'], ['since', 'yesterday'], ['until', '2026-13-01T00:00:00Z'], ['cursor', 'abc'], ['cursor', '-1'], ['limit', '0'],
  ]) {
    it(`answers 400 naming ${param} for ${param}=${value}`, async () => {
      const r = await audit({ [param]: value });
      assert.equal(r.status, 400);
      assert.match((r.body as unknown as { error: { message: string } }).error.message, new RegExp(`\\b${param}\\b`));
    });
  }

  it('answers 400 naming an unknown parameter, and for until before since', async () => {
    const unknown = await audit({ user: 'x' });
    assert.equal(unknown.status, 400);
    assert.match((unknown.body as unknown as { error: { message: string } }).error.message, /user/);
    const backwards = await audit({ since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' });
    assert.equal(backwards.status, 400);
    assert.match((backwards.body as unknown as { error: { message: string } }).error.message, /until/);
  });

  it('is for admins only', async () => {
    const manager = await parley.createAgent('manager');
    assert.equal((await parley.request('GET', '/api/admin/audit', { token: manager.token })).status, 403);
  });
});
