import assert from 'node:assert/strict';
import { ownTemporalServer } from '../support/servers';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Detail { state: string; messages: { id: string; direction: string; body: string; status: string }[] }

const acceptNext = (parley: Parley, agent: Agent, requester: string) => parley.acceptOfferFor(agent, requester);

describe('nothing lost, nothing doubled', function () {
  this.timeout(180_000);

  describe('when the worker is SIGKILLed mid-conversation', () => {
    let parley: Parley;
    before(async () => {
      parley = await startParley({ worker: 'child' });
    });
    after(async () => parley?.stop());

    it('loses no inbound text and sends each agent message to the provider exactly once', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const requester = uniqueNumber();
      await parley.text(requester, 'first');
      const id = await acceptNext(parley, agent, requester);

      // The provider will take the next message and then drop the connection: the ambiguous case where a
      // naive retry sends a second SMS. The worker dies while that send is in flight.
      parley.sim.sim.faults.add({ to: requester, latencyMs: 1500 });
      const sent = await parley.request<{ messageId: string }>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'reply during the crash' } });
      assert.equal(sent.status, 202);
      await eventually('the provider to receive the send', async () => (await parley.db('messages').where({ id: sent.body.messageId }).first())?.status === 'sending');
      await parley.killWorker();

      // Texts keep arriving while no worker runs: acknowledged and stored.
      for (const body of ['while down 1', 'while down 2']) {
        assert.equal((await parley.text(requester, body)).webhook.status, 200);
      }
      await parley.startWorker();

      const detail = await eventually('every message in the transcript and the reply delivered', async () => {
        const r = await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: agent.token });
        const reply = r.body.messages.find((m) => m.id === sent.body.messageId);
        return r.body.messages.filter((m) => m.direction !== 'system').length === 4 && reply?.status === 'delivered' ? r.body : undefined;
      }, 60_000);
      assert.deepEqual(detail.messages.filter((m) => m.direction === 'inbound').map((m) => m.body), ['first', 'while down 1', 'while down 2']);
      const onProvider = parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === 'reply during the crash');
      assert.equal(onProvider.length, 1, 'sent to the provider exactly once');

      // And the conversation goes on normally after the restart.
      const next = await parley.request<{ messageId: string }>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'after restart' } });
      assert.equal(next.status, 202);
      await eventually('the second reply on the phone', async () => parley.sim.sim.outbound({ to: requester }).some((m) => m.body === 'after restart'));
      parley.sim.sim.faults.clear();
    });

    it('reconciles a send whose connection dropped after the provider accepted it, without a second SMS', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const requester = uniqueNumber();
      await parley.text(requester, 'hello');
      const id = await acceptNext(parley, agent, requester);
      parley.sim.sim.faults.add({ to: requester, connectionResets: { count: 1, afterCreate: true } });
      const sent = await parley.request<{ messageId: string }>('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'ambiguous' } });
      await eventually('the message to have a provider id', async () => (await parley.db('messages').where({ id: sent.body.messageId }).first())?.provider_sid, 30_000);
      assert.equal(parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === 'ambiguous').length, 1);
    });

    it('an agent\'s command the workflow cannot answer (no worker) is a 503 within COMMAND_TIMEOUT_SECONDS, not a request that hangs; it takes effect once a worker runs', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const requester = uniqueNumber();
      await parley.text(requester, 'hello');
      const id = await acceptNext(parley, agent, requester);
      const api = await parley.startSecondApi({ COMMAND_TIMEOUT_SECONDS: '2' });
      await parley.killWorker();
      try {
        const started = Date.now();
        const res = await fetch(`${api.url}/api/interactions/${id}/hold`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` } });
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(res.status, 503, JSON.stringify(body));
        assert.equal(body.error.code, 'command_timed_out');
        assert.match(body.error.message, /did not answer within 2 s/);
        assert.ok(Date.now() - started < 15_000, `answered after ${Date.now() - started} ms`);
      } finally {
        await parley.startWorker();
      }
      // The update was accepted by the server: the run applies it when a worker picks it up, as the words say.
      await eventually('the hold applied once a worker runs', async () => (await parley.db('interactions').where({ id }).first()).state === 'on_hold', 60_000);
    });
  });

  describe('when Temporal is unreachable as a text arrives', () => {
    const temporal = ownTemporalServer('temporal-outage');
    let parley: Parley;
    before(async () => {
      await temporal.start();
      parley = await startParley({ temporalAddress: temporal.address });
    });
    after(async () => {
      await parley?.stop();
      await temporal.stop();
    });

    it('acknowledges with 200 and the message reaches its workflow once Temporal is back', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      await temporal.stop();
      const requester = uniqueNumber();
      const r = await parley.text(requester, 'sent during the outage');
      assert.equal(r.webhook.status, 200);
      const stored = await parley.db('messages').where({ requester_number: requester }).first();
      assert.equal(stored.body, 'sent during the outage');
      assert.equal(stored.interaction_id, null);
      const ready = await parley.request<{ temporal: boolean }>('GET', '/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.temporal, false);

      await temporal.start();
      const id = await acceptNext(parley, agent, requester);
      const msgs = await parley.db('messages').where({ interaction_id: id, direction: 'inbound' });
      assert.deepEqual(msgs.map((m) => m.body), ['sent during the outage']);
      assert.equal((await parley.request('GET', '/readyz')).status, 200);
    });
  });

  describe('a conversation long enough to continue-as-new', () => {
    let parley: Parley;
    before(async () => {
      parley = await startParley({ env: { CONTINUE_AS_NEW_AFTER_EVENTS: '40' } });
    });
    after(async () => parley?.stop());

    it('keeps its state, assignee and transcript across runs', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const requester = uniqueNumber();
      await parley.text(requester, 'message 0');
      const id = await acceptNext(parley, agent, requester);
      const handle = parley.client.workflow.getHandle(`sms:${parley.companyNumber}:${requester}`);
      const firstRun = (await handle.describe()).runId;
      for (let i = 1; i <= 12; i++) {
        await parley.text(requester, `message ${i}`);
        const r = await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: `reply ${i}` } });
        assert.equal(r.status, 202, JSON.stringify(r.body));
      }
      await eventually('all messages in the transcript', async () => {
        const r = await parley.request<Detail>('GET', `/api/interactions/${id}`, { token: agent.token });
        const conversation = r.body.messages.filter((m) => m.direction !== 'system');
        return conversation.length === 25 && conversation.every((m) => m.direction === 'inbound' || m.status === 'delivered');
      }, 60_000).catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await whereEachMessageIs(parley, requester, id)}`);
      });
      const desc = await handle.describe();
      assert.notEqual(desc.runId, firstRun, 'continued as new at least once');
      const view = await handle.query<{ interactionId: string; state: string; assignedAgentId: string; runs: number }>('view');
      assert.equal(view.interactionId, id);
      assert.equal(view.state, 'work_in_progress');
      assert.equal(view.assignedAgentId, agent.id);
      assert.ok(view.runs >= 1);
      // Still fully working after the hand-over.
      const held = await parley.request<{ state: string }>('POST', `/api/interactions/${id}/hold`, { token: agent.token });
      assert.equal(held.body.state, 'on_hold');
      const replies = parley.sim.sim.outbound({ to: requester }).map((m) => m.body);
      assert.equal(replies.length, 12);
      assert.equal(new Set(replies).size, 12);
    });
  });
});

