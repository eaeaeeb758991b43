import assert from 'node:assert/strict';
import { ensureTemporalServer } from '../../src/runtime';
import { formatReport, runClusterFaults, type ClusterFaultsReport } from '../../bench/cluster-faults';

// Issue 17: the production shape (Temporal server as four processes on PostgreSQL, two apis, two workers) under a
// stream of texts and replies while one api, one worker, history, frontend, matching and PostgreSQL are each
// SIGKILLed and started again. `npm run chaos -- --minutes N` runs the same for longer.
describe('faults under load on the production shape', function () {
  this.timeout(8 * 60_000);
  let report: ClusterFaultsReport;

  before(async function () {
    // A fresh machine builds the server first (minutes; cached per machine afterwards).
    this.timeout(30 * 60_000);
    await ensureTemporalServer({ log: (line) => process.stderr.write(`  [servers] ${line}\n`), ui: false });
  });

  it('loses, doubles and reorders nothing while every kind of process is killed in turn', async () => {
    report = await runClusterFaults({ rounds: 1, phones: 6, textEveryMs: 1_000 });
    process.stderr.write(`${formatReport(report)}\n`);
    assert.deepEqual(report.steps.map((s) => s.step), ['api-1', 'worker-1', 'temporal-history', 'temporal-frontend', 'temporal-matching', 'postgres']);
    assert.ok(report.texts.acknowledged >= 50, `a real stream of texts (${report.texts.acknowledged} acknowledged)`);
    assert.ok(report.replies.accepted >= 20, `a real stream of replies (${report.replies.accepted} accepted)`);
    assert.deepEqual(report.problems, []);
    assert.equal(report.texts.missing, 0);
    assert.equal(report.texts.duplicated, 0);
    assert.equal(report.texts.outOfOrderPairs, 0);
    assert.equal(report.texts.inInteraction, report.texts.stored);
    assert.equal(report.replies.duplicatedAtProvider, 0);
    assert.equal(report.replies.delivered, report.replies.accepted);
    assert.equal(report.interactions.interactions, report.interactions.pairs, 'one interaction per pair');
    assert.equal(report.offers.unresolved, 0);
    assert.deepEqual(report.invariants, { orphanedInteractions: 0, offerableQueuedItems: 0 }, 'issue 22: every open interaction has its workflow, no queued item is left behind');
    assert.ok(report.webhooksPerApi.length === 2 && report.webhooksPerApi.every((n) => n > 0), `webhooks spread over both apis: ${report.webhooksPerApi}`);
    for (const step of report.steps.filter((s) => s.step === 'temporal-frontend' || s.step === 'postgres')) {
      assert.ok(step.readyWhileDown.length > 0 && step.readyWhileDown.every((status) => status === 503), `${step.step}: /readyz ${step.readyWhileDown}`);
    }
  });
});
