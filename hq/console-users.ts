import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from './db/database.ts';
import { hashSecret, verifySecret } from './passwords.ts';
import type { ConsoleRole } from './server/permissions.ts';

/** What an HQ console user may do is their role's (server/permissions.ts). */

export const Username = z.string().regex(/^[a-z][a-z0-9._-]{1,39}$/, 'a username is 2 to 40 lower-case letters, digits, dots, dashes or underscores, starting with a letter');
/** Long enough that the lockout, not the length, is what stops guessing; capped so scrypt's input stays small. */
export const Password = z.string().min(12, 'a password has at least 12 characters').max(256);

/** Console passwords: scrypt N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s on a store server's core). */
const LOG2_N = 15;
/** Wrong passwords in a row that lock the account, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MS = 15 * 60_000;
/** A session ends after this long unused, and this long after sign-in whatever happens. */
export const SESSION_IDLE_MS = 2 * 3_600_000;
export const SESSION_MAX_MS = 12 * 3_600_000;

/** Checked for an unknown username, so it takes as long as a known one. */
const DECOY_HASH = `scrypt$${LOG2_N}$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`;

export interface ConsoleUser {
  id: string;
  username: string;
  displayName: string;
  role: ConsoleRole;
}

export interface ConsoleSession {
  user: ConsoleUser;
  csrfToken: string;
  expiresAt: number;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function addUser(
  db: Queryable,
  input: { username: string; displayName: string; role: ConsoleRole; password: string },
  now: number,
): Promise<{ ok: true; user: ConsoleUser } | { ok: false; message: string }> {
  const hash = await hashSecret(input.password, LOG2_N);
  const id = randomUUID();
  const rows = await db.query<{ id: string }>(
    `INSERT INTO console_users (id, username, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [id, input.username, input.displayName, input.role, hash, now],
  );
  if (rows.length === 0) return { ok: false, message: `a user named ${input.username} exists` };
  return { ok: true, user: { id, username: input.username, displayName: input.displayName, role: input.role } };
}

export type SignIn =
  | { ok: true; session: ConsoleSession; token: string }
  | { ok: false; code: 'BAD_CREDENTIALS' }
  | { ok: false; code: 'LOCKED'; retryAfterS: number };

/**
 * Checks a username and password and opens a session. Five wrong passwords in a row lock the
 * account for fifteen minutes (counted in one statement, so guesses sent at once all count); an
 * unknown or disabled user takes as long to refuse and is refused the same way.
 */
export async function signIn(db: Queryable, username: string, password: string, now: number): Promise<SignIn> {
  const [user] = await db.query<{ id: string; display_name: string; role: ConsoleRole; password_hash: string; locked_until: string | null }>(
    'SELECT id, display_name, role, password_hash, locked_until FROM console_users WHERE username = $1 AND disabled_at IS NULL',
    [username],
  );
  const lockedUntil = user?.locked_until === null || user?.locked_until === undefined ? 0 : Number(user.locked_until);
  if (user && lockedUntil > now) return { ok: false, code: 'LOCKED', retryAfterS: Math.ceil((lockedUntil - now) / 1000) };
  const matches = await verifySecret(password, user?.password_hash ?? DECOY_HASH);
  if (!user || !matches) {
    if (!user) return { ok: false, code: 'BAD_CREDENTIALS' };
    const [counted] = await db.query<{ locked_until: string | null }>(
      `UPDATE console_users SET failed_sign_ins = failed_sign_ins + 1,
              locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3::bigint ELSE locked_until END
        WHERE id = $1 RETURNING locked_until`,
      [user.id, MAX_FAILED_SIGN_INS, now + LOCK_MS],
    );
    const locked = counted?.locked_until === null || counted?.locked_until === undefined ? 0 : Number(counted.locked_until);
    return locked > now ? { ok: false, code: 'LOCKED', retryAfterS: Math.ceil((locked - now) / 1000) } : { ok: false, code: 'BAD_CREDENTIALS' };
  }
  await db.query('UPDATE console_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [user.id]);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS);
  await db.query('INSERT INTO console_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)', [
    tokenHash(token),
    user.id,
    csrfToken,
    now,
    expiresAt,
  ]);
  return { ok: true, token, session: { user: { id: user.id, username, displayName: user.display_name, role: user.role }, csrfToken, expiresAt } };
}

/** The session a cookie's token opens, its idle time renewed; undefined when unknown, ended, or its user disabled. */
export async function sessionOf(db: Queryable, token: string, now: number): Promise<ConsoleSession | undefined> {
  const [row] = await db.query<{ id: string; username: string; display_name: string; role: ConsoleRole; csrf_token: string; expires_at: string }>(
    `UPDATE console_sessions s SET last_seen_at = $2, expires_at = LEAST(s.created_at + $3::bigint, $2::bigint + $4::bigint)
       FROM console_users u
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.id = s.user_id AND u.disabled_at IS NULL
      RETURNING u.id, u.username, u.display_name, u.role, s.csrf_token, s.expires_at`,
    [tokenHash(token), now, SESSION_MAX_MS, SESSION_IDLE_MS],
  );
  if (!row) return undefined;
  return { user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role }, csrfToken: row.csrf_token, expiresAt: Number(row.expires_at) };
}

export async function signOut(db: Queryable, token: string, now: number): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_hash = $1 OR expires_at <= $2', [tokenHash(token), now]);
}

export async function listUsers(db: Queryable, now = Date.now()): Promise<Array<{ username: string; displayName: string; role: ConsoleRole; disabled: boolean; locked: boolean }>> {
  const rows = await db.query<{ username: string; display_name: string; role: ConsoleRole; disabled_at: string | null; locked_until: string | null }>(
    'SELECT username, display_name, role, disabled_at, locked_until FROM console_users ORDER BY username',
  );
  return rows.map((r) => ({ username: r.username, displayName: r.display_name, role: r.role, disabled: r.disabled_at !== null, locked: r.locked_until !== null && Number(r.locked_until) > now }));
}
