import { useRef, type ReactNode } from 'react';
import { swallowRestOfPress } from '../../components/swallow-press.ts';
import { useStaffSession } from './staff-session.tsx';

/** How long staff hold the store name to open the sign-in keypad. */
export const STAFF_HOLD_MS = 2_000;

/**
 * The discreet staff entry: holding the store's name for two seconds. Nothing shows it to a
 * shopper, and a shopper who finds it meets a staff number and PIN.
 */
export function StaffEntry({ children, className }: { children: ReactNode; className: string }) {
  const { openSignIn } = useStaffSession();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancel = () => clearTimeout(timer.current);
  return (
    <span
      className={className}
      onPointerDown={(event) => {
        cancel();
        const down = { pointerId: event.pointerId };
        timer.current = setTimeout(() => {
          // The finger is still down: its lift must not tap the keypad that opens under it.
          swallowRestOfPress(down);
          openSignIn();
        }, STAFF_HOLD_MS);
      }}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onContextMenu={(event) => event.preventDefault()}
    >
      {children}
    </span>
  );
}
