import { useCallback, useEffect, useRef, useState } from 'react';

export interface LatestRead<T> {
  data: T | null;
  error: unknown;
  reload: () => void;
}

/**
 * Reads on mount, whenever `read` or `refreshKey` changes and on reload(). Only the newest request's answer is
 * kept: pushes arrive in bursts and an older, slower answer must not overwrite a newer one.
 */
export function useLatestRead<T>(read: () => Promise<T>, refreshKey: unknown = 0): LatestRead<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const newest = useRef(0);
  const reload = useCallback(() => {
    const mine = ++newest.current;
    read().then(
      (data) => {
        if (mine === newest.current) setState({ data, error: null });
      },
      (error: unknown) => {
        if (mine === newest.current) setState((s) => ({ data: s.data, error }));
      },
    );
  }, [read]);
  useEffect(() => {
    reload();
  }, [reload, refreshKey]);
  return { ...state, reload };
}

/** An answer with when it arrived: counts the server made then ("waiting 65 s") keep ticking from there. */
export interface Stamped<T> {
  value: T;
  readAt: number;
}

export const stamped =
  <T>(read: () => Promise<T>) =>
  (): Promise<Stamped<T>> =>
    read().then((value) => ({ value, readAt: Date.now() }));
