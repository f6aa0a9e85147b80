import { useTranslation } from 'react-i18next';
import { CONSENTS, ConsentKind } from '../../../../electron/contract/credit.ts';
import { FACE_CHECK_CONSENT } from '../../../../electron/contract/face.ts';
import { langOf } from '../../../i18n/index.ts';
import type { ApplicationForm } from '../use-application-form.ts';

/** Two consents, each read and ticked on its own (PIPL art. 14), and the face check's, which is optional. */
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
      <div className={form.faceCheck ? 'consent consent--agreed' : 'consent'}>
        <h3 id="consent-face-title" className="consent__title">
          {FACE_CHECK_CONSENT.title[lang]}
        </h3>
        <p id="consent-face-text" className="consent__text">
          {FACE_CHECK_CONSENT.text[lang]}
        </p>
        <label className="consent__tick">
          <input
            type="checkbox"
            checked={form.faceCheck}
            aria-labelledby="consent-face-title"
            aria-describedby="consent-face-text"
            onChange={(event) => form.setFaceCheck(event.target.checked)}
          />
          <span>{t('credit.consents.tick')}</span>
        </label>
      </div>
    </div>
  );
}
