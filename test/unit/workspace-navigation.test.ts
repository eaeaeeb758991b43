import assert from 'node:assert/strict';
import { stillStanding, topicErrorsByPath, valueAt } from '../../web/src/workspace/admin/topic-error-paths';
import { mayOpen, viewAt } from '../../web/src/workspace/shell/workspace-pages';

describe('Workspace pages by address and the topic form’s errors (issue 25)', () => {
  it('issue 25: each address belongs to one page, or to none (the not-found page)', () => {
    const rows: [string, ReturnType<typeof viewAt>][] = [
      ['/', 'work'], ['/interactions/6f1c2d9e-3b4a-4c5d-8e9f-0a1b2c3d4e5f', 'work'], ['/manager', 'manager'], ['/manager/', 'manager'],
      ['/admin', 'admin'], ['/admin/queues', 'admin'], ['/admin/nope', 'admin'], ['/reports', null], ['/managers', null], ['/administrator', null],
    ];
    for (const [path, view] of rows) assert.equal(viewAt(path), view, path);
  });

  it('issue 25: agents open the Workspace only; managers also the Manager page; admins every page', () => {
    assert.deepEqual((['work', 'manager', 'admin'] as const).map((v) => mayOpen(v, 'agent')), [true, false, false]);
    assert.deepEqual((['work', 'manager', 'admin'] as const).map((v) => mayOpen(v, 'manager')), [true, true, false]);
    assert.deepEqual((['work', 'manager', 'admin'] as const).map((v) => mayOpen(v, 'admin')), [true, true, true]);
  });

  it('issue 25: the api’s topic errors go to their fields by path, and leave a field once it changes', () => {
    const byPath = topicErrorsByPath([
      'topics[1].steps[0].text: must not be empty',
      'topics[1].steps[0].next: "nowhere" is not a step of topic "hours" nor one of @picker, @handoff, @end',
      'greeting: must fit in 3 SMS segments',
      'something without a path',
    ]);
    assert.deepEqual([...byPath.keys()], ['topics[1].steps[0].text', 'topics[1].steps[0].next', 'greeting']);
    const checked = { greeting: 'x', topics: [{}, { steps: [{ text: '', next: 'nowhere' }] }] };
    assert.equal(valueAt(checked, 'topics[1].steps[0].next'), 'nowhere');
    assert.equal(valueAt(checked, 'topics[3].steps[0].next'), undefined);
    const now = { greeting: 'x', topics: [{}, { steps: [{ text: 'Fixed', next: 'nowhere' }] }] };
    assert.deepEqual([...stillStanding(byPath, checked, now).keys()], ['topics[1].steps[0].next', 'greeting']);
  });
});
