import { useCallback, useEffect, useRef, useState } from 'react';
import { swallowRestOfPress } from '../components/swallow-press.ts';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Watches for a shopper walking away: after `timeoutMs - warningMs` without a touch it
 * returns the seconds left (for the "still there?" prompt); at `timeoutMs` it calls onTimeout.
 * `hurry(idleMs)` brings the prompt on now if nobody has touched the screen for `idleMs`: the
 * camera saw nobody in front of it (features/face), so there is no point waiting the full time.
 */
export function useIdle(timeoutMs: number, warningMs: number, onTimeout: () => void): { secondsLeft: number | null; hurry: (idleMs: number) => void } {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const last = useRef(Date.now());
  const fire = useRef(onTimeout);
  fire.current = onTimeout;

  useEffect(() => {
    last.current = Date.now();
    let warning = false;
    const touched = (event: Event) => {
      last.current = Date.now();
      // The prompt goes on finger-down; the rest of that touch must not land on what it covered.
      if (warning && event instanceof PointerEvent) swallowRestOfPress(event);
      warning = false;
      setSecondsLeft(null);
    };
    for (const type of ACTIVITY) window.addEventListener(type, touched, { capture: true, passive: true });
    const timer = setInterval(() => {
      const idleFor = Date.now() - last.current;
      if (idleFor >= timeoutMs) {
        clearInterval(timer);
        fire.current();
      } else if (idleFor >= timeoutMs - warningMs) {
        warning = true;
        setSecondsLeft(Math.ceil((timeoutMs - idleFor) / 1000));
      }
    }, 250);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, touched, { capture: true });
    };
  }, [timeoutMs, warningMs]);

  const hurry = useCallback(
    (idleMs: number) => {
      const warnAt = Date.now() - (timeoutMs - warningMs);
      if (Date.now() - last.current >= idleMs && last.current > warnAt) last.current = warnAt;
    },
    [timeoutMs, warningMs],
  );

  return { secondsLeft, hurry };
}
