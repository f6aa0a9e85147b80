import type { Publication, PublicationClaims, SyncDatasetName } from '../electron/contract/sync.ts';
import { signPublication } from '../electron/domain/sync-signing.ts';
import { CatalogDataset } from '../electron/contract/catalog.ts';
import { catalogFromCsv, pricesFromCsv } from './csv-datasets.ts';
import { checkDatasetBody, type RowProblem } from './datasets.ts';
import { diffPublication, type PublicationDiff } from './publication-preview.ts';
import type { HqDb, Queryable } from './db/database.ts';
import type { HqKeys } from './keys.ts';
import { sha256Hex } from './sha256.ts';

export interface PublishRequest {
  dataset: SyncDatasetName;
  body: string;
  /** `csv` for catalog and prices (hq/csv-datasets.ts says the columns); default `json`. */
  format?: 'json' | 'csv';
  /** The dataset version a CSV file becomes (a JSON file names its own); default `<dataset>-csv-<publishedAt ISO>`. */
  datasetVersion?: string;
  scope: 'all' | string;
  /** Defaults to the moment of publishing. */
  effectiveAt?: number;
  /** Who published it (`cli`, `admin-api`), for the record. */
  by: string;
}

export type PublishOutcome =
  | { ok: true; version: number; contentHash: string; publishedAt: number; effectiveAt: number }
  | { ok: false; message: string; problems?: RowProblem[] };

/** The checked JSON file a request publishes (a CSV file converted), or what is wrong with it. */
async function prepare(db: Queryable, input: PublishRequest, now: number): Promise<{ ok: true; request: PublishRequest } | { ok: false; message: string; problems?: RowProblem[] }> {
  let request = input;
  if (input.format === 'csv') {
    const converted = await fromCsv(db, input, now);
    if (!converted.ok) return converted;
    request = { ...input, body: converted.body };
  }
  const check = checkDatasetBody(request.dataset, request.body);
  if (!check.ok) return check;
  if (request.dataset === 'staff') {
    const { storeId } = JSON.parse(request.body) as { storeId: string };
    if (request.scope !== storeId) return { ok: false, message: `staff: the roster is store ${storeId}'s; publish it to that store (--store ${storeId})` };
  }
  return { ok: true, request };
}

/**
 * What publishing would do, with nothing stored: the file's problems (every row's, for the
 * console to list), or the changes against what the stores have now.
 */
export async function previewPublication(
  db: Queryable,
  input: PublishRequest,
  now: number,
): Promise<{ ok: true; diff: PublicationDiff } | { ok: false; message: string; problems: RowProblem[] }> {
  const prepared = await prepare(db, input, now);
  if (!prepared.ok) return { ok: false, message: prepared.message, problems: prepared.problems ?? [{ message: prepared.message }] };
  return { ok: true, diff: await diffPublication(db, prepared.request.dataset, prepared.request.scope, prepared.request.body) };
}

/**
 * Validates, signs and stores one publication. The version is taken from the table's sequence
 * before signing (it is part of what is signed); a refused body takes no version and stores
 * nothing. Versions grow across HQ processes because the sequence lives in PostgreSQL.
 */
