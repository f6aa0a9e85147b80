import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useTapFigures } from '../catalog/touch-to-paint.ts';

/**
 * A developer's overlay for staff: the latest touch-to-paint figures (features/catalog), over the
 * shopper's screens. Off by default; staff switch it on in the staff panel, and it stays on after
 * they sign out (to watch shoppers' taps) until switched off or the screen reloads.
 */
let shown = false;
const listeners = new Set<() => void>();

function setShown(next: boolean): void {
  shown = next;
  for (const notify of listeners) notify();
}

function useShown(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => shown,
  );
}

/** The staff panel's switch. */
export function TapTimingsSwitch() {
  const { t } = useTranslation();
  const on = useShown();
  return (
    <section className="staff-section" aria-labelledby="tap-timings-title">
      <h2 id="tap-timings-title">{t('staff.timings.section')}</h2>
      <p>{t('staff.timings.note')}</p>
      <div>
        <button type="button" role="switch" aria-checked={on} className="secondary-button" onClick={() => setShown(!on)}>
          {t('staff.timings.switch')}: {on ? t('staff.timings.on') : t('staff.timings.off')}
        </button>
      </div>
    </section>
  );
}

/** The overlay itself: the last few taps, newest first. It takes no touches but its own button's. */
export function TapTimingsOverlay() {
  const { t } = useTranslation();
  const on = useShown();
  const figures = useTapFigures();
  if (!on) return null;
  return (
    <aside className="tap-timings" aria-labelledby="tap-timings-overlay-title">
      <h2 id="tap-timings-overlay-title" className="tap-timings__title">
        {t('staff.timings.title')}
      </h2>
      {figures.length === 0 ? (
        <p>{t('staff.timings.none')}</p>
      ) : (
        <ol className="tap-timings__list">
          {figures.map((figure, i) => (
            <li key={i}>
              {t('staff.timings.figure', { ms: Math.round(figure.ms), kind: t(figure.cold ? 'staff.timings.cold' : 'staff.timings.warm') })}
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="secondary-button tap-timings__hide" onClick={() => setShown(false)}>
        {t('staff.timings.hide')}
      </button>
    </aside>
  );
}
