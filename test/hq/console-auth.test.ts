import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_DECISION_REASONS } from '../../electron/contract/credit.ts';
import { addUser, LOCK_MS, MAX_FAILED_SIGN_INS, SESSION_IDLE_MS } from '../../hq/console-users.ts';
import { startTestHq, TestKiosk, type TestHq } from './harness.ts';

/** A clock the tests move (lockouts and idle sessions end with time). */
const clock = { at: 1_790_000_000_000 };
let hq: TestHq;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  hq = await startTestHq({ now: () => clock.at });
  for (const [username, role] of [
    ['ivy', 'it-admin'],
    ['fay', 'finance-ops'],
    ['vic', 'viewer'],
    ['lou', 'viewer'],
  ] as const) {
    expect((await addUser(hq.db, { username, role, displayName: username.toUpperCase(), password: PASSWORD }, clock.at)).ok).toBe(true);
  }
});
afterAll(() => hq.close());

interface Answer {
  status: number;
  body: { error?: { code: string; retryAfterS?: number }; csrfToken?: string; user?: { role: string } } & Record<string, unknown>;
  cookie?: string;
}

async function call(method: string, path: string, options: { body?: unknown; cookie?: string; csrf?: string; origin?: string; admin?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.origin) headers.origin = options.origin;
  if (options.admin) headers.authorization = `Bearer ${hq.adminToken}`;
  const response = await fetch(new URL(path.replace(/^\//, ''), hq.url), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const setCookie = response.headers.get('set-cookie') ?? undefined;
  return { status: response.status, body: (await response.json()) as Answer['body'], cookie: setCookie };
}

async function signIn(username: string, password = PASSWORD): Promise<{ cookie: string; csrf: string; answer: Answer }> {
  const answer = await call('POST', '/v1/console/session', { body: { username, password } });
  return { cookie: (answer.cookie ?? '').split(';')[0] ?? '', csrf: answer.body.csrfToken ?? '', answer };
}

describe('HQ console sign-in, roles and audit', () => {
  it('signs in with an HttpOnly, SameSite=Strict cookie; the answer never carries the session token', async () => {
    const { answer, cookie } = await signIn('ivy');
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ username: 'ivy', displayName: 'IVY', role: 'it-admin' });
    expect(answer.cookie).toMatch(/^hq_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(JSON.stringify(answer.body)).not.toContain(cookie.split('=')[1]);
    expect((await call('GET', '/v1/console/session', { cookie })).body.user).toMatchObject({ username: 'ivy' });
    // Only a hash of the token is stored.
    const [stored] = await hq.db.query<{ token_hash: string }>('SELECT token_hash FROM console_sessions');
    expect(stored?.token_hash).not.toBe(cookie.split('=')[1]);
  });

  it('refuses a wrong password and an unknown user alike, and locks after five wrong passwords', async () => {
    expect((await signIn('nobody')).answer.body.error?.code).toBe('BAD_CREDENTIALS');
    expect((await signIn('lou', 'wrong password!!')).answer.status).toBe(401);
    // Guesses sent at once all count.
    const guesses = await Promise.all(Array.from({ length: MAX_FAILED_SIGN_INS - 1 }, () => signIn('lou', 'another wrong one')));
    expect(guesses.map((g) => g.answer.body.error?.code).sort()).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'LOCKED']);
    const locked = await signIn('lou');
    expect(locked.answer.status).toBe(429);
    expect(locked.answer.body.error).toMatchObject({ code: 'LOCKED', retryAfterS: LOCK_MS / 1000 });
    clock.at += LOCK_MS + 1;
    expect((await signIn('lou')).answer.status).toBe(200);
  });

  it('lets each role do its work and nothing else, and a change needs the CSRF token', async () => {
    const viewer = await signIn('vic');
    const finance = await signIn('fay');
    const it = await signIn('ivy');
    // Everyone watches the fleet; only finance operations publish; a viewer changes nothing.
    for (const who of [viewer, finance, it]) expect((await call('GET', '/v1/admin/kiosks', { cookie: who.cookie })).status).toBe(200);
    // The fleet shows each kiosk's ring, pin and hold (the console's kiosk page).
    const enrolled = (await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S042'))).kioskId;
    await call('PUT', '/v1/admin/stores/S042/ring', { cookie: it.cookie, csrf: it.csrf, body: { ring: 'canary' } });
    await call('PUT', `/v1/admin/kiosks/${enrolled}/hold`, { cookie: it.cookie, csrf: it.csrf, body: { held: true } });
    const kiosks = (await call('GET', '/v1/admin/kiosks?storeId=S042', { cookie: viewer.cookie })).body.kiosks as Array<Record<string, unknown>>;
    expect(kiosks).toEqual([expect.objectContaining({ id: enrolled, ring: 'canary', pinnedVersion: null, updatesHeld: true })]);
    const catalog = { dataset: 'blocklist', body: JSON.stringify({ dataset: 'blocklist', version: 'b-console', entries: [] }) };
    expect((await call('POST', '/v1/admin/publications', { cookie: viewer.cookie, csrf: viewer.csrf, body: catalog })).body.error?.code).toBe('FORBIDDEN');
    expect((await call('POST', '/v1/admin/publications', { cookie: it.cookie, csrf: it.csrf, body: catalog })).status).toBe(403);
    expect((await call('GET', '/v1/admin/applications', { cookie: viewer.cookie })).status).toBe(403);
    expect((await call('POST', '/v1/admin/enrolment-codes', { cookie: viewer.cookie, csrf: viewer.csrf, body: { storeId: 'S001' } })).status).toBe(403);
    // Without the CSRF token, or from another origin, a change is refused even for the right role.
    expect((await call('POST', '/v1/admin/publications', { cookie: finance.cookie, body: catalog })).body.error?.code).toBe('FORBIDDEN');
    expect((await call('POST', '/v1/admin/publications', { cookie: finance.cookie, csrf: it.csrf, body: catalog })).status).toBe(403);
    expect((await call('POST', '/v1/admin/publications', { cookie: finance.cookie, csrf: finance.csrf, origin: 'https://evil.example', body: catalog })).status).toBe(403);
    const published = await call('POST', '/v1/admin/publications', { cookie: finance.cookie, csrf: finance.csrf, body: catalog });
    expect(published.status).toBe(200);
    expect((await call('POST', '/v1/admin/enrolment-codes', { cookie: it.cookie, csrf: it.csrf, body: { storeId: 'S001' } })).status).toBe(200);
    // No session: 401; the admin token still works for scripts.
    expect((await call('GET', '/v1/admin/kiosks')).body.error?.code).toBe('UNAUTHENTICATED');
    expect((await call('GET', '/v1/admin/kiosks', { admin: true })).status).toBe(200);

    // Every change is audited with who made it, including the refused ones.
    const audit = await call('GET', '/v1/admin/audit?limit=50', { cookie: it.cookie });
    const entries = audit.body.entries as Array<{ actor: string; route: string; status: number; method: string }>;
    expect(entries).toContainEqual(expect.objectContaining({ actor: 'console:fay', route: '/v1/admin/publications', status: 200 }));
    expect(entries).toContainEqual(expect.objectContaining({ actor: 'console:ivy', route: '/v1/admin/enrolment-codes', status: 200 }));
    expect(entries).toContainEqual(expect.objectContaining({ actor: 'console:lou', route: '/v1/console/session', status: 429 }));
    // The publication records who published it.
    const [publication] = await hq.db.query<{ published_by: string }>("SELECT published_by FROM publications WHERE dataset = 'blocklist' ORDER BY id DESC LIMIT 1");
    expect(publication?.published_by).toBe('console:fay');
    expect((await call('GET', '/v1/admin/audit', { cookie: viewer.cookie })).status).toBe(403);

    // A review decided from the console is the signed-in user's; a script must say who decides.
    const decision = { kioskId: randomUUID(), applicationId: 'app-1', status: 'approved', reason: STAFF_DECISION_REASONS.approve[0] };
    expect((await call('POST', '/v1/admin/escalations/decide', { admin: true, body: decision })).body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('body.by') });
    expect((await call('POST', '/v1/admin/escalations/decide', { cookie: finance.cookie, csrf: finance.csrf, body: decision })).body.error?.code).toBe('NOT_FOUND');
  });

  it('ends a session when signed out or left unused, and a signed-out cookie opens nothing', async () => {
    const { cookie, csrf } = await signIn('vic');
    expect((await call('DELETE', '/v1/console/session', { cookie })).status).toBe(403);
    const out = await call('DELETE', '/v1/console/session', { cookie, csrf });
    expect(out.cookie).toMatch(/^hq_session=; .*Max-Age=0/);
    expect((await call('GET', '/v1/admin/kiosks', { cookie })).status).toBe(401);

    const idle = await signIn('vic');
    clock.at += SESSION_IDLE_MS - 1000;
    expect((await call('GET', '/v1/admin/kiosks', { cookie: idle.cookie })).status).toBe(200);
    clock.at += SESSION_IDLE_MS - 1000;
    expect((await call('GET', '/v1/admin/kiosks', { cookie: idle.cookie })).status).toBe(200);
    clock.at += SESSION_IDLE_MS + 1;
    expect((await call('GET', '/v1/console/session', { cookie: idle.cookie })).status).toBe(401);
  });
});
