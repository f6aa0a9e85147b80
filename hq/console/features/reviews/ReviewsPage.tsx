import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatFen } from '../../../../electron/domain/money.ts';
import { EscalationsResponse, UndecidedResponse } from '../../../server/admin-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { RoleGate } from '../../app/RoleGate.tsx';
import { PageTitle } from '../../app/Shell.tsx';
import { useMay } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { ReviewDetail } from './ReviewDetail.tsx';
import { label, reference, shortKiosk, type Outcome, type ReviewKey } from './review-view.ts';

export const ESCALATIONS_PATH = '/v1/admin/escalations';
export const UNDECIDED_PATH = '/v1/admin/applications/undecided';
type Escalation = z.infer<typeof EscalationsResponse>['escalations'][number];

/**
 * HQ reviews (issue 14 item 5): referrals store staff sent to HQ's credit team, oldest first; one
 * opens with the model's decision, input and trace, and finance operations decide it with a
 * reason. The decision reaches the kiosk as a `credit.decided` message.
 *
 * Only these need a person at HQ: applications a kiosk left pending offline are decided by HQ's
 * model as they arrive (hq/credit/credit.ts decidePending), and a referral goes to the store's
 * staff first, who send it up only when it is above their authority or needs the credit team.
 * The pending ones HQ's model could not decide (no model, or it failed on the input) are never
 * retried by themselves: they are listed below the referrals for a person to act on.
 */
export function ReviewsPage() {
  const { t } = useTranslation();
  const may = useMay();
  return (
    <RoleGate needs="credit:read" title={t('reviews.title')} refusal={(role) => t('reviews.notAllowed', { role })}>
      <Reviews canDecide={may('credit:write')} />
    </RoleGate>
  );
}

