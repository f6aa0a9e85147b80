import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../electron/contract/session.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { useOutsideLinkGuard } from '../components/link-guard.ts';
import { Attract } from '../features/attract/Attract.tsx';
import { CameraIndicator } from '../features/face/CameraIndicator.tsx';
import { StaffLayer } from '../features/staff/StaffLayer.tsx';
import { StaffSessionProvider } from '../features/staff/staff-session.tsx';
import { TapTimingsOverlay } from '../features/staff/tap-timings.tsx';
import { DEFAULT_LOCALE, setLocale } from '../i18n/index.ts';
import { kiosk } from './kiosk-client.ts';
import { useApi } from './use-api.ts';
import { Visit } from './Visit.tsx';
import { useRendererHeartbeat } from './use-renderer-heartbeat.ts';
import { useWatchdogStatus } from './watchdog.ts';
import { SafeScreen } from '../features/safe-mode/SafeScreen.tsx';

/**
 * The shell: attract screen until a shopper taps, then one Visit. Everything a shopper did
 * lives inside the Visit, so ending it (idle or done) wipes it by unmounting.
 */
export function App() {
  const { t, i18n } = useTranslation();
  const [info, retryInfo] = useApi(() => kiosk.appInfo({}), []);
  const [visit, setVisit] = useState<{ sessionId: string; n: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const visits = useRef(0);

  useOutsideLinkGuard(() => setNotice(t('links.blocked')));
  // The watchdog: how often to beat, and whether a crash loop put the kiosk on its safe screen.
  const watchdog = useWatchdogStatus();
  useRendererHeartbeat(watchdog?.heartbeatEveryMs);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 4_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const start = useCallback(async () => {
    const result = await kiosk.startSession({ locale: i18n.language as Locale });
    // Browsing works without a recorded session; it only loses the visit's analytics.
    visits.current += 1;
    setVisit({ sessionId: result.ok ? result.data.sessionId : '', n: visits.current });
  }, [i18n]);

  const end = useCallback((reason: 'idle' | 'finished') => {
    setVisit((current) => {
      if (current?.sessionId) void kiosk.endSession({ sessionId: current.sessionId, reason });
      return null;
    });
    setLocale(DEFAULT_LOCALE);
  }, []);

  if (watchdog?.safeMode) return <SafeScreen />;
  if (info.state === 'loading' || watchdog === undefined) return <div className="boot" aria-busy="true" />;
  if (info.state === 'error') return <ErrorPanel error={info.error} onRetry={retryInfo} />;

  return (
    <StaffSessionProvider>
      {visit ? (
        <Visit key={visit.n} info={info.data} sessionId={visit.sessionId} onEnd={end} />
      ) : (
        <Attract store={info.data.store} onStart={() => void start()} />
      )}
      {notice && (
        <div className="toast" role="status">
          {notice}
        </div>
      )}
      <CameraIndicator />
      <StaffLayer />
      <TapTimingsOverlay />
    </StaffSessionProvider>
  );
}
