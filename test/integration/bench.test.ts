import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sharedServers } from '../support/servers';

// A tiny run of `npm run bench` so it cannot rot: checks the JSON's shape and that every text was taken in once —
// not speed (speed is measured by the benchmark itself, never asserted in tests).
describe('the ingest benchmark (tiny run)', function () {
  this.timeout(420_000);

  it('runs every scenario (new, open, virtual agent, and issue 17\'s targets) against the shared servers and writes complete results with nothing lost or doubled', async () => {
    const servers = await sharedServers();
    const out = path.join(servers.root, 'bench-latest.json');
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.resolve(__dirname, '../../bench/ingest.ts'), '--texts', '24', '--conversations', '4', '--concurrency', '4', '--latency-seconds', '1', '--warmup', '6', '--out', out,
          '--rounds', '1', '--from-source', '--workflow-bundle', servers.bundlePath,
          // One capacity step each for Parley and the baseline, at the rate whose figures are reported (50/s).
          '--capacity-seconds', '1', '--capacity-start', '50', '--capacity-max', '50', '--capacity-min', '50', '--capacity-bisect', '0', '--capacity-open', '4',
          '--push-rate', '5', '--settle-seconds', '0', '--push-seconds', '2', '--push-agents', '2', '--scale-conversations', '0', '--scale-agents', '2',
          '--routing-agents', '20', '--routing-items', '300', '--routing-frees', '40'],
        { env: { ...process.env, BENCH_DATABASE_URL: servers.pg.url, BENCH_TEMPORAL_ADDRESS: servers.temporal.address }, timeout: 400_000 },
        (err, _stdout, stderr) => (err ? reject(new Error(`bench failed: ${stderr}`)) : resolve()),
      );
    });
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.ok(r.machine.cpus >= 1);
    assert.equal(typeof r.commit, 'string');
    assert.equal(r.sizes.warmup, 6);
    assert.equal(r.sizes.rounds, 1);
    for (const name of ['new_conversations', 'open_conversations', 'va_conversations']) {
      const s = r[name];
      for (const key of ['ingest_per_s', 'baseline_signal_with_start_per_s', 'baseline_handled_per_s', 'ratio', 'ratio_vs_handled', 'ack_p50_ms', 'ack_p99_ms', 'taken_in_p50_ms', 'taken_in_p99_ms']) {
        assert.equal(typeof s[key], 'number', `${name}.${key}`);
        assert.ok(s[key] > 0, `${name}.${key} > 0`);
      }
      assert.equal(typeof s.rss_mb.api, 'number');
      assert.equal(typeof s.rss_mb.worker, 'number');
      // Against servers it did not start, the bench accounts CPU only for its own processes.
      for (const proc of ['api', 'worker', 'generator']) assert.equal(typeof s.cpu_ms_per_text.ingest[proc], 'number', `${name} ingest cpu ${proc}`);
      assert.equal(s.cpu_ms_per_text.ingest.temporal, null);
      assert.equal(typeof s.cpu_ms_per_text.baseline.baseline_worker, 'number');
      assert.equal(s.lost, 0, `${name}: every text taken in`);
      assert.equal(s.failed_posts, 0);
      assert.equal(s.duplicated_interactions, 0);
      assert.ok(Number.isInteger(s.postgres_deadlocks) && s.postgres_deadlocks >= 0, `${name}.postgres_deadlocks`);
    }
    // The names a reader outside the project checks (issue 17).
    for (const key of ['parley_per_s', 'baseline_per_s', 'ack_p99_ms', 'taken_in_p99_ms']) assert.ok(key in r.capacity_at_slo, `capacity_at_slo.${key}`);
    assert.ok('ratio' in r.capacity_at_slo);
    assert.deepEqual([r.capacity_at_slo.steps.parley.length, r.capacity_at_slo.steps.baseline.length], [1, 1], 'one step each, at --capacity-min = --capacity-max');
    assert.equal(typeof r.capacity_at_slo.at_50_per_s.ack_p99_ms, 'number');
    assert.equal(r.agent_push.load_per_s, 5);
    for (const key of ['p50_ms', 'p95_ms']) assert.equal(typeof r.agent_push[key], 'number', `agent_push.${key}`);
    assert.equal(r.agent_push.missed_events, 0, 'every text reached the agent\'s stream');
    assert.ok(r.scale.open_conversations > 0);
    for (const key of ['ongoing_p95_ms', 'inbox_p95_ms', 'worker_rss_mb']) assert.equal(typeof r.scale[key], 'number', `scale.${key}`);
    // The routing scenario at the sizes given: every agent filled, every freed unit offered again.
    assert.deepEqual(r.routing.sizes, { agents: 20, items: 300, capacity: 4, frees: 40 });
    assert.equal(r.routing.fill.offers, 80);
    assert.ok(r.routing.steady.capacity_frees >= 40, 'the 80 assigned conversations are enough for 40 frees without accepting more');
    assert.equal(r.routing.steady.offers, r.routing.steady.capacity_frees, 'each freed unit offered the next item');
    assert.equal(typeof r.routing.steady.offer_latency_ms.p95, 'number');
  });
});
