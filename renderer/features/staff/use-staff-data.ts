import { useCallback, useEffect, useState } from 'react';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import { useStaffSession } from './staff-session.tsx';

/** How often an open staff section asks again. */
const POLL_MS = 5_000;

/**
 * A staff section's data, asked now and every few seconds while it is open. A refusal means the
 * core ended the staff session (auto-lock, the visit ended): the staff screens close.
 */
export function useStaffData<T>(call: () => Promise<ApiResult<T>>, deps: readonly unknown[] = []): [T | null, () => Promise<void>, (result: ApiResult<T>) => void] {
  const { lost } = useStaffSession();
  const [data, setData] = useState<T | null>(null);
  const take = useCallback(
    (result: ApiResult<T>) => {
      if (result.ok) setData(result.data);
      else if (result.error.code === 'FORBIDDEN') lost();
    },
    [lost],
  );
  // `call` is a new function each render; `deps` name what it asks with (asking on every render is not wanted).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  const refresh = useCallback(async () => take(await call()), [take, ...deps]);
  useEffect(() => {
    let live = true;
    const ask = () => void call().then((result) => live && take(result));
    ask();
    const timer = setInterval(ask, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [take, ...deps]);
  return [data, refresh, take];
}
