import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DeliveryService } from '../../../electron/contract/catalog.ts';
import type { DeliverySlot, DeliveryWindow } from '../../../electron/contract/orders.ts';
import { maskMobile } from '../../../electron/domain/identity.ts';
import type { Checkout, Navigate } from '../../app/navigation.ts';
import { useShopper } from '../../app/shopper.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.tsx';
import { Progress } from '../../components/Progress.tsx';
import { langOf } from '../../i18n/index.ts';
import { CheckGroup, ChoiceGroup, TextField } from '../../components/fields.tsx';
import { formatStoreDate } from '../../components/format.ts';
import { checkText, MAX_LENGTH, type TypedField } from './fulfilment-form.ts';
import { useFulfilmentForm, type FulfilmentForm } from './use-fulfilment-form.ts';

/**
 * Take it home today, or book a delivery: a day and window, the district and address, a contact
 * mobile and the services these goods can have; then the order. Reached after signing (the order
 * is what the agreement pays for) and for a purchase paid at the till.
 */
export function FulfilmentScreen({ checkout, navigate }: { checkout: Checkout; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { removeFromCart } = useShopper();
  const form = useFulfilmentForm({
    checkout,
    onPlaced: (order) => {
      // What was bought leaves the cart; anything added to it since stays.
      if ('items' in checkout.purchase) for (const { productId } of checkout.purchase.items) removeFromCart(productId);
      navigate({ type: 'advance', screen: { name: 'order', checkout, order } });
    },
  });
  const { options, values, mode, marks } = form;
  const mark = (key: keyof typeof marks) => (marks[key] ? t(marks[key]) : null);

  return (
    <section className="fulfilment" aria-labelledby="fulfilment-title">
      {checkout.payment === 'installment' && (
        <p className="fulfilment__signed" role="status">
          <span aria-hidden="true">✓ </span>
          {t('credit.fulfilment.signed')}
        </p>
      )}
      <h1 id="fulfilment-title" className="screen-title">
        {t('credit.fulfilment.title')}
      </h1>
      {checkout.payment === 'till' && <p className="fulfilment__note">{t('credit.fulfilment.tillNote')}</p>}
      {options.state === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {options.state === 'error' && <ErrorPanel error={options.error} onRetry={form.reloadOptions} />}
      {options.state === 'ready' &&
        (!options.data.pickupToday && options.data.days.length === 0 ? (
          <p className="empty">{t('credit.fulfilment.none')}</p>
        ) : (
          <form
            ref={form.formRef}
            className="fulfilment__form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void form.submit();
            }}
          >
            {options.data.pickupToday ? (
              <ChoiceGroup
                id="fulfilment-mode"
                className="choices--wide"
                legend={t('credit.fulfilment.choose')}
                options={[
                  { value: 'pickup', label: t('credit.fulfilment.pickup'), hint: t('credit.fulfilment.pickupHint') },
                  { value: 'delivery', label: t('credit.fulfilment.delivery'), hint: t('credit.fulfilment.deliveryHint') },
                ]}
                value={values.mode}
                onChange={(value) => form.choose('mode', value)}
                error={mark('mode')}
              />
            ) : (
              options.data.days[0] && (
                <p className="fulfilment__note">{t('credit.fulfilment.deliveryOnly', { date: formatStoreDate(options.data.days[0].date, i18n.language, 'weekday') })}</p>
              )
            )}
            {mode === 'delivery' && (
              <div className="fulfilment__delivery">
                <SlotPicker days={options.data.days} value={values.slot} onChange={(slot) => form.choose('slot', slot)} error={mark('slot')} />
                <div className="fulfilment__where">
                  <ChoiceGroup
                    id="fulfilment-districtId"
                    className="choices--districts"
                    legend={t('credit.fulfilment.district')}
                    options={options.data.districts.map((d) => ({ value: d.id, label: d.name[lang] }))}
                    value={values.districtId}
                    onChange={(value) => form.choose('districtId', value)}
                    error={mark('districtId')}
                  />
                  <DeliveryText form={form} field="address" label={t('credit.fulfilment.address')} hint={t('credit.fulfilment.addressHint')} />
                  <DeliveryText form={form} field="contactMobile" label={t('credit.fulfilment.contact')} hint={t('credit.fulfilment.contactHint')} />
                  {options.data.services.length > 0 && (
                    <CheckGroup
                      id="fulfilment-services"
                      className="choices--wide"
                      legend={t('credit.fulfilment.services')}
                      // Always in the same order, whatever order the goods' categories name them in.
                      options={DeliveryService.options
                        .filter((s) => options.data.services.includes(s))
                        .map((s) => ({ value: s, label: t(`credit.fulfilment.service.${s}`), hint: t(`credit.fulfilment.serviceHint.${s}`) }))}
                      value={values.services}
                      onChange={form.setServices}
                    />
                  )}
                </div>
              </div>
            )}
            <div className="form-nav">
              <button type="submit" className="primary-button" disabled={form.placing} aria-busy={form.placing}>
                {t('credit.fulfilment.place')}
              </button>
            </div>
            {form.placing && <Progress label={t('credit.fulfilment.placing')} />}
            {form.placeError && <ErrorPanel error={form.placeError} onRetry={() => void form.submit()} />}
            {form.keyboardFor && <DockedKeyboard form={form} field={form.keyboardFor} />}
          </form>
        ))}
    </section>
  );
}

