import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createDb, migrate } from '../../src/db/knex';
import { migrationSource } from '../../migrations';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';
import { DEMO_QUEUE_ID, DEMO_USERS, seedDemo } from '../../src/demo/seed';
import { createTestDatabase, sharedServers } from '../support/servers';

interface RoutingEvent {
  type: string;
  queueId?: string;
}
interface QueueRow {
  id: string;
  pools: { groupIds: string[]; eligibleAfterSeconds: number }[];
  noAgentGroups: boolean;
}
interface Group {
  id: string;
  name: string;
  memberIds: string[];
  defaultForNewAgents: boolean;
}

// SPEC §17: a queue with no agent groups offers to nobody; upgrades and new agents keep the demo's routing.
describe('queues and agent groups (Q-5)', function () {
  this.timeout(90_000);
  let parley: Parley;
  let admin: Agent;

  before(async () => {
    parley = await startParley({ offerTimeoutSeconds: 30 });
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());

  const offline = async (...agents: Agent[]) => {
    for (const a of agents) await parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
  };
  const offersOf = async (agent: Agent) =>
    (await parley.request<{ interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token })).body;
  const events = async (interactionId: string) => {
    const r = await parley.request<RoutingEvent[]>('GET', `/api/interactions/${interactionId}/routing-events`, { token: admin.token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };

  it('Q-5: an item in a queue without agent groups is not offered to an Available agent, its routing events say no_agent_groups once; linking a group with the agent makes it offered', async () => {
    const ana = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    const created = await parley.request<QueueRow>('POST', '/api/admin/queues', {
      token: admin.token,
      body: { name: `Nobody's ${requester}`, position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester }, pools: [] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.noAgentGroups, true, 'the queue says nobody will be offered its work');
    await parley.text(requester, 'hello?');
    const row = await eventually('queued in the queue without groups', async () => {
      const r = await parley.interactionFor(requester);
      return r?.state === 'queued' && r.queue_id === created.body.id ? r : undefined;
    });
    const interactionId = row.id as string;
    await eventually('no_agent_groups in the routing events', async () => (await events(interactionId)).some((e) => e.type === 'no_agent_groups'));
    // Several sweeps (every 500 ms) later: still nobody offered, and the decision recorded once, not at every pass.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await offersOf(ana)).some((o) => o.interactionId === interactionId), false, 'Ana, Available and free, is not offered it');
    const list = await events(interactionId);
    assert.equal(list.filter((e) => e.type === 'no_agent_groups').length, 1, JSON.stringify(list));
    assert.equal(list.find((e) => e.type === 'no_agent_groups')!.queueId, created.body.id);
    assert.equal(list.some((e) => e.type === 'offered'), false);

    const group = await parley.request<Group>('POST', '/api/admin/groups', { token: admin.token, body: { name: `Ana's ${requester}`, memberIds: [ana.id] } });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const { id: _id, noAgentGroups: _n, openNow: _o, ...queue } = (await parley.request<(QueueRow & { openNow: boolean })[]>('GET', '/api/admin/queues', { token: admin.token })).body.find(
      (q) => q.id === created.body.id,
    )!;
    const linked = await parley.request<QueueRow>('PUT', `/api/admin/queues/${created.body.id}`, {
      token: admin.token, body: { ...queue, pools: [{ groupIds: [group.body.id], eligibleAfterSeconds: 0 }] },
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.noAgentGroups, false);
    const offered = await eventually('Ana offered it once her group is linked', async () => (await offersOf(ana)).find((o) => o.interactionId === interactionId));
    assert.equal(offered.requesterNumber, requester);
    await offline(ana);
  });

  it('Q-5: a user created with POST /api/admin/users and no groupIds joins the default group and is offered the default queue’s work', async () => {
    const groups = (await parley.request<Group[]>('GET', '/api/admin/groups', { token: admin.token })).body;
    const defaults = groups.filter((g) => g.defaultForNewAgents);
    assert.equal(defaults.length, 1, 'the test queue’s group is the default for new agents');
    const testQueue = (await parley.request<QueueRow[]>('GET', '/api/admin/queues', { token: admin.token })).body.find((q) => q.id === parley.queueId)!;
    assert.deepEqual(testQueue.pools, [{ groupIds: [defaults[0].id], eligibleAfterSeconds: 0 }]);

    const email = `new-${randomUUID().slice(0, 8)}@test.example`;
    const password = 'a-long-password-1';
    const made = await parley.request<{ id: string }>('POST', '/api/admin/users', { token: admin.token, body: { email, name: 'Nell New', role: 'agent', password } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const listed = (await parley.request<{ id: string; groupIds: string[] }[]>('GET', '/api/admin/users', { token: admin.token })).body.find((u) => u.id === made.body.id)!;
    assert.deepEqual(listed.groupIds, [defaults[0].id]);

    const login = await parley.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password } });
    const nell: Agent = { id: made.body.id, email, password, token: login.body.token, role: 'agent' };
    await parley.request('PUT', '/api/me/presence', { token: nell.token, body: { status: 'available' } });
    const requester = uniqueNumber();
    await parley.text(requester, 'hi there');
    const interactionId = await parley.acceptOfferFor(nell, requester);
    assert.ok(interactionId);
    await offline(nell);
  });

  it('Q-5: explicit groupIds on create and PATCH are validated and replace the default groups', async () => {
    const unknown = randomUUID();
    const bad = await parley.request<{ error: { message: string } }>('POST', '/api/admin/users', {
      token: admin.token, body: { email: `x-${randomUUID().slice(0, 8)}@test.example`, name: 'X', role: 'agent', password: 'a-long-password-1', groupIds: [unknown] },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /groupIds/);
    const none = await parley.request<{ id: string }>('POST', '/api/admin/users', {
      token: admin.token, body: { email: `y-${randomUUID().slice(0, 8)}@test.example`, name: 'Y', role: 'agent', password: 'a-long-password-1', groupIds: [] },
    });
    assert.equal(none.status, 201);
    const users = async () => (await parley.request<{ id: string; groupIds: string[] }[]>('GET', '/api/admin/users', { token: admin.token })).body;
    assert.deepEqual((await users()).find((u) => u.id === none.body.id)!.groupIds, []);
    const groups = (await parley.request<Group[]>('GET', '/api/admin/groups', { token: admin.token })).body;
    const target = groups.find((g) => g.defaultForNewAgents)!;
    const patched = await parley.request<{ groupIds: string[] }>('PATCH', `/api/admin/users/${none.body.id}`, { token: admin.token, body: { groupIds: [target.id] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.groupIds, [target.id]);
    const badPatch = await parley.request<{ error: { message: string } }>('PATCH', `/api/admin/users/${none.body.id}`, { token: admin.token, body: { groupIds: ['nope'] } });
    assert.equal(badPatch.status, 400);
    assert.match(badPatch.body.error.message, /groupIds/);
  });

  it('Q-5: a queue created without naming pools gets the default groups; PUT without pools keeps them', async () => {
    const defaults = (await parley.request<Group[]>('GET', '/api/admin/groups', { token: admin.token })).body.filter((g) => g.defaultForNewAgents).map((g) => g.id);
    const q = await parley.request<QueueRow & { openNow: boolean }>('POST', '/api/admin/queues', { token: admin.token, body: { name: `Plain ${Date.now()}`, position: 90, condition: null } });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    assert.deepEqual(q.body.pools, [{ groupIds: defaults, eligibleAfterSeconds: 0 }]);
    const { id, pools: _p, noAgentGroups: _n, openNow: _o, ...rest } = q.body;
    const put = await parley.request<QueueRow>('PUT', `/api/admin/queues/${id}`, { token: admin.token, body: { ...rest, name: 'Renamed' } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.pools, q.body.pools);
  });

  it('Q-5: the upgrade gives every queue without pools a default group of every user, so it keeps routing', async () => {
    const servers = await sharedServers();
    const name = `upgrade_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = createDb(servers.pg.url, { max: 1 });
    await admin.raw(`create database ${name}`);
    const url = new URL(servers.pg.url);
    url.pathname = `/${name}`;
    const db = createDb(url.toString(), { max: 2 });
    try {
      const before = { ...migrationSource, getMigrations: async () => (await migrationSource.getMigrations([])).filter((m) => m < '20261207000020') };
      await db.migrate.latest({ migrationSource: before });
      await db('queues').insert([{ id: 'old', name: 'Old', channel_id: 'sms' }, { id: 'grouped', name: 'Grouped', channel_id: 'sms' }]);
      const [vip] = await db('agent_groups').insert({ name: 'VIP' }).returning('id');
      await db('queue_pools').insert({ queue_id: 'grouped', position: 0, group_ids: [vip.id] });
      const users = await db('users')
        .insert(['agent', 'manager', 'admin'].map((role) => ({ email: `${role}@upgrade.example`, name: role, role, password_hash: 'x' })))
        .returning(['id', 'role']);
      await migrate(db);
      const groups = await db('agent_groups').orderBy('name');
      const made = groups.find((g) => g.name === 'Old agents');
      assert.ok(made, JSON.stringify(groups));
      assert.equal(made.default_for_new_agents, true);
      const members = await db('agent_group_members').where({ group_id: made.id }).pluck('user_id');
      assert.deepEqual(members.sort(), users.map((u) => u.id).sort(), 'every user, admins included, as every user was offered work before');
      assert.deepEqual((await db('queue_pools').where({ queue_id: 'old' })).map((p) => p.group_ids), [[made.id]]);
      assert.deepEqual((await db('queue_pools').where({ queue_id: 'grouped' })).map((p) => p.group_ids), [[vip.id]], 'a queue with groups is left alone');
      assert.equal(groups.length, 2);
    } finally {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.destroy();
    }
  });

  it('Q-5: the demo seeds a group for its queue holding its users, the default for new agents', async () => {
    const name = `demo_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const db = createDb(await createTestDatabase(name), { max: 2 });
    try {
      await seedDemo(db, { password: 'demo-password-123', companyNumber: '+15005550006', vaNumber: '+14155550100' });
      const [pool] = await db('queue_pools').where({ queue_id: DEMO_QUEUE_ID });
      assert.equal(pool.group_ids.length, 1);
      const group = await db('agent_groups').where({ id: pool.group_ids[0] }).first();
      assert.equal(group.default_for_new_agents, true);
      const members = await db('agent_group_members as m').join('users as u', 'u.id', 'm.user_id').where('m.group_id', group.id).pluck('u.email');
      assert.deepEqual(members.sort(), DEMO_USERS.map((u) => u.email).sort());
    } finally {
      await db.destroy();
      const a = createDb((await sharedServers()).pg.url, { max: 1 });
      await a.raw(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await a.destroy();
    }
  });
});
