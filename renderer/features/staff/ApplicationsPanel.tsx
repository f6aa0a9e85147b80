import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_DECISION_REASONS, type StaffApplicationItem, type StaffDecision } from '../../../electron/contract/credit.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { formatAgo } from '../../../ui/durations.ts';
import { CaseCard } from './CaseCard.tsx';
import { ReasonPicker } from './ReasonPicker.tsx';
import { useStaffData } from './use-staff-data.ts';

/** Where an item stands, in the staff's words. */
function standing(a: StaffApplicationItem): 'referred' | 'pending' | 'declined' | 'escalated' {
  if (a.escalatedAt !== null) return 'escalated';
  return a.status === 'pending' ? 'pending' : a.status === 'declined' ? 'declined' : 'referred';
}

/**
 * Referred and pending applications of this store, and declines whose customer asked for a
 * person (DESIGN.md §5, issue 11): staff approve within their limit or decline, each with a
 * reason, or send one to head office's credit team. Pending ones are HQ's model's to decide.
 */
export function ApplicationsPanel() {
  const { t } = useTranslation();
  const [list, refresh] = useStaffData(() => kiosk.staffApplications({}));
  // Said above the list: a decided application may leave the list at once.
  const [notice, setNotice] = useState<{ decision: StaffDecision; who: string } | null>(null);

  return (
    <section className="staff-section" aria-labelledby="staff-applications-title" aria-busy={list === null}>
      <h2 id="staff-applications-title">{t('staffApplications.title')}</h2>
      {notice && (
        <p className="staff-application__done" role="status">
          {notice.who}: {t(`staffApplications.decided.${notice.decision}`)}
        </p>
      )}
      {list && (
        <>
          <p className="staff-applications__limit">
            {list.approvalLimitFen === null ? t('staffApplications.noLimit') : t('staffApplications.limit', { amount: formatFen(list.approvalLimitFen) })}
          </p>
          {list.applications.length === 0 ? (
            <p>{t('staffApplications.empty')}</p>
          ) : (
            <ul className="staff-applications">
              {list.applications.map((a) => (
                <ApplicationItem
                  key={a.applicationId}
                  application={a}
                  limitFen={list.approvalLimitFen}
                  onDecided={(decision) => {
                    setNotice({ decision, who: `${a.applicant.name} · ${a.reference}` });
                    void refresh();
                  }}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function ApplicationItem({ application: a, limitFen, onDecided }: { application: StaffApplicationItem; limitFen: number | null; onDecided: (decision: StaffDecision) => void }) {
  const { t, i18n } = useTranslation();
  const [choosing, setChoosing] = useState<StaffDecision | null>(null);
  const state = standing(a);
  const decidable = state === 'referred' || state === 'declined';
  const mayApprove = a.visitOpen && limitFen !== null && a.requestedAmountFen <= limitFen;
  const titleId = `staff-application-${a.applicationId}`;

  return (
    <CaseCard id={titleId} title={`${a.applicant.name} · ${a.reference}`} status={t(`staffApplications.status.${state}`)} tone={state}>
      <p>
        {t('staffApplications.amount', { amount: formatFen(a.requestedAmountFen), months: a.termMonths, monthly: formatFen(a.monthlyPaymentFen) })} · {a.applicant.mobileMasked} ·{' '}
        {formatAgo(a.createdAt, Date.now(), i18n.language)}
      </p>
      <p className="staff-application__visit">
        {a.visitOpen ? t('staffApplications.visitOpen') : t('staffApplications.visitEnded')}
        {a.assistedBy !== null && ` · ${t('staffApplications.assisted', { staffId: a.assistedBy })}`}
      </p>
      {a.signals.length > 0 && (
        <ul className="staff-application__signals">
          {a.signals.map((s) => (
            <li key={s}>{t(`credit.signal.${s}`)}</li>
          ))}
        </ul>
      )}
      {decidable && choosing === null && (
        <div className="staff-application__actions">
          <button type="button" className="primary-button" disabled={!mayApprove} onClick={() => setChoosing('approve')}>
            {t('staffApplications.approve')}
          </button>
          <button type="button" className="secondary-button" onClick={() => setChoosing('decline')}>
            {t('staffApplications.decline')}
          </button>
          <button type="button" className="secondary-button" onClick={() => setChoosing('escalate')}>
            {t('staffApplications.escalate')}
          </button>
        </div>
      )}
      {choosing && (
        <ReasonPicker
          id={`${titleId}-reason`}
          legend={t(`staffApplications.reasonLegend.${choosing}`)}
          reasons={STAFF_DECISION_REASONS[choosing]}
          label={(reason) => t(`staffApplications.reasons.${reason}`)}
          back={t('staffApplications.cancel')}
          confirm={`${t('staffApplications.confirm')}: ${t(`staffApplications.${choosing}`)}`}
          submit={(reason) => kiosk.staffDecideApplication({ applicationId: a.applicationId, decision: choosing, reason })}
          onBack={() => setChoosing(null)}
          onDone={() => {
            setChoosing(null);
            onDecided(choosing);
          }}
        />
      )}
    </CaseCard>
  );
}