/** On a timeout: each of the requester's messages (stored row, and whether the provider has it) and the workflow's runs. */
async function whereEachMessageIs(parley: Parley, requester: string, interactionId: string): Promise<string> {
  const rows = await parley.db('messages').where({ requester_number: requester }).orderBy('seq')
    .select('direction', 'body', 'status', 'interaction_id', 'send_attempts', 'created_at', 'updated_at', 'signalled_at');
  const atProvider = new Set(parley.sim.sim.outbound({ to: requester }).map((m) => m.body));
  const lines = rows.map((m) => `  ${m.direction} ${JSON.stringify(m.body)} ${m.status} interaction ${m.interaction_id === interactionId ? 'this one' : m.interaction_id} attempts ${m.send_attempts} `
    + `created ${m.created_at.toISOString()} updated ${m.updated_at.toISOString()} signalled ${m.signalled_at?.toISOString() ?? '-'}${m.direction === 'outbound' ? (atProvider.has(m.body) ? ' (at the provider)' : ' (not at the provider)') : ''}`);
  const runs: string[] = [];
  for await (const w of parley.client.workflow.list({ query: `WorkflowId = 'sms:${parley.companyNumber}:${requester}'` })) {
    runs.push(`  run ${w.runId} ${w.status.name} started ${w.startTime.toISOString()} events ${w.historyLength}`);
  }
  return [`messages of ${requester}:`, ...lines, 'workflow runs:', ...runs].join('\n');
}
