import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_DECISION_REASONS, type StaffDecisionReason } from '../../../../electron/contract/credit.ts';
import { EscalationDecisionRequest, EscalationDecisionResponse } from '../../../server/admin-schemas.ts';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNote } from '../../components/LoadState.tsx';
import { label, leftTheList, reference, type Outcome, type ReviewKey } from './review-view.ts';

type Status = 'approved' | 'declined';
/** The reasons HQ accepts for each decision (EscalationDecisionRequest checks the same table). */
const REASONS: Record<Status, readonly StaffDecisionReason[]> = { approved: STAFF_DECISION_REASONS.approve, declined: STAFF_DECISION_REASONS.decline };

/**
 * Approve or decline, with a reason from the codes staff use for the same decision (a reason of
 * the other decision is not offered: HQ would refuse it), then a question before it is sent: the
 * kiosk acts on it and it cannot be taken back. Who decides is the signed-in user (HQ records it).
 */
export function DecideForm({ review, onDecided }: { review: ReviewKey; onDecided: (outcome: Outcome) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [status, setStatus] = useState<Status | null>(null);
  const [reason, setReason] = useState<StaffDecisionReason | ''>('');
  const [invalid, setInvalid] = useState<'decision' | 'reason' | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ref = reference(review.applicationId);
  const reasons = t('reviews.staffReason', { returnObjects: true });

  const choose = (next: Status) => {
    setStatus(next);
    // A reason of the other decision does not carry over.
    if (reason !== '' && !REASONS[next].includes(reason)) setReason('');
    setInvalid(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (status === null) return setInvalid('decision');
    if (reason === '') return setInvalid('reason');
    setAsking(true);
  };

  const send = async () => {
    if (status === null || reason === '') return;
    const body = EscalationDecisionRequest.safeParse({ ...review, status, reason });
    if (!body.success) {
      setAsking(false);
      setInvalid('reason');
      return;
    }
    setBusy(true);
    const result = await api.send('POST', '/v1/admin/escalations/decide', EscalationDecisionResponse, body.data);
    setBusy(false);
    setAsking(false);
    if (result.ok) return onDecided({ ...review, kind: 'decided', status });
    const left = leftTheList(result.error);
    if (left) return onDecided({ ...review, kind: left });
    setError(result.error);
  };

  return (
    <>
      <form className="panel panel--inner decide" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
        <h3 id={`${id}-title`}>{t('reviews.decide.title')}</h3>
        <fieldset className="decide__choice" aria-invalid={invalid === 'decision'} aria-describedby={invalid === 'decision' ? `${id}-invalid` : undefined}>
          <legend>{t('reviews.decide.decision')}</legend>
          {(['approved', 'declined'] as const).map((value) => (
            <label key={value} className="check">
              <input type="radio" name={`${id}-status`} value={value} checked={status === value} onChange={() => choose(value)} />
              {t(value === 'approved' ? 'reviews.decide.approve' : 'reviews.decide.decline')}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('reviews.decide.reason')}</label>
          <select
            id={`${id}-reason`}
            value={reason}
            required
            aria-required
            disabled={status === null}
            aria-invalid={invalid === 'reason'}
            aria-describedby={invalid === 'reason' ? `${id}-invalid` : undefined}
            onChange={(e) => {
              setReason(e.target.value as StaffDecisionReason | '');
              setInvalid(null);
            }}
          >
            <option value="">{t('reviews.decide.choose')}</option>
            {status !== null &&
              REASONS[status].map((code) => (
                <option key={code} value={code}>
                  {label(reasons, code)}
                </option>
              ))}
          </select>
        </div>
        {invalid && (
          <p className="note note--error" id={`${id}-invalid`} role="alert">
            {t(invalid === 'decision' ? 'reviews.decide.decisionMissing' : 'reviews.decide.reasonMissing')}
          </p>
        )}
        {error && <ErrorNote error={error} />}
        <div>
          <button type="submit" className="button button--primary">
            {t('reviews.decide.submit')}
          </button>
        </div>
      </form>
      {asking && status !== null && reason !== '' && (
        <Dialog
          title={t(`reviews.decide.confirm.${status === 'approved' ? 'approve' : 'decline'}.title`, { ref })}
          description={t(`reviews.decide.confirm.${status === 'approved' ? 'approve' : 'decline'}.body`, { reason: label(reasons, reason) })}
          confirm={t(`reviews.decide.confirm.${status === 'approved' ? 'approve' : 'decline'}.submit`)}
          busy={busy}
          onConfirm={() => void send()}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}
