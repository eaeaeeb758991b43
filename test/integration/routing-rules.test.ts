import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { ConflictError } from '../../src/domain/errors';
import { createDispatcher, walkQueue, type OfferNotifier } from '../../src/routing/dispatcher';
import { loadAgents } from '../../src/routing/routing-facts';
import { createPostCommit } from '../../src/realtime/post-commit';
import { expireOffer, passContext } from '../../src/routing/work-items';
import type { InteractionGateway } from '../../src/temporal/interaction-gateway';
import { reassignIfUnavailable } from '../../src/use-cases/agent-unavailable';
import { acceptOffer, listMyOffers, rejectOffer } from '../../src/use-cases/offers';
import { setPresence } from '../../src/use-cases/presence';
import { createGroup, replaceGroup, ROUTING_SETTING_KEYS } from '../../src/use-cases/routing-admin';
import { presenceHistory } from '../../src/use-cases/routing-views';
import { freshRoutingDb, queueItems, seedRouting } from '../support/routing-db';
import { testLog } from '../support/servers';

// SPEC §5 rules decided by the dispatcher and the routing use cases, against PostgreSQL with no Temporal: the test
// plays the workflows' part (the notifier records what they would be told; projections are written by hand).
describe('routing rules against the database (ASG-3/4/7, Q-7/13/14, WI-2/6, CAP-6, PRS-4/7, RSN-1/2)', function () {
  this.timeout(60_000);
  let db: Knex;
  let drop: () => Promise<void>;
  let queueNo = 0;
  let numberNo = 0;

  before(async () => {
    ({ db, drop } = await freshRoutingDb(10));
  });
  after(async () => drop?.());

  interface Told {
    offered: { workflowId: string; workItemId: string; agentId: string }[];
    assigned: { workflowId: string; workItemId: string; agentId: string }[];
  }
  /** A notifier that records what the workflows would be told; `failAssigned` loses the next n `assigned` calls. */
  function recorder(opts: { failAssigned?: number } = {}): { notifier: OfferNotifier; told: Told } {
    const told: Told = { offered: [], assigned: [] };
    let fail = opts.failAssigned ?? 0;
    return {
      told,
      notifier: {
        offered: async (workflowId, o) => void told.offered.push({ workflowId, workItemId: o.workItemId, agentId: o.agentId }),
        offerReturned: async () => undefined,
        assigned: async (workflowId, p) => {
          if (fail-- > 0) throw new Error('update lost');
          told.assigned.push({ workflowId, ...p });
        },
      },
    };
  }

  /** A queue of its own, its company number, and `agents` Available agents; everyone else Offline and nothing waiting. */
  async function scene(opts: { agents: number; capacity?: number; queue?: Record<string, unknown> }) {
    await db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await db('offers').where({ state: 'pending' }).update({ state: 'withdrawn' });
    await db('agent_presence').update({ status: 'offline' });
    const queueId = `rules-${++queueNo}`;
    const companyNumber = `+1500555${String(1000 + ++numberNo)}`;
    await db('queues').insert({ id: queueId, name: queueId, channel_id: 'sms', ...opts.queue });
    const agents = await seedRouting(db, { agents: opts.agents, capacity: opts.capacity ?? 1, queueId, companyNumber });
    const items = (n: number) => queueItems(db, n, { queueId, companyNumber });
    return { queueId, companyNumber, agents, items };
  }

  const presenceOf = async (agentId: string) => (await db('agent_presence').where({ user_id: agentId }).first('status')).status as string;

  it('Q-7/Q-13: the item waiting longest is offered first, whatever order the items were created in, however long ago', async () => {
    const { items } = await scene({ agents: 1 });
    const ids = await items(3);
    await db('work_items').where({ id: ids[2] }).update({ created_at: new Date(Date.now() - 3600_000) });
    const { notifier, told } = recorder();
    await createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    assert.deepEqual(told.offered.map((o) => o.workItemId), [ids[2]], 'an item queued an hour ago: no routing look-back window (Q-13)');
  });

  it('Q-14: a queue holding more than 10,000 waiting items still offers its oldest (ServiceNow’s limit is not replicated)', async () => {
    const { items } = await scene({ agents: 2 });
    const ids = await items(10_001);
    const { notifier, told } = recorder();
    await createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    assert.deepEqual(told.offered.map((o) => o.workItemId), ids.slice(0, 2));
  });

  it('offer latency: a pass whose loads went stale (another dispatcher filled the agent) stops at the first item nobody can take', async () => {
    const { items } = await scene({ agents: 1 });
    const ids = await items(40);
    const pass = await passContext(db, 60_000);
    // Another process's dispatcher offers the oldest item to the only agent after this pass read the loads.
    await createDispatcher({ db, notifier: recorder().notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    const made = await walkQueue(db, pass, () => undefined);
    assert.equal(made, 0);
    const decided = await db('routing_events').whereIn('work_item_id', ids.slice(1)).pluck('work_item_id');
    assert.deepEqual(decided, [ids[1]], 'one no_agent decision, not one transaction and event per waiting item');
  });

  it('never stuck (SPEC §5, EV-1): a backlog nobody is eligible for is walked once to record why, then no longer hides a newer item someone is free for', async () => {
    const { queueId: free, companyNumber, items } = await scene({ agents: 1 });
    // A queue whose only pool is a group nobody belongs to, with more waiting items than one pass walks (500).
    const [group] = await db('agent_groups').insert({ name: `nobody-${queueNo}` }).returning('id');
    const stuck = `${free}-nobody`;
    await db('queues').insert({ id: stuck, name: stuck, channel_id: 'sms' });
    await db('queue_pools').insert({ queue_id: stuck, position: 0, group_ids: [group.id] });
    const backlog = await queueItems(db, 600, { queueId: stuck, companyNumber });
    const [newer] = await items(1);
    await db('work_items').whereIn('id', backlog).update({ created_at: db.raw(`created_at - interval '1 hour'`) });

    const { notifier, told } = recorder();
    const d = createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog });
    let passes = 0;
    while (told.offered.length === 0 && passes < 5) {
      await d.runOnce();
      passes++;
    }
    assert.deepEqual(told.offered.map((o) => o.workItemId), [newer], 'the newer item in the other queue is offered');
    assert.ok(passes <= 2, `offered after ${passes} passes: the backlog is walked once, not at every pass`);
    const [why] = await db('routing_events').whereIn('work_item_id', backlog).where({ type: 'no_agent' }).count<{ n: string }[]>('* as n');
    assert.equal(Number(why.n), 600, 'EV-1: each backlog item says once why nobody took it');
  });

  it('EV-1: with nobody free at all, each waiting item records once who was considered and why each was passed over', async () => {
    const { agents, items } = await scene({ agents: 2 });
    await setPresence(db, agents[0], 'away', 'test');
    await db('agent_presence').where({ user_id: agents[1] }).update({ status: 'offline' });
    const ids = await items(3);
    const { notifier, told } = recorder();
    const d = createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog });
    await d.runOnce();
    await d.runOnce();
    const events = await db('routing_events').whereIn('work_item_id', ids).orderBy('id');
    assert.deepEqual(events.map((e) => [e.work_item_id, e.type]), ids.map((id) => [id, 'no_agent']), 'one no_agent per item, not one per pass');
    for (const e of events) {
      const why = Object.fromEntries(e.detail.candidates.filter((c: { agentId: string }) => agents.includes(c.agentId)).map((c: { agentId: string; reason: string }) => [c.agentId, c.reason]));
      assert.deepEqual(why, { [agents[0]]: 'away', [agents[1]]: 'offline' });
    }
    // Someone becomes free: the oldest is offered at the next pass.
    await setPresence(db, agents[1], 'available', 'test');
    await d.runOnce();
    assert.deepEqual(told.offered.map((o) => o.workItemId), [ids[0]]);
  });

  it('ASG-3: the queue’s timeout presence (Offline) is applied when an offer times out, and recorded in the history (PRS-4/PRS-5)', async () => {
    const { agents, items } = await scene({ agents: 1, queue: { offer_timeout_presence: 'offline' } });
    const [id] = await items(1);
    const { notifier, told } = recorder();
    await createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    const item = await db('work_items').where({ id }).first();
    const r = await expireOffer(db, id, item.offer_id);
    assert.equal(r.expiredAgentId, agents[0]);
    assert.equal(r.state, 'queued', 'WI-3: the item returns to the queue');
    assert.equal(told.offered.length, 1);
    assert.equal(await presenceOf(agents[0]), 'offline');
    const [latest] = await presenceHistory(db, agents[0]);
    assert.deepEqual([latest.status, latest.reason], ['offline', 'offer_timeout']);
  });

  it('ASG-3: a queue whose timeout presence is Available leaves the agent Available, and the item is offered again', async () => {
    const { agents, items } = await scene({ agents: 1, queue: { offer_timeout_presence: 'available' } });
    const [id] = await items(1);
    const { notifier, told } = recorder();
    const d = createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog });
    await d.runOnce();
    await expireOffer(db, id, (await db('work_items').where({ id }).first()).offer_id);
    assert.equal(await presenceOf(agents[0]), 'available');
    await d.runOnce();
    assert.deepEqual(told.offered.map((o) => o.agentId), [agents[0], agents[0]]);
  });

  it('ASG-3: a queue that does not allow rejecting refuses a reject (409 reject_not_allowed) and the offer stays open', async () => {
    const { agents, items } = await scene({ agents: 1, queue: { allow_reject: false } });
    const [id] = await items(1);
    await createDispatcher({ db, notifier: recorder().notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    const [offer] = await listMyOffers(db, agents[0]);
    assert.equal(offer.allowReject, false, 'the Workspace is told to hide Reject');
    await assert.rejects(rejectOffer(db, offer.id, agents[0], { reason: 'Busy', reassignable: false }), (err: ConflictError) => err.code === 'reject_not_allowed');
    assert.equal((await db('work_items').where({ id }).first()).state, 'offered');
    await acceptOffer(db, offer.id, agents[0]);
  });

  it('ASG-4: auto-accept assigns in the dispatcher’s transaction: no pending offer, the workflow is told "assigned", the load counts it', async () => {
    const { agents, items } = await scene({ agents: 1, capacity: 2, queue: { auto_accept: true } });
    const [id] = await items(1);
    const { notifier, told } = recorder();
    await createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    assert.deepEqual(told.offered, []);
    assert.deepEqual(told.assigned.map((a) => [a.workItemId, a.agentId]), [[id, agents[0]]]);
    assert.equal((await db('work_items').where({ id }).first()).state, 'accepted');
    assert.deepEqual(await db('offers').where({ work_item_id: id }).pluck('state'), ['accepted']);
    assert.deepEqual(await listMyOffers(db, agents[0]), [], 'nothing to accept or reject');
    const [load] = await loadAgents(db, agents[0]);
    assert.equal(load.channels.sms.inUse, 1, 'CAP-5: accepted but not yet projected still counts');
    const types = await db('routing_events').where({ work_item_id: id }).orderBy('id').pluck('type');
    assert.deepEqual(types, ['offered', 'accepted']);
  });

  it('ASG-4: an auto-accept whose "assigned" update was lost is told again by the sweep, until the workflow projects it', async () => {
    const { agents, items } = await scene({ agents: 1, queue: { auto_accept: true } });
    const [id] = await items(1);
    const { notifier, told } = recorder({ failAssigned: 1 });
    const d = createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog });
    await d.runOnce();
    assert.deepEqual(told.assigned, [], 'the update was lost');
    await d.sweep();
    assert.deepEqual(told.assigned, [], 'within the grace period the workflow may still be projecting it');
    await db('work_items').where({ id }).update({ updated_at: new Date(Date.now() - 60_000) });
    await d.sweep();
    const item = await db('work_items').where({ id }).first();
    assert.deepEqual(told.assigned, [{ workflowId: item.workflow_id, workItemId: id, agentId: agents[0] }]);
    // The workflow projects the assignment: the sweep has nothing more to repair.
    await db('interactions').where({ id: item.interaction_id }).update({ state: 'work_in_progress', assigned_agent_id: agents[0] });
    await d.sweep();
    assert.equal(told.assigned.length, 1);
  });

  it('ASG-7: rejected and timed-out items are offered again in the same pass, to agents who pass presence, channel and capacity', async () => {
    const { agents, items } = await scene({ agents: 4, capacity: 1 });
    const [a, b, c, d] = agents;
    const ids = await items(2);
    const { notifier, told } = recorder();
    const dispatcher = createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog });
    // Only a and b are Available: they get the two items (oldest to the one idle longest, ties by id).
    await setPresence(db, c, 'away', 'test');
    await db('agent_channel_availability').insert({ user_id: d, channel_id: 'sms', available: false });
    await dispatcher.runOnce();
    assert.deepEqual(told.offered.map((o) => o.workItemId).sort(), [...ids].sort());
    const byItem = new Map(told.offered.map((o) => [o.workItemId, o.agentId]));
    const first = await db('work_items').where({ id: ids[0] }).first();
    const second = await db('work_items').where({ id: ids[1] }).first();
    await rejectOffer(db, first.offer_id, byItem.get(ids[0])!, { reason: 'Not my expertise', reassignable: false });
    await expireOffer(db, ids[1], second.offer_id);
    // c comes back; d's SMS stays off; the timed-out agent is Away; the rejecting agent is free but not re-offered the
    // item they rejected (WI-7), so the pass gives the rejected item to c and the timed-out one to the rejecting agent.
    await setPresence(db, c, 'available', 'test');
    const rejecter = byItem.get(ids[0])!;
    const timedOut = byItem.get(ids[1])!;
    assert.equal(await presenceOf(timedOut), 'away');
    told.offered.length = 0;
    await dispatcher.runOnce();
    assert.deepEqual(new Map(told.offered.map((o) => [o.workItemId, o.agentId])), new Map([[ids[0], c], [ids[1], rejecter]]));
    const offered = await db('routing_events').where({ work_item_id: ids[0], type: 'offered' }).orderBy('id', 'desc').first('detail');
    const reasons = Object.fromEntries(
      offered.detail.candidates.filter((x: { agentId: string }) => agents.includes(x.agentId)).map((x: { agentId: string; reason?: string }) => [x.agentId, x.reason ?? 'ok']),
    );
    assert.deepEqual(reasons, { [rejecter]: 'rejected_before', [timedOut]: 'away', [c]: 'ok', [d]: 'channel_unavailable' });
    assert.ok([a, b].includes(rejecter) && [a, b].includes(timedOut));
  });

  it('WI-2/WI-6: a reject returns the item to the queue with the reason; accepting or rejecting it afterwards is refused', async () => {
    const { agents, items } = await scene({ agents: 1 });
    const [id] = await items(1);
    await createDispatcher({ db, notifier: recorder().notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    const offerId = (await db('work_items').where({ id }).first()).offer_id;
    await rejectOffer(db, offerId, agents[0], { reason: 'Language', reassignable: false });
    const item = await db('work_items').where({ id }).first();
    assert.equal(item.state, 'queued');
    assert.equal(item.offered_agent_id, null);
    assert.deepEqual(item.rejected_agent_ids, [agents[0]]);
    assert.deepEqual(await db('offers').where({ id: offerId }).first('state', 'reason'), { state: 'rejected', reason: 'Language' });
    await assert.rejects(acceptOffer(db, offerId, agents[0]), /this offer was rejected/);
    await assert.rejects(rejectOffer(db, offerId, agents[0], { reason: 'Busy', reassignable: false }), /this offer was rejected/);
  });

  it('CAP-6: capacity is released when the agent rejects, completes, or puts a conversation on hold', async () => {
    const { agents, items } = await scene({ agents: 1, capacity: 3 });
    const [agent] = agents;
    const ids = await items(3);
    const d = createDispatcher({ db, notifier: recorder().notifier, offerTimeoutMs: 60_000, log: testLog });
    await d.runOnce();
    const inUse = async () => (await loadAgents(db, agent))[0].channels.sms.inUse;
    assert.equal(await inUse(), 3);
    const rows = await db('work_items').whereIn('id', ids).orderBy('created_at').select('id', 'offer_id', 'interaction_id');
    await rejectOffer(db, rows[0].offer_id, agent, { reason: 'Busy', reassignable: false });
    assert.equal(await inUse(), 2, 'a reject frees its unit');
    for (const r of rows.slice(1)) {
      await acceptOffer(db, r.offer_id, agent);
      await db('interactions').where({ id: r.interaction_id }).update({ state: 'work_in_progress', assigned_agent_id: agent });
    }
    assert.equal(await inUse(), 2);
    await db('interactions').where({ id: rows[1].interaction_id }).update({ state: 'on_hold' });
    assert.equal(await inUse(), 1, 'on hold does not count');
    await db('interactions').where({ id: rows[2].interaction_id }).update({ state: 'closed_complete' });
    assert.equal(await inUse(), 0, 'a completed conversation frees its unit');
  });

  /** A gateway that records the reassigns it is asked for. */
  function reassignRecorder() {
    const asked: string[] = [];
    const gateway = { reassign: async (_workflowId: string, p: { interactionId: string }) => void asked.push(p.interactionId) } as unknown as InteractionGateway;
    return { asked, gateway };
  }

  async function assignedConversations(items: (n: number) => Promise<string[]>, agentId: string, states: string[]) {
    const ids = await items(states.length);
    const rows = await db('work_items').whereIn('id', ids).select('interaction_id');
    for (const [i, r] of rows.entries()) {
      await db('work_items').where({ interaction_id: r.interaction_id }).update({ state: 'accepted', offered_agent_id: agentId });
      await db('interactions').where({ id: r.interaction_id }).update({ state: states[i], assigned_agent_id: agentId });
    }
    return rows.map((r) => r.interaction_id as string);
  }

  it('RSN-2/PRS-7: by default an agent who goes Away keeps their conversations and gets no new offers', async () => {
    const { agents, items } = await scene({ agents: 1, capacity: 4 });
    const [agent] = agents;
    const mine = await assignedConversations(items, agent, ['work_in_progress', 'on_hold']);
    await setPresence(db, agent, 'away', 'agent');
    const { asked, gateway } = reassignRecorder();
    assert.equal(await reassignIfUnavailable({ db, gateway, log: testLog as Logger }, agent), 0);
    assert.deepEqual(asked, []);
    assert.deepEqual(await db('interactions').whereIn('id', mine).pluck('assigned_agent_id'), [agent, agent]);
    const [waiting] = await items(1);
    const { notifier, told } = recorder();
    await createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
    assert.deepEqual(told.offered, [], 'Away: no new work');
    assert.equal((await db('work_items').where({ id: waiting }).first()).state, 'queued');
  });

  it('RSN-1: with reassignWhenAgentUnavailable on, an agent who goes Away has their open conversations re-routed (closed ones not)', async () => {
    const { agents, items } = await scene({ agents: 1, capacity: 4 });
    const [agent] = agents;
    const [wip, held, closed] = await assignedConversations(items, agent, ['work_in_progress', 'on_hold', 'closed_complete']);
    await db('settings').insert({ key: ROUTING_SETTING_KEYS.reassignWhenAgentUnavailable, value: 'true' }).onConflict('key').merge();
    try {
      await setPresence(db, agent, 'away', 'agent');
      const { asked, gateway } = reassignRecorder();
      assert.equal(await reassignIfUnavailable({ db, gateway, log: testLog as Logger }, agent), 2);
      assert.deepEqual(asked.sort(), [wip, held].sort());
      assert.ok(!asked.includes(closed));
    } finally {
      await db('settings').where({ key: ROUTING_SETTING_KEYS.reassignWhenAgentUnavailable }).delete();
    }
  });

  it('PRS-4: every presence change is a history row (newest first); setting the same presence again adds none', async () => {
    const { agents } = await scene({ agents: 1 });
    const [agent] = agents;
    await setPresence(db, agent, 'away', 'agent');
    await setPresence(db, agent, 'away', 'agent');
    await setPresence(db, agent, 'offline', 'workspace_disconnected');
    const history = await presenceHistory(db, agent);
    assert.deepEqual(history.slice(0, 2).map((h) => [h.status, h.reason]), [['offline', 'workspace_disconnected'], ['away', 'agent']]);
    assert.equal(history.length, 2, 'seeded presence rows are not history; the repeat added nothing');
  });

  describe('GQP-3: group-queue priority tiers, the reference’s worked example (one agent per group, capacity 2)', () => {
    // Orders G1: A10 B20 C30; G2: A300 B100 C200; G3: A2 B3 C1 → T1 = {A·G1, B·G2, C·G3}, T2 = {A·G3, B·G1, C·G2}, T3 = the rest.
    const ORDERS = [{ A: 10, B: 20, C: 30 }, { A: 300, B: 100, C: 200 }, { A: 2, B: 3, C: 1 }];
    let caseNo = 0;

    /** Who was offered what: per agent (a1, a2, a3), the queues of their offers, sorted; and who, in offer order. */
    async function run(counts: { A?: number; B?: number; C?: number }): Promise<{ byAgent: string[][]; order: string[] }> {
      const { agents } = await scene({ agents: 3, capacity: 2 });
      const tag = `gqp${++caseNo}`;
      const queueIds = { A: `${tag}-A`, B: `${tag}-B`, C: `${tag}-C` };
      const groups: string[] = [];
      // The dispatcher runs once below, by hand: nothing to wake.
      const admin = { db, postCommit: createPostCommit({ db, dispatcher: () => undefined, log: testLog }) };
      for (const [i, agent] of agents.entries()) {
        groups.push((await createGroup(admin, agent, { name: `${tag}-G${i + 1}`, memberIds: [agent], capacities: {} })).id);
      }
      const itemsOf = new Map<string, string>();
      for (const [name, id] of Object.entries(queueIds)) {
        await db('queues').insert({ id, name: id, channel_id: 'sms' });
        await db('queue_pools').insert({ queue_id: id, position: 0, eligible_after_seconds: 0, group_ids: groups });
        const number = `+1500556${String(1000 + ++numberNo)}`;
        await db('company_numbers').insert({ number, display_name: id, queue_id: id });
        for (const w of await queueItems(db, counts[name as 'A' | 'B' | 'C'] ?? 0, { queueId: id, companyNumber: number })) itemsOf.set(w, name);
      }
      for (const [i, agent] of agents.entries()) {
        const priorities = Object.fromEntries(Object.entries(ORDERS[i]).map(([q, p]) => [queueIds[q as 'A' | 'B' | 'C'], p]));
        const g = await replaceGroup(admin, agent, groups[i], { name: `${tag}-G${i + 1}`, memberIds: [agent], capacities: {}, queuePriorities: priorities });
        assert.deepEqual(g.queuePriorities, priorities);
      }
      const { notifier, told } = recorder();
      await createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }).runOnce();
      return {
        byAgent: agents.map((a) => told.offered.filter((o) => o.agentId === a).map((o) => itemsOf.get(o.workItemId)!).sort()),
        order: told.offered.map((o) => `a${agents.indexOf(o.agentId) + 1}`),
      };
    }

    it('GQP-3(a) two items in each queue: a1 gets A,A; a2 gets B,B; a3 gets C,C', async () => {
      assert.deepEqual((await run({ A: 2, B: 2, C: 2 })).byAgent, [['A', 'A'], ['B', 'B'], ['C', 'C']]);
    });

    it('GQP-3(b) six items only in C: a3 takes the first two, a2 the next two, a1 the last two', async () => {
      const r = await run({ C: 6 });
      assert.deepEqual(r.byAgent, [['C', 'C'], ['C', 'C'], ['C', 'C']]);
      assert.deepEqual(r.order, ['a3', 'a3', 'a2', 'a2', 'a1', 'a1']);
    });

    it('GQP-3(c) three in A and three in B: a1 A,A; a2 B,B; a3 the last A (T2) and the last B (T3); capacity always wins', async () => {
      assert.deepEqual((await run({ A: 3, B: 3 })).byAgent, [['A', 'A'], ['B', 'B'], ['A', 'B']]);
    });
  });
});
