import type { HqDb } from './database.ts';
import type { Migration } from './migration.ts';
import { migrations } from './migrations.ts';

/** Any constant: every HQ process takes the same one, so only one migrates at a time. */
const MIGRATION_LOCK = 4_790_001;

/**
 * Brings the schema up to date (or up to `upTo`, for the migration tests). All pending migrations
 * apply in one transaction under a transaction-scoped advisory lock: HQ processes starting
 * together on one PostgreSQL queue on the lock, and the later ones find nothing left to do. A
 * failing migration leaves the schema as it was.
 */
export async function migrate(db: HqDb, now: number = Date.now(), options: { upTo?: number; list?: readonly Migration[] } = {}): Promise<number[]> {
  const list = options.list ?? migrations;
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of list) {
      if (done.has(m.version) || (options.upTo !== undefined && m.version > options.upTo)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
      applied.push(m.version);
    }
    return applied;
  });
}
