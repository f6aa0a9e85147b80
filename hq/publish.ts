import { createHash } from 'node:crypto';
import type { Publication, PublicationClaims, SyncDatasetName } from '../electron/contract/sync.ts';
import { signPublication } from '../electron/domain/sync-signing.ts';
import { CatalogDataset } from '../electron/contract/catalog.ts';
import { catalogFromCsv, pricesFromCsv } from './csv-datasets.ts';
import { checkDatasetBody } from './datasets.ts';
import type { HqDb, Queryable } from './db/database.ts';
import type { HqKeys } from './keys.ts';

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

export type PublishOutcome = { ok: true; version: number; contentHash: string; publishedAt: number; effectiveAt: number } | { ok: false; message: string };

/**
 * Validates, signs and stores one publication. The version is taken from the table's sequence
 * before signing (it is part of what is signed); a refused body takes no version and stores
 * nothing. Versions grow across HQ processes because the sequence lives in PostgreSQL.
 */
export async function publish(db: HqDb, keys: HqKeys, input: PublishRequest, now: number): Promise<PublishOutcome> {
  let request = input;
  if (input.format === 'csv') {
    const converted = await fromCsv(db, input, now);
    if (!converted.ok) return converted;
    request = { ...input, body: converted.body };
  }
  const check = checkDatasetBody(request.dataset, request.body);
  if (!check.ok) return check;
  const contentHash = createHash('sha256').update(request.body, 'utf8').digest('hex');
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
async function fromCsv(db: Queryable, request: PublishRequest, now: number): Promise<{ ok: true; body: string } | { ok: false; message: string }> {
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
 * The newest publication of each dataset for a store: among those for everyone and those
 * assigned to the store, the highest version wins (so a store-specific price list replaces the
 * chain's until the chain publishes a newer one). Bodies are read only for datasets the kiosk
 * does not hold yet.
 */
export async function latestFor(db: Queryable, storeId: string, cursors: Partial<Record<SyncDatasetName, number>>): Promise<{ publications: Publication[]; current: Partial<Record<SyncDatasetName, number>> }> {
  const newest = await db.query<{ id: number; dataset: SyncDatasetName }>(
    `SELECT DISTINCT ON (dataset) id, dataset FROM publications WHERE scope IN ('all', $1) ORDER BY dataset, id DESC`,
    [storeId],
  );
  const current: Partial<Record<SyncDatasetName, number>> = {};
  const wanted: number[] = [];
  for (const row of newest) {
    current[row.dataset] = row.id;
    if (row.id > (cursors[row.dataset] ?? 0)) wanted.push(row.id);
  }
  if (wanted.length === 0) return { publications: [], current };
  const rows = await db.query<PublicationRow>(
    'SELECT id, dataset, scope, body, content_hash, published_at, effective_at, signature FROM publications WHERE id = ANY($1::bigint[]) ORDER BY id',
    [wanted],
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
