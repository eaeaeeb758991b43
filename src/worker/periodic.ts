/** Runs `task` every `ms`, never two runs at once (a slow run skips the ticks it overlaps); `stop` waits for one in flight. */
export function every(ms: number, task: () => Promise<unknown>, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let inFlight: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    inFlight ??= task()
      .catch(onError)
      .finally(() => {
        inFlight = null;
      });
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
