import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { since, versionOf, WORKFLOW_VERSION } from '../../src/workflows/versions';

// Issue 26: a run's version comes from its start input; a run started before versions (no field) is version 0.
describe('workflow versions (issue 26)', () => {
  it('issue 26: a start input without a version is version 0, which has none of the gated behaviour', () => {
    assert.equal(versionOf({}), 0);
    assert.equal(since({}, 1), false);
    assert.equal(since({}, 0), true);
  });

  it('issue 26: a run of version N takes the behaviour of N and of every version before it, not of later ones', () => {
    assert.equal(versionOf({ version: 3 }), 3);
    assert.equal(since({ version: 3 }, 1), true);
    assert.equal(since({ version: 3 }, 3), true);
    assert.equal(since({ version: 3 }, 4), false);
    assert.equal(since({ version: WORKFLOW_VERSION }, WORKFLOW_VERSION), true);
  });

  it('issue 26: the workflow adds no patched() beyond the register, and only version-0 runs reach the ones it has', () => {
    const src = path.resolve(__dirname, '../../src/workflows');
    const calls = fs.readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && !f.startsWith('legacy'))
      .flatMap((f) => [...fs.readFileSync(path.join(src, f), 'utf8').matchAll(/wf\.patched\(([^)]*)\)/g)].map((m) => `${f}: ${m[1]}`));
    // One call, behind the version gate (`since(input, 1) || wf.patched(id)`); new behaviour bumps WORKFLOW_VERSION.
    assert.deepEqual(calls, ['interaction.ts: patchId']);
    assert.match(fs.readFileSync(path.join(src, 'interaction.ts'), 'utf8'), /since\(input, 1\) \|\| wf\.patched\(patchId\)/);
  });
});
