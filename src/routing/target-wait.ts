// Pure: Q-8, whether an item waited past its queue's target wait (reporting only; routing ignores it).

/** a target of 0 means none; otherwise any wait longer than the target, to the millisecond, exceeds it. */
export function exceededTargetWait(waitMs: number | null, targetWaitSeconds: number): boolean {
  return targetWaitSeconds > 0 && waitMs !== null && waitMs > targetWaitSeconds * 1000;
}
