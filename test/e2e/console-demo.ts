import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startDemo, type Demo } from '../../scripts/demo.mjs';
import { SERVER_URL } from '../bench/hq-process.ts';
import { PASSWORD } from './console-hq.ts';
import { E2E_DATA_ROOT } from './env.ts';

/**
 * HQ as `npm run hq` runs it (dist/hq/hq.mjs, serving the console) on a fresh PostgreSQL database,
 * with a kiosk web host enrolled to it (scripts/demo.mjs startDemo: the demo store's datasets
 * published, sync every second), and console users added with HQ's own CLI: for console specs
 * whose flows reach a kiosk.
 */

const HQ_ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'hq', 'hq.mjs');
const run = promisify(execFile);

export interface ConsoleDemo {
  demo: Demo;
  consoleUrl: string;
  /** The kiosk's own database, for checks of what it recorded (read-only). */
  kioskDb: string;
  stop(): Promise<void>;
}

export async function startConsoleDemo(name: string, users: readonly (readonly [username: string, role: 'it-admin' | 'finance-ops' | 'viewer', displayName: string])[]): Promise<ConsoleDemo> {
  const database = `hq_${name.replace(/\W/g, '_')}_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const dataDir = join(E2E_DATA_ROOT, name);
  rmSync(dataDir, { recursive: true, force: true });
  const drop = () => onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  let demo: Demo;
  try {
    demo = await startDemo({ dataDir, hqPort: 0, kioskPort: 0, databaseUrl, kioskEnv: { KIOSK_SYNC_EVERY_MS: '1000', KIOSK_IDLE_TIMEOUT_MS: '600000' }, log: () => undefined });
  } catch (error) {
    await drop();
    throw error;
  }
  for (const [username, role, displayName] of users) {
    await run(process.execPath, [HQ_ENTRY, 'users', 'add', '--username', username, '--role', role, '--name', displayName], { env: { ...process.env, DATABASE_URL: databaseUrl, HQ_USER_PASSWORD: PASSWORD } });
  }
  return {
    demo,
    consoleUrl: new URL('console/', demo.hqUrl).toString(),
    kioskDb: join(dataDir, 'kiosk', 'kiosk.db'),
    async stop() {
      await demo.stop();
      await drop();
    },
  };
}

async function onServer(sql: string): Promise<void> {
  const server = new pg.Client({ connectionString: SERVER_URL });
  try {
    await server.connect();
    await server.query(sql);
  } catch (error) {
    throw new Error(`${sql}: console specs need PostgreSQL at ${SERVER_URL} (DATABASE_URL; .ci/run starts it): ${(error as Error).message}`, { cause: error });
  } finally {
    await server.end().catch(() => undefined);
  }
}
