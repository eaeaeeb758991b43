import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createMetrics } from '../../src/metrics/metrics';
import { createDispatcher } from '../../src/routing/dispatcher';
import { createInteractionGateway } from '../../src/temporal/interaction-gateway';
import { interactionSettings } from '../../src/temporal/settings';
import { createConsistencySweep, offerableQueuedItems, type ConsistencySweep } from '../../src/worker/consistency-sweep';
import { viewQuery } from '../../src/workflows/definitions';
import { freshRoutingDb, queueItems, seedRouting } from '../support/routing-db';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';
import { testLog } from '../support/servers';

// Issue 22: the consistency sweep checks the two invariants and repairs what breaks them. The worker's own sweep is
// off here (a long interval): each test runs one it built, at the moment it chooses.
describe('consistency sweep: every open interaction owned by a running workflow', function () {
  this.timeout(120_000);
  let parley: Parley;
  let sweep: ConsistencySweep;
  let metrics: ReturnType<typeof createMetrics>;
  before(async () => {
    parley = await startParley({ env: { CONSISTENCY_SWEEP_INTERVAL_MS: '3600000' } });
    const gateway = createInteractionGateway(parley.client, parley.config.TEMPORAL_TASK_QUEUE, interactionSettings(parley.config));
    metrics = createMetrics();
    sweep = createConsistencySweep({ db: parley.db, client: parley.client, gateway, dispatcher: { kick: () => undefined }, log: testLog, metrics, graceMs: 0 });
  });
  after(async () => parley?.stop());

  async function orphaned(agent: Agent) {
    const requester = uniqueNumber();
    const { interactionId } = await parley.acceptedConversation(agent, requester);
    const workflowId = `sms:${parley.companyNumber}:${requester}`;
    // What issue 22's compose-after-End left behind: the interaction open, its workflow completed.
    await parley.client.workflow.getHandle(workflowId).terminate('test: the run is gone');
    return { requester, interactionId, workflowId };
  }

  it('RI-6 an open interaction whose workflow is gone is adopted by a new run: the agent can write in it and end it', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const { interactionId, workflowId } = await orphaned(agent);

    const report = await sweep.sweep();
    assert.deepEqual(report.orphans.filter((o) => o.interactionId === interactionId), [{ interactionId, workflowId }]);
    const view = await eventually('the adopting run', async () => {
      const v = await parley.client.workflow.getHandle(workflowId).query(viewQuery).catch(() => undefined);
      return v?.interactionId === interactionId ? v : undefined;
    });
    assert.deepEqual([view.interactionId, view.state, view.assignedAgentId], [interactionId, 'work_in_progress', agent.id]);

    const sent = await parley.request('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { body: 'sorry for the wait' } });
    assert.equal(sent.status, 202);
    const ended = await parley.request<{ state: string }>('POST', `/api/interactions/${interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.state, 'closed_complete');
    assert.match(await metrics.registry.metrics(), /parley_consistency_repairs_total\{kind="orphan_adopted"\} 1/);
    assert.equal((await sweep.sweep()).orphans.filter((o) => o.interactionId === interactionId).length, 0, 'nothing left to repair');
  });

  it('RI-6 a text to an orphaned conversation is taken into it by the new run (never a second interaction)', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const { requester, interactionId, workflowId } = await orphaned(agent);
    await parley.text(requester, 'hello? anyone?');
    await eventually('the text taken into the orphan', async () => {
      const m = await parley.db('messages').where({ requester_number: requester, body: 'hello? anyone?' }).first('interaction_id');
      return m?.interaction_id === interactionId;
    });
    const view = await eventually('the adopting run', async () => {
      const v = await parley.client.workflow.getHandle(workflowId).query(viewQuery).catch(() => undefined);
      return v?.interactionId === interactionId ? v : undefined;
    });
    assert.deepEqual([view.interactionId, view.state, view.assignedAgentId], [interactionId, 'work_in_progress', agent.id]);
    assert.equal(Number((await parley.db('interactions').where({ requester_number: requester }).count<{ count: string }[]>('* as count'))[0].count), 1);
    assert.deepEqual((await sweep.sweep()).orphans.filter((o) => o.interactionId === interactionId), []);
    const ended = await parley.request('POST', `/api/interactions/${interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
    assert.equal(ended.status, 200);
  });

  it('WI-4 an orphan waiting on an offer is adopted with the offer: the agent accepts it from the new run', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'my order is late');
    const offer = await eventually('the offer', async () => {
      const r = await parley.request<{ id: string; interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === requester);
    });
    const workflowId = `sms:${parley.companyNumber}:${requester}`;
    await parley.client.workflow.getHandle(workflowId).terminate('test: the run is gone');
    await sweep.sweep();
    const view = await eventually('the adopting run', async () => {
      const v = await parley.client.workflow.getHandle(workflowId).query(viewQuery).catch(() => undefined);
      return v?.interactionId === offer.interactionId ? v : undefined;
    });
    assert.equal(view.state, 'offered');
    assert.equal(view.offer?.agentId, agent.id);
    const accepted = await parley.request<{ state: string }>('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    assert.equal(accepted.status, 200);
    await eventually('assigned', async () => (await parley.client.workflow.getHandle(workflowId).query(viewQuery)).state === 'work_in_progress').catch(async (err) => {
      // Say where it stopped: the run's view, the work item's row and the run's last events.
      const h = parley.client.workflow.getHandle(workflowId);
      const v = await h.query(viewQuery).catch((e) => String(e));
      const items = await parley.db('work_items').where({ interaction_id: offer.interactionId }).select('id', 'state', 'offer_id');
      const events = ((await h.fetchHistory()).events ?? []).map((e) => e.eventType);
      throw new Error(`${(err as Error).message}; view ${JSON.stringify(v)}; items ${JSON.stringify(items)}; events ${events.slice(-25).join(',')}`);
    });
  });
});

describe('consistency sweep: every queued item an agent has room for is offered within a pass', function () {
  this.timeout(60_000);
  let db: Knex;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await freshRoutingDb(5));
  });
  after(async () => drop?.());

  it('SPEC §5 never stuck: an item still offerable a sweep later is reported stranded and dispatched again; after a pass none is offerable', async () => {
    await seedRouting(db, { agents: 2, capacity: 3 });
    const items = await queueItems(db, 10);
    let kicks = 0;
    const metrics = createMetrics();
    const sweep = createConsistencySweep({
      db, client: null as never, gateway: { wake: async () => assert.fail('nothing to adopt') }, dispatcher: { kick: () => void kicks++ },
      log: testLog, metrics, graceMs: 60_000,
    });
    // Nobody dispatched them: all ten can be taken by someone.
    assert.deepEqual((await offerableQueuedItems(db)).map((i) => i.workItemId).sort(), [...items].sort());
    const first = await sweep.sweep();
    assert.deepEqual([first.stranded.length, kicks], [0, 0], 'seen once: a pass may still be on its way');
    assert.ok(first.oldestOfferableSeconds > 0);
    const second = await sweep.sweep();
    assert.equal(second.stranded.length, 10);
    assert.equal(kicks, 1);
    assert.match(await metrics.registry.metrics(), /parley_stranded_queued_items 10/);

    // One real pass offers six (2 agents × 3); nobody has room for the other four, so none is offerable now.
    const dispatcher = createDispatcher({ db, notifier: { offered: async () => undefined, offerReturned: async () => undefined, assigned: async () => undefined }, offerTimeoutMs: 60_000, log: testLog });
    await dispatcher.runOnce();
    assert.deepEqual(await offerableQueuedItems(db), []);
    const third = await sweep.sweep();
    assert.deepEqual([third.stranded.length, third.oldestOfferableSeconds], [0, 0]);
    assert.match(await metrics.registry.metrics(), /parley_oldest_offerable_queued_item_seconds 0/);
  });
});
