import { useTranslation } from 'react-i18next';
import type { DecisionReason } from '../../../electron/contract/credit.ts';
import type { Offer } from '../../../electron/contract/finance.ts';
import { formatFen, formatRate } from '../../../electron/domain/money.ts';
import { langOf } from '../../i18n/index.ts';
import { principalOf } from '../../components/format.ts';

/**
 * One plan's figures wherever the shopper decides on it. The annualised rate comes first and in
 * the same type as the monthly payment (PBOC 2021 No. 3: at least as prominent as any monthly figure).
 */
export function PlanFigures({ offer, amountFen = principalOf(offer) }: { offer: Offer; amountFen?: number }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const uneven = offer.firstPaymentFen !== offer.lastPaymentFen;
  return (
    <dl className="plan-figures">
      <div className="plan-figures__key">
        <dt>{t('finance.apr')}</dt>
        <dd className="key-figure">{formatRate(offer.apr.simpleAnnual)}</dd>
        <dd className="plan-figures__detail">{t('finance.compound', { rate: formatRate(offer.apr.compoundAnnual) })}</dd>
      </div>
      <div className="plan-figures__key">
        <dt>{t('finance.monthly')}</dt>
        <dd className="key-figure">{t('finance.perMonth', { amount: formatFen(offer.monthlyPaymentFen) })}</dd>
        <dd className="plan-figures__detail">
          {t('finance.months', { count: offer.termMonths })}
          {uneven && ` · ${t('finance.firstLast', { first: formatFen(offer.firstPaymentFen), last: formatFen(offer.lastPaymentFen) })}`}
        </dd>
      </div>
      <div>
        <dt>{t('credit.plan.amount')}</dt>
        <dd>{formatFen(amountFen)}</dd>
      </div>
      <div>
        <dt>{t('finance.totalCost')}</dt>
        <dd>{offer.totalCostFen === 0 ? t('finance.free') : formatFen(offer.totalCostFen)}</dd>
      </div>
      <div>
        <dt>{t('credit.plan.totalPaid')}</dt>
        <dd>{formatFen(offer.totalPaidFen)}</dd>
      </div>
      <div>
        <dt>{t('finance.lender')}</dt>
        <dd>
          {offer.lender[lang]}
          <span className="plan-figures__detail">{offer.name[lang]}</span>
        </dd>
      </div>
    </dl>
  );
}

export function ReasonList({ reasons }: { reasons: readonly DecisionReason[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <section className="reasons" aria-labelledby="reasons-title">
      <h2 id="reasons-title" className="section-title">
        {t('credit.decision.reasons')}
      </h2>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{t(`credit.reason.${reason}`)}</li>
        ))}
      </ul>
    </section>
  );
}
