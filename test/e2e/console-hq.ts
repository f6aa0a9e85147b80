import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { SERVER_URL, startHq, type HqProcess } from '../bench/hq-process.ts';

/**
 * HQ as deployed (dist/hq/hq.mjs, serving dist/console) on a fresh PostgreSQL database, for the
 * console's end-to-end specs and its fleet bench: console users made with HQ's own CLI, and a
 * fleet written straight into HQ's tables (kiosks, kiosk_health, kiosk_heartbeats) as heartbeats
 * would have left it. Playwright's fixtures are in console-fixtures.ts, so the bench can use this too.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
/** The HQ build the process runs (hq-process.ts: HQ_BENCH_ENTRY, else dist/hq/hq.mjs); its CLI adds the users. */
const HQ_ENTRY = process.env.HQ_BENCH_ENTRY ?? join(ROOT, 'dist', 'hq', 'hq.mjs');

export const PASSWORD = 'console test password';

export interface ConsoleHq extends HqProcess {
  databaseUrl: string;
  consoleUrl: string;
  addUser(username: string, role: 'it-admin' | 'finance-ops' | 'viewer', name?: string): Promise<void>;
  /** A change through the admin API with the bearer token, as store IT's scripts make it. */
  adminSend<T>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
}

export async function startConsoleHq(): Promise<ConsoleHq> {
  const hq = await startHq('postgres');
  const url = new URL(SERVER_URL);
  url.pathname = `/${hq.database!}`;
  const databaseUrl = url.toString();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    ...hq,
    databaseUrl,
    consoleUrl: new URL('console/', hq.url).toString(),
    async addUser(username, role, name) {
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, HQ_USER_PASSWORD: PASSWORD };
      await run(process.execPath, [HQ_ENTRY, 'users', 'add', '--username', username, '--role', role, ...(name ? ['--name', name] : [])], { env, cwd: ROOT });
    },
    async adminSend<T>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
      const response = await fetch(new URL(path, hq.url), {
        method,
        headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as T;
      if (!response.ok) throw new Error(`HQ ${method} ${path}: ${JSON.stringify(answer)}`);
      return answer;
    },
    async sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      return (await client.query<T>(text, values)).rows;
    },
    async stop() {
      await client.end().catch(() => undefined);
      await hq.stop();
    },
  };
}

export interface SeedOptions {
  kiosks: number;
  stores?: number;
  now?: number;
  /** App versions handed out in turn. */
  versions?: readonly string[];
}

const CAMERAS = ['on', 'on', 'on', 'on', 'off', 'unplugged', 'denied', 'failed'] as const;

/**
 * A fleet of `kiosks` across `stores` stores, in one statement per table: kiosk i is in store
 * S(1000 + i mod stores), runs versions[i mod n], and (every 10th silent for an hour, every 25th
 * never heard from, every 50th revoked) has a latest heartbeat with a sync backlog, a camera state
 * and a last frame. Returns the kiosk ids in order.
 */
export async function seedFleet(hq: Pick<ConsoleHq, 'sql'>, options: SeedOptions): Promise<string[]> {
  const now = options.now ?? Date.now();
  const stores = options.stores ?? Math.max(1, Math.ceil(options.kiosks / 3));
  const versions = options.versions ?? ['1.4.2', '1.5.0', '1.5.1'];
  await hq.sql(`INSERT INTO stores (id, created_at) SELECT 'S' || (1000 + s), $2::bigint FROM generate_series(0, $1 - 1) s ON CONFLICT (id) DO NOTHING`, [stores, now]);
  const rows = await hq.sql<{ id: string }>(
    `INSERT INTO kiosks (id, store_id, public_key, label, app_version, enrolled_at, revoked_at, revoke_reason, next_seq, last_push_at, last_pull_at)
     SELECT gen_random_uuid(), 'S' || (1000 + i % $2), 'seed-key-' || i, 'Kiosk ' || lpad(i::text, 5, '0'), ($3::text[])[1 + i % cardinality($3::text[])],
            $4::bigint - 2592000000, CASE WHEN i % 50 = 49 THEN $4::bigint - 86400000 END, CASE WHEN i % 50 = 49 THEN 'replaced' END,
            1 + i % 40, $4::bigint - (i % 600) * 1000, $4::bigint - (i % 300) * 1000
     FROM generate_series(0, $1 - 1) i ORDER BY i RETURNING id`,
    [options.kiosks, stores, versions, now],
  );
  const ids = rows.map((r) => r.id);
  await hq.sql(
    `INSERT INTO kiosk_health (kiosk_id, received_at, heartbeat)
     SELECT k.id, r.at, jsonb_build_object(
       'sentAt', r.at, 'appVersion', kk.app_version, 'startedAt', r.at - 86400000,
       'sync', jsonb_build_object('pending', (k.n * 7) % 23, 'oldestAt', NULL), 'datasets', '{}'::jsonb,
       'camera', ($3::text[])[1 + k.n % cardinality($3::text[])], 'diskFreeBytes', 40000000000, 'memoryRssBytes', 300000000 + (k.n % 50) * 1000000,
       'lastFrameAt', r.at - (k.n % 5) * 1000, 'errors', k.n % 3, 'updates', '[]'::jsonb)
     FROM unnest($1::uuid[]) WITH ORDINALITY AS k (id, n)
     JOIN kiosks kk ON kk.id = k.id
     CROSS JOIN LATERAL (SELECT $2::bigint - CASE WHEN k.n % 10 = 0 THEN 3600000 ELSE (k.n % 50) * 1000 END AS at) r
     WHERE k.n % 25 <> 0`,
    [ids, now, CAMERAS],
  );
  return ids;
}

/**
 * A week of minute heartbeats for one kiosk, with a two-hour silence a day ago (its charts show a
 * gap there) and a sync backlog that builds up and drains each afternoon.
 */
export async function seedHistory(hq: Pick<ConsoleHq, 'sql'>, kioskId: string, now = Date.now()): Promise<number> {
  const rows = await hq.sql<{ n: string }>(
    `WITH beats AS (
       SELECT $2::bigint - m * 60000 AS at, m FROM generate_series(0, 7 * 1440 - 10) m
       WHERE m NOT BETWEEN 1440 AND 1560
     ), inserted AS (
       INSERT INTO kiosk_heartbeats (kiosk_id, received_at, heartbeat)
       SELECT $1, at, jsonb_build_object(
         'sentAt', at, 'appVersion', '1.5.1', 'startedAt', $2::bigint - 8 * 86400000,
         'sync', jsonb_build_object('pending', greatest(0, round(40 * sin(m / 229.0)))::int, 'oldestAt', NULL), 'datasets', '{}'::jsonb,
         'camera', 'on', 'diskFreeBytes', 42000000000 - m * 100000, 'memoryRssBytes', 310000000 + (m % 720) * 50000,
         'lastFrameAt', at - CASE WHEN m % 997 = 0 THEN 45000 ELSE 800 END, 'errors', CASE WHEN m % 331 = 0 THEN 2 ELSE 0 END, 'updates', '[]'::jsonb)
       FROM beats ORDER BY at RETURNING 1
     ) SELECT count(*) AS n FROM inserted`,
    [kioskId, now],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Where the specs leave the screenshots a person looks at. */
export const SCREENS = join(ROOT, 'test-results', 'screens');
