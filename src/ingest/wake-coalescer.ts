import type { Logger } from 'pino';
import { interactionWorkflowId } from '../domain/ids';
import type { InteractionGateway } from '../temporal/interaction-gateway';

export interface WakeCoalescer {
  /** Call after the message is committed. */
  wake(companyNumber: string, requesterNumber: string, messageId: string): void;
  /** Whether this process still holds the message for a signal (queued or in flight): not the sweeper's to send. */
  holds(messageId: string): boolean;
  /**
   * The workflow ran a claim (its notification): `ids` it took (null or absent: not listed). Queued texts it took
   * need no signal; the next signal for the conversation may go now.
   */
  claimed(workflowId: string, ids?: string[] | null): void;
  /** Resolves when no wake-up is in flight or held back, and every signalled id is recorded. */
  drain(): Promise<void>;
}

/**
 * One signal in flight per conversation. Texts that arrive while one is in flight get one more signal when it
 * returns; the workflow then claims every waiting message of the pair at once. The invariant that makes this safe:
 * every stored message has a signal that STARTED AFTER its commit. Signals that fail leave their ids unrecorded, so
 * the sweeper delivers them. The ids that were signalled are recorded in batches, off the request path.
 *
 * Paced by claims: after a signal is accepted, the next one for that conversation waits until the workflow has
 * claimed (its claim statement's notification, `claimed()`), or `claimWaitMs` at most. Its workflow tasks run one at
 * a time anyway, so a signal sent earlier would only wait in the server; held here, every text that arrives
 * meanwhile rides the same signal, workflow task and claim. The busier the system, the bigger the batches.
 */
export function createWakeCoalescer(deps: {
  /** Records that these messages were signalled (the sweeper leaves them alone). */
  recordSignalled: (ids: string[]) => Promise<void>;
  gateway: InteractionGateway;
  log: Logger;
  flushMs?: number;
  /** Signals in flight at once across all conversations; more wait here in order (they are stored already). */
  maxInFlight?: number;
  /** How long the next signal for a conversation waits for the workflow's claim; 0 sends as soon as one returns. */
  claimWaitMs?: number;
}): WakeCoalescer {
  const { recordSignalled, gateway, log } = deps;
  const maxInFlight = deps.maxInFlight ?? 32;
  const claimWaitMs = deps.claimWaitMs ?? 1000;
  const awaitingClaim = new Map<string, { timer: NodeJS.Timeout; next: () => void }>();
  // A claim reported while the signal was still in flight: when it returns, do not wait for another.
  const claimedInFlight = new Set<string>();
  const ready: (() => void)[] = [];
  const waiting = new Map<string, { ids: string[] }>();
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

  function send(key: string, company: string, requester: string, ids: string[]): void {
    if (inFlight.size >= maxInFlight) {
      // Backpressure: a flood of signals only queues up inside the server and slows everything down.
      ready.push(() => send(key, company, requester, ids));
      return;
    }
    let accepted = false;
    claimedInFlight.delete(key);
    const p = gateway
      .wake(company, requester, ids[ids.length - 1])
      .then(
        () => {
          accepted = true;
          signalled.push(...ids);
          scheduleFlush();
        },
        (err) => log.warn({ err, messageIds: ids }, 'signal-with-start failed; the sweeper will deliver these'),
      )
      .finally(() => {
        for (const id of ids) held.delete(id);
        inFlight.delete(p);
        ready.shift()?.();
        const next = () => {
          awaitingClaim.delete(key);
          const queued = waiting.get(key);
          if (queued && queued.ids.length) {
            waiting.set(key, { ids: [] });
            send(key, company, requester, queued.ids);
          } else waiting.delete(key);
        };
        const claimedAlready = claimedInFlight.delete(key);
        if (accepted && claimWaitMs > 0 && !claimedAlready) {
          // Texts that arrive from now on queue in `waiting` and keep `held`, as while the signal was in flight.
          awaitingClaim.set(key, { timer: setTimeout(next, claimWaitMs), next });
        } else next();
      });
    inFlight.add(p);
  }

  const release = (key: string) => {
    const a = awaitingClaim.get(key);
    if (!a) return;
    clearTimeout(a.timer);
    a.next();
  };

  const claimed = (key: string, ids?: string[] | null) => {
    const queued = waiting.get(key);
    if (!queued) return; // nothing in flight, held or queued for this conversation here
    if (ids?.length && queued.ids.length) {
      const taken = new Set(ids);
      queued.ids = queued.ids.filter((id) => {
        if (!taken.has(id)) return true;
        held.delete(id);
        return false;
      });
    }
    if (awaitingClaim.has(key)) release(key);
    else claimedInFlight.add(key);
  };

  return {
    wake(companyNumber, requesterNumber, messageId) {
      held.add(messageId);
      const key = interactionWorkflowId(companyNumber, requesterNumber);
      const queued = waiting.get(key);
      if (queued) {
        queued.ids.push(messageId);
        return;
      }
      waiting.set(key, { ids: [] });
      send(key, companyNumber, requesterNumber, [messageId]);
    },
    holds: (messageId) => held.has(messageId),
    claimed,
    async drain() {
      while (inFlight.size || ready.length || awaitingClaim.size) {
        if (inFlight.size) await Promise.allSettled([...inFlight]);
        else if (ready.length) ready.shift()?.();
        else for (const key of [...awaitingClaim.keys()]) release(key); // shutting down: send what is held now
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
