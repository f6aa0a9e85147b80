import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * HQ's one database interface (DESIGN.md §9). Two engines sit behind it, embedded PGlite for the
 * one-command demo and tests, and a pooled PostgreSQL server for production, and the same SQL runs
 * on both: so everything HQ does is tested on both, and nothing depends on which one answers.
 *
 * Times are stored as epoch milliseconds in `bigint` columns (the protocol's unit), and both
 * engines are told to read `bigint` as a JS number, so rows have the same shape everywhere.
 */
export interface Queryable {
  /** One statement with `$1…` parameters; resolves to its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface HqDb extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The `code` of a PostgreSQL error (SQLSTATE), from either engine; undefined for anything else. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const INT8 = 20;

/** Embedded PostgreSQL: in memory when `dataDir` is undefined (tests), else in that folder. */
export async function openPglite(dataDir?: string): Promise<HqDb> {
  const pglite = await PGlite.create(dataDir, { parsers: { [INT8]: (value: string) => Number(value) } });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      return (await q.query<T>(sql, params ? [...params] : undefined)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    engine: 'pglite',
    ...wrap(pglite),
    // PGlite is one connection: its transaction() holds a mutex, so concurrent callers queue, as
    // they would on row locks in PostgreSQL.
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
  };
}

/** A PostgreSQL server through a node-postgres pool. */
export function openPostgres(connectionString: string, options: { max?: number } = {}): HqDb {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types });
  // An idle client losing its server (a restart) must not crash HQ; the next query reconnects.
  pool.on('error', () => undefined);
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      return (await q.query(sql, params ? [...params] : undefined)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not handed to the next caller.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