function Reviews({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation();
  const [list, reload] = useQuery(ESCALATIONS_PATH, EscalationsResponse, { refreshEveryMs: 30_000 });
  const [open, setOpen] = useState<ReviewKey | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const closed = (result: Outcome | null) => {
    setOpen(null);
    setOutcome(result);
    // Decided here or by someone else: either way the list is asked again, so it leaves it.
    if (result) reload();
  };
  return (
    <>
      <div className="page__head">
        <PageTitle>{t('reviews.title')}</PageTitle>
        <RefreshButton value={list} onRefresh={reload} />
      </div>
      <p className="muted">{t('reviews.intro')}</p>
      {outcome && (
        <p className={outcome.kind === 'decided' ? 'note note--ok' : 'note note--error'} role={outcome.kind === 'decided' ? 'status' : 'alert'}>
          {outcome.kind === 'decided'
            ? t(`reviews.decide.done.${outcome.status}`, { ref: reference(outcome.applicationId) })
            : t(`reviews.decide.${outcome.kind}`, { ref: reference(outcome.applicationId) })}
        </p>
      )}
      <section className="panel" aria-labelledby="reviews-list-title">
        <div className="panel__head">
          <h2 id="reviews-list-title">{t('reviews.listTitle')}</h2>
          {list.state === 'ready' && list.data.escalations.length > 0 && <span className="muted">{t('reviews.count', { count: list.data.escalations.length })}</span>}
        </div>
        <Loaded value={list} onRetry={reload} label={t('reviews.listTitle')}>
          {(data) => (
            <ReviewList
              escalations={data.escalations}
              open={open}
              onOpen={(key) => {
                setOutcome(null);
                setOpen(key);
              }}
            />
          )}
        </Loaded>
      </section>
      {open && <ReviewDetail key={`${open.kioskId}/${open.applicationId}`} review={open} canDecide={canDecide} onClose={closed} />}
      <Undecided />
    </>
  );
}

/** Pending applications whose input reached HQ and that its model did not decide: a person has to see to the model. */
function Undecided() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [list, reload] = useQuery(UNDECIDED_PATH, UndecidedResponse, { refreshEveryMs: 60_000 });
  return (
    <section className="panel" aria-labelledby="reviews-undecided-title">
      <h2 id="reviews-undecided-title">{t('reviews.undecided.title')}</h2>
      <p className="muted">{t('reviews.undecided.intro')}</p>
      <Loaded value={list} onRetry={reload} label={t('reviews.undecided.title')}>
        {(data) =>
          data.applications.length === 0 ? (
            <p className="note">{t('reviews.undecided.none')}</p>
          ) : (
            <table className="table" aria-labelledby="reviews-undecided-title">
              <thead>
                <tr>
                  <th scope="col">{t('reviews.columns.application')}</th>
                  <th scope="col">{t('reviews.columns.store')}</th>
                  <th scope="col">{t('reviews.columns.kiosk')}</th>
                  <th scope="col">{t('reviews.columns.amount')}</th>
                  <th scope="col">{t('reviews.columns.term')}</th>
                  <th scope="col">{t('reviews.undecided.appliedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {data.applications.map((a) => (
                  <tr key={`${a.kioskId}/${a.applicationId}`}>
                    <th scope="row" className="mono nowrap">
                      {reference(a.applicationId)}
                    </th>
                    <td>{a.storeId}</td>
                    <td className="mono nowrap" title={a.kioskId}>
                      {shortKiosk(a.kioskId)}
                    </td>
                    <td className="nowrap">{formatFen(a.requestedAmountFen)}</td>
                    <td className="nowrap">{t('reviews.months', { count: a.termMonths })}</td>
                    <td>{formatTime(a.appliedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

function ReviewList({ escalations, open, onOpen }: { escalations: readonly Escalation[]; open: ReviewKey | null; onOpen: (key: ReviewKey) => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (escalations.length === 0) return <p className="note">{t('reviews.none')}</p>;
  const reasons = t('reviews.reason', { returnObjects: true });
  const signals = t('reviews.signal', { returnObjects: true });
  return (
    <table className="table" aria-labelledby="reviews-list-title">
      <thead>
        <tr>
          <th scope="col">{t('reviews.columns.application')}</th>
          <th scope="col">{t('reviews.columns.store')}</th>
          <th scope="col">{t('reviews.columns.kiosk')}</th>
          <th scope="col">{t('reviews.columns.amount')}</th>
          <th scope="col">{t('reviews.columns.term')}</th>
          <th scope="col">{t('reviews.columns.escalatedAt')}</th>
          <th scope="col">{t('reviews.columns.escalatedBy')}</th>
          <th scope="col">{t('reviews.columns.staffReason')}</th>
          <th scope="col">{t('reviews.columns.modelReasons')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('reviews.open')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {escalations.map((e) => {
          const ref = reference(e.applicationId);
          const current = open?.kioskId === e.kioskId && open.applicationId === e.applicationId;
          const codes = [...e.reasons.map((r) => label(reasons, r)), ...e.signals.map((s) => label(signals, s))];
          return (
            <tr key={`${e.kioskId}/${e.applicationId}`} className={current ? 'row--current' : undefined} aria-current={current ? 'true' : undefined}>
              <th scope="row" className="mono nowrap">
                {ref}
              </th>
              <td>{e.storeId}</td>
              <td className="mono nowrap" title={e.kioskId}>
                {shortKiosk(e.kioskId)}
              </td>
              <td className="nowrap">{formatFen(e.requestedAmountFen)}</td>
              <td className="nowrap">{t('reviews.months', { count: e.termMonths })}</td>
              <td>
                <time dateTime={new Date(e.escalatedAt).toISOString()}>{formatTime(e.escalatedAt, locale)}</time>
              </td>
              <td>
                {t('reviews.staff', { id: e.staffId })}
                {e.assistedBy && e.assistedBy !== e.staffId && <div className="muted">{t('reviews.assisted', { id: e.assistedBy })}</div>}
              </td>
              <td>{label(t('reviews.staffReason', { returnObjects: true }), e.reason)}</td>
              <td>
                {codes.length === 0 ? (
                  t('reviews.noReasons')
                ) : (
                  <ul className="plain-list">
                    {codes.map((text, i) => (
                      <li key={i}>{text}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <button
                  type="button"
                  className={current ? 'button button--primary' : 'button'}
                  aria-label={t('reviews.openLabel', { ref })}
                  aria-pressed={current}
                  onClick={() => onOpen({ kioskId: e.kioskId, applicationId: e.applicationId })}
                >
                  {t('reviews.open')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
