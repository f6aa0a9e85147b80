import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqDb } from '../db/database.ts';
import { sessionOf, type ConsoleSession } from '../console-users.ts';
import { checkAdmin } from './auth.ts';
import { HqHttpError } from './http.ts';
import { may, type ConsoleRole, type Permission } from './permissions.ts';

/**
 * Every admin route and what it needs. A route missing here cannot be registered (HQ fails at
 * start), so a new route is never open to every role by accident.
 */
const ROUTES: Record<string, Permission> = {
  'POST /v1/admin/publications': 'publish',
  'POST /v1/admin/publications/preview': 'publish',
  'GET /v1/admin/publications': 'publish',
  'POST /v1/admin/enrolment-codes': 'fleet:write',
  'POST /v1/admin/kiosks/:id/revoke': 'fleet:write',
  'GET /v1/admin/kiosks': 'fleet:read',
  'GET /v1/admin/kiosks/:id/heartbeats': 'fleet:read',
  'GET /v1/admin/applications': 'credit:read',
  'GET /v1/admin/escalations': 'credit:read',
  'GET /v1/admin/escalations/:kioskId/:applicationId': 'credit:read',
  'GET /v1/admin/applications/undecided': 'credit:read',
  'POST /v1/admin/escalations/decide': 'credit:write',
  'GET /v1/admin/refunds': 'credit:read',
  'POST /v1/admin/refunds/send': 'credit:write',
  'POST /v1/admin/refunds/settle': 'credit:write',
  'GET /v1/admin/staff-audit': 'audit:read',
  'GET /v1/admin/audit': 'audit:read',
  'PUT /v1/admin/stores/:id': 'fleet:write',
  'GET /v1/admin/figures': 'figures:read',
  'GET /v1/admin/figures/stores': 'figures:read',
  'GET /v1/admin/figures/reps': 'figures:read',
  'GET /v1/admin/figures/regions': 'figures:read',
  'GET /v1/admin/reconciliation': 'credit:read',
  'GET /v1/admin/refusals': 'fleet:read',
  'POST /v1/admin/kiosks/:id/commands': 'fleet:write',
  'POST /v1/admin/stores/:id/commands': 'fleet:write',
  'GET /v1/admin/kiosks/:id/commands': 'fleet:read',
  'GET /v1/admin/kiosks/:id/commands/:commandId': 'fleet:read',
  // Logs a kiosk collected are for store IT only (redacted, but a store's own business).
  'GET /v1/admin/kiosks/:id/commands/:commandId/logs': 'fleet:write',
  'POST /v1/admin/releases': 'releases:write',
  'GET /v1/admin/releases': 'releases:read',
  'POST /v1/admin/rollouts': 'releases:write',
  'GET /v1/admin/rollouts': 'releases:read',
  'GET /v1/admin/rollouts/:id': 'releases:read',
  'POST /v1/admin/rollouts/:id/:action': 'releases:write',
  'PUT /v1/admin/stores/:id/ring': 'releases:write',
  'PUT /v1/admin/kiosks/:id/pin': 'releases:write',
  'PUT /v1/admin/kiosks/:id/hold': 'releases:write',
  'GET /v1/admin/models': 'credit:read',
  'GET /v1/admin/models/comparison': 'credit:read',
  'POST /v1/admin/models/challenger': 'publish',
  'POST /v1/admin/models/promote': 'publish',
  'POST /v1/admin/models/withdraw': 'publish',
};

/** Who made an admin request: the admin token (scripts, the CLI) or a console user. */
export interface Principal {
  /** As changes record it: `admin-api`, or `console:<username>`. */
  actor: string;
  role: ConsoleRole | 'admin-token';
  session?: ConsoleSession;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    auditId: string | null;
  }
}

export const SESSION_COOKIE = 'hq_session';

/** The session cookie's token, if the request carries one. */
export function sessionToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** A change from the browser: its Origin, when sent, is HQ itself, and it carries the session's CSRF token. */
export function checkChangeFromConsole(request: FastifyRequest, session: ConsoleSession): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== request.headers.host) throw new HqHttpError(403, 'FORBIDDEN', 'a change must come from the HQ console itself');
  }
  const given = Buffer.from(String(request.headers['x-csrf-token'] ?? ''));
  const expected = Buffer.from(session.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HqHttpError(403, 'FORBIDDEN', 'a change needs the x-csrf-token header of this session');
  }
}

/**
 * Guards the admin API in one place: a bearer admin token may call every route; a console
 * session may call what its role allows, and a change needs the session's CSRF token. Every
 * change is audited before its handler runs (a change the audit cannot record is not made) and
 * the row is completed with the answer's status.
 */
export function guardAdminRoutes(app: FastifyInstance, d: { db: HqDb; adminToken: string; now: () => number }): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('auditId', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/admin/')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      if (!ROUTES[`${method} ${route.url}`]) throw new Error(`admin route ${method} ${route.url} has no permission in hq/server/access.ts`);
    }
  });
  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith('/v1/admin/')) return;
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    request.principal = await authorize(request, ROUTES[`${method} ${route}`], d);
    if (method === 'GET') return;
    const [row] = await d.db.query<{ id: string }>(
      'INSERT INTO console_audit (at, actor, role, method, route, params, status) VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id',
      [d.now(), request.principal.actor, request.principal.role, method, route, JSON.stringify(request.params ?? {})],
    );
    request.auditId = row?.id ?? null;
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.auditId === null) return;
    await d.db.query('UPDATE console_audit SET status = $2 WHERE id = $1', [request.auditId, reply.statusCode]).catch((error: unknown) => {
      request.log.error({ err: error }, 'audit status not recorded');
    });
  });
}

async function authorize(request: FastifyRequest, needs: Permission | undefined, d: { db: HqDb; adminToken: string; now: () => number }): Promise<Principal> {
  if (request.headers.authorization !== undefined) {
    checkAdmin(request, d.adminToken);
    return { actor: 'admin-api', role: 'admin-token' };
  }
  const token = sessionToken(request);
  const session = token === undefined ? undefined : await sessionOf(d.db, token, d.now());
  if (!session) throw new HqHttpError(401, 'UNAUTHENTICATED', 'sign in to the HQ console, or send Authorization: Bearer <admin token>');
  if (needs === undefined || !may(session.user.role, needs)) {
    throw new HqHttpError(403, 'FORBIDDEN', `the ${session.user.role} role may not do this`);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') checkChangeFromConsole(request, session);
  return { actor: `console:${session.user.username}`, role: session.user.role, session };
}

/** Who made the request, for the `by` a change records (the guard has run: every admin route has one). */
export function actorOf(request: FastifyRequest): string {
  return request.principal?.actor ?? 'admin-api';
}
