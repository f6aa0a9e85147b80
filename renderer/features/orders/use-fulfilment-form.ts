import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryService } from '../../../electron/contract/catalog.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import type { OrderView } from '../../../electron/contract/orders.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import type { Checkout } from '../../app/navigation.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useApi } from '../../app/use-api.ts';
import type { KeyboardMode } from '../../components/OnScreenKeyboard.tsx';
import { langOf } from '../../i18n/index.ts';
import { requestIds } from '../../app/request-ids.ts';
import { checkAll, checkText, fulfilmentOf, MARKS, MAX_LENGTH, NO_ANSWERS, refusalOf, type FulfilmentValues, type Marks, type Mode, type TypedField } from './fulfilment-form.ts';

type Chosen = 'mode' | 'slot' | 'districtId';
const CHOSEN: readonly Chosen[] = ['mode', 'slot', 'districtId'];

/**
 * Everything the fulfilment form holds while it is filled in: what the core offers for these
 * goods, the answers, what is marked wrong, which field the keyboard types into, and the order's
 * submission (idempotent for a till order, guarded against a double tap). The raw contact mobile
 * lives only here: the order comes back with it masked.
 */
export function useFulfilmentForm({ checkout, onPlaced }: { checkout: Checkout; onPlaced: (order: OrderView) => void }) {
  const { i18n } = useTranslation();
  const { sessionId } = useShopper();
  const { purchase } = checkout;
  const [options, reloadOptions] = useApi(() => kiosk.deliveryOptions({ purchase }), [purchase]);
  const [values, setValues] = useState<FulfilmentValues>(NO_ANSWERS);
  const [marks, setMarks] = useState<Marks>({});
  const [keyboardFor, setKeyboardFor] = useState<TypedField | null>(null);
  const [addressKeyboard, setAddressKeyboard] = useState<KeyboardMode>(langOf(i18n.language) === 'zh' ? 'pinyin' : 'latin');
  const [placing, setPlacing] = useState(false);
  const [placeError, setPlaceError] = useState<ApiError | null>(null);
  const [requestIdFor] = useState(requestIds);
  const inFlight = useRef(false);
  const inputs = useRef<Partial<Record<TypedField, HTMLInputElement | null>>>({});
  const form = useRef<HTMLFormElement | null>(null);

  const offered = options.state === 'ready' ? options.data : null;
  // Goods that cannot all go home today are delivered: there is nothing to choose.
  const mode: Mode | null = offered && !offered.pickupToday ? 'delivery' : values.mode;

  const choose = <K extends Chosen>(key: K, value: FulfilmentValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setMarks((m) => ({ ...m, [key]: undefined }));
  };

  const setServices = (services: DeliveryService[]) => setValues((v) => ({ ...v, services }));

  const setText = (field: TypedField, raw: string) => {
    const value = raw.slice(0, MAX_LENGTH[field]);
    setValues((v) => ({ ...v, [field]: value }));
    // A marked field is rechecked as it is corrected: the mark goes the moment it is right, and
    // no new complaint appears halfway through typing.
    if (marks[field] && checkText(field, value) === null) setMarks((m) => ({ ...m, [field]: undefined }));
  };

  const leaveField = (field: TypedField) => {
    if (values[field] === '') return;
    setMarks((m) => ({ ...m, [field]: checkText(field, values[field]) ?? undefined }));
  };

  const openKeyboard = (field: TypedField) => {
    if (keyboardFor && keyboardFor !== field) leaveField(keyboardFor);
    setKeyboardFor(field);
  };

  const closeKeyboard = () => {
    if (keyboardFor) leaveField(keyboardFor);
    setKeyboardFor(null);
  };

  /** A typed field takes focus (and its keyboard); a choice its first option. */
  const focusFirst = (found: Marks) => {
    setKeyboardFor(null);
    const first = MARKS.find((m) => found[m]);
    if (first === 'address' || first === 'contactMobile') inputs.current[first]?.focus();
    else if (first) form.current?.querySelector<HTMLInputElement>(`input[name="fulfilment-${first}"]`)?.focus();
  };

  const submit = async () => {
    if (inFlight.current || !offered) return;
    const found = checkAll(values, mode);
    const fulfilment = mode && fulfilmentOf(values, mode, offered.services);
    if (Object.values(found).some(Boolean) || !fulfilment) {
      setMarks(found);
      focusFirst(found);
      return;
    }
    inFlight.current = true;
    setKeyboardFor(null);
    setPlacing(true);
    setPlaceError(null);
    const result =
      checkout.payment === 'till'
        ? await kiosk.placeTillOrder({ sessionId, requestId: requestIdFor([purchase, fulfilment]), purchase, fulfilment })
        : await kiosk.placeOrder({ applicationId: checkout.application.applicationId, fulfilment });
    inFlight.current = false;
    setPlacing(false);
    if (result.ok) {
      onPlaced(result.data.order);
      return;
    }
    const refusal = refusalOf(result.error);
    if (!refusal) {
      setPlaceError(result.error);
      return;
    }
    setMarks(refusal.marks);
    if (refusal.reload) {
      // What was chosen is no longer offered: the shopper chooses again from what is.
      const cleared = Object.fromEntries(CHOSEN.filter((key) => refusal.marks[key]).map((key) => [key, null]));
      setValues((v) => ({ ...v, ...cleared }));
      reloadOptions();
    }
    focusFirst(refusal.marks);
  };

  return {
    options,
    reloadOptions,
    values,
    mode,
    marks,
    choose,
    setServices,
    setText,
    leaveField,
    keyboardFor,
    openKeyboard,
    closeKeyboard,
    keyboardMode: (field: TypedField): KeyboardMode => (field === 'address' ? addressKeyboard : 'digits'),
    setAddressKeyboard,
    /** Ref callback for a typed field's input: a failed check moves focus to the first marked field. */
    inputRef: (field: TypedField) => (element: HTMLInputElement | null) => {
      inputs.current[field] = element;
    },
    formRef: form,
    placing,
    placeError,
    submit,
  };
}

export type FulfilmentForm = ReturnType<typeof useFulfilmentForm>;
