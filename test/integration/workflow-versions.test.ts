import assert from 'node:assert/strict';
import type { temporal } from '@temporalio/proto';
import { WORKFLOW_VERSION } from '../../src/workflows/versions';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Parley } from '../support/parley';

type History = temporal.api.history.v1.IHistory;

/** What a run's history says about versions: its input's version, its patch markers, its TemporalChangeVersion upserts. */
function versioning(history: History) {
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  const input = payload?.data ? JSON.parse(Buffer.from(payload.data).toString('utf8')) as { version?: number } : {};
  return {
    version: input.version,
    // The SDK records `patched()` as a marker named core_patch, and upserts TemporalChangeVersion with the patch id.
    patchMarkers: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length,
    changeVersionUpserts: events.filter((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).includes('TemporalChangeVersion')).length,
    events: events.length,
  };
}

// Issue 26: new behaviour is gated by the version a run gets in its start input, not by new `patched()` calls. Every
// starter (the api's signal-with-start for a text, its update-with-start for a compose) and continue-as-new sets the
// current version, and a run of the current version calls no `patched()`: its history has no marker and no upsert.
describe('workflow versions (issue 26)', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ env: { CONTINUE_AS_NEW_AFTER_EVENTS: '40' } });
  });
  after(async () => parley?.stop());

  async function runsOf(workflowId: string) {
    const runs = [];
    for await (const run of parley.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      runs.push({ runId: run.runId, ...versioning(await parley.client.workflow.getHandle(workflowId, run.runId).fetchHistory()) });
    }
    return runs;
  }
  const closed = (workflowId: string) =>
    eventually('the run completed', async () => (await parley.client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED', 30_000);

  it('issue 26: a new run writes no patch markers, a text\'s run and its continuations alike (RI-2)', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    const { interactionId } = await parley.acceptedConversation(agent, requester, 'hello');
    for (let i = 1; i <= 8; i++) {
      await parley.text(requester, `question ${i}`);
      const r = await parley.request('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { body: `answer ${i}` } });
      assert.equal(r.status, 202, JSON.stringify(r.body));
    }
    await eventually('every answer sent', async () =>
      (await parley.db('messages').where({ interaction_id: interactionId, direction: 'outbound' }).whereNull('provider_sid')).length === 0, 30_000);
    assert.equal((await parley.request('POST', `/api/interactions/${interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } })).status, 200);
    const workflowId = `sms:${parley.companyNumber}:${requester}`;
    await closed(workflowId);

    const runs = await runsOf(workflowId);
    assert.ok(runs.length >= 2, `continued as new (${runs.length} runs)`);
    for (const run of runs) {
      assert.deepEqual({ version: run.version, patchMarkers: run.patchMarkers, changeVersionUpserts: run.changeVersionUpserts },
        { version: WORKFLOW_VERSION, patchMarkers: 0, changeVersionUpserts: 0 }, `run ${run.runId} (${run.events} events)`);
    }
  });

  it('issue 26: a new run writes no patch markers when a compose starts it (AI-14)', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const to = uniqueMobileNumber();
    const composed = await parley.request<{ interactionId: string; outcome: string }>('POST', '/api/compose', {
      token: agent.token, body: { from: parley.companyNumber, to, body: 'Your order shipped.' },
    });
    assert.equal(composed.status, 201, JSON.stringify(composed.body));
    assert.equal(composed.body.outcome, 'created');
    assert.equal((await parley.request('POST', `/api/interactions/${composed.body.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } })).status, 200);
    const workflowId = `sms:${parley.companyNumber}:${to}`;
    await closed(workflowId);

    const runs = await runsOf(workflowId);
    assert.equal(runs.length, 1);
    assert.deepEqual({ version: runs[0].version, patchMarkers: runs[0].patchMarkers, changeVersionUpserts: runs[0].changeVersionUpserts },
      { version: WORKFLOW_VERSION, patchMarkers: 0, changeVersionUpserts: 0 });
  });
});
