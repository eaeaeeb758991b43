import { useEffect, useRef, useState } from 'react';

/** 'reconnecting': the connection was lost (or refused) and is being retried. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamHandlers {
  /** Every (re)connect: whatever happened while disconnected is unknown, so callers re-read what they show. */
  onOpen?: () => void;
  /** The browser gave up (e.g. the server answered 401): the hook retries later, the caller may check the session. */
  onGiveUp?: () => void;
  /** Named events; the data is parsed JSON. */
  events: Record<string, (data: unknown) => void>;
}

const GIVE_UP_RETRY_MS = 5_000;

/** One Server-Sent Events connection while mounted. EventSource reconnects by itself after a drop. */
export function useEventStream(url: string, handlers: EventStreamHandlers): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      const es = new EventSource(url); // same origin: the session cookie goes along
      source = es;
      es.onopen = () => {
        setStatus('open');
        latest.current.onOpen?.();
      };
      es.onerror = () => {
        setStatus('reconnecting');
        if (es.readyState === EventSource.CLOSED) {
          // The browser does not retry after a non-stream answer; we do, more slowly.
          latest.current.onGiveUp?.();
          es.close();
          if (!stopped) retry = setTimeout(connect, GIVE_UP_RETRY_MS);
        }
      };
      for (const name of Object.keys(latest.current.events)) {
        es.addEventListener(name, (e) => {
          let data: unknown;
          try {
            data = JSON.parse((e as MessageEvent<string>).data);
          } catch {
            data = undefined;
          }
          latest.current.events[name]?.(data);
        });
      }
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [url]);

  return status;
}
