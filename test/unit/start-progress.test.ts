import assert from 'node:assert/strict';
import { terminalProgress } from '../../src/main/start-progress';

describe('start progress on a terminal', () => {
  function recorder() {
    let text = '';
    let clock = 0;
    const progress = terminalProgress((t) => (text += t), () => clock);
    return { progress, text: () => text, advance: (ms: number) => (clock += ms) };
  }

  it('issue 25: a step is one line, named as it begins and timed as it ends', async () => {
    const r = recorder();
    await r.progress.step('Building the Workspace', async () => r.advance(4_560));
    await r.progress.step('Starting PostgreSQL', async () => r.advance(200));
    assert.equal(r.text(), 'Building the Workspace… done in 4.6 s\nStarting PostgreSQL… done in 0.2 s\n');
  });

  it('issue 25: a line said during a step goes under it, indented, and the time follows it', async () => {
    const r = recorder();
    await r.progress.step('Starting Temporal', async () => {
      r.progress.note('building Temporal CLI 1.5.1 (a few minutes, once)');
      r.advance(61_000);
    });
    assert.equal(r.text(), 'Starting Temporal… \n  building Temporal CLI 1.5.1 (a few minutes, once)\n  done in 61.0 s\n');
  });

  it('issue 25: a step that throws says failed and passes the error on', async () => {
    const r = recorder();
    await assert.rejects(r.progress.step('Starting PostgreSQL', async () => Promise.reject(new Error('port taken'))), /port taken/);
    assert.equal(r.text(), 'Starting PostgreSQL… failed\n');
  });
});