export async function publish(db: HqDb, keys: HqKeys, input: PublishRequest, now: number): Promise<PublishOutcome> {
  const prepared = await prepare(db, input, now);
  if (!prepared.ok) return prepared;
  const { request } = prepared;
  const contentHash = sha256Hex(request.body);
  const effectiveAt = request.effectiveAt ?? now;
  return db.transaction(async (tx) => {
    if (request.scope !== 'all') await tx.query('INSERT INTO stores (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [request.scope, now]);
    const [{ version }] = (await tx.query<{ version: number }>("SELECT nextval('publications_id_seq') AS version")) as [{ version: number }];
    const claims: PublicationClaims = { dataset: request.dataset, version, scope: request.scope, publishedAt: now, effectiveAt, contentHash };
    const signature = await signPublication(claims, keys.privateKey);
    await tx.query(
      `INSERT INTO publications (id, dataset, scope, body, content_hash, published_at, effective_at, signature, published_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [version, request.dataset, request.scope, request.body, contentHash, now, effectiveAt, signature, request.by],
    );
    return { ok: true, version, contentHash, publishedAt: now, effectiveAt };
  });
}

/** A CSV catalog or price list as the JSON dataset the kiosk applies; a catalog takes its store, categories, brands and promotions from the latest one published for the same stores. */
async function fromCsv(db: Queryable, request: PublishRequest, now: number): Promise<{ ok: true; body: string } | { ok: false; message: string; problems?: RowProblem[] }> {
  const version = request.datasetVersion ?? `${request.dataset}-csv-${new Date(now).toISOString()}`;
  if (request.dataset === 'prices') {
    const converted = pricesFromCsv(request.body, version);
    return converted.ok ? { ok: true, body: JSON.stringify(converted.dataset) } : converted;
  }
  if (request.dataset === 'catalog') {
    const [latest] = await db.query<{ body: string }>(
      `SELECT body FROM publications WHERE dataset = 'catalog' AND scope IN ('all', $1) ORDER BY id DESC LIMIT 1`,
      [request.scope],
    );
    const base = latest ? CatalogDataset.safeParse(JSON.parse(latest.body)) : undefined;
    const converted = catalogFromCsv(request.body, base?.success ? base.data : undefined, version);
    return converted.ok ? { ok: true, body: JSON.stringify(converted.dataset) } : converted;
  }
  return { ok: false, message: `${request.dataset}: CSV is for catalog and prices only; publish ${request.dataset} as JSON` };
}

interface PublicationRow {
  id: number;
  dataset: SyncDatasetName;
  scope: string;
  body: string;
  content_hash: string;
  published_at: number;
  effective_at: number;
  signature: string;
}

/**
 * What a kiosk of `storeId` still needs of each dataset: among the publications for everyone and
 * those assigned to the store, newer than the kiosk's cursor, every one that will still take
 * effect. A publication stops mattering once a newer one takes effect no later than it does (or
 * no later than now, when it is already in effect): the kiosk applies publications in version
 * order and a newer one replaces what was scheduled at or after its own moment
 * (core/catalog/schedule.ts). For datasets that take effect on arrival that is just the newest;
 * for prices and promotions it is the list in effect now plus each future-dated one still ahead,
 * so a kiosk offline at the switch, or enrolled after it, has them all. `current` is the newest
 * version of each dataset, whatever its date.
 */
export async function latestFor(
  db: Queryable,
  storeId: string,
  cursors: Partial<Record<SyncDatasetName, number>>,
  now: number = Date.now(),
): Promise<{ publications: Publication[]; current: Partial<Record<SyncDatasetName, number>> }> {
  const newest = await db.query<{ id: number; dataset: SyncDatasetName }>(
    `SELECT DISTINCT ON (dataset) id, dataset FROM publications WHERE scope IN ('all', $1) ORDER BY dataset, id DESC`,
    [storeId],
  );
  const current: Partial<Record<SyncDatasetName, number>> = {};
  for (const row of newest) current[row.dataset] = row.id;
  if (newest.every((row) => row.id <= (cursors[row.dataset] ?? 0))) return { publications: [], current };
  const rows = await db.query<PublicationRow>(
    `SELECT p.id, p.dataset, p.scope, p.body, p.content_hash, p.published_at, p.effective_at, p.signature
       FROM publications p
      WHERE p.scope IN ('all', $1)
        AND p.id > COALESCE(($2::jsonb ->> p.dataset)::bigint, 0)
        AND NOT EXISTS (
              SELECT 1 FROM publications q
               WHERE q.dataset = p.dataset AND q.scope IN ('all', $1) AND q.id > p.id
                 AND q.effective_at <= GREATEST(p.effective_at, $3::bigint))
      ORDER BY p.id`,
    [storeId, JSON.stringify(cursors), now],
  );
  const publications = rows.map(
    (r): Publication => ({
      dataset: r.dataset,
      version: r.id,
      scope: r.scope,
      publishedAt: r.published_at,
      effectiveAt: r.effective_at,
      contentHash: r.content_hash,
      body: r.body,
      signature: r.signature,
    }),
  );
  return { publications, current };
}
