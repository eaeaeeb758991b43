import { useEffect, useRef, useState } from 'react';

/** 'reconnecting': the connection was lost (or refused) and is being retried. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamHandlers<E extends object> {
  /** Every (re)connect: whatever happened while disconnected is unknown, so callers re-read what they show. */
  onOpen?: () => void;
  /** The browser gave up (e.g. the server answered 401): the hook retries later, the caller may check the session. */
  onGiveUp?: () => void;
  /** Named events: each handler gets its event's payload, parsed from the `data:` line's JSON. */
  events: { [K in keyof E & string]?: (data: E[K]) => void };
}

const GIVE_UP_RETRY_MS = 5_000;

/**
 * One event's payload by its name. Every payload is a JSON object (the Workspace's are documented in the OpenAPI
 * document: components.schemas.ServerEvents); anything else is dropped rather than handed on mistyped.
 */
export function parseEventData<E extends object, K extends keyof E>(_event: K, text: string): E[K] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as E[K]) : undefined;
}

/**
 * One Server-Sent Events connection while mounted. EventSource reconnects by itself after a drop. `E` maps each event
 * name to its payload (the Workspace's: ServerEvents, generated from the api's OpenAPI document).
 */
export function useEventStream<E extends object = Record<string, unknown>>(url: string, handlers: EventStreamHandlers<E>): StreamStatus {
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
      for (const name of Object.keys(latest.current.events) as (keyof E & string)[]) {
        es.addEventListener(name, (e) => {
          const data = parseEventData<E, typeof name>(name, (e as MessageEvent<string>).data);
          if (data !== undefined) latest.current.events[name]?.(data);
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
