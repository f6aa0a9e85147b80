import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { HqDb, Queryable } from '../db/database.ts';
import { identityKey } from '../fleet.ts';
import { sha256Hex } from '../sha256.ts';

/**
 * Texting a member's mobile a verification code for a kiosk, and checking it (issue 10 item 3):
 * the way to be a member without a face. Limits keep a kiosk from being used to flood a number or
 * guess a code: one code a minute and five an hour per number, sixty an hour per kiosk, five tries
 * per code, five minutes per code.
 */
export const CODE_TTL_MS = 5 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const CODES_PER_NUMBER_PER_HOUR = 5;
export const CODES_PER_KIOSK_PER_HOUR = 60;
export const ATTEMPTS_PER_CODE = 5;
const HOUR_MS = 3_600_000;
/** Rows are the rate limits' memory; a day after they expire nothing needs them. */
const KEEP_EXPIRED_MS = 24 * HOUR_MS;

/** Whatever texts a number for HQ (a provider, or the relay in front of one). Throws when it did not take the message. */
export interface SmsGateway {
  send(to: string, text: string): Promise<void>;
}

/**
 * A gateway over HTTP: POST `{ to, text }` as JSON (with the bearer token, when set); any 2xx means
 * accepted. Providers' own APIs differ; a relay speaking this sits in front of one.
 */
export function httpSmsGateway(url: string, token?: string, timeoutMs = 5_000): SmsGateway {
  return {
    async send(to, text) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ to, text }), signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`the SMS gateway answered HTTP ${response.status}`);
    },
  };
}

export function codeText(code: string): string {
  return `【会员验证】验证码 ${code}，5 分钟内有效，仅用于门店自助终端会员验证。如非本人操作请忽略。Member code ${code}, valid 5 minutes.`;
}

export type SendOutcome =
  | { ok: true; challengeId: string; expiresAt: number; resendAt: number }
  | { ok: false; reason: 'too_many'; retryAfterMs: number }
  | { ok: false; reason: 'unavailable'; message: string };

/**
 * Records a new code for the number and texts it. The row is written (and the limits checked under
 * a lock on the number, so two kiosks at once cannot both pass) before the text goes; a text the
 * gateway refused takes its row back, so it does not count against the shopper.
 */
export async function sendMobileCode(
  db: HqDb,
  sms: SmsGateway | undefined,
  kioskId: string,
  mobile: string,
  now: number,
  resendAfterMs = RESEND_AFTER_MS,
): Promise<SendOutcome> {
  if (!sms) return { ok: false, reason: 'unavailable', message: 'no SMS gateway is configured at HQ (HQ_SMS_URL)' };
  const mobileHmac = createHmac('sha256', Buffer.from(await identityKey(db), 'hex')).update(`mobile-code:${mobile}`).digest('hex');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = uuidv7();
  const limited = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [mobileHmac]);
    const wait = await waitBeforeNext(tx, kioskId, mobileHmac, now, resendAfterMs);
    if (wait > 0) return wait;
    await tx.query('INSERT INTO mobile_codes (id, kiosk_id, mobile_hmac, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      kioskId,
      mobileHmac,
      codeHash(id, code),
      now,
      now + CODE_TTL_MS,
    ]);
    return 0;
  });
  if (limited > 0) return { ok: false, reason: 'too_many', retryAfterMs: limited };
  try {
    await sms.send(mobile, codeText(code));
  } catch (error) {
    await db.query('DELETE FROM mobile_codes WHERE id = $1', [id]);
    return { ok: false, reason: 'unavailable', message: `the SMS gateway did not take the message (${(error as Error).message})` };
  }
  db.query('DELETE FROM mobile_codes WHERE expires_at < $1', [now - KEEP_EXPIRED_MS]).catch(() => undefined);
  return { ok: true, challengeId: id, expiresAt: now + CODE_TTL_MS, resendAt: now + resendAfterMs };
}

/** How long until this number (and this kiosk) may be sent another code; 0 = now. */
async function waitBeforeNext(tx: Queryable, kioskId: string, mobileHmac: string, now: number, resendAfterMs: number): Promise<number> {
  const hourAgo = now - HOUR_MS;
  const [number] = await tx.query<{ sent: string; first: string | null; last: string | null }>(
    'SELECT count(*) AS sent, min(created_at) AS first, max(created_at) AS last FROM mobile_codes WHERE mobile_hmac = $1 AND created_at > $2',
    [mobileHmac, hourAgo],
  );
  const [kiosk] = await tx.query<{ sent: string; first: string | null }>('SELECT count(*) AS sent, min(created_at) AS first FROM mobile_codes WHERE kiosk_id = $1 AND created_at > $2', [kioskId, hourAgo]);
  const waits = [0];
  if (number!.last !== null) waits.push(Number(number!.last) + resendAfterMs - now);
  if (Number(number!.sent) >= CODES_PER_NUMBER_PER_HOUR) waits.push(Number(number!.first) + HOUR_MS - now);
  if (Number(kiosk!.sent) >= CODES_PER_KIOSK_PER_HOUR) waits.push(Number(kiosk!.first) + HOUR_MS - now);
  return Math.max(...waits);
}

export type CheckOutcome = { ok: true } | { ok: false; reason: 'wrong'; attemptsLeft: number } | { ok: false; reason: 'expired' };

/** Checks a code for the kiosk that asked for it: right once, within its time and tries. */
export async function checkMobileCode(db: HqDb, kioskId: string, challengeId: string, code: string, now: number): Promise<CheckOutcome> {
  return db.transaction(async (tx): Promise<CheckOutcome> => {
    const [row] = await tx.query<{ code_hash: string; expires_at: string; attempts: number; verified_at: string | null }>(
      'SELECT code_hash, expires_at, attempts, verified_at FROM mobile_codes WHERE id = $1 AND kiosk_id = $2 FOR UPDATE',
      [challengeId, kioskId],
    );
    if (!row || row.verified_at !== null || Number(row.expires_at) <= now || row.attempts >= ATTEMPTS_PER_CODE) return { ok: false, reason: 'expired' };
    if (timingSafeEqual(Buffer.from(row.code_hash, 'hex'), Buffer.from(codeHash(challengeId, code), 'hex'))) {
      await tx.query('UPDATE mobile_codes SET verified_at = $2 WHERE id = $1', [challengeId, now]);
      return { ok: true };
    }
    await tx.query('UPDATE mobile_codes SET attempts = attempts + 1 WHERE id = $1', [challengeId]);
    return { ok: false, reason: 'wrong', attemptsLeft: ATTEMPTS_PER_CODE - row.attempts - 1 };
  });
}

/** Bound to its row: the same six digits hash differently for every code. */
function codeHash(id: string, code: string): string {
  return sha256Hex(`${id}:${code}`);
}
