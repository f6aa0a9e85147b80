import { useTranslation } from 'react-i18next';
import { CONSENTS, ConsentKind } from '../../../../electron/contract/credit.ts';
import { langOf } from '../../../i18n/index.ts';
import type { ApplicationForm } from '../use-application-form.ts';

/** Two consents, each read and ticked on its own (PIPL art. 14). */
export function ConsentsStep({ form }: { form: ApplicationForm }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (
    <div className="apply__body">
      <p className="apply__intro">{t('credit.consents.intro')}</p>
      {form.consentsOutdated && (
        <p className="apply__notice" role="alert">
          {t('credit.consents.outdated')}
        </p>
      )}
      {ConsentKind.options.map((kind) => (
        <div key={kind} className={form.consents[kind] ? 'consent consent--agreed' : 'consent'}>
          <h3 id={`consent-${kind}-title`} className="consent__title">
            {CONSENTS[kind].title[lang]}
          </h3>
          <p id={`consent-${kind}-text`} className="consent__text">
            {CONSENTS[kind].text[lang]}
          </p>
          <label className="consent__tick">
            <input
              type="checkbox"
              checked={form.consents[kind]}
              aria-labelledby={`consent-${kind}-title`}
              aria-describedby={`consent-${kind}-text`}
              onChange={(event) => form.setConsent(kind, event.target.checked)}
            />
            <span>{t('credit.consents.tick')}</span>
          </label>
        </div>
      ))}
      {!form.bothConsents && <p className="apply__hint">{t('credit.consents.needBoth')}</p>}
    </div>
  );
}
