import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../electron/contract/credit.ts';
import type { OrderView } from '../../../electron/contract/orders.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { formatStoreDate } from './format.ts';

/** The order with what the cashier needs: the pickup code, as digits and as a QR code. */
export function OrderScreen({
  application,
  order,
  coolingOffDays,
  onDone,
}: {
  application: ApplicationView;
  order: OrderView;
  coolingOffDays: number;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const plan = application.approved?.offer;
  const { fulfilment } = order;
  const coolingOffDate = formatStoreDate(order.coolingOffUntil, i18n.language, 'full');

  return (
    <section className="order" aria-labelledby="order-title">
      <h1 id="order-title" className="screen-title">
        <span className="order__tick" aria-hidden="true">
          ✓
        </span>
        {t('credit.order.title')}
      </h1>
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
      <dl className="summary summary--wide">
        <div>
          <dt>{t('credit.order.fulfilment')}</dt>
          <dd>
            {fulfilment.kind === 'pickup'
              ? t('credit.fulfilment.pickup')
              : t('credit.fulfilment.delivery', {
                  date: formatStoreDate(fulfilment.slot.date, i18n.language, 'weekday'),
                  window: t(`credit.fulfilment.window.${fulfilment.slot.window}`),
                })}
          </dd>
        </div>
        <div>
          <dt>{t('credit.order.total')}</dt>
          <dd>{formatFen(order.totalFen)}</dd>
        </div>
        {order.downPaymentFen > 0 && (
          <div className="summary__key">
            <dt>{t('credit.order.downPayment')}</dt>
            <dd>{formatFen(order.downPaymentFen)}</dd>
          </div>
        )}
        <div>
          <dt>{t('credit.order.financed')}</dt>
          <dd>{formatFen(order.amountFinancedFen)}</dd>
        </div>
        {plan && (
          <div>
            <dt>{t('credit.order.monthly')}</dt>
            <dd>
              {t('finance.perMonth', { amount: formatFen(plan.monthlyPaymentFen) })} · {t('finance.months', { count: plan.termMonths })}
            </dd>
          </div>
        )}
      </dl>
      <p className="order__cooling-off">
        {coolingOffDays > 0
          ? t('credit.order.coolingOff', { days: coolingOffDays, date: coolingOffDate })
          : t('credit.order.coolingOffUntil', { date: coolingOffDate })}
      </p>
      <p className="order__id">{t('credit.order.orderId', { id: order.orderId })}</p>
      <div className="form-nav">
        <button type="button" className="primary-button" onClick={onDone}>
          {t('credit.order.done')}
        </button>
      </div>
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
