import type { z } from 'zod';
import type { PublicationsResponse } from './server/admin-schemas.ts';
import type { Queryable } from './db/database.ts';

type Publications = z.infer<typeof PublicationsResponse>;

/**
 * What the console's publishing page starts from: the stores a file may be assigned to (with their
 * kiosks in service, so a store nobody enrolled yet is plain to see) and, for every scope, the
 * newest publication of each dataset (the version a preview diffs against; the kiosk's pull may
 * still hold an older price list until a future-dated one takes effect).
 */
export async function listPublications(db: Queryable): Promise<Publications> {
  const stores = await db.query<{ id: string; region: string | null; kiosks: string | number }>(
    `SELECT s.id, s.region, (SELECT count(*) FROM kiosks k WHERE k.store_id = s.id AND k.revoked_at IS NULL) AS kiosks
       FROM stores s ORDER BY s.id`,
  );
  const current = await db.query<{ id: string | number; dataset: Publications['current'][number]['dataset']; scope: string; content_hash: string; published_at: string | number; effective_at: string | number; published_by: string }>(
    `SELECT DISTINCT ON (dataset, scope) id, dataset, scope, content_hash, published_at, effective_at, published_by
       FROM publications ORDER BY dataset, scope, id DESC`,
  );
  return {
    stores: stores.map((s) => ({ id: s.id, region: s.region, kiosks: Number(s.kiosks) })),
    current: current.map((p) => ({
      dataset: p.dataset,
      scope: p.scope,
      version: Number(p.id),
      contentHash: p.content_hash,
      publishedAt: Number(p.published_at),
      effectiveAt: Number(p.effective_at),
      publishedBy: p.published_by,
    })),
  };
}
