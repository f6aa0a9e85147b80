import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { HqDb } from '../db/database.ts';
import { Password, sessionOf, signIn, signOut, Username, type ConsoleSession } from '../console-users.ts';
import { checkChangeFromConsole, SESSION_COOKIE, sessionToken } from './access.ts';
import { HqHttpError, parseInput } from './http.ts';

const SignInRequest = z.object({ username: z.string().max(64), password: z.string().max(256) }).strict();

/** The console's page: its own scripts and styles only (no inline code), no framing, and nothing sent elsewhere. */
const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** What the sign-in and session answers carry: never the session's token (that is the HttpOnly cookie). */
const sessionAnswer = (session: ConsoleSession) => ({
  user: { username: session.user.username, displayName: session.user.displayName, role: session.user.role },
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt,
});

/**
 * The HQ console (issue 14): its built files at /console/ and its session API. Sign-in sets an
 * HttpOnly, SameSite=Strict cookie whose token only HQ's database knows the hash of; the answer
 * carries the session's CSRF token, which every change through the admin API must send back.
 */
export function consoleRoutes(app: FastifyInstance, d: { db: HqDb; now: () => number; consoleDir?: string }): void {
  const { db, now } = d;
  const cookie = (reply: FastifyReply, value: string, maxAgeS: number, secure: boolean) =>
    reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`);
  const audit = (actor: string, role: string, method: string, status: number) =>
    db.query('INSERT INTO console_audit (at, actor, role, method, route, params, status) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      now(),
      actor,
      role,
      method,
      '/v1/console/session',
      '{}',
      status,
    ]);

  app.post('/v1/console/session', async (request, reply) => {
    const { username, password } = parseInput(SignInRequest, request.body, 'body');
    // A malformed name or password cannot be a user's: refused as any wrong pair is (and never logged).
    const result =
      Username.safeParse(username).success && Password.safeParse(password).success ? await signIn(db, username, password, now()) : ({ ok: false, code: 'BAD_CREDENTIALS' } as const);
    const actor = Username.safeParse(username).success ? `console:${username}` : 'console:(malformed)';
    if (!result.ok) {
      await audit(actor, 'none', 'POST', result.code === 'LOCKED' ? 429 : 401);
      throw result.code === 'LOCKED'
        ? new HqHttpError(429, 'LOCKED', 'too many wrong passwords: this account is locked for a while', { retryAfterS: result.retryAfterS })
        : new HqHttpError(401, 'BAD_CREDENTIALS', 'the username or password is wrong');
    }
    await audit(actor, result.session.user.role, 'POST', 200);
    cookie(reply, result.token, Math.floor((result.session.expiresAt - now()) / 1000), request.protocol === 'https');
    return sessionAnswer(result.session);
  });

  app.get('/v1/console/session', async (request) => {
    const token = sessionToken(request);
    const session = token === undefined ? undefined : await sessionOf(db, token, now());
    if (!session) throw new HqHttpError(401, 'UNAUTHENTICATED', 'not signed in');
    return sessionAnswer(session);
  });

  app.delete('/v1/console/session', async (request, reply) => {
    const token = sessionToken(request);
    const session = token === undefined ? undefined : await sessionOf(db, token, now());
    if (token !== undefined && session) {
      checkChangeFromConsole(request, session);
      await signOut(db, token, now());
      await audit(`console:${session.user.username}`, session.user.role, 'DELETE', 200);
    }
    cookie(reply, '', 0, request.protocol === 'https');
    return { signedOut: true };
  });

  // The built console, read once: a lookup by exact path, so no request path ever reaches the file system.
  const files = new Map<string, { body: Buffer; type: string; immutable: boolean }>();
  if (d.consoleDir !== undefined && existsSync(d.consoleDir)) {
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else {
          const url = `/console/${relative(d.consoleDir!, path).split(sep).join('/')}`;
          files.set(url, { body: readFileSync(path), type: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', immutable: url.startsWith('/console/assets/') });
        }
      }
    };
    walk(d.consoleDir);
  }
  const send = (reply: FastifyReply, url: string) => {
    const file = files.get(url);
    if (!file) throw new HqHttpError(404, 'NOT_FOUND', files.size === 0 ? 'the console is not built (npm run build)' : `no file ${url}`);
    return reply
      .headers(CONSOLE_HEADERS)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(file.type)
      .send(file.body);
  };
  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', async (_request, reply) => send(reply, '/console/index.html'));
  app.get('/console/*', async (request, reply) => send(reply, request.url.split('?')[0] ?? ''));
}
