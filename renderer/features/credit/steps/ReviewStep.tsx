import { useTranslation } from 'react-i18next';
import type { Employment, IncomeBand } from '../../../../electron/contract/credit.ts';
import type { Offer } from '../../../../electron/contract/finance.ts';
import { maskMobile, maskResidentId } from '../../../../electron/domain/identity.ts';
import { ErrorPanel } from '../../../components/ErrorPanel.tsx';
import { Progress } from '../../../components/Progress.tsx';
import { SummaryRow } from '../../../components/fields.tsx';
import { PlanFigures } from '../PlanFigures.tsx';
import type { ApplicationForm } from '../use-application-form.ts';

/** Everything the shopper is about to send, numbers masked, with the plan's figures; then the decision is awaited here. */
export function ReviewStep({ form, offer, employment, incomeBand }: { form: ApplicationForm; offer: Offer; employment: Employment; incomeBand: IncomeBand }) {
  const { t } = useTranslation();
  return (
    <div className="apply__body">
      <p className="apply__intro">{t('credit.review.intro')}</p>
      <section className="review-block" aria-labelledby="review-you">
        <h3 id="review-you" className="review-block__title">
          {t('credit.review.you')}
        </h3>
        <dl className="summary">
          <SummaryRow term={t('credit.identity.name')}>{form.values.name.trim()}</SummaryRow>
          <SummaryRow term={t('credit.identity.residentId')}>
            <span className="masked">{maskResidentId(form.values.residentId)}</span>
          </SummaryRow>
          <SummaryRow term={t('credit.identity.mobile')}>
            <span className="masked">{maskMobile(form.values.mobile)}</span>
          </SummaryRow>
          <SummaryRow term={t('credit.about.employment')}>{t(`credit.about.employmentOptions.${employment}`)}</SummaryRow>
          <SummaryRow term={t('credit.about.income')}>{t(`credit.about.incomeOptions.${incomeBand}`)}</SummaryRow>
          {form.assisting && <SummaryRow term={t('credit.identity.idCardSeenTerm')}>{t(form.idCardSeen ? 'credit.identity.yes' : 'credit.identity.no')}</SummaryRow>}
        </dl>
      </section>
      <section className="review-block" aria-labelledby="review-plan">
        <h3 id="review-plan" className="review-block__title">
          {t('credit.review.plan')}
        </h3>
        <PlanFigures offer={offer} />
      </section>
      {form.submitting && <Progress label={t('credit.review.submitting')} />}
      {form.submitError && <ErrorPanel error={form.submitError} onRetry={() => void form.submit()} />}
    </div>
  );
}
