import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../electron/contract/credit.ts';
import type { DeliverySlot, Fulfilment } from '../../../electron/contract/orders.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Progress } from '../../components/Progress.tsx';
import { ChoiceGroup } from './fields.tsx';
import { formatStoreDate } from './format.ts';

const PICKUP = 'pickup';
const slotKey = (slot: DeliverySlot) => `${slot.date}:${slot.window}`;

/** Take it home now or book delivery and installation, then place the order. */
export function FulfilmentScreen({ application, coolingOffDays, navigate }: { application: ApplicationView; coolingOffDays: number; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const { applicationId } = application;
  const [slots, retrySlots] = useApi(() => kiosk.deliverySlots({ applicationId }), [applicationId]);
  const [choice, setChoice] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [slotTaken, setSlotTaken] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const inFlight = useRef(false);

  const options =
    slots.state === 'ready'
      ? [
          ...(slots.data.pickupToday ? [{ value: PICKUP, label: t('credit.fulfilment.pickup'), hint: t('credit.fulfilment.pickupHint') }] : []),
          ...slots.data.slots.map((slot) => ({
            value: slotKey(slot),
            label: t('credit.fulfilment.delivery', {
              date: formatStoreDate(slot.date, i18n.language, 'weekday'),
              window: t(`credit.fulfilment.window.${slot.window}`),
            }),
          })),
        ]
      : [];

  const fulfilmentOf = (value: string): Fulfilment | null => {
    if (value === PICKUP) return { kind: 'pickup' };
    const slot = slots.state === 'ready' ? slots.data.slots.find((s) => slotKey(s) === value) : undefined;
    return slot ? { kind: 'delivery', slot } : null;
  };

  const place = async () => {
    setTried(true);
    const fulfilment = choice === null ? null : fulfilmentOf(choice);
    if (inFlight.current || !fulfilment) return;
    inFlight.current = true;
    setPlacing(true);
    setError(null);
    setSlotTaken(false);
    const result = await kiosk.placeOrder({ applicationId, fulfilment });
    inFlight.current = false;
    setPlacing(false);
    if (result.ok) {
      navigate({ type: 'advance', screen: { name: 'order', application, order: result.data.order, coolingOffDays } });
    } else if (result.error.code === 'SLOT_UNAVAILABLE') {
      setChoice(null);
      setTried(false);
      setSlotTaken(true);
      retrySlots();
    } else {
      setError(result.error);
    }
  };

  return (
    <section className="fulfilment" aria-labelledby="fulfilment-title">
      <p className="fulfilment__signed" role="status">
        <span aria-hidden="true">✓ </span>
        {t('credit.fulfilment.signed')}
      </p>
      <h1 id="fulfilment-title" className="screen-title">
        {t('credit.fulfilment.title')}
      </h1>
      {slotTaken && (
        <p className="apply__notice" role="alert">
          {t('errors.SLOT_UNAVAILABLE')}
        </p>
      )}
      {slots.state === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {slots.state === 'error' && <ErrorPanel error={slots.error} onRetry={retrySlots} />}
      {slots.state === 'ready' &&
        (options.length === 0 ? (
          <p className="empty">{t('credit.fulfilment.none')}</p>
        ) : (
          <>
            <ChoiceGroup
              id="fulfilment"
              className="choices--stacked"
              legend={t('credit.fulfilment.choose')}
              options={options}
              value={choice}
              onChange={setChoice}
              error={tried && choice === null ? t('credit.fulfilment.chooseFirst') : null}
            />
            <div className="form-nav">
              <button type="button" className="primary-button" disabled={placing} aria-busy={placing} onClick={() => void place()}>
                {t('credit.fulfilment.place')}
              </button>
            </div>
            {placing && (
              <Progress label={t('credit.fulfilment.placing')} />
            )}
            {error && <ErrorPanel error={error} onRetry={() => void place()} />}
          </>
        ))}
    </section>
  );
}
