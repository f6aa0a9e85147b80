import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import './safe-mode.css';

/**
 * The safe screen (issue 12 item 5): after a crash loop the kiosk shows this instead of the shop.
 * Calm and final for a shopper (nothing to start, only the language to change), with a line for
 * staff saying what happened and what to do.
 */
export function SafeScreen() {
  const { t } = useTranslation();
  return (
    <main className="safe-screen" aria-labelledby="safe-screen-title">
      <div className="safe-screen__top">
        <LanguageSwitch />
      </div>
      <div className="safe-screen__body">
        <svg className="safe-screen__mark" viewBox="0 0 96 96" aria-hidden="true" focusable="false">
          <circle cx="48" cy="48" r="44" className="safe-screen__ring" />
          <rect x="34" y="30" width="9" height="36" rx="4.5" className="safe-screen__bar" />
          <rect x="53" y="30" width="9" height="36" rx="4.5" className="safe-screen__bar" />
        </svg>
        <h1 id="safe-screen-title" className="safe-screen__title">
          {t('safeMode.title')}
        </h1>
        <p className="safe-screen__ask">{t('safeMode.ask')}</p>
      </div>
      <p className="safe-screen__staff">{t('safeMode.staff')}</p>
    </main>
  );
}
