import { useCallback, useEffect, useState } from 'react';
import type { ApiError, ApiResult } from '../../electron/contract/errors.ts';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/** Runs one kiosk call when its inputs change; stale answers (from an earlier input) are dropped. */
export function useApi<T>(call: () => Promise<ApiResult<T>>, deps: readonly unknown[]): [Loadable<T>, () => void] {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setValue({ state: 'loading' });
    void call().then((result) => {
      if (!current) return;
      setValue(result.ok ? { state: 'ready', data: result.data } : { state: 'error', error: result.error });
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names the inputs
  }, [...deps, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [value, retry];
}
