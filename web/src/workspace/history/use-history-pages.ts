import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryInteraction, HistoryPage } from '../shared/api';

export interface HistoryPages {
  rows: HistoryInteraction[] | null;
  error: unknown;
  /** Another page exists. */
  hasMore: boolean;
  /** A new search is on its way; `rows` are still the previous one's. */
  loading: boolean;
  loadingMore: boolean;
  more: () => void;
}

type Read = (cursor: string | null) => Promise<HistoryPage>;
interface State {
  readFor: Read;
  rows: HistoryInteraction[] | null;
  next: string | null;
  error: unknown;
  loading: boolean;
  loadingMore: boolean;
}
const fresh = (r: Read, rows: HistoryInteraction[] | null = null): State => ({ readFor: r, rows, next: null, error: null, loading: true, loadingMore: false });

/**
 * Pages of closed conversations, read again from the first when `read` changes (a new search); the previous rows stay
 * until the new ones arrive, so the list does not flash empty at each key. An answer for an earlier search that
 * arrives late is dropped, as useLatestRead does.
 */
export function useHistoryPages(read: Read): HistoryPages {
  const [stored, setState] = useState<State>(() => fresh(read));
  // A new search forgets the old one's cursor at once (React's "adjust state while rendering"), not one render late.
  let state = stored;
  if (stored.readFor !== read) {
    state = fresh(read, stored.rows);
    setState(state);
  }
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    read(null).then(
      (p) => mine === generation.current && setState({ readFor: read, rows: p.rows, next: p.nextCursor, error: null, loading: false, loadingMore: false }),
      (error: unknown) => mine === generation.current && setState({ ...fresh(read), loading: false, error }),
    );
  }, [read]);
  const { next, loadingMore } = state;
  const more = useCallback(() => {
    if (!next || loadingMore) return;
    const mine = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    read(next).then(
      (p) => mine === generation.current && setState((s) => ({ ...s, rows: [...(s.rows ?? []), ...p.rows], next: p.nextCursor, error: null, loadingMore: false })),
      (error: unknown) => mine === generation.current && setState((s) => ({ ...s, error, loadingMore: false })),
    );
  }, [read, next, loadingMore]);
  return { rows: state.rows, error: state.error, hasMore: !!state.next, loading: state.loading, loadingMore: state.loadingMore, more };
}
