import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StaffSummary } from '../../../electron/contract/staff.ts';
import { kiosk, setStaffToken } from '../../app/kiosk-client.ts';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel'] as const;

type StaffState =
  | { phase: 'off' }
  | { phase: 'signing-in' }
  /** `assisting`: the staff screens are put away while staff help a customer on the shopper's screens. */
  | { phase: 'on'; staff: StaffSummary; autoLockMs: number; assisting: boolean };

interface StaffSession {
  state: StaffState;
  /** The discreet entry was used: show the sign-in keypad. */
  openSignIn(): void;
  cancelSignIn(): void;
  signedIn(staff: StaffSummary, token: string, autoLockMs: number): void;
  signOut(reason?: 'signed_out' | 'auto_locked'): void;
  /** Staff help a customer on the shopper's screens (their applications name the staff member), or go back to the staff screens. */
  setAssisting(assisting: boolean): void;
  /** A staff call was refused (the core ended the session): drop the staff screens. */
  lost(): void;
  /** Set when the session locked itself, for the screen to say so once. */
  lockedNotice: boolean;
}

const Context = createContext<StaffSession | null>(null);

/**
 * The floor staff session on this screen. The token lives here and in the kiosk client only
 * (never in storage). The screen locks after the session's auto-lock time without a touch, and
 * drops the staff screens when the core says the session ended (the visit ended, another staff
 * member signed in) or refuses a staff call.
 */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<StaffState>({ phase: 'off' });
  const [lockedNotice, setLockedNotice] = useState(false);
  const token = useRef<string | undefined>(undefined);
  const clear = useCallback(() => {
    token.current = undefined;
    setStaffToken(undefined);
    setState({ phase: 'off' });
  }, []);

  const signOut = useCallback(
    (reason: 'signed_out' | 'auto_locked' = 'signed_out') => {
      void kiosk.staffSignOut({ reason });
      clear();
      setLockedNotice(reason === 'auto_locked');
    },
    [clear],
  );

  useEffect(
    () =>
      kiosk.on((event) => {
        if (event.name === 'staff.ended') clear();
      }),
    [clear],
  );

  // Auto-lock on no touch: the core locks too, but only on calls, and an open panel keeps asking.
  const lastTouch = useRef(Date.now());
  const autoLockMs = state.phase === 'on' ? state.autoLockMs : null;
  useEffect(() => {
    if (autoLockMs === null) return;
    lastTouch.current = Date.now();
    const touched = () => {
      lastTouch.current = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, touched, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (Date.now() - lastTouch.current >= autoLockMs) signOut('auto_locked');
    }, 500);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, touched, { capture: true });
    };
  }, [autoLockMs, signOut]);

  useEffect(() => {
    if (!lockedNotice) return;
    const timer = setTimeout(() => setLockedNotice(false), 5_000);
    return () => clearTimeout(timer);
  }, [lockedNotice]);

  const value = useMemo<StaffSession>(
    () => ({
      state,
      lockedNotice,
      openSignIn: () => setState((s) => (s.phase === 'off' ? { phase: 'signing-in' } : s)),
      cancelSignIn: () => setState((s) => (s.phase === 'signing-in' ? { phase: 'off' } : s)),
      signedIn: (staff, issued, autoLockMs) => {
        token.current = issued;
        setStaffToken(issued);
        setLockedNotice(false);
        setState({ phase: 'on', staff, autoLockMs, assisting: false });
      },
      setAssisting: (assisting) => {
        setStaffToken(token.current, assisting);
        setState((s) => (s.phase === 'on' ? { ...s, assisting } : s));
      },
      signOut,
      lost: clear,
    }),
    [state, lockedNotice, signOut, clear],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useStaffSession(): StaffSession {
  const session = useContext(Context);
  if (!session) throw new Error('useStaffSession outside StaffSessionProvider');
  return session;
}
