import { useEffect, useState } from 'react';

/** The time, moving every `everyMs`: ages on screen ("2 minutes ago") stay true while it is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
