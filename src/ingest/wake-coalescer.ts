import type { Logger } from 'pino';
import type { InteractionGateway, WakeOptions } from '../temporal/interaction-gateway';

export interface WakeCoalescer {
  /** Call after the message is committed. */
  wake(companyNumber: string, requesterNumber: string, messageId: string, opts?: WakeOptions): void;
  /** Whether this process still holds the message for a signal (queued or in flight): not the sweeper's to send. */
  holds(messageId: string): boolean;
  /** Resolves when no wake-up is in flight and every signalled id is recorded. */
  drain(): Promise<void>;
}

/**
 * One signal in flight per conversation. Texts that arrive while one is in flight get one more signal when it
 * returns; the workflow then claims every waiting message of the pair at once. The invariant that makes this safe:
 * every stored message has a signal that STARTED AFTER its commit. Signals that fail leave their ids unrecorded, so
 * the sweeper delivers them. The ids that were signalled are recorded in batches, off the request path.
 */
export function createWakeCoalescer(deps: {
  /** Records that these messages were signalled (the sweeper leaves them alone). */
  recordSignalled: (ids: string[]) => Promise<void>;
  gateway: InteractionGateway;
  log: Logger;
  flushMs?: number;
  /** Signals in flight at once across all conversations; more wait here in order (they are stored already). */
  maxInFlight?: number;
}): WakeCoalescer {
  const { recordSignalled, gateway, log } = deps;
  const maxInFlight = deps.maxInFlight ?? 32;
  const ready: (() => void)[] = [];
  const waiting = new Map<string, { ids: string[]; opts?: WakeOptions }>();
  const inFlight = new Set<Promise<void>>();
  const held = new Set<string>();
  const signalled: string[] = [];
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const flush = async () => {
    timer = null;
    while (signalled.length) {
      const ids = signalled.splice(0, 500);
      await recordSignalled(ids).catch((err) => log.warn({ err }, 'could not record signalled messages; the sweeper may signal them again'));
    }
  };
  const scheduleFlush = () => {
    timer ??= setTimeout(() => {
      flushing = flush().finally(() => {
        flushing = null;
      });
    }, deps.flushMs ?? 50);
  };

  function send(key: string, company: string, requester: string, ids: string[], opts?: WakeOptions): void {
    if (inFlight.size >= maxInFlight) {
      // Backpressure: a flood of signals only queues up inside the server and slows everything down.
      ready.push(() => send(key, company, requester, ids, opts));
      return;
    }
    const p = gateway
      .wake(company, requester, ids[ids.length - 1], opts)
      .then(
        () => {
          signalled.push(...ids);
          scheduleFlush();
        },
        (err) => log.warn({ err, messageIds: ids }, 'signal-with-start failed; the sweeper will deliver these'),
      )
      .finally(() => {
        for (const id of ids) held.delete(id);
        inFlight.delete(p);
        ready.shift()?.();
        const next = waiting.get(key);
        if (next && next.ids.length) {
          waiting.set(key, { ids: [] });
          send(key, company, requester, next.ids, next.opts);
        } else waiting.delete(key);
      });
    inFlight.add(p);
  }

  return {
    wake(companyNumber, requesterNumber, messageId, opts) {
      held.add(messageId);
      const key = `${companyNumber}|${requesterNumber}`;
      const queued = waiting.get(key);
      if (queued) {
        queued.ids.push(messageId);
        queued.opts ??= opts;
        return;
      }
      waiting.set(key, { ids: [] });
      send(key, companyNumber, requesterNumber, [messageId], opts);
    },
    holds: (messageId) => held.has(messageId),
    async drain() {
      while (inFlight.size || ready.length) {
        if (inFlight.size) await Promise.allSettled([...inFlight]);
        else ready.shift()?.();
      }
      if (timer) {
        clearTimeout(timer);
        timer = null;
        await flush();
      }
      await flushing;
    },
  };
}
