import type { DeliveryService } from '../../../electron/contract/catalog.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { DELIVERY_ADDRESS_MAX, DELIVERY_ADDRESS_MIN, MOBILE_MAX_LENGTH } from '../../../electron/contract/limits.ts';
import type { DeliverySlot, Fulfilment } from '../../../electron/contract/orders.ts';
import { normaliseMobile } from '../../../electron/domain/identity.ts';

/** The rules of the fulfilment form, free of React: the form hook applies them. */

export type Mode = 'pickup' | 'delivery';

export interface FulfilmentValues {
  mode: Mode | null;
  slot: DeliverySlot | null;
  districtId: string | null;
  address: string;
  contactMobile: string;
  services: DeliveryService[];
}

export const NO_ANSWERS: FulfilmentValues = { mode: null, slot: null, districtId: null, address: '', contactMobile: '', services: [] };

/** The typed fields; the others are chosen. */
export type TypedField = 'address' | 'contactMobile';
export type Mark = 'mode' | 'slot' | 'districtId' | TypedField;
/** In the order they are on screen: a failed check moves focus to the first. */
export const MARKS: readonly Mark[] = ['mode', 'slot', 'districtId', 'address', 'contactMobile'];
/** i18n keys, not text: a message shown before a language switch is shown in the new language after it. */
export type Marks = Partial<Record<Mark, string>>;

export const MAX_LENGTH: Record<TypedField, number> = { address: DELIVERY_ADDRESS_MAX, contactMobile: MOBILE_MAX_LENGTH };

/** The same rules as the core's (ADDRESS_INCOMPLETE, MOBILE_FORMAT), so the shopper hears them before submitting. */
export function checkText(field: TypedField, value: string): string | null {
  switch (field) {
    case 'address':
      return [...value.trim()].length >= DELIVERY_ADDRESS_MIN ? null : 'errors.ADDRESS_INCOMPLETE';
    case 'contactMobile':
      return normaliseMobile(value) === null ? 'errors.MOBILE_FORMAT' : null;
  }
}

/** Everything missing or wrong, for the way the goods go (`mode`: null while the shopper must still choose). */
export function checkAll(values: FulfilmentValues, mode: Mode | null): Marks {
  if (mode === null) return { mode: 'credit.fulfilment.chooseFirst' };
  if (mode === 'pickup') return {};
  const marks: Marks = {};
  if (!values.slot) marks.slot = 'credit.fulfilment.slotFirst';
  if (!values.districtId) marks.districtId = 'credit.fulfilment.districtFirst';
  for (const field of ['address', 'contactMobile'] as const) {
    const error = checkText(field, values[field]);
    if (error) marks[field] = error;
  }
  return marks;
}

/** The request for the values (null while a delivery lacks its slot or district); only the services these goods have are asked for. */
export function fulfilmentOf(values: FulfilmentValues, mode: Mode, offered: readonly DeliveryService[]): Fulfilment | null {
  if (mode === 'pickup') return { kind: 'pickup' };
  if (!values.slot || !values.districtId) return null;
  return {
    kind: 'delivery',
    slot: values.slot,
    districtId: values.districtId,
    address: values.address.trim(),
    contactMobile: normaliseMobile(values.contactMobile) ?? values.contactMobile.trim(),
    services: values.services.filter((s) => offered.includes(s)),
  };
}

/** What the core's refusal marks, and whether the choices it names must be loaded again; null when no field can fix it. */
export function refusalOf(error: ApiError): { marks: Marks; reload: boolean } | null {
  switch (error.field) {
    case 'fulfilment.address':
      return { marks: { address: `errors.${error.code}` }, reload: false };
    case 'fulfilment.contactMobile':
      return { marks: { contactMobile: `errors.${error.code}` }, reload: false };
    case 'fulfilment.slot':
      return { marks: { slot: 'errors.SLOT_UNAVAILABLE' }, reload: true };
    case 'fulfilment.districtId':
      return { marks: { districtId: 'credit.fulfilment.districtFirst' }, reload: true };
    case 'fulfilment':
      // The pickup the shopper chose: not every line is in the store any more.
      return error.code === 'SLOT_UNAVAILABLE' ? { marks: { mode: 'credit.fulfilment.pickupGone' }, reload: true } : null;
    default:
      return null;
  }
}