/** The address (pinyin or letters) or the contact mobile (digits); the mobile is shown masked once entered, while nobody types into it. */
function DeliveryText({ form, field, label, hint }: { form: FulfilmentForm; field: TypedField; label: string; hint: string }) {
  const { t } = useTranslation();
  const value = form.values[field];
  const masked = field === 'contactMobile' && form.keyboardFor !== field && checkText(field, value) === null;
  const error = form.marks[field];
  return (
    <TextField
      id={`fulfilment-${field}`}
      label={label}
      hint={hint}
      value={masked ? maskMobile(value) : value}
      readOnly={masked}
      error={error ? t(error) : null}
      maxLength={MAX_LENGTH[field]}
      inputRef={form.inputRef(field)}
      onChange={(typed) => form.setText(field, typed)}
      onFocus={() => form.openKeyboard(field)}
      // Focus that moves to another control leaves the field; a tap on a key of our keyboard does not.
      onBlur={(event) => {
        if (event.relatedTarget) form.leaveField(field);
      }}
    />
  );
}

/** One row per day, its windows side by side: each a radio named by its day and its window. */
function SlotPicker({ days, value, onChange, error }: { days: { date: string; windows: DeliveryWindow[] }[]; value: DeliverySlot | null; onChange: (slot: DeliverySlot) => void; error: string | null }) {
  const { t, i18n } = useTranslation();
  const errorId = 'fulfilment-slot-error';
  return (
    <fieldset className="choices slots" aria-describedby={error ? errorId : undefined}>
      <legend className="choices__legend">{t('credit.fulfilment.slot')}</legend>
      <div className="slots__days">
        {days.map((day) => {
          const dayId = `fulfilment-day-${day.date}`;
          return (
            <div key={day.date} className="slots__day" role="group" aria-labelledby={dayId}>
              <span id={dayId} className="slots__date">
                {formatStoreDate(day.date, i18n.language, 'weekday')}
              </span>
              <div className="slots__windows">
                {day.windows.map((window) => (
                  <label key={window} className="choice slots__window">
                    <input
                      type="radio"
                      name="fulfilment-slot"
                      checked={value?.date === day.date && value.window === window}
                      aria-labelledby={`${dayId} ${dayId}-${window}`}
                      onChange={() => onChange({ date: day.date, window })}
                    />
                    <span id={`${dayId}-${window}`} className="choice__label">
                      {t(`credit.fulfilment.window.${window}`)}
                    </span>
                  </label>
                ))}
              </div>
            </div>
          );
        })}
      </div>
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * The keyboard for the field being typed, docked at the bottom of the screen while the form
 * scrolls above it; the field is brought into view above it when it opens.
 */
function DockedKeyboard({ form, field }: { form: FulfilmentForm; field: TypedField }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const input = document.getElementById(`fulfilment-${field}`);
    const keyboard = element.current;
    if (!input || !keyboard) return;
    const scroller = keyboard.closest('.screen');
    if (!scroller) return;
    // Centre the field in what the keyboard leaves visible.
    const room = scroller.getBoundingClientRect();
    const visibleBottom = room.bottom - keyboard.getBoundingClientRect().height;
    const box = input.getBoundingClientRect();
    const target = room.top + (visibleBottom - room.top) / 2;
    scroller.scrollBy({ top: box.top + box.height / 2 - target });
  }, [field]);
  return (
    <div className="form-keyboard form-keyboard--docked" ref={element}>
      <OnScreenKeyboard
        key={field}
        value={form.values[field]}
        onChange={(value) => form.setText(field, value)}
        onDone={form.closeKeyboard}
        mode={form.keyboardMode(field)}
        onModeChange={field === 'address' ? form.setAddressKeyboard : undefined}
      />
    </div>
  );
}
