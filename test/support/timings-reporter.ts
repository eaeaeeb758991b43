// `npm run test:timings`: mocha's spec output (and its closing "N passing" lines), plus docs/test-timings.md, a table
// of where the suite's time goes: per file and the slowest tests, slowest first. A file's time is the sum of its
// tests' and hooks' durations (its before-all hooks start its servers), which is what each file costs a worker in
// parallel runs too, where events reach the reporter only when a file has finished.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Mocha from 'mocha';

const { EVENT_HOOK_END, EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;
const ROOT = path.resolve(__dirname, '../..');

interface Timed {
  file: string;
  title: string;
  ms: number;
  state: 'passed' | 'failed' | 'pending' | 'hook';
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

function timingsTable(entries: Timed[], run: { wallMs: number; setupMs?: number; jobs: string; command: string; date: string }): string {
  const files = new Map<string, { ms: number; tests: number; failed: number }>();
  for (const e of entries) {
    const f = files.get(e.file) ?? { ms: 0, tests: 0, failed: 0 };
    f.ms += e.ms;
    if (e.state !== 'hook') f.tests++;
    if (e.state === 'failed') f.failed++;
    files.set(e.file, f);
  }
  const tests = entries.filter((e) => e.state !== 'hook');
  const count = (s: Timed['state']) => tests.filter((t) => t.state === s).length;
  const sumMs = [...files.values()].reduce((a, f) => a + f.ms, 0);
  const lines = [
    '# Test timings',
    '',
    `Written by \`${run.command}\` on ${run.date} (${os.cpus().length} cores, ${run.jobs}).`,
    `Mocha wall time ${seconds(run.wallMs)} s; ${files.size} files, ${tests.length} tests (${count('passed')} passing,`,
    `${count('failed')} failing, ${count('pending')} pending); the files' own times add up to ${seconds(sumMs)} s.`,
    ...(run.setupMs ? [`The global setup (PostgreSQL, Temporal, template database, workflow and Workspace bundles) took ${seconds(run.setupMs)} s of the wall time.`] : []),
    "A file's time is the sum of its tests' and hooks' durations (before-all hooks start its Parley and Chromium).",
    '',
    '## Per file, slowest first',
    '',
    '| s | tests | file |',
    '|---:|---:|---|',
    ...[...files.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([file, f]) => `| ${seconds(f.ms)} | ${f.tests}${f.failed ? ` (${f.failed} failed)` : ''} | ${file} |`),
    '',
    '## Slowest 40 tests',
    '',
    '| s | file | test |',
    '|---:|---|---|',
    ...[...tests].sort((a, b) => b.ms - a.ms).slice(0, 40).map((t) => `| ${seconds(t.ms)} | ${t.file} | ${t.title.replace(/\|/g, '\\|')}${t.state === 'failed' ? ' (failed)' : ''} |`),
    '',
  ];
  return lines.join('\n');
}

class TimingsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    const entries: Timed[] = [];
    // A hook registered by a support module (browser.ts's afterEach) has no file: it belongs to the file being run.
    let current = 'unknown';
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.file) current = path.relative(ROOT, suite.file);
    });
    const file = (r: Mocha.Runnable) => (r.file ? path.relative(ROOT, r.file) : current);
    const add = (state: Timed['state']) => (r: Mocha.Runnable) => entries.push({ file: file(r), title: r.fullTitle(), ms: r.duration ?? 0, state });
    runner.on(EVENT_TEST_PASS, add('passed'));
    runner.on(EVENT_TEST_FAIL, (r: Mocha.Runnable) => add((r as { type?: string }).type === 'hook' ? 'hook' : 'failed')(r));
    runner.on(EVENT_TEST_PENDING, add('pending'));
    runner.on(EVENT_HOOK_END, add('hook'));
    runner.once(EVENT_RUN_END, () => {
      const out = process.env.TEST_TIMINGS_OUT ?? path.join(ROOT, 'docs', 'test-timings.md');
      const opts = (options ?? {}) as { parallel?: boolean; jobs?: number };
      const jobs = opts.parallel ? `parallel, ${opts.jobs ?? os.cpus().length - 1} jobs` : 'serial';
      const command = process.env.TEST_TIMINGS_COMMAND ?? 'npm run test:timings';
      fs.writeFileSync(out, timingsTable(entries, { wallMs: Date.now() - started, setupMs: Number(process.env.PARLEY_TEST_SETUP_MS ?? 0), jobs, command, date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }));
      process.stderr.write(`  [timings] wrote ${path.relative(process.cwd(), out)}\n`);
    });
  }
}

export = TimingsReporter;
