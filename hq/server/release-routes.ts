import type { FastifyInstance } from 'fastify';
import { UpdateCheckRequest, type UpdateCheckResponse } from '../../electron/contract/fleet.ts';
import { HQ_ROUTES } from '../../electron/contract/sync.ts';
import type { HqDb } from '../db/database.ts';
import type { HqKeys } from '../keys.ts';
import {
  actOnRollout,
  driveRollouts,
  feedFile,
  holdKiosk,
  listReleases,
  listRollouts,
  offerFor,
  pinKiosk,
  registerRelease,
  rollBack,
  rolloutProgress,
  rolloutTimeline,
  setStoreRing,
  startRollout,
} from '../releases.ts';
import { KioskParams, StoreParams } from './admin-schemas.ts';
import { actorOf } from './access.ts';
import type { KioskAuth } from './auth.ts';
import { HqHttpError, parseInput } from './http.ts';
import {
  FeedParams,
  KioskHoldRequest,
  KioskPinRequest,
  RegisterReleaseRequest,
  RolloutActionParams,
  RolloutActionRequest,
  RolloutParams,
  StartRolloutRequest,
  StoreRingRequest,
} from './release-schemas.ts';

/** How often an HQ process moves rollouts on (bake time, auto-halt); any number of processes may. */
export const DRIVE_ROLLOUTS_EVERY_MS = 30_000;

/**
 * Releases, rollouts, rings, pins and holds (issue 12 item 1): what a kiosk asks (its offer and
 * electron-updater's feed) and what store IT does (admin API: server/access.ts).
 */
export function releaseRoutes(app: FastifyInstance, d: { db: HqDb; keys: HqKeys; auth: KioskAuth; now: () => number; driveEveryMs: number }): void {
  const { db, keys, auth, now } = d;
  const missing = (outcome: { code: string; message: string }) => new HqHttpError(outcome.code === 'NOT_FOUND' ? 404 : 409, outcome.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_REQUEST', outcome.message);

  if (d.driveEveryMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    const drive = () => void driveRollouts(db, now()).catch((error: unknown) => app.log.error({ err: error }, 'driving rollouts failed'));
    app.addHook('onReady', async () => {
      timer = setInterval(drive, d.driveEveryMs);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.post(`/${HQ_ROUTES.updateCheck}`, async (request): Promise<UpdateCheckResponse> => {
    const { kioskId } = await auth.authenticate(request, HQ_ROUTES.updateCheck, 'POST');
    const { appVersion } = parseInput(UpdateCheckRequest, request.body, 'body');
    const { offer, ring } = await offerFor(db, keys, kioskId, appVersion, now());
    request.log.info({ kioskId, appVersion, ring, offered: offer?.version ?? null }, 'update check');
    return { offer, ring, serverTime: now() };
  });

  // electron-updater's plain GETs: the token in the path is the proof (hq/releases.ts feedUrl).
  app.get('/v1/fleet/feed/:token/:file', async (request, reply) => {
    const { token, file } = parseInput(FeedParams, request.params, 'params');
    const outcome = await feedFile(db, token, file, now());
    if (!outcome.ok) throw new HqHttpError(outcome.status, outcome.status === 401 ? 'UNAUTHENTICATED' : 'NOT_FOUND', outcome.message);
    return reply.type('text/yaml; charset=utf-8').header('cache-control', 'no-store').send(outcome.yaml);
  });

  app.post('/v1/admin/releases', async (request) => {
    const body = parseInput(RegisterReleaseRequest, request.body, 'body');
    const outcome = await registerRelease(db, keys, body, actorOf(request), now());
    if (!outcome.ok) throw new HqHttpError(409, 'BAD_REQUEST', outcome.message);
    request.log.info({ version: outcome.version }, 'release registered');
    return { version: outcome.version, registeredAt: outcome.registeredAt };
  });

  app.get('/v1/admin/releases', async () => {
    return { releases: await listReleases(db) };
  });

  app.post('/v1/admin/rollouts', async (request) => {
    const body = parseInput(StartRolloutRequest, request.body, 'body');
    const outcome = await startRollout(db, { ...body, bakeMs: body.bakeMinutes === undefined ? undefined : body.bakeMinutes * 60_000 }, actorOf(request), now());
    if (!outcome.ok) throw missing(outcome);
    request.log.info({ rolloutId: outcome.rollout.id, version: body.version }, 'rollout started');
    return { rollout: outcome.rollout };
  });

  app.get('/v1/admin/rollouts', async () => {
    return { rollouts: await listRollouts(db) };
  });

  app.get('/v1/admin/rollouts/:id', async (request) => {
    const { id } = parseInput(RolloutParams, request.params, 'params');
    const [rollout] = (await listRollouts(db, 1_000)).filter((r) => r.id === id);
    if (!rollout) throw new HqHttpError(404, 'NOT_FOUND', `no rollout ${id}`);
    return { rollout, rings: await rolloutProgress(db, rollout), timeline: await rolloutTimeline(db, id) };
  });

  app.post('/v1/admin/rollouts/:id/:action', async (request) => {
    const { id, action } = parseInput(RolloutActionParams, request.params, 'params');
    const { reason } = parseInput(RolloutActionRequest, request.body ?? {}, 'body');
    if (action === 'rollback') {
      const outcome = await rollBack(db, id, actorOf(request), now());
      if (!outcome.ok) throw missing(outcome);
      request.log.info({ rolloutId: id, pinned: outcome.pinned, to: outcome.to }, 'rollout rolled back');
      return { pinned: outcome.pinned, to: outcome.to };
    }
    const outcome = await actOnRollout(db, id, action, actorOf(request), now(), reason);
    if (!outcome.ok) throw missing(outcome);
    request.log.info({ rolloutId: id, action, state: outcome.rollout.state, ring: outcome.rollout.ring }, 'rollout changed');
    return { rollout: outcome.rollout };
  });

  app.put('/v1/admin/stores/:id/ring', async (request) => {
    const { id } = parseInput(StoreParams, request.params, 'params');
    const { ring } = parseInput(StoreRingRequest, request.body, 'body');
    if (!(await setStoreRing(db, id, ring, now()))) throw new HqHttpError(404, 'NOT_FOUND', `no store ${id}`);
    return { storeId: id, ring };
  });

  app.put('/v1/admin/kiosks/:id/pin', async (request) => {
    const { id } = parseInput(KioskParams, request.params, 'params');
    const { version } = parseInput(KioskPinRequest, request.body, 'body');
    const outcome = await pinKiosk(db, id, version);
    if (!outcome.ok) throw missing(outcome);
    return { kioskId: id, pinnedVersion: version };
  });

  app.put('/v1/admin/kiosks/:id/hold', async (request) => {
    const { id } = parseInput(KioskParams, request.params, 'params');
    const { held } = parseInput(KioskHoldRequest, request.body, 'body');
    if (!(await holdKiosk(db, id, held))) throw new HqHttpError(404, 'NOT_FOUND', `no kiosk ${id}`);
    return { kioskId: id, held };
  });
}
