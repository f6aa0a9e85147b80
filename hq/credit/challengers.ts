import { DecisionOutcome, type DecisionOutcome as Outcome } from '../../electron/contract/credit.ts';
import { DecisionManifest } from '../../electron/contract/credit-model.ts';
import { DecisionModelDataset } from '../../electron/contract/datasets.ts';
import type { HqDb, Queryable } from '../db/database.ts';
import type { HqKeys } from '../keys.ts';
import { publish, type PublishOutcome } from '../publish.ts';
import { AMOUNT_BAND_EDGES_FEN, type ComparisonGroup, type ComparisonResponse, type ModelsResponse } from '../server/model-schemas.ts';
import type { ModelContent } from './model.ts';

/**
 * Champion and challenger decision models (issue 14 item 7). A challenger rides in the scope's
 * decision_models publication beside the champion; kiosks evaluate it in shadow on its share of
 * applications and send what it decided with their own decision (hq_shadow_decisions). Starting,
 * promoting and withdrawing a challenger each publish the scope's models anew, signed like any
 * publication, so kiosks change models only through the path they already trust.
 */

type Models = DecisionModelDataset;
export type ChallengerOutcome = PublishOutcome | { ok: false; message: string; code: 'NO_CHALLENGER' | 'BAD_MODEL' };

/** The scope's newest decision_models publication (what its kiosks run), or the bundled model when there is none. */
async function modelsOf(db: Queryable, scope: string, bundled: ModelContent | undefined): Promise<Models | null> {
  const [row] = await db.query<{ body: string }>(
    "SELECT body FROM publications WHERE dataset = 'decision_models' AND scope IN ('all', $1) ORDER BY id DESC LIMIT 1",
    [scope],
  );
  if (row) return DecisionModelDataset.parse(JSON.parse(row.body));
  if (!bundled) return null;
  const manifest = DecisionManifest.parse(bundled.manifest);
  return { version: manifest.version, manifest: bundled.manifest as Record<string, unknown>, graph: bundled.graph as Record<string, unknown> };
}

function publishModels(db: HqDb, keys: HqKeys, scope: string, models: Models, by: string, now: number): Promise<PublishOutcome> {
  return publish(db, keys, { dataset: 'decision_models', body: JSON.stringify(models), scope, by }, now);
}

