import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ApiError } from './client.ts';
import { useApi } from '../app/session.tsx';

/** An answer younger than this is shown without asking again when a page opens. */
const FRESH_MS = 5_000;

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  /** `failed`: the last refresh did not work (HQ unreachable a moment); what is shown is older. */
  | { state: 'ready'; data: T; refreshing: boolean; failed: ApiError | null };

/**
 * One GET, checked with its schema, run again when the path changes, on `reload()`, and every
 * `refreshEveryMs`. An answer seen before (this session) shows at once while the new one loads,
 * and a failed refresh keeps it: a list of 5,000 kiosks never flashes to a spinner and back.
 * Answers to an earlier path are dropped.
 */
export function useQuery<S extends z.ZodType>(path: string, schema: S, options: { refreshEveryMs?: number } = {}): [Loadable<z.output<S>>, () => void] {
  const api = useApi();
  const initial = (): Loadable<z.output<S>> => {
    const seen = api.cached<z.output<S>>(path);
    return seen === undefined ? { state: 'loading' } : { state: 'ready', data: seen.data, refreshing: seen.ageMs >= FRESH_MS, failed: null };
  };
  const [value, setValue] = useState<Loadable<z.output<S>>>(initial);
  const [shownPath, setShownPath] = useState(path);
  const [attempt, setAttempt] = useState(0);
  // A new path: what it showed before (if anything) replaces the old path's answer at once.
  if (shownPath !== path) {
    setShownPath(path);
    setValue(initial());
  }

  useEffect(() => {
    // Just fetched (a prefetch, or the page a moment ago): no second download of the same list.
    const seen = api.cached(path);
    if (attempt === 0 && seen !== undefined && seen.ageMs < FRESH_MS) return;
    let current = true;
    setValue((before) => (before.state === 'ready' ? { ...before, refreshing: true } : { state: 'loading' }));
    void api.get(path, schema).then((result) => {
      if (!current) return;
      setValue((before) => {
        if (result.ok) return { state: 'ready', data: result.data, refreshing: false, failed: null };
        // A role or session problem is not a hiccup: the page says so instead of old figures.
        const keep = before.state === 'ready' && (result.error.kind === 'network' || result.error.kind === 'server');
        return keep ? { ...before, refreshing: false, failed: result.error } : { state: 'error', error: result.error };
      });
    });
    return () => {
      current = false;
    };
  }, [api, path, schema, attempt]);

  const { refreshEveryMs } = options;
  useEffect(() => {
    if (refreshEveryMs === undefined) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setAttempt((n) => n + 1);
    }, refreshEveryMs);
    return () => clearInterval(timer);
  }, [refreshEveryMs]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [value, reload];
}
