import type { FastifyInstance } from 'fastify';
import { compareChallenger, listModels, promoteChallenger, startChallenger, withdrawChallenger, type ChallengerOutcome } from '../credit/challengers.ts';
import type { ModelContent } from '../credit/model.ts';
import type { HqDb } from '../db/database.ts';
import type { HqKeys } from '../keys.ts';
import { actorOf } from './access.ts';
import { HqHttpError, parseInput } from './http.ts';
import { ChallengerRequest, ComparisonQuery, ScopeRequest, type ComparisonResponse, type ModelsResponse } from './model-schemas.ts';

/** Champion and challenger decision models (issue 14 item 7; hq/credit/challengers.ts). */
export function modelRoutes(app: FastifyInstance, d: { db: HqDb; keys: HqKeys; now: () => number; bundled: ModelContent | undefined }): void {
  const { db, keys, now, bundled } = d;

  const published = async (outcome: ChallengerOutcome, scope: string) => {
    if (!outcome.ok) {
      if ('code' in outcome && outcome.code === 'NO_CHALLENGER') throw new HqHttpError(409, 'BAD_REQUEST', outcome.message);
      throw new HqHttpError(400, 'BAD_REQUEST', `body.body: ${outcome.message}`, 'problems' in outcome && outcome.problems ? { problems: outcome.problems } : {});
    }
    const models = (await listModels(db, bundled)).scopes.find((s) => s.scope === scope);
    return { scope, version: outcome.version, champion: models?.champion ?? '', challenger: models?.challenger ?? null };
  };

  app.get('/v1/admin/models', async (): Promise<ModelsResponse> => listModels(db, bundled));

  app.get('/v1/admin/models/comparison', async (request): Promise<ComparisonResponse> => {
    const { challenger } = parseInput(ComparisonQuery, request.query, 'query');
    return compareChallenger(db, challenger);
  });

  app.post('/v1/admin/models/challenger', async (request) => {
    const body = parseInput(ChallengerRequest, request.body, 'body');
    const outcome = await startChallenger(db, keys, { ...body, by: actorOf(request) }, now(), bundled);
    request.log.info({ scope: body.scope, sharePercent: body.sharePercent, ok: outcome.ok }, 'challenger model published');
    return published(outcome, body.scope);
  });

  app.post('/v1/admin/models/promote', async (request) => {
    const { scope } = parseInput(ScopeRequest, request.body, 'body');
    const outcome = await promoteChallenger(db, keys, { scope, by: actorOf(request) }, now(), bundled);
    request.log.info({ scope, ok: outcome.ok }, 'challenger model promoted');
    return published(outcome, scope);
  });

  app.post('/v1/admin/models/withdraw', async (request) => {
    const { scope } = parseInput(ScopeRequest, request.body, 'body');
    const outcome = await withdrawChallenger(db, keys, { scope, by: actorOf(request) }, now(), bundled);
    request.log.info({ scope, ok: outcome.ok }, 'challenger model withdrawn');
    return published(outcome, scope);
  });
}
