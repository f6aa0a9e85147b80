import type { ApiError } from '../../../electron/contract/errors.ts';
import { APPLICANT_NAME_MAX, APPLICANT_NAME_MIN, MOBILE_MAX_LENGTH, RESIDENT_ID_LENGTH } from '../../../electron/contract/limits.ts';
import { checkResidentId, normaliseMobile } from '../../../electron/domain/identity.ts';
import { storeDate } from '../../../electron/domain/promotions.ts';

/** The rules of the credit application form, free of React: the form hook applies them. */

export const STEPS = ['consents', 'identity', 'about', 'plan', 'review'] as const;
export type Step = (typeof STEPS)[number];

export const FIELDS = ['name', 'residentId', 'mobile'] as const;
export type Field = (typeof FIELDS)[number];
export type Values = Record<Field, string>;
/** i18n keys, not text: a message shown before a language switch is shown in the new language after it. */
export type FieldErrors = Partial<Record<Field, string>>;

export const MAX_LENGTH: Record<Field, number> = { name: APPLICANT_NAME_MAX, residentId: RESIDENT_ID_LENGTH, mobile: MOBILE_MAX_LENGTH };
const SERVER_FIELD_CODES = new Set(['ID_FORMAT', 'ID_CHECKSUM', 'ID_REGION', 'ID_BIRTH_DATE', 'MOBILE_FORMAT']);

export function checkField(field: Field, value: string): string | null {
  switch (field) {
    case 'name': {
      const length = value.trim().length;
      return length >= APPLICANT_NAME_MIN && length <= APPLICANT_NAME_MAX ? null : 'credit.identity.nameInvalid';
    }
    case 'residentId': {
      const result = checkResidentId(value, storeDate(Date.now()));
      return result.ok ? null : `errors.${result.code}`;
    }
    case 'mobile':
      return normaliseMobile(value) === null ? 'errors.MOBILE_FORMAT' : null;
  }
}

/** People copy an ID from the card in groups and with a lowercase x; the core gets one spelling. */
export function tidy(field: Field, value: string): string {
  return field === 'residentId' ? value.replace(/\s/g, '').toUpperCase().slice(0, MAX_LENGTH.residentId) : value.slice(0, MAX_LENGTH[field]);
}

/** Where a refused submission sends the shopper, and what it marks there. */
export type SubmitFailure =
  | { step: 'identity'; field: Field; message: string }
  | { step: 'about'; clear: 'employment' | 'incomeBand' }
  | { step: 'consents' }
  | { step: 'plan' };

/** The step that can fix what the core refused; null when no step can (show the error and offer a retry). */
export function submitFailure(error: ApiError, values: Values): SubmitFailure | null {
  const field = error.field?.replace(/^applicant\./, '');
  if (field === 'name' || field === 'residentId' || field === 'mobile') {
    const message = SERVER_FIELD_CODES.has(error.code) ? `errors.${error.code}` : (checkField(field, values[field]) ?? `errors.${error.code}`);
    return { step: 'identity', field, message };
  }
  if (field === 'employment' || field === 'incomeBand') return { step: 'about', clear: field };
  if (error.code === 'CONSENT_OUTDATED') return { step: 'consents' };
  if (error.code === 'PLAN_UNAVAILABLE') return { step: 'plan' };
  return null;
}