/** Runs `file` (a decision model file: version, manifest, graph) in shadow beside the scope's champion on `sharePercent` of applications. */
export async function startChallenger(
  db: HqDb,
  keys: HqKeys,
  input: { scope: string; body: string; sharePercent: number; by: string },
  now: number,
  bundled: ModelContent | undefined,
): Promise<ChallengerOutcome> {
  let file: Models;
  try {
    const parsed = DecisionModelDataset.safeParse(JSON.parse(input.body));
    if (!parsed.success) return { ok: false, code: 'BAD_MODEL', message: `the challenger file: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
    file = parsed.data;
  } catch (error) {
    return { ok: false, code: 'BAD_MODEL', message: `the challenger file is not JSON: ${(error as Error).message}` };
  }
  if (file.challenger) return { ok: false, code: 'BAD_MODEL', message: 'the challenger file carries a challenger of its own; upload one model' };
  const current = await modelsOf(db, input.scope, bundled);
  if (!current) return { ok: false, code: 'BAD_MODEL', message: 'HQ has no champion model to compare with: publish a decision model first' };
  const { challenger: _replaced, ...champion } = current;
  return publishModels(db, keys, input.scope, { ...champion, challenger: { version: file.version, manifest: file.manifest, graph: file.graph, sharePercent: input.sharePercent } }, input.by, now);
}

/** The scope's challenger becomes its champion, with no challenger beside it. */
export async function promoteChallenger(db: HqDb, keys: HqKeys, input: { scope: string; by: string }, now: number, bundled: ModelContent | undefined): Promise<ChallengerOutcome> {
  const challenger = (await modelsOf(db, input.scope, bundled))?.challenger;
  if (!challenger) return { ok: false, code: 'NO_CHALLENGER', message: `scope ${input.scope} runs no challenger` };
  return publishModels(db, keys, input.scope, { version: challenger.version, manifest: challenger.manifest, graph: challenger.graph }, input.by, now);
}

/** The scope's challenger stops; its champion goes on alone. */
export async function withdrawChallenger(db: HqDb, keys: HqKeys, input: { scope: string; by: string }, now: number, bundled: ModelContent | undefined): Promise<ChallengerOutcome> {
  const current = await modelsOf(db, input.scope, bundled);
  if (!current?.challenger) return { ok: false, code: 'NO_CHALLENGER', message: `scope ${input.scope} runs no challenger` };
  const { challenger: _dropped, ...champion } = current;
  return publishModels(db, keys, input.scope, champion, input.by, now);
}

/** Each scope's models, and every challenger that has decided something in shadow. */
export async function listModels(db: Queryable, bundled: ModelContent | undefined): Promise<ModelsResponse> {
  const rows = await db.query<{ id: number; scope: string; body: string; published_at: string; published_by: string }>(
    "SELECT DISTINCT ON (scope) id, scope, body, published_at, published_by FROM publications WHERE dataset = 'decision_models' ORDER BY scope, id DESC",
  );
  const scopes: ModelsResponse['scopes'] = rows.map((row) => {
    const models = DecisionModelDataset.parse(JSON.parse(row.body));
    return {
      scope: row.scope,
      publication: row.id,
      champion: models.version,
      challenger: models.challenger ? { version: models.challenger.version, sharePercent: models.challenger.sharePercent } : null,
      publishedAt: Number(row.published_at),
      publishedBy: row.published_by,
    };
  });
  if (!scopes.some((s) => s.scope === 'all') && bundled) {
    scopes.unshift({ scope: 'all', publication: null, champion: DecisionManifest.parse(bundled.manifest).version, challenger: null, publishedAt: null, publishedBy: null });
  }
  scopes.sort((a, b) => (a.scope === 'all' ? -1 : b.scope === 'all' ? 1 : a.scope.localeCompare(b.scope)));
  const challengers = await db.query<{ version: string; applications: string; first_at: string; last_at: string }>(
    `SELECT challenger_version AS version, count(*) AS applications, min(decided_at) AS first_at, max(decided_at) AS last_at
       FROM hq_shadow_decisions GROUP BY challenger_version ORDER BY max(decided_at) DESC`,
  );
  return { scopes, challengers: challengers.map((c) => ({ version: c.version, applications: Number(c.applications), firstAt: Number(c.first_at), lastAt: Number(c.last_at) })) };
}

const emptyGroup = (): ComparisonGroup => ({
  applications: 0,
  champion: { approve: 0, counter_offer: 0, refer: 0, decline: 0 },
  challenger: { approve: 0, counter_offer: 0, refer: 0, decline: 0, error: 0 },
  agree: 0,
});

/** The champion beside the challenger on the applications the challenger saw: overall, by store, by amount band. */
export async function compareChallenger(db: Queryable, challenger: string): Promise<ComparisonResponse> {
  const edges = `ARRAY[${AMOUNT_BAND_EDGES_FEN.join(', ')}]::bigint[]`;
  const rows = await db.query<{ store_id: string; band: number; champion_version: string; champion_outcome: Outcome; challenger_outcome: Outcome | 'error'; n: string }>(
    `SELECT k.store_id, width_bucket(a.requested_amount_fen, ${edges}) AS band, s.champion_version, s.champion_outcome, s.challenger_outcome, count(*) AS n
       FROM hq_shadow_decisions s
       JOIN hq_applications a ON a.kiosk_id = s.kiosk_id AND a.application_id = s.application_id
       JOIN kiosks k ON k.id = s.kiosk_id
      WHERE s.challenger_version = $1
      GROUP BY 1, 2, 3, 4, 5`,
    [challenger],
  );
  const total = emptyGroup();
  const byStore = new Map<string, ComparisonGroup>();
  const byBand = new Map<number, ComparisonGroup>();
  const champions = new Set<string>();
  for (const row of rows) {
    const n = Number(row.n);
    champions.add(row.champion_version);
    const store = byStore.get(row.store_id) ?? emptyGroup();
    byStore.set(row.store_id, store);
    const band = byBand.get(row.band) ?? emptyGroup();
    byBand.set(row.band, band);
    for (const group of [total, store, band]) {
      group.applications += n;
      group.champion[DecisionOutcome.parse(row.champion_outcome)] += n;
      group.challenger[row.challenger_outcome] += n;
      if (row.champion_outcome === row.challenger_outcome) group.agree += n;
    }
  }
  return {
    challenger,
    champions: [...champions].sort(),
    total,
    byStore: [...byStore].sort(([a], [b]) => a.localeCompare(b)).map(([storeId, group]) => ({ storeId, ...group })),
    byBand: [...byBand].sort(([a], [b]) => a - b).map(([band, group]) => ({ band, ...group })),
  };
}
