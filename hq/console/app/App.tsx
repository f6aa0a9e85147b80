import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsoleApi, type ApiError } from '../api/client.ts';
import { KiosksAnswer, SessionAnswer, SignedOut, type SessionUser } from '../api/schemas.ts';
import { ErrorNote } from '../components/LoadState.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { KIOSKS_HEAD_PATH, KIOSKS_PATH, SESSION_PATH } from '../api/early.ts';
import { SignIn } from '../features/sign-in/SignIn.tsx';
import { parseRoute } from './router.ts';
import { ApiContext, SessionContext, type ConsoleSession } from './session.tsx';
import { Shell } from './Shell.tsx';

type Gate =
  | { state: 'checking' }
  | { state: 'unreachable'; error: ApiError }
  /** `ended`: HQ ended the session (it expired, or the user was signed out elsewhere). */
  | { state: 'signed-out'; ended: boolean }
  | { state: 'signed-in'; user: SessionUser };

/**
 * The console: asks HQ whether this browser is signed in (the cookie is HttpOnly: only HQ can
 * tell), then shows the sign-in page or the pages. Any admin call answered 401 ends the session
 * here too, wherever it happened.
 */
export function App() {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const [api] = useState(
    () =>
      new ConsoleApi(() => {
        api.setSession(null);
        setGate({ state: 'signed-out', ended: true });
      }),
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    // The fleet list (the page most visits open on) is asked for beside the session, not after it
    // (api/early.ts has usually sent both requests already; these take their answers).
    const route = parseRoute(window.location.hash) ?? { page: 'fleet' };
    const asked = api.get(SESSION_PATH, SessionAnswer);
    if (route.page === 'fleet') {
      // The whole list (2 MB for 5,000 kiosks) is parsed and checked once the first screenful was
      // painted: before, it would hold the main thread while the first rows wait to be drawn.
      const head = api.prefetch(KIOSKS_HEAD_PATH, KiosksAnswer);
      api.prefetch(KIOSKS_PATH, KiosksAnswer, { readAfter: Promise.all([asked, head]).then(afterNextPaint) });
    }
    if (route.page === 'kiosk') api.prefetch(KIOSKS_PATH, KiosksAnswer);
    void asked.then((result) => {
      if (!current) return;
      if (result.ok) {
        api.setSession(result.data.csrfToken);
        setGate({ state: 'signed-in', user: result.data.user });
      } else {
        setGate(result.error.kind === 'unauthenticated' ? { state: 'signed-out', ended: false } : { state: 'unreachable', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [api, attempt]);

  const signedIn = useCallback(
    (answer: SessionAnswer) => {
      api.setSession(answer.csrfToken);
      setGate({ state: 'signed-in', user: answer.user });
    },
    [api],
  );

  const signOut = useCallback(async (): Promise<ApiError | null> => {
    const result = await api.send('DELETE', '/v1/console/session', SignedOut);
    // Not signed out at HQ (it did not answer): the cookie still works, so say so rather than pretend.
    if (!result.ok && result.error.kind !== 'unauthenticated') return result.error;
    api.setSession(null);
    setGate({ state: 'signed-out', ended: false });
    return null;
  }, [api]);

  const session = useMemo<ConsoleSession | null>(() => (gate.state === 'signed-in' ? { user: gate.user, signOut } : null), [gate, signOut]);

  return (
    <ApiContext value={api}>
      {gate.state === 'checking' && <Checking />}
      {gate.state === 'unreachable' && <Unreachable error={gate.error} onRetry={() => setAttempt((n) => n + 1)} />}
      {gate.state === 'signed-out' && <SignIn ended={gate.ended} onSignedIn={signedIn} />}
      {session && (
        <SessionContext value={session}>
          <Shell />
        </SessionContext>
      )}
    </ApiContext>
  );
}

/** Settles after the next frame was painted (a task queued from the frame's animation callback runs after it). */
const afterNextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function Checking() {
  const { t } = useTranslation();
  return (
    <main className="centre">
      <p className="note note--loading" role="status">
        {t('app.checking')}
      </p>
    </main>
  );
}

function Unreachable({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="centre">
      <div className="card card--narrow">
        <div className="card__top">
          <h1>{t('app.title')}</h1>
          <LanguageSwitch />
        </div>
        <ErrorNote error={error} onRetry={onRetry} />
      </div>
    </main>
  );
}
