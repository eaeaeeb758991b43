/**
 * Runs `pass` when kicked; kicks during a pass coalesce into exactly one more pass after it. A kick is never lost:
 * the loop checks for one and clears `running` in the same synchronous step, so there is no moment when a kick sees
 * a pass "running" that will not look again (issue 22: with `.finally(() => running = null)`, a kick landing in the
 * microtasks between the loop's last check and the callback was dropped until the next sweep).
 */
export function createPassRunner(pass: () => Promise<unknown>, onError: (err: unknown) => void) {
  let running: Promise<void> | null = null;
  let again = false;

  function kick(): void {
    again = true;
    if (running) return;
    running = (async () => {
      while (again) {
        again = false;
        try {
          await pass();
        } catch (err) {
          onError(err);
        }
      }
      running = null;
    })();
  }

  /** Asks for one more pass after the current one (a pass that knows it left work behind). */
  function repeat(): void {
    again = true;
  }

  async function idle(): Promise<void> {
    while (running) await running;
  }

  return { kick, repeat, idle };
}
