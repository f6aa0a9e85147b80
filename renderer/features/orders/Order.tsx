import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DeliveryService } from '../../../electron/contract/catalog.ts';
import type { OrderView } from '../../../electron/contract/orders.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import type { Checkout } from '../../app/navigation.ts';
import { langOf } from '../../i18n/index.ts';
import { SummaryRow } from '../../components/fields.tsx';
import { formatStoreDate } from '../../components/format.ts';

/**
 * The order with what the shopper and the cashier need: the short order number to say out loud,
 * the pickup code as digits and as a QR code, how it is paid, and where and when it goes.
 */
export function OrderScreen({ checkout, order, onDone }: { checkout: Checkout; order: OrderView; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="order" aria-labelledby="order-title">
      <h1 id="order-title" className="screen-title">
        <span className="order__tick" aria-hidden="true">
          ✓
        </span>
        {t('credit.order.title')}
      </h1>
      <p className="order__number">
        <span className="order__number-label">{t('credit.order.number')}</span>
        <span className="order__number-value">{order.orderNumber}</span>
      </p>
      <div className="order__body">
        <section className="pickup" aria-labelledby="pickup-title">
          <h2 id="pickup-title" className="pickup__title">
            {t('credit.order.showAtTill')}
          </h2>
          <div className="pickup__codes">
            <div className="pickup__digits">
              <p className="pickup__label">{t('credit.order.code')}</p>
              {/* Two groups of four read more easily aloud; the text stays the bare eight digits. */}
              <p className="pickup__code">
                <span>{order.pickupCode.slice(0, 4)}</span>
                <span>{order.pickupCode.slice(4)}</span>
              </p>
            </div>
            <PickupQr data={order.pickupQr} label={t('credit.order.qr')} />
          </div>
        </section>
        <div className="order__details">
          <OrderPayment checkout={checkout} order={order} />
          <OrderFulfilment order={order} />
        </div>
      </div>
      <div className="form-nav">
        <button type="button" className="primary-button" onClick={onDone}>
          {t('credit.order.done')}
        </button>
      </div>
    </section>
  );
}

/** Till: the whole total at the till. Installments: any down payment at the till, the amount financed, monthly and term, and until when the shopper may withdraw. */
function OrderPayment({ checkout, order }: { checkout: Checkout; order: OrderView }) {
  const { t, i18n } = useTranslation();
  const plan = checkout.payment === 'installment' ? checkout.application.approved?.offer : undefined;
  return (
    <section className="order__section" aria-labelledby="order-payment">
      <h2 id="order-payment" className="section-title">
        {t('credit.order.payment')}
      </h2>
      <dl className="summary">
        <SummaryRow term={t('credit.order.method')}>{t(order.payment === 'till' ? 'credit.order.paidAtTill' : 'credit.order.installments')}</SummaryRow>
        {/* Paid at the till, the total is what the till takes: one figure, not the same one twice. */}
        {order.payment === 'installment' && <SummaryRow term={t('credit.order.total')}>{formatFen(order.totalFen)}</SummaryRow>}
        {order.payAtTillFen > 0 && (
          <SummaryRow className="summary__key" term={t(order.payment === 'till' ? 'credit.order.payAtTill' : 'credit.order.downPayment')}>
            {formatFen(order.payAtTillFen)}
          </SummaryRow>
        )}
        {order.payment === 'installment' && <SummaryRow term={t('credit.order.financed')}>{formatFen(order.amountFinancedFen)}</SummaryRow>}
        {plan && (
          <SummaryRow term={t('credit.order.monthly')}>
            {t('finance.perMonth', { amount: formatFen(plan.monthlyPaymentFen) })} · {t('finance.months', { count: plan.termMonths })}
          </SummaryRow>
        )}
      </dl>
      {checkout.payment === 'installment' && order.coolingOffUntil && (
        <p className="order__cooling-off">
          {checkout.coolingOffDays > 0
            ? t('credit.order.coolingOff', { days: checkout.coolingOffDays, date: formatStoreDate(order.coolingOffUntil, i18n.language, 'full') })
            : t('credit.order.coolingOffUntil', { date: formatStoreDate(order.coolingOffUntil, i18n.language, 'full') })}
        </p>
      )}
    </section>
  );
}

/** Taken home today, or the delivery as booked: day and window, district and address, the contact masked, the services. */
function OrderFulfilment({ order }: { order: OrderView }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { fulfilment } = order;
  return (
    <section className="order__section" aria-labelledby="order-fulfilment">
      <h2 id="order-fulfilment" className="section-title">
        {t('credit.order.fulfilment')}
      </h2>
      {fulfilment.kind === 'pickup' ? (
        <p className="order__pickup">{t('credit.order.pickup')}</p>
      ) : (
        <dl className="summary">
          <SummaryRow term={t('credit.order.slot')}>
            {t('credit.order.slotValue', {
              date: formatStoreDate(fulfilment.slot.date, i18n.language, 'weekday'),
              window: t(`credit.fulfilment.window.${fulfilment.slot.window}`),
            })}
          </SummaryRow>
          <SummaryRow term={t('credit.order.district')}>{fulfilment.district[lang]}</SummaryRow>
          <SummaryRow term={t('credit.order.address')}>{fulfilment.address}</SummaryRow>
          <SummaryRow term={t('credit.order.contact')}>
            <span className="masked">{fulfilment.contactMasked}</span>
          </SummaryRow>
          {fulfilment.services.length > 0 && (
            <SummaryRow term={t('credit.order.services')}>
              {new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
                DeliveryService.options.filter((s) => fulfilment.services.includes(s)).map((s) => t(`credit.fulfilment.service.${s}`)),
              )}
            </SummaryRow>
          )}
        </dl>
      )}
    </section>
  );
}

/** Modules of quiet zone around the code, as the QR standard asks for reliable scanning. */
const QUIET = 4;

/** The QR code as one SVG path (no inline styles: the CSP forbids them). */
function PickupQr({ data, label }: { data: string; label: string }) {
  const code = useMemo(() => {
    try {
      const qr = qrcode(0, 'M');
      qr.addData(data);
      qr.make();
      const n = qr.getModuleCount();
      let d = '';
      for (let row = 0; row < n; row++) {
        // Runs of dark modules along a row make one rectangle each: a far shorter path.
        for (let col = 0; col < n; ) {
          if (!qr.isDark(row, col)) {
            col++;
            continue;
          }
          let run = 1;
          while (col + run < n && qr.isDark(row, col + run)) run++;
          d += `M${col + QUIET} ${row + QUIET}h${run}v1h-${run}z`;
          col += run;
        }
      }
      return { d, size: n + QUIET * 2 };
    } catch {
      // Too long to encode: the digits beside it still work at the till.
      return null;
    }
  }, [data]);
  if (!code) return null;
  return (
    <svg className="pickup__qr" viewBox={`0 0 ${code.size} ${code.size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={code.size} height={code.size} fill="#ffffff" />
      <path d={code.d} fill="#000000" />
    </svg>
  );
}
