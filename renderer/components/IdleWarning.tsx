import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Shown for the last seconds before an idle reset; any touch (this button included) keeps the visit. */
export function IdleWarning({ secondsLeft }: { secondsLeft: number }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="overlay">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body">{t('idle.body', { seconds: secondsLeft })}</p>
        <button type="button" ref={button} className="primary-button">
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
