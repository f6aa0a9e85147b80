import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  CreditCheckRequest,
  EnrolRequest,
  HQ_ROUTES,
  KioskMessage,
  MobileCodeCheckRequest,
  MobileCodeRequest,
  PullRequest,
  PushRequest,
  type CreditCheckResponse,
  type EnrolResponse,
  type MobileCodeCheckResponse,
  type MobileCodeResponse,
  type PullResponse,
  type PushResponse,
} from '../../electron/contract/sync.ts';
import { HqCredit } from '../credit/credit.ts';
import type { ModelContent } from '../credit/model.ts';
import type { HqDb } from '../db/database.ts';
import { listApplications } from '../credit/applications.ts';
import { decideEscalation, escalationDetail, openEscalations, undecidedPending } from '../credit/escalations.ts';
import { listRefunds, sendRefunds, settleRefund } from '../credit/refunds.ts';
import { checkStaffAudit } from '../staff-audit.ts';
import { hqFigures, regionFigures } from '../figures/figures.ts';
import { repPatterns, storeGrades } from '../figures/grades.ts';
import { reconciliationCsv } from '../figures/reconciliation.ts';
import { addDays } from '../../electron/domain/calendar.ts';
import { storeDate } from '../../electron/domain/promotions.ts';
import { createEnrolmentCode, enrol, identityKey, listKioskHead, listKiosks, listRefusals, revokeKiosk, setStoreRegion } from '../fleet.ts';
import type { HqKeys } from '../keys.ts';
import { Heartbeat, type HeartbeatResponse } from '../../electron/contract/fleet.ts';
import { HEARTBEAT_HISTORY_MS, HeartbeatBatcher, heartbeatHistory, HeartbeatPruner } from '../fleet-health.ts';
import { checkMobileCode, sendMobileCode, type SmsGateway } from '../members/mobile-codes.ts';
import { latestFor, previewPublication, publish, type PublishRequest } from '../publish.ts';
import { listPublications } from '../publication-list.ts';
import { ingest } from '../sync/ingest.ts';
import {
  ApplicationsQuery,
  EnrolmentCodeRequest,
  EscalationDecisionRequest,
  EscalationParams,
  EscalationsQuery,
  RefundsQuery,
  SendRefundsRequest,
  SettleRefundRequest,
  StaffAuditQuery,
  FiguresQuery,
  ReconciliationQuery,
  RepPatternsQuery,
  RegionFiguresQuery,
  StoreGradesQuery,
  StoreParams,
  StoreUpdateRequest,
  AuditQuery,
  HeartbeatsQuery,
  KioskParams,
  KiosksQuery,
  PublishRequestBody,
  RefusalsQuery,
  RevokeRequest,
} from './admin-schemas.ts';
import { actorOf, guardAdminRoutes } from './access.ts';
import { KioskAuth } from './auth.ts';
import { consoleRoutes } from './console-routes.ts';
import { HqHttpError, parseInput } from './http.ts';
import { openApiDocument } from './openapi.ts';
import { DRIVE_ROLLOUTS_EVERY_MS, releaseRoutes } from './release-routes.ts';
import { commandRoutes } from './command-routes.ts';
import { modelRoutes } from './model-routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's exact bytes: request tokens sign their SHA-256. */
    rawBody: Buffer | null;
  }
}

export interface HqAppOptions {
  db: HqDb;
  keys: HqKeys;
  /** Bearer token of the publishing API (HQ_ADMIN_TOKEN). */
  adminToken: string;
  now?: () => number;
  /** A pino logger; false (the default) logs nothing. */
  log?: Logger | false;
  /** Largest request body; a push of 500 items or a catalog of 20,000 products fits. */
  bodyLimit?: number;
  /**
   * The bundled credit model (resources/decision-models) HQ decides pending applications with
   * until one is published; without it and without a publication they stay pending at HQ.
   */
  creditModel?: ModelContent;
  /** Texts members' verification codes (HQ_SMS_URL); without one, kiosks are told to send shoppers to staff. */
  sms?: SmsGateway;
  /** The least time between two codes for one number (HQ_SMS_RESEND_AFTER_S; default a minute). */
  smsResendAfterMs?: number;
  /** How often this process moves rollouts on (bake, auto-halt); 0: never (tests drive them with their own clock). */
  driveRolloutsEveryMs?: number;
  /** The built HQ console (dist/console), served at /console/; absent: no console. */
  consoleDir?: string;
}

const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
const MESSAGES_PER_PULL = 500;

