import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { startDemo, type Demo, type DemoOptions } from '../../scripts/demo.mjs';
import { SERVER_URL } from '../bench/hq-process.ts';

/**
 * `npm run demo`'s HQ and enrolled kiosk for an end-to-end spec, with HQ on a fresh database of
 * the PostgreSQL server (DATABASE_URL; .ci/run starts it), dropped when the demo stops. PostgreSQL
 * rather than the demo's embedded PGlite: PGlite's first start (initdb in WASM) takes 10–25 s of
 * CPU on a 2-core machine, per test. The demo on PGlite, stopped and started again on its data, is
 * test/hq/demo.test.ts's.
 */
export async function startDemoOnPostgres(dataDir: string, options: Omit<DemoOptions, 'dataDir' | 'databaseUrl'> = {}): Promise<Demo> {
  rmSync(dataDir, { recursive: true, force: true });
  const database = `hq_e2e_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`, `end-to-end specs with HQ need PostgreSQL at ${SERVER_URL} (set DATABASE_URL; .ci/run starts it)`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const drop = () => onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `could not drop ${database}`);
  let demo: Demo;
  try {
    demo = await startDemo({ hqPort: 0, kioskPort: 0, log: () => undefined, ...options, dataDir, databaseUrl: url.toString() });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    ...demo,
    async stop() {
      await demo.stop();
      await drop();
    },
  };
}

async function onServer(sql: string, failure: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  try {
    await admin.connect();
    await admin.query(sql);
  } catch (error) {
    throw new Error(`${failure}: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.end().catch(() => undefined);
  }
}
