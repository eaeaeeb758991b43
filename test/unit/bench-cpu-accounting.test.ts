import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpuMsPerText, cpuSeconds } from '../../bench/cpu-accounting';

describe('bench CPU accounting', () => {
  it('per-text milliseconds are the delta over the texts, null where a reading is missing', () => {
    assert.deepEqual(cpuMsPerText({ api: 1, worker: null, pg: 2 }, { api: 3, worker: 5, pg: 2 }, 1000), { api: 2, worker: null, pg: 0 });
  });

  it('counts a busy child process in its parent tree and reports a missing process as null', async function () {
    if (process.platform !== 'linux') this.skip();
    this.timeout(20_000); // 0.3 s of CPU can take seconds of wall time on a busy machine
    // Spins until it has used 0.3 s of CPU (not wall time: on a loaded machine 400 ms of wall time may be far less CPU),
    // then says so and idles.
    const child = spawn(process.execPath, ['-e', "while (process.cpuUsage().user < 300000) {} console.log('spun'); setTimeout(() => {}, 10000)"]);
    try {
      await new Promise((r) => child.stdout.once('data', r));
      const readings = cpuSeconds({ me: process.pid, gone: 2 ** 22 + 7 });
      const childOnly = cpuSeconds({ child: child.pid });
      assert.equal(readings.gone, null);
      assert.ok(childOnly.child! >= 0.2, `child used ${childOnly.child}s`);
      assert.ok(readings.me! >= childOnly.child!, 'the parent tree includes the child');
    } finally {
      child.kill();
    }
  });
});
