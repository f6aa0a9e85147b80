import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelRequest } from '../../../electron/contract/api.ts';
import type { Offer } from '../../../electron/contract/finance.ts';
import { formatFen, formatRate } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useApi } from '../../app/use-api.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { langOf, useT } from '../../i18n/index.ts';


/**
 * Every installment plan for a product or the cart. The annualised rate (IRR, PBOC 2021 No. 3)
 * is shown in the same type as the monthly payment, never smaller; plans above the APR cap
 * never reach the screen (the core drops them). With `onApply`, every plan can be applied for.
 */
export function OffersPanel({
  request,
  onClose,
  onApply,
}: {
  request: ChannelRequest<'financeOffers'>;
  onClose: () => void;
  onApply?: (offer: Offer) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [offers, retry] = useApi(() => kiosk.financeOffers(request), [JSON.stringify(request)], { catalog: true });
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  // Opening the plans is the store figures' "offers viewed": once per opening, not per re-render.
  const { track } = useShopper();
  const source = 'productId' in request ? 'product' : 'cart';
  useEffect(() => track({ type: 'offers_viewed', source }), [track, source]);

  return (
    <div className="overlay">
      <div className="dialog offers" role="dialog" aria-modal="true" aria-labelledby="offers-title">
        <div className="offers__head">
          <h2 id="offers-title">{t('finance.title')}</h2>
          <button type="button" ref={close} className="secondary-button" onClick={onClose}>
            {t('finance.close')}
          </button>
        </div>
        {offers.state === 'loading' && <p className="loading">{t('list.loading')}</p>}
        {offers.state === 'error' && <ErrorPanel error={offers.error} onRetry={retry} />}
        {offers.state === 'ready' && (
          <>
            <p className="offers__amount">{t('finance.amount', { amount: formatFen(offers.data.amountFen) })}</p>
            {offers.data.offers.length === 0 ? (
              <p className="empty">{t('finance.none')}</p>
            ) : (
              <>
                {offers.data.best && offers.data.why.length > 0 && (
                  <p className="offers__why">
                    {t('finance.whyFirst', { term: offers.data.best.termMonths })}{' '}
                    {offers.data.why.map((reason) => t(`finance.why.${reason}`)).join(t('finance.separator'))}
                  </p>
                )}
                <table className="offers-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.term')}</th>
                      <th scope="col">{t('finance.monthly')}</th>
                      <th scope="col">{t('finance.apr')}</th>
                      <th scope="col">{t('finance.totalCost')}</th>
                      <th scope="col">{t('finance.lender')}</th>
                      {onApply && <th scope="col">{t('finance.applyColumn')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {offers.data.offers.map((offer) => (
                      <OfferRow
                        key={`${offer.productId}-${offer.termMonths}`}
                        offer={offer}
                        best={offer === offers.data.best || sameOffer(offer, offers.data.best)}
                        lang={lang}
                        onApply={onApply}
                      />
                    ))}
                  </tbody>
                </table>
                <p className="offers__note">{t('finance.aprNote', { cap: formatRate(offers.data.aprCap) })}</p>
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}

export function sameOffer(a: Offer, b: Offer | null): boolean {
  return b !== null && a.productId === b.productId && a.termMonths === b.termMonths;
}

function OfferRow({ offer, best, lang, onApply }: { offer: Offer; best: boolean; lang: 'zh' | 'en'; onApply: ((offer: Offer) => void) | undefined }) {
  const { t } = useTranslation();
  const uneven = offer.firstPaymentFen !== offer.lastPaymentFen;
  return (
    <tr className={best ? 'offer offer--best' : 'offer'}>
      <th scope="row">
        {t('finance.months', { count: offer.termMonths })}
        {best && <span className="offer__badge">{t('finance.recommended')}</span>}
        <span className="offer__name">{offer.name[lang]}</span>
      </th>
      <td>
        <span className="offer__figure">{t('finance.perMonth', { amount: formatFen(offer.monthlyPaymentFen) })}</span>
        {uneven && (
          <span className="offer__detail">
            {t('finance.firstLast', { first: formatFen(offer.firstPaymentFen), last: formatFen(offer.lastPaymentFen) })}
          </span>
        )}
      </td>
      <td>
        <span className="offer__figure">{formatRate(offer.apr.simpleAnnual)}</span>
        <span className="offer__detail">{t('finance.compound', { rate: formatRate(offer.apr.compoundAnnual) })}</span>
      </td>
      <td>
        {offer.totalCostFen === 0 ? t('finance.free') : formatFen(offer.totalCostFen)}
        <span className="offer__detail">{t('finance.totalPaid', { amount: formatFen(offer.totalPaidFen) })}</span>
      </td>
      <td>{offer.lender[lang]}</td>
      {onApply && (
        <td>
          <button
            type="button"
            className="primary-button offer__apply"
            aria-label={t('finance.applyFor', { term: t('finance.months', { count: offer.termMonths }) })}
            onClick={() => onApply(offer)}
          >
            {t('finance.apply')}
          </button>
        </td>
      )}
    </tr>
  );
}

/** "from ¥X/month" wherever a price is shown. */
export function MonthlyFrom({ fen }: { fen: number | null | undefined }) {
  const { t } = useT();
  if (fen === null || fen === undefined) return null;
  return <span className="monthly-from">{t('finance.from', { amount: formatFen(fen) })}</span>;
}
