import assert from 'node:assert/strict';
import { createPassRunner } from '../../../src/routing/pass-runner';

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('dispatch pass runner (kicks coalesce, none is lost)', () => {
  it('kicks during a pass coalesce into exactly one more pass', async () => {
    let passes = 0;
    let release!: () => void;
    const runner = createPassRunner(async () => {
      passes++;
      if (passes === 1) await new Promise<void>((r) => (release = r));
    }, (err) => assert.fail(String(err)));
    runner.kick();
    runner.kick();
    runner.kick();
    await ticks(3);
    release();
    await runner.idle();
    assert.equal(passes, 2);
  });

  it('SPEC §5 never stuck: a kick landing at any moment while the last pass finishes gets a pass that starts after it', async () => {
    // The window is a few microtasks wide; try every depth across the end of the pass.
    for (let depth = 0; depth < 30; depth++) {
      const started: number[] = [];
      let clock = 0;
      const runner = createPassRunner(async () => {
        started.push(clock);
      }, (err) => assert.fail(String(err)));
      runner.kick();
      await ticks(depth);
      const kickedAt = ++clock;
      runner.kick();
      await runner.idle();
      await ticks(30);
      await runner.idle();
      assert.ok(started.some((t) => t >= kickedAt), `a kick ${depth} microtasks after the first found no pass after it (passes started at ${started.join(', ')})`);
    }
  });

  it('a failed pass is reported and the next kick runs again', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const runner = createPassRunner(async () => {
      passes++;
      if (passes === 1) throw new Error('deadlock detected');
    }, (err) => errors.push(err));
    runner.kick();
    await runner.idle();
    runner.kick();
    await runner.idle();
    assert.equal(passes, 2);
    assert.equal((errors[0] as Error).message, 'deadlock detected');
  });
});
