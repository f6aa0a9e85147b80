import { formatFen } from '../../../../electron/domain/money.ts';
import type { ApiError } from '../../api/client.ts';

/** One escalation's address at HQ: the kiosk that holds the application, and its id there. */
export interface ReviewKey {
  kioskId: string;
  applicationId: string;
}

export const detailPath = (key: ReviewKey) => `/v1/admin/escalations/${encodeURIComponent(key.kioskId)}/${encodeURIComponent(key.applicationId)}`;

/**
 * The eight characters staff read out at the kiosk for this application (the kiosk's own
 * `reference` in core/credit): the credit team and the store name the same application alike.
 */
export const reference = (applicationId: string) => applicationId.replace(/-/g, '').slice(-8).toUpperCase();

/** A kiosk's id is a UUID: its first block tells kiosks of one store apart, the whole is in the title. */
export const shortKiosk = (kioskId: string) => kioskId.slice(0, 8);

/** A code's text from a translated table (`t(key, { returnObjects: true })`), else the code itself: HQ may send a code newer than this console. */
export function label(table: unknown, code: string): string {
  const text = typeof table === 'object' && table !== null ? (table as Record<string, unknown>)[code] : undefined;
  return typeof text === 'string' ? text : code;
}

/** A JSON value as rows of dotted path → value, for the model's input and a node's output. */
export function flatten(value: unknown, prefix = ''): Array<[path: string, value: unknown]> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [[prefix, value]] : [];
    return entries.flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, value]];
}

/** A value as the model saw it; amounts (fields in fen) also as yuan. */
export function showValue(path: string, value: unknown): string {
  if (typeof value === 'number' && /Fen$/.test(path) && Number.isSafeInteger(value)) return `${formatFen(value)} (${value})`;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** How a review ended: decided here, or found decided by someone else (HQ's 409, or gone: 404). */
export type Outcome = (ReviewKey & { kind: 'decided'; status: 'approved' | 'declined' }) | (ReviewKey & { kind: 'alreadyDecided' | 'gone' });

/** A refusal that means the application left the list meanwhile, or null for any other failure. */
export function leftTheList(error: ApiError): 'alreadyDecided' | 'gone' | null {
  if (error.kind !== 'refused') return null;
  if (error.status === 409) return 'alreadyDecided';
  return error.status === 404 ? 'gone' : null;
}