/**
 * HQ's HTTP API (DESIGN.md §7, §9) as a Fastify instance: the caller listens (or injects). It
 * holds no state of its own (everything is in `db`), so any number of instances may serve one
 * PostgreSQL. Every input is parsed with its zod schema; every error leaves in the HqError shape.
 * Logs carry ids, counts and codes, never payloads or what a person typed.
 */
export function buildHqApp(options: HqAppOptions): FastifyInstance {
  const { db, keys, adminToken } = options;
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    ...(options.log ? { loggerInstance: options.log } : { logger: false }),
    bodyLimit,
  }) as unknown as FastifyInstance;
  const auth = new KioskAuth(db, now);
  const credit = new HqCredit({ bundledModel: options.creditModel, log: options.log ?? false });
  app.addHook('onClose', async () => credit.dispose());

  app.decorateRequest('rawBody', null);
  // Before any route: the guard checks at registration that each admin route has its permission.
  guardAdminRoutes(app, { db, adminToken, now });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      done(new HqHttpError(400, 'BAD_REQUEST', 'body: not valid JSON'), undefined);
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof HqHttpError) {
      if (error.status >= 500) request.log.error({ code: error.code }, error.message);
      return sendError(reply, error);
    }
    const status = error.statusCode;
    // Fastify's own refusals (body too large, wrong content type) are the client's to fix.
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, new HqHttpError(status, 'BAD_REQUEST', error.message));
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, new HqHttpError(500, 'INTERNAL', 'HQ failed to handle the request; it was logged'));
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new HqHttpError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));

  app.get('/health', async () => {
    try {
      await db.query('SELECT 1');
    } catch {
      throw new HqHttpError(503, 'UNAVAILABLE', 'the database does not answer');
    }
    return { status: 'ok', serverTime: now() };
  });

  const openapi = openApiDocument();
  app.get('/openapi.json', async () => openapi);

  /* ---------------------------------------------------------------- kiosk */

  app.post(`/${HQ_ROUTES.enrol}`, async (request): Promise<EnrolResponse> => {
    const body = parseInput(EnrolRequest, request.body, 'body');
    const at = now();
    const outcome = await enrol(db, body, at);
    if (!outcome.ok) throw new HqHttpError(400, 'ENROLMENT_CODE_INVALID', outcome.message);
    request.log.info({ kioskId: outcome.kioskId, storeId: outcome.storeId }, 'kiosk enrolled');
    return { kioskId: outcome.kioskId, storeId: outcome.storeId, hqPublicKey: keys.publicKeyX, identityKey: await identityKey(db), serverTime: now() };
  });

  app.post(`/${HQ_ROUTES.push}`, async (request): Promise<PushResponse> => {
    const { kioskId } = await auth.authenticate(request, HQ_ROUTES.push, 'POST');
    const body = parseInput(PushRequest, request.body, 'body');
    const outcome = await ingest(db, kioskId, body.items, now(), { credit });
    switch (outcome.kind) {
      case 'unknown-kiosk':
        throw new HqHttpError(401, 'UNAUTHENTICATED', 'no kiosk is enrolled under this id');
      case 'revoked':
        throw new HqHttpError(401, 'KIOSK_REVOKED', 'store IT revoked this kiosk: offline approvals stop, cash sales go on');
      case 'gap':
        throw new HqHttpError(409, 'SEQ_GAP', `HQ expects seq ${outcome.expectedSeq} next`, { expectedSeq: outcome.expectedSeq });
      case 'ok': {
        const count = (status: string) => outcome.results.filter((r) => r.status === status).length;
        request.log.info(
          { kioskId, items: body.items.length, applied: count('applied'), duplicate: count('duplicate'), rejected: count('rejected'), expectedSeq: outcome.expectedSeq },
          'push',
        );
        return { results: outcome.results, expectedSeq: outcome.expectedSeq, serverTime: now() };
      }
    }
  });

  app.post(`/${HQ_ROUTES.pull}`, async (request): Promise<PullResponse> => {
    const { kioskId, storeId } = await auth.authenticate(request, HQ_ROUTES.pull, 'POST');
    const body = parseInput(PullRequest, request.body, 'body');
    const { publications, current } = await latestFor(db, storeId, body.cursors, now());
    const rows = await db.query<{ id: number; kind: string; payload: Record<string, unknown> }>(
      'SELECT id, kind, payload FROM kiosk_messages WHERE kiosk_id = $1 AND id > $2 ORDER BY id LIMIT $3',
      [kioskId, body.messageCursor, MESSAGES_PER_PULL],
    );
    const messages: KioskMessage[] = [];
    for (const row of rows) {
      const message = KioskMessage.safeParse({ ...row.payload, id: row.id, kind: row.kind });
      if (message.success) messages.push(message.data);
      else request.log.error({ kioskId, messageId: row.id }, 'a stored kiosk message does not match the contract; skipped');
    }
    await db.query('UPDATE kiosks SET last_pull_at = $2 WHERE id = $1', [kioskId, now()]);
    request.log.info({ kioskId, publications: publications.map((p) => `${p.dataset}@${p.version}`), messages: messages.length }, 'pull');
    return { publications, current, messages, serverTime: now() };
  });

  /**
   * Cross-store checks for an application a kiosk is deciding now: HMACs in, counts, exposure and
   * blocklist hits out. The kiosk waits a short time for the answer, then applies its offline rules.
   */
  app.post(`/${HQ_ROUTES.creditCheck}`, async (request): Promise<CreditCheckResponse> => {
    const kiosk = await auth.authenticate(request, HQ_ROUTES.creditCheck, 'POST');
    const body = parseInput(CreditCheckRequest, request.body, 'body');
    const at = now();
    const result = await credit.check(db, kiosk, body, at);
    // Counts and flags only: no HMAC in the log.
    request.log.info({ kioskId: kiosk.kioskId, idApplications: result.idApplications, phoneApplications: result.phoneApplications }, 'credit check');
    return { ...result, serverTime: now() };
  });

  /**
   * A kiosk's minute heartbeat (issue 12 item 3): kept as its latest, in its history, and its update
   * states. Its token id is recorded in the statement that keeps it, and concurrent heartbeats share
   * that statement (HeartbeatBatcher); the answer waits for its commit.
   */
  const pruner = new HeartbeatPruner(db);
  const heartbeats = new HeartbeatBatcher(db);
  app.post(`/${HQ_ROUTES.heartbeat}`, async (request): Promise<HeartbeatResponse> => {
    const token = await auth.verify(request, HQ_ROUTES.heartbeat, 'POST');
    let body: Heartbeat;
    try {
      body = parseInput(Heartbeat, request.body, 'body');
    } catch (error) {
      // As on every route: a revoked kiosk or a replay is told so before a bad body, which uses its token.
      auth.settle(token, (await auth.consume(token)).use);
      throw error;
    }
    const at = now();
    auth.settle(token, await heartbeats.record({ token, heartbeat: body, receivedAt: at }));
    pruner.maybePrune(at);
    return { serverTime: now() };
  });

  /** A verification code texted to a member's mobile for this kiosk (issue 10 item 3). Logs name the code's id, never the number or the code. */
  app.post(`/${HQ_ROUTES.mobileCode}`, async (request): Promise<MobileCodeResponse> => {
    const { kioskId } = await auth.authenticate(request, HQ_ROUTES.mobileCode, 'POST');
    const body = parseInput(MobileCodeRequest, request.body, 'body');
    const outcome = await sendMobileCode(db, options.sms, kioskId, body.mobile, now(), options.smsResendAfterMs);
    if (!outcome.ok) {
      if (outcome.reason === 'too_many') {
        throw new HqHttpError(429, 'TOO_MANY', 'too many codes for this number or kiosk lately', { retryAfterS: Math.ceil(outcome.retryAfterMs / 1000) });
      }
      request.log.warn({ kioskId }, outcome.message);
      throw new HqHttpError(503, 'UNAVAILABLE', outcome.message);
    }
    request.log.info({ kioskId, challengeId: outcome.challengeId }, 'member code sent');
    return { challengeId: outcome.challengeId, expiresAt: outcome.expiresAt, resendAt: outcome.resendAt, serverTime: now() };
  });

  app.post(`/${HQ_ROUTES.mobileCodeCheck}`, async (request): Promise<MobileCodeCheckResponse> => {
    const { kioskId } = await auth.authenticate(request, HQ_ROUTES.mobileCodeCheck, 'POST');
    const body = parseInput(MobileCodeCheckRequest, request.body, 'body');
    const outcome = await checkMobileCode(db, kioskId, body.challengeId, body.code, now());
    request.log.info({ kioskId, challengeId: body.challengeId, verified: outcome.ok }, 'member code checked');
    if (outcome.ok) return { verified: true, serverTime: now() };
    if (outcome.reason === 'wrong') throw new HqHttpError(422, 'CODE_WRONG', 'not the code that was sent', { attemptsLeft: outcome.attemptsLeft });
    throw new HqHttpError(410, 'CODE_EXPIRED', 'the code is used, out of tries or past its time: ask for a new one');
  });

  releaseRoutes(app, { db, keys, auth, now, driveEveryMs: options.driveRolloutsEveryMs ?? DRIVE_ROLLOUTS_EVERY_MS });
  commandRoutes(app, { db, keys, auth, now });
  modelRoutes(app, { db, keys, now, bundled: options.creditModel });
  consoleRoutes(app, { db, now, consoleDir: options.consoleDir });

  /* ---------------------------------------------------------------- admin */

  const publishRequest = (request: FastifyRequest): PublishRequest => {
    const body = parseInput(PublishRequestBody, request.body, 'body');
    const effectiveAt = typeof body.effectiveAt === 'string' ? Date.parse(body.effectiveAt) : body.effectiveAt;
    return { dataset: body.dataset, body: body.body, format: body.format, datasetVersion: body.datasetVersion, scope: body.scope, effectiveAt, by: actorOf(request) };
  };

  app.post('/v1/admin/publications/preview', async (request) => {
    const outcome = await previewPublication(db, publishRequest(request), now());
    return outcome.ok ? { valid: true, diff: outcome.diff } : { valid: false, message: outcome.message, problems: outcome.problems };
  });

  app.post('/v1/admin/publications', async (request) => {
    const body = publishRequest(request);
    const outcome = await publish(db, keys, body, now());
    if (!outcome.ok) throw new HqHttpError(400, 'BAD_REQUEST', `body.body: ${outcome.message}`, outcome.problems ? { problems: outcome.problems } : {});
    request.log.info({ dataset: body.dataset, version: outcome.version, scope: body.scope }, 'published');
    return { dataset: body.dataset, scope: body.scope, version: outcome.version, contentHash: outcome.contentHash, publishedAt: outcome.publishedAt, effectiveAt: outcome.effectiveAt };
  });

  app.get('/v1/admin/publications', async () => listPublications(db));

  app.post('/v1/admin/enrolment-codes', async (request) => {
    const body = parseInput(EnrolmentCodeRequest, request.body ?? {}, 'body');
    const { code, expiresAt } = await createEnrolmentCode(db, body.storeId, body.ttlHours, now());
    request.log.info({ storeId: body.storeId, expiresAt }, 'enrolment code issued');
    return { code, storeId: body.storeId, expiresAt };
  });

  app.post('/v1/admin/kiosks/:id/revoke', async (request) => {
    const { id } = parseInput(KioskParams, request.params, 'params');
    const { reason } = parseInput(RevokeRequest, request.body, 'body');
    if (!(await revokeKiosk(db, id, reason, now()))) throw new HqHttpError(404, 'NOT_FOUND', `no kiosk ${id}`);
    request.log.info({ kioskId: id }, 'kiosk revoked');
    return { kioskId: id, revoked: true };
  });

  app.get('/v1/admin/kiosks', async (request) => {
    const { storeId, first } = parseInput(KiosksQuery, request.query, 'query');
    if (first !== undefined) return listKioskHead(db, now(), first, storeId);
    return { kiosks: await listKiosks(db, now(), storeId) };
  });

  app.get('/v1/admin/kiosks/:id/heartbeats', async (request) => {
    const { id } = parseInput(KioskParams, request.params, 'params');
    const { sinceMs } = parseInput(HeartbeatsQuery, request.query, 'query');
    return { kioskId: id, heartbeats: await heartbeatHistory(db, id, sinceMs ?? now() - HEARTBEAT_HISTORY_MS) };
  });

  app.get('/v1/admin/audit', async (request) => {
    const { limit, actor } = parseInput(AuditQuery, request.query, 'query');
    const entries = await db.query<{ at: string; actor: string; role: string; method: string; route: string; params: Record<string, string>; status: number }>(
      `SELECT at, actor, role, method, route, params, status FROM console_audit WHERE $1::text IS NULL OR actor = $1 ORDER BY id DESC LIMIT $2`,
      [actor ?? null, limit],
    );
    return { entries: entries.map((e) => ({ ...e, at: Number(e.at) })) };
  });

  app.get('/v1/admin/applications', async (request) => {
    const { storeId, limit } = parseInput(ApplicationsQuery, request.query, 'query');
    return { applications: await listApplications(db, { storeId, limit }) };
  });

  app.get('/v1/admin/escalations', async (request) => {
    const { limit } = parseInput(EscalationsQuery, request.query, 'query');
    return { escalations: await openEscalations(db, limit) };
  });

  app.get('/v1/admin/applications/undecided', async (request) => {
    const { limit } = parseInput(EscalationsQuery, request.query, 'query');
    return { applications: await undecidedPending(db, limit) };
  });

  app.get('/v1/admin/escalations/:kioskId/:applicationId', async (request) => {
    const key = parseInput(EscalationParams, request.params, 'params');
    const detail = await escalationDetail(db, key, { bundled: options.creditModel });
    if (!detail) throw new HqHttpError(404, 'NOT_FOUND', `no open escalation of application ${key.applicationId} from kiosk ${key.kioskId}`);
    return detail;
  });

  app.post('/v1/admin/escalations/decide', async (request) => {
    const body = parseInput(EscalationDecisionRequest, request.body, 'body');
    const by = request.principal?.session ? actorOf(request) : body.by;
    if (by === undefined) throw new HqHttpError(400, 'BAD_REQUEST', 'body.by: who at HQ decides is required with the admin token');
    const input = { ...body, by };
    const outcome = await decideEscalation(db, input, now());
    if (outcome === 'not_found') throw new HqHttpError(404, 'NOT_FOUND', `no escalated application ${input.applicationId} from kiosk ${input.kioskId}`);
    if (outcome === 'already_decided') throw new HqHttpError(409, 'BAD_REQUEST', `application ${input.applicationId} was decided already`);
    return { decided: true };
  });

  app.get('/v1/admin/refunds', async (request) => {
    const { state, limit } = parseInput(RefundsQuery, request.query, 'query');
    return { refunds: await listRefunds(db, state, limit) };
  });

  app.post('/v1/admin/refunds/send', async (request) => {
    const { lenderId, dueOn } = parseInput(SendRefundsRequest, request.body, 'body');
    return sendRefunds(db, lenderId, dueOn, now());
  });

  app.post('/v1/admin/refunds/settle', async (request) => {
    const { kioskId, applicationId } = parseInput(SettleRefundRequest, request.body, 'body');
    if (!(await settleRefund(db, kioskId, applicationId, now()))) throw new HqHttpError(409, 'BAD_REQUEST', `no sent refund for application ${applicationId} of kiosk ${kioskId}`);
    return { settled: true };
  });

  app.get('/v1/admin/staff-audit', async (request) => {
    const { kioskId } = parseInput(StaffAuditQuery, request.query, 'query');
    return { kiosks: await checkStaffAudit(db, kioskId) };
  });

  app.put('/v1/admin/stores/:id', async (request) => {
    const { id } = parseInput(StoreParams, request.params, 'params');
    const { region } = parseInput(StoreUpdateRequest, request.body, 'body');
    await setStoreRegion(db, id, region, now());
    return { storeId: id, region };
  });

  /** A range asked for, or the last `days` store days up to today (China's date). */
  const range = (q: { from?: string; to?: string }, days: number) => {
    const to = q.to ?? storeDate(now());
    const from = q.from ?? addDays(to, 1 - days);
    if (from > to) throw new HqHttpError(400, 'BAD_REQUEST', 'query.from: from must not be after to');
    return { from, to };
  };

  app.get('/v1/admin/figures', async (request) => {
    const q = parseInput(FiguresQuery, request.query, 'query');
    const { from, to } = range(q, 30);
    return hqFigures(db, { region: q.region, storeId: q.storeId }, from, to);
  });

  app.get('/v1/admin/figures/stores', async (request) => {
    const q = parseInput(StoreGradesQuery, request.query, 'query');
    const { from, to } = range(q, 90);
    return { from, to, ...(await storeGrades(db, q.region, from, to)) };
  });

  app.get('/v1/admin/figures/reps', async (request) => {
    const q = parseInput(RepPatternsQuery, request.query, 'query');
    const { from, to } = range(q, 30);
    return { from, to, ...(await repPatterns(db, q.storeId, from, to)) };
  });

  app.get('/v1/admin/figures/regions', async (request) => {
    const q = parseInput(RegionFiguresQuery, request.query, 'query');
    const { from, to } = range(q, 30);
    return regionFigures(db, from, to);
  });

  app.get('/v1/admin/reconciliation', async (request, reply) => {
    const { date } = parseInput(ReconciliationQuery, request.query, 'query');
    const { csv } = await reconciliationCsv(db, date);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="reconciliation-${date}.csv"`).send(csv);
  });

  app.get('/v1/admin/refusals', async (request) => {
    const { limit } = parseInput(RefusalsQuery, request.query, 'query');
    return { refusals: await listRefusals(db, limit) };
  });

  return app;
}

function sendError(reply: FastifyReply, error: HqHttpError) {
  return reply.status(error.status).send({ error: { code: error.code, message: error.message, ...error.extra } });
}
