// HQ as its own process (dist/hq/hq.mjs, as deployed) on a fresh database for a benchmark:
// PGlite in a temp folder, or a new database on DATABASE_URL's PostgreSQL server, dropped after.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../helpers/core.ts';

export type Engine = 'pglite' | 'postgres';
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface HqProcess {
  url: string;
  /** The HQ process's id (to read its CPU time from /proc). */
  pid: number;
  /** The PostgreSQL database it runs on (undefined on PGlite). */
  database: string | undefined;
  publicKey: string;
  adminToken: string;
  admin<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  code(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Node flags for the HQ process, from HQ_BENCH_NODE_FLAGS (space-separated), e.g.
 * `HQ_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/hq-prof"` to profile HQ during a benchmark.
 */
const NODE_FLAGS = (process.env.HQ_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
/** Another build of HQ to run instead of dist/hq/hq.mjs (HQ_BENCH_ENTRY), e.g. a saved one to measure before and after a change. */
const ENTRY = process.env.HQ_BENCH_ENTRY ?? join(ROOT, 'dist', 'hq', 'hq.mjs');

export async function startHq(engine: Engine): Promise<HqProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'hq-bench-'));
  let database: string | undefined;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    database = `hq_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
    } catch (error) {
      throw new Error(`the sync benchmark needs PostgreSQL at ${SERVER_URL} (set DATABASE_URL): ${(error as Error).message}`, { cause: error });
    } finally {
      await admin.end().catch(() => undefined);
    }
    const url = new URL(SERVER_URL);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
  const adminToken = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('HQ_') && name !== 'DATABASE_URL') env[name] = value;
  // Logs at warn: a line per push to a pipe nobody reads is not what is measured here.
  Object.assign(env, { HQ_DATA_DIR: dir, HQ_PORT: '0', HQ_HOST: '127.0.0.1', HQ_ADMIN_TOKEN: adminToken, HQ_LOG_LEVEL: 'warn' }, databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out.push(...chunk.toString('utf8').split('\n'));
      if (out.some((l) => /^\s*admin token/.test(l))) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`HQ exited before it was ready:\n${out.join('\n')}`)));
  });
  const cleanUp = async () => {
    rmSync(dir, { recursive: true, force: true });
    if (database) {
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  };
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    await cleanUp();
    throw error;
  }
  const url = out.map((l) => /HQ listening on (\S+)/.exec(l)?.[1]).find(Boolean)!;
  const publicKey = out.map((l) => /public key: (\S+)/.exec(l)?.[1]).find(Boolean)!;
  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, url), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    if (!response.ok) throw new Error(`HQ ${method} ${path}: ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    url,
    pid: child.pid!,
    database,
    publicKey,
    adminToken,
    admin,
    code: async () => (await admin<{ code: string }>('POST', '/v1/admin/enrolment-codes', { storeId: 'S001' })).code,
    async stop() {
      child.kill('SIGINT');
      await exited;
      await cleanUp();
    },
  };
}

