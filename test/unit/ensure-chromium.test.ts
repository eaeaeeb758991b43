import assert from 'node:assert/strict';
import { chromiumPlan, INSTALL_COMMAND } from '../support/ensure-chromium';

describe('the test command ensures Chromium (issue 12: without it the browser tests were skipped)', () => {
  const base = { path: '/usr/bin/chromium', exists: false, root: true, aptGet: true };
  it('does nothing when Chromium is there', () => assert.deepEqual(chromiumPlan({ ...base, exists: true }), { do: 'nothing' }));
  it('installs Debian’s chromium as root with apt-get', () => assert.deepEqual(chromiumPlan(base), { do: 'install' }));
  for (const [name, m] of [
    ['not root', { ...base, root: false }],
    ['no apt-get', { ...base, aptGet: false }],
    ['a CHROMIUM_PATH of the user’s own', { ...base, path: '/opt/chrome/chrome' }],
  ] as const) {
    it(`fails with the one command to run when ${name}`, () => {
      const plan = chromiumPlan(m);
      assert.equal(plan.do, 'fail');
      assert.ok(plan.do === 'fail' && plan.message.includes(INSTALL_COMMAND) && plan.message.includes(m.path));
    });
  }
});
