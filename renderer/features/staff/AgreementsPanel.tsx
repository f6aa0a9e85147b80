import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CancelReason } from '../../../electron/contract/credit.ts';
import type { StaffAgreement } from '../../../electron/contract/orders.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { formatStoreDate } from '../../components/format.ts';
import { formatAgo } from '../../../ui/durations.ts';
import { CaseCard } from './CaseCard.tsx';
import { ReasonPicker } from './ReasonPicker.tsx';
import { useStaffData } from './use-staff-data.ts';

/**
 * Agreements a customer may still withdraw from (the cooling-off period), and the ones cancelled
 * lately with the refund to the lender: requested for the next business day (T+1), then sent in
 * the lender's file and settled, as HQ reports it.
 */
export function AgreementsPanel() {
  const { t } = useTranslation();
  const [data, refresh] = useStaffData(() => kiosk.staffAgreements({}));
  const agreements = data?.agreements ?? null;
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section className="staff-section" aria-labelledby="staff-agreements-title" aria-busy={agreements === null}>
      <h2 id="staff-agreements-title">{t('staffAgreements.title')}</h2>
      {notice && (
        <p className="staff-application__done" role="status">
          {notice}
        </p>
      )}
      {agreements && agreements.length === 0 && <p>{t('staffAgreements.empty')}</p>}
      {agreements && agreements.length > 0 && (
        <ul className="staff-applications">
          {agreements.map((a) => (
            <AgreementItem
              key={a.applicationId}
              agreement={a}
              onCancelled={() => {
                setNotice(t('staffAgreements.cancelled', { who: `${a.applicant.name} · ${a.reference}` }));
                void refresh();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function AgreementItem({ agreement: a, onCancelled }: { agreement: StaffAgreement; onCancelled: () => void }) {
  const { t, i18n } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const titleId = `staff-agreement-${a.applicationId}`;

  return (
    <CaseCard id={titleId} title={`${a.applicant.name} · ${a.reference}`} status={t(`staffAgreements.status.${a.status}`)} tone={a.status === 'cancelled' ? 'declined' : 'escalated'}>
      <p>
        {a.orderNumber ? t('staffAgreements.order', { number: a.orderNumber }) : t('staffAgreements.noOrder')} · {t('staffAgreements.financed', { amount: formatFen(a.amountFinancedFen) })} ·{' '}
        {a.applicant.mobileMasked}
      </p>
      <p className="staff-application__visit">
        {t('staffAgreements.signed', { when: formatAgo(a.signedAt, Date.now(), i18n.language) })} · {t('staffAgreements.until', { date: formatStoreDate(a.coolingOffUntil, i18n.language, 'full') })}
      </p>
      {a.refund && (
        <p className="staff-agreement__refund">
          {t('staffAgreements.refund', { amount: formatFen(a.refund.amountFen), date: formatStoreDate(a.refund.dueOn, i18n.language, 'weekday') })} ·{' '}
          <strong>{t(`staffAgreements.refundState.${a.refund.state}`)}</strong>
        </p>
      )}
      {a.status !== 'cancelled' && !choosing && (
        <div className="staff-application__actions">
          <button type="button" className="secondary-button" onClick={() => setChoosing(true)}>
            {t('staffAgreements.cancel')}
          </button>
        </div>
      )}
      {choosing && (
        <ReasonPicker
          id={`${titleId}-reason`}
          legend={t('staffAgreements.reasonLegend')}
          reasons={CancelReason.options}
          label={(reason) => t(`staffAgreements.reasons.${reason}`)}
          back={t('staffAgreements.back')}
          confirm={t('staffAgreements.confirm')}
          submit={(reason) => kiosk.cancelAgreement({ applicationId: a.applicationId, reason })}
          onBack={() => setChoosing(false)}
          onDone={() => {
            setChoosing(false);
            onCancelled();
          }}
        />
      )}
    </CaseCard>
  );
}
