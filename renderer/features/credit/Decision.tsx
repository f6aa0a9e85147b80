import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../electron/contract/cart.ts';
import type { ApplicationView } from '../../../electron/contract/credit.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Progress } from '../../components/Progress.tsx';
import { PlanFigures, ReasonList } from './PlanFigures.tsx';

/**
 * What the decision means for the shopper, in plain words. A decline or referral is about the
 * application and the plan, never about the person, and always offers a person to look again
 * (PIPL art. 24), and the goods can still be bought, paid at the till.
 */
export function DecisionScreen({ application: decided, purchase, navigate }: { application: ApplicationView; purchase: Purchase; navigate: Navigate }) {
  const { t } = useTranslation();
  const application = useDecisionOnceMade(decided);
  const { status, approved, reasons } = application;
  const readTerms = () => navigate({ type: 'push', screen: { name: 'terms', application, purchase } });

  return (
    <section className={`decision decision--${status}`} aria-labelledby="decision-title">
      {status === 'approved' && approved && (
        <>
          <p className="decision__badge decision__badge--ok" aria-hidden="true">
            ✓
          </p>
          <h1 id="decision-title" className="screen-title">
            {t('credit.decision.approved')}
          </h1>
          <p className="decision__body">{t('credit.decision.approvedBody')}</p>
          <PlanFigures offer={approved.offer} amountFen={approved.amountFinancedFen} />
          <div className="decision__actions">
            <button type="button" className="primary-button" onClick={readTerms}>
              {t('credit.decision.sign')}
            </button>
          </div>
        </>
      )}

      {status === 'counter_offer' && approved && (
        <>
          <h1 id="decision-title" className="screen-title">
            {t('credit.decision.counter')}
          </h1>
          <p className="decision__body">
            {t('credit.decision.counterBody', {
              financed: formatFen(approved.amountFinancedFen),
              requested: formatFen(application.requestedAmountFen),
              down: formatFen(approved.downPaymentFen),
              monthly: formatFen(approved.offer.monthlyPaymentFen),
              term: t('finance.months', { count: approved.offer.termMonths }),
            })}
          </p>
          <dl className="summary summary--wide">
            <div className="summary__key">
              <dt>{t('credit.decision.downPayment')}</dt>
              <dd>{formatFen(approved.downPaymentFen)}</dd>
            </div>
          </dl>
          <PlanFigures offer={approved.offer} amountFen={approved.amountFinancedFen} />
          <ReasonList reasons={reasons} />
          <div className="decision__actions">
            <button type="button" className="primary-button" onClick={readTerms}>
              {t('credit.decision.accept')}
            </button>
            <button
              type="button"
              className="secondary-button"
              onClick={() => {
                // Frees the plan's quota now; if this call is lost, the visit's end withdraws it too.
                void kiosk.withdrawApplication({ applicationId: application.applicationId });
                navigate({ type: 'back' });
              }}
            >
              {t('credit.decision.noThanks')}
            </button>
          </div>
          {application.humanReviewAvailable && <HumanReview application={application} secondary />}
        </>
      )}

      {(status === 'declined' || status === 'referred') && (
        <>
          <h1 id="decision-title" className="screen-title">
            {t(status === 'declined' ? 'credit.decision.declined' : 'credit.decision.referred')}
          </h1>
          <p className="decision__body">{t(status === 'declined' ? 'credit.decision.declinedBody' : 'credit.decision.referredBody')}</p>
          <ReasonList reasons={reasons} />
          {application.humanReviewAvailable && <HumanReview application={application} />}
          <div className="decision__actions">
            <button type="button" className="secondary-button" onClick={() => navigate({ type: 'advance', screen: { name: 'fulfilment', checkout: { payment: 'till', purchase } } })}>
              {t('credit.decision.payAtTill')}
            </button>
          </div>
        </>
      )}

      {status === 'pending' && (
        <>
          <h1 id="decision-title" className="screen-title">
            {t('credit.decision.pending')}
          </h1>
          <p className="decision__body">{t('credit.decision.pendingBody', { mobile: application.applicant.mobileMasked })}</p>
          <p className="decision__body">{t('credit.decision.pendingNext')}</p>
          <p className="decision__reference">{t('credit.decision.reference', { id: application.reference })}</p>
          <ReasonList reasons={reasons} />
          <p className="decision__note" role="status">
            {t('credit.decision.pendingWatching')}
          </p>
        </>
      )}

      {/* Statuses the apply call should not return; say where things stand rather than nothing. */}
      {(!['approved', 'counter_offer', 'declined', 'referred', 'pending'].includes(status) || ((status === 'approved' || status === 'counter_offer') && !approved)) && (
        <>
          <h1 id="decision-title" className="screen-title">
            {t('credit.title')}
          </h1>
          <p className="decision__body">{t('credit.decision.other', { status: t(`credit.decision.status.${status}`) })}</p>
          <p className="decision__reference">{t('credit.decision.reference', { id: application.reference })}</p>
        </>
      )}

      {application.offline && status !== 'pending' && <p className="decision__note">{t('credit.decision.offline')}</p>}
    </section>
  );
}

/** How often an undecided application is looked up while the shopper is still at this screen. */
const PENDING_POLL_MS = 5_000;

/**
 * An application not decided yet as it stands now: while the shopper waits on this screen, head
 * office may decide a pending one (once the kiosk reaches HQ again), and staff or HQ's credit team
 * a referred one; the screen turns into that decision.
 */
function useDecisionOnceMade(decided: ApplicationView): ApplicationView {
  const [current, setCurrent] = useState(decided);
  const waiting = current.status === 'pending' || current.status === 'referred' ? current.status : null;
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    const timer = setInterval(() => {
      void kiosk.applicationStatus({ applicationId: decided.applicationId }).then((result) => {
        if (live && result.ok && result.data.application.status !== waiting) setCurrent(result.data.application);
      });
    }, PENDING_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [waiting, decided.applicationId]);
  return current;
}

function HumanReview({ application, secondary = false }: { application: ApplicationView; secondary?: boolean }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; reference: string } | { kind: 'error'; error: ApiError }>({ kind: 'idle' });
  const sending = useRef(false);

  const request = async () => {
    if (sending.current) return;
    sending.current = true;
    setState({ kind: 'sending' });
    const result = await kiosk.requestHumanReview({ applicationId: application.applicationId });
    sending.current = false;
    setState(result.ok ? { kind: 'done', reference: result.data.reference } : { kind: 'error', error: result.error });
  };

  if (state.kind === 'done') {
    return (
      <div className="human-review human-review--done" role="status">
        <p className="human-review__title">{t('credit.decision.humanReviewDone', { reference: state.reference })}</p>
        <p>{t('credit.decision.humanReviewNext', { mobile: application.applicant.mobileMasked })}</p>
      </div>
    );
  }
  return (
    <div className="human-review">
      <button type="button" className={secondary ? 'secondary-button' : 'primary-button'} disabled={state.kind === 'sending'} aria-busy={state.kind === 'sending'} onClick={() => void request()}>
        {t('credit.decision.humanReview')}
      </button>
      {state.kind === 'sending' && (
        <Progress label={t('credit.decision.humanReviewRequesting')} />
      )}
      {state.kind === 'error' && <ErrorPanel error={state.error} onRetry={() => void request()} />}
    </div>
  );
}
