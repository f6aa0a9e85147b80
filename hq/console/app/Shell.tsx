import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import { ErrorNote } from '../components/LoadState.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { FleetPage } from '../features/fleet/FleetPage.tsx';
import { KioskPage } from '../features/fleet/KioskPage.tsx';
import { RolloutPage } from '../features/rollouts/RolloutPage.tsx';
import { RolloutsPage } from '../features/rollouts/RolloutsPage.tsx';
import { href, useRoute, type Route } from './router.ts';
import { useSession } from './session.tsx';

/** The signed-in console: the bar (sections, who is signed in, language, sign-out) and the page. */
export function Shell() {
  const route = useRoute();
  return (
    <div className="shell">
      <TopBar route={route} />
      <main className="page" id="main">
        <Page route={route} />
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'fleet':
      return <FleetPage />;
    case 'kiosk':
      return <KioskPage key={route.kioskId} kioskId={route.kioskId} />;
    case 'rollouts':
      return <RolloutsPage />;
    case 'rollout':
      return <RolloutPage key={route.rolloutId} rolloutId={route.rolloutId} />;
  }
}

function TopBar({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const section = route.page === 'fleet' || route.page === 'kiosk' ? 'fleet' : 'rollouts';
  const leave = async () => {
    setBusy(true);
    setError(null);
    const failed = await signOut();
    // Still here only when it failed: the session goes on.
    if (failed) {
      setBusy(false);
      setError(failed);
    }
  };
  return (
    <header className="top-bar">
      <span className="top-bar__title">{t('app.title')}</span>
      <nav aria-label={t('nav.label')} className="top-bar__nav">
        <a href={href.fleet()} aria-current={section === 'fleet' ? 'page' : undefined}>
          {t('nav.fleet')}
        </a>
        <a href={href.rollouts()} aria-current={section === 'rollouts' ? 'page' : undefined}>
          {t('nav.rollouts')}
        </a>
      </nav>
      <span className="top-bar__user">
        {t('app.who', { name: user.displayName || user.username, role: t(`roles.${user.role}`) })}
      </span>
      <LanguageSwitch />
      <button type="button" className="button button--quiet" onClick={() => void leave()} disabled={busy}>
        {t('app.signOut')}
      </button>
      {error && (
        <div className="top-bar__error">
          <ErrorNote error={error} />
        </div>
      )}
    </header>
  );
}

/**
 * A page's heading, which also names the browser tab and takes focus when the page opens, so a
 * screen reader announces where a link led (a hash change moves nothing by itself).
 */
export function PageTitle({ children, tabTitle }: { children: string; tabTitle?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    document.title = `${tabTitle ?? children} · ${t('app.title')}`;
  }, [children, tabTitle, t]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page__title">
      {children}
    </h1>
  );
}
