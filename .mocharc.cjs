// Mocha's configuration for `npm test` (and `npm run test:timings`): every suite, in parallel worker processes that
// share the one PostgreSQL and one Temporal dev server the global setup starts (test/support/global-hooks.ts).
// Most tests wait (on servers, timers, Chromium) rather than compute, so more jobs than the 2 cores pay (README
// "Tests"; MOCHA_JOBS overrides). Files start slowest first, as measured in docs/test-timings.md (`npm run
// test:timings` rewrites it), so no long file starts last; files the table does not name yet start first.
const fs = require('node:fs');
const path = require('node:path');

const TIMINGS = path.join(__dirname, 'docs', 'test-timings.md');
const files = ['test/unit', 'test/workflow', 'test/integration', 'test/browser'].flatMap((dir) =>
  fs.readdirSync(path.join(__dirname, dir), { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
    .sort());

function measuredSeconds() {
  const seconds = new Map();
  if (!fs.existsSync(TIMINGS)) return seconds;
  for (const line of fs.readFileSync(TIMINGS, 'utf8').split('\n')) {
    const m = /^\| ([\d.]+) \| [^|]+ \| (test\/\S+\.test\.ts) \|$/.exec(line);
    if (m && !seconds.has(m[2])) seconds.set(m[2], Number(m[1]));
  }
  return seconds;
}

const measured = measuredSeconds();
const time = (file) => measured.get(file) ?? Infinity;

module.exports = {
  require: ['tsx/cjs', 'test/support/global-hooks.ts'],
  extension: ['ts'],
  spec: [...files].sort((a, b) => time(b) - time(a)),
  parallel: true,
  jobs: Number(process.env.MOCHA_JOBS ?? 4),
  timeout: 60_000,
  exit: true,
};
