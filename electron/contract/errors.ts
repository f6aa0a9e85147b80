import { z } from 'zod';

/** Codes the UI translates (renderer/i18n: errors.<code>). Never put personal data in `message`. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  /** The caller's role may not use this channel (a staff channel from the shopper screen). */
  'FORBIDDEN',
  'NOT_FOUND',
  'UNKNOWN_CHANNEL',
  'UNAVAILABLE',
  'INTERNAL',
  // Credit application fields (with `field` set); the form shows them at the field.
  'ID_FORMAT',
  'ID_CHECKSUM',
  /** The first two digits are not a province-level region code. */
  'ID_REGION',
  'ID_BIRTH_DATE',
  'MOBILE_FORMAT',
  /** A delivery address too short to find the door (with `field`). */
  'ADDRESS_INCOMPLETE',
  /** The consent text changed since the shopper accepted it: show it again. */
  'CONSENT_OUTDATED',
  /** The chosen plan is no longer offered for this amount (quota, budget or dataset changed). */
  'PLAN_UNAVAILABLE',
  /** The application is not in a state that allows this step (e.g. signing a declined one). */
  'APPLICATION_STATE',
  /** The contract text changed after it was shown; show it again before signing. */
  'CONTRACT_CHANGED',
  'COOLING_OFF_OVER',
  'SLOT_UNAVAILABLE',
  /** The shopper's visit ended (idle reset, finished): start a new one. */
  'SESSION_ENDED',
  /** More than the staff member may approve (the roster's limit): send it to HQ instead. */
  'ABOVE_AUTHORITY',
  /** Face enrolment: the mobile number (field `mobile`) or the face (field `descriptors`) is a member already. */
  'ALREADY_MEMBER',
  /** Face enrolment: the views are not all of one face (someone else came into view). */
  'FACE_MISMATCH',
  /** A mobile code cannot be texted now (HQ unreachable or without an SMS gateway): staff help instead. */
  'VERIFY_UNAVAILABLE',
  /** Too many codes for this number lately: later, or staff. */
  'TOO_MANY_CODES',
  /** Not the code that was texted (field `code`); the shopper may try again. */
  'CODE_WRONG',
  /** The code is used, out of tries or past its time: ask for a new one. */
  'CODE_EXPIRED',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  /** For operators and logs; the UI shows the translated code. */
  message: z.string(),
  /** Dotted path of the offending input field, when there is one. */
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export const ok = <T>(data: T): ApiResult<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, field?: string): ApiResult<never> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

export function apiResultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ApiError }),
  ]);
}
