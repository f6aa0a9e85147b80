import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../electron/contract/cart.ts';
import type { ApplicationView } from '../../../electron/contract/credit.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Progress } from '../../components/Progress.tsx';
import { contractLocale } from '../../components/format.ts';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad.tsx';

/**
 * The key terms exactly as the core wrote them, then the signature. Signing names the hash of the
 * text on screen, so a contract that changed in between is shown again rather than signed unseen.
 */
export function KeyTermsScreen({ application, purchase, navigate }: { application: ApplicationView; purchase: Purchase; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const locale = contractLocale(i18n.language);
  const { applicationId } = application;
  const [terms, retry] = useApi(() => kiosk.keyTerms({ applicationId, locale }), [applicationId, locale]);
  const pad = useRef<SignaturePadHandle>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  const inFlight = useRef(false);
  const [inked, setInked] = useState(false);
  /** How often the contract changed under the shopper; each time, the notice takes focus. */
  const [changes, setChanges] = useState(0);
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (changes > 0) notice.current?.focus();
  }, [changes]);

  const sign = async () => {
    if (inFlight.current || terms.state !== 'ready' || !pad.current) return;
    inFlight.current = true;
    setSigning(true);
    setError(null);
    const { htmlHash, coolingOffDays } = terms.data;
    const result = await kiosk.signContract({ applicationId, locale, htmlHash, signature: pad.current.toPng() });
    inFlight.current = false;
    setSigning(false);
    if (result.ok) {
      navigate({ type: 'advance', screen: { name: 'fulfilment', checkout: { payment: 'installment', purchase, application, coolingOffDays } } });
    } else if (result.error.code === 'CONTRACT_CHANGED') {
      // A signature given to other words is not a signature to these: read them, then sign again.
      pad.current?.clear();
      setChanges((n) => n + 1);
      retry();
    } else {
      setError(result.error);
    }
  };

  return (
    <section className="key-terms" aria-labelledby="terms-title">
      <h1 id="terms-title" className="screen-title">
        {t('credit.terms.title')}
      </h1>
      {changes > 0 && (
        <p ref={notice} tabIndex={-1} className="apply__notice" role="alert">
          {t('credit.terms.changed')}
        </p>
      )}
      {terms.state === 'loading' && <p className="loading">{t('credit.terms.loading')}</p>}
      {terms.state === 'error' && <ErrorPanel error={terms.error} onRetry={retry} />}
      {terms.state === 'ready' && (
        <>
          {/* The core escapes every value and writes class-only markup (no scripts, no inline styles). */}
          <article className="key-terms__document" aria-label={t('credit.terms.article')} dangerouslySetInnerHTML={{ __html: terms.data.html }} />
          <p className="key-terms__cooling-off">{t('credit.terms.coolingOff', { days: terms.data.coolingOffDays })}</p>
        </>
      )}
      <section className="signature" aria-labelledby="signature-title">
        <h2 id="signature-title" className="section-title">
          {t('credit.terms.signTitle')}
        </h2>
        <p id="signature-hint" className="signature__hint">
          {t('credit.terms.signHint')}
        </p>
        <SignaturePad ref={pad} label={t('credit.terms.pad')} onInk={setInked} />
        <div className="signature__actions">
          <button type="button" className="secondary-button" disabled={!inked || signing} onClick={() => pad.current?.clear()}>
            {t('credit.terms.clear')}
          </button>
          <button
            type="button"
            className="primary-button"
            disabled={!inked || signing || terms.state !== 'ready'}
            aria-busy={signing}
            aria-describedby="signature-hint"
            onClick={() => void sign()}
          >
            {t('credit.terms.sign')}
          </button>
        </div>
        {signing && (
          <Progress label={t('credit.terms.signing')} />
        )}
        {error && <ErrorPanel error={error} onRetry={() => void sign()} />}
      </section>
    </section>
  );
}
