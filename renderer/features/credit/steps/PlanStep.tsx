import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../../electron/contract/cart.ts';
import { formatFen, formatRate } from '../../../../electron/domain/money.ts';
import { kiosk } from '../../../app/kiosk-client.ts';
import { useApi } from '../../../app/use-api.ts';
import { ErrorPanel } from '../../../components/ErrorPanel.tsx';
import { langOf } from '../../../i18n/index.ts';
import { sameOffer } from '../../finance/OffersPanel.tsx';
import { ChoiceGroup } from '../../../components/fields.tsx';
import { PlanFigures } from '../PlanFigures.tsx';
import type { ApplicationForm } from '../use-application-form.ts';

/**
 * The chosen plan's figures and every plan on offer for this purchase now (quotas and budgets
 * move, so the list is fetched again rather than trusted from the panel).
 */
export function PlanStep({ form, purchase }: { form: ApplicationForm; purchase: Purchase }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [offers, retry] = useApi(() => kiosk.financeOffers(purchase), [JSON.stringify(purchase)]);
  const { offer } = form;

  // Swap in the fresh quote of the chosen plan, or say that it is no longer offered.
  const list = offers.state === 'ready' ? offers.data.offers : null;
  useEffect(() => {
    if (!list || !offer) return;
    const fresh = list.find((o) => sameOffer(o, offer));
    if (!fresh) form.planGone();
    else if (JSON.stringify(fresh) !== JSON.stringify(offer)) form.choosePlan(fresh);
    // Only a new list matters; the form's callbacks change every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list]);

  return (
    <div className="apply__body">
      {form.planNotice && (
        <p className="apply__notice" role="alert">
          {t(form.planNotice === 'gone' ? 'credit.plan.gone' : 'credit.plan.unavailable')}
        </p>
      )}
      {offer && (
        <section className="review-block" aria-labelledby="plan-chosen">
          <h3 id="plan-chosen" className="review-block__title">
            {t('credit.plan.chosen')}
          </h3>
          <PlanFigures offer={offer} />
        </section>
      )}
      {offers.state === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {offers.state === 'error' && <ErrorPanel error={offers.error} onRetry={retry} />}
      {offers.state === 'ready' &&
        (offers.data.offers.length === 0 ? (
          <p className="empty">{t('finance.none')}</p>
        ) : (
          <>
            <p className="offers__amount">{t('finance.amount', { amount: formatFen(offers.data.amountFen) })}</p>
            <ChoiceGroup
              id="apply-plan"
              className="choices--plans"
              legend={t('credit.plan.choose')}
              options={offers.data.offers.map((o) => ({
                value: `${o.productId}:${o.termMonths}`,
                label: t('credit.plan.option', {
                  term: t('finance.months', { count: o.termMonths }),
                  monthly: formatFen(o.monthlyPaymentFen),
                  apr: formatRate(o.apr.simpleAnnual),
                  lender: o.lender[lang],
                }),
              }))}
              value={offer ? `${offer.productId}:${offer.termMonths}` : null}
              onChange={(value) => {
                const chosen = offers.data.offers.find((o) => `${o.productId}:${o.termMonths}` === value);
                if (chosen) form.choosePlan(chosen);
              }}
              error={form.planMissing ? t('credit.plan.chooseFirst') : null}
            />
          </>
        ))}
    </div>
  );
}
