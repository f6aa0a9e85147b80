import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import { ErrorNote } from '../components/LoadState.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { FleetPage } from '../features/fleet/FleetPage.tsx';
import type { Permission } from '../../server/permissions.ts';
import { href, useRoute, type Route } from './router.ts';
import { useMay, useSession } from './session.tsx';

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

// The fleet (where most visits open) is in the first script; every other page is fetched when
// first opened, so the pages growing around it do not slow the fleet's first paint (issue 14).
const KioskPage = lazy(() => import('../features/fleet/KioskPage.tsx').then((m) => ({ default: m.KioskPage })));
const RolloutsPage = lazy(() => import('../features/rollouts/RolloutsPage.tsx').then((m) => ({ default: m.RolloutsPage })));
const RolloutPage = lazy(() => import('../features/rollouts/RolloutPage.tsx').then((m) => ({ default: m.RolloutPage })));
const PublishingPage = lazy(() => import('../features/publishing/PublishingPage.tsx').then((m) => ({ default: m.PublishingPage })));
const ReviewsPage = lazy(() => import('../features/reviews/ReviewsPage.tsx').then((m) => ({ default: m.ReviewsPage })));
const ModelsPage = lazy(() => import('../features/models/ModelsPage.tsx').then((m) => ({ default: m.ModelsPage })));
const FiguresPage = lazy(() => import('../features/figures/FiguresPage.tsx').then((m) => ({ default: m.FiguresPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <p className="note note--loading" role="status">
          {t('common.loading', { what: t(`nav.${sectionOf(route)}`) })}
        </p>
      }
    >
      <PageOf route={route} />
    </Suspense>
  );
}

function PageOf({ route }: { route: Route }) {
  switch (route.page) {
    case 'fleet':
      return <FleetPage />;
    case 'kiosk':
      return <KioskPage key={route.kioskId} kioskId={route.kioskId} />;
    case 'rollouts':
      return <RolloutsPage />;
    case 'rollout':
      return <RolloutPage key={route.rolloutId} rolloutId={route.rolloutId} />;
    case 'publishing':
      return <PublishingPage />;
    case 'reviews':
      return <ReviewsPage />;
    case 'models':
      return <ModelsPage />;
    case 'figures':
      return <FiguresPage />;
    case 'audit':
      return <AuditPage />;
  }
}

type Section = 'fleet' | 'rollouts' | 'publishing' | 'reviews' | 'models' | 'figures' | 'audit';

/** The bar's sections, each shown to the roles that may read it (HQ checks every call again). */
const SECTIONS: readonly { section: Section; needs: Permission }[] = [
  { section: 'fleet', needs: 'fleet:read' },
  { section: 'rollouts', needs: 'releases:read' },
  { section: 'publishing', needs: 'publish' },
  { section: 'reviews', needs: 'credit:read' },
  { section: 'models', needs: 'credit:read' },
  { section: 'figures', needs: 'figures:read' },
  { section: 'audit', needs: 'audit:read' },
];

function sectionOf(route: Route): Section {
  if (route.page === 'kiosk') return 'fleet';
  if (route.page === 'rollout') return 'rollouts';
  return route.page;
}

function TopBar({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const may = useMay();
  const current = sectionOf(route);
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
        {SECTIONS.filter(({ needs }) => may(needs)).map(({ section }) => (
          <a key={section} href={href[section]()} aria-current={section === current ? 'page' : undefined}>
            {t(`nav.${section}`)}
          </a>
        ))}
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
