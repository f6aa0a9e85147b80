import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../electron/contract/errors.ts';
import { useCatalogVersion } from './catalog-version.ts';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/**
 * Runs one kiosk call when its inputs change; stale answers (from an earlier input) are dropped.
 * With `catalog: true` it also runs again when the catalog changes, keeping what is on screen
 * until the new answer arrives (the same question asked again: no flash of a spinner).
 */
export function useApi<T>(call: () => Promise<ApiResult<T>>, deps: readonly unknown[], options: { catalog?: boolean } = {}): [Loadable<T>, () => void] {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const catalogVersion = useCatalogVersion();
  const refresh = options.catalog ? catalogVersion : 0;
  const shownFor = useRef(refresh);
  useEffect(() => {
    let current = true;
    // Only the catalog moved: the same question again, so the answer on screen stays meanwhile.
    if (shownFor.current === refresh) setValue({ state: 'loading' });
    shownFor.current = refresh;
    void call().then((result) => {
      if (!current) return;
      setValue(result.ok ? { state: 'ready', data: result.data } : { state: 'error', error: result.error });
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names the inputs
  }, [...deps, attempt, refresh]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [value, retry];
}
