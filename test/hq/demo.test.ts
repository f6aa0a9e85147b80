import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.mjs';
import { DEMO_STORE, demoDatasets, startDemo, type Demo } from '../../scripts/demo.mjs';
import { checkDatasetBody } from '../../hq/datasets.ts';
import { ROOT } from '../helpers/core.ts';
import { testEngine } from './harness.ts';

/**
 * `npm run demo`'s pieces, end to end: HQ and a kiosk web host as child processes (ports 0, a temp
 * data folder; on the PostgreSQL run HQ gets a fresh database), the demo datasets published, the
 * kiosk enrolled; a shopper's tap reaches HQ as a push. Then a second start reuses all of it.
 */

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Both HQ projects run this file at once: one builds dist/, the other waits and finds it built. */
async function buildOnce(): Promise<void> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const lock = join(ROOT, 'dist', '.test-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run goes after 5 minutes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmdirSync(lock);
      await sleep(250);
    }
  }
  try {
    await build();
  } finally {
    rmdirSync(lock);
  }
}

interface KioskRow {
  id: string;
  storeId: string;
  nextSeq: number;
  lastPushAt: number | null;
  lastPullAt: number | null;
}

async function kiosks(demo: Demo): Promise<KioskRow[]> {
  const response = await fetch(new URL('/v1/admin/kiosks', demo.hqUrl), { headers: { authorization: `Bearer ${demo.adminToken}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { kiosks: KioskRow[] }).kiosks;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('npm run demo', () => {
  let dir = '';
  let databaseUrl: string | undefined;
  let database: string | undefined;
  let demo: Demo | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    await buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-demo-'));
    if (testEngine() === 'postgres') {
      database = `hq_demo_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(SERVER_URL);
      url.pathname = `/${database}`;
      databaseUrl = url.toString();
    }
  }, 300_000);

  afterAll(async () => {
    await demo?.stop();
    if (database) {
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('publishes only files HQ accepts', () => {
    for (const { dataset, body } of demoDatasets()) expect(checkDatasetBody(dataset, body), dataset).toEqual({ ok: true });
  });

  it('starts HQ and an enrolled kiosk whose events reach HQ, and starts again on the same data', { timeout: 90_000 }, async () => {
    const options = { dataDir: dir, hqPort: 0, kioskPort: 0, databaseUrl, log: (line: string) => void lines.push(line) };
    demo = await startDemo(options);
    expect(lines.filter((l) => l.startsWith('[demo] published'))).toHaveLength(6);
    const [enrolled] = await kiosks(demo);
    expect(enrolled).toMatchObject({ id: demo.kioskId, storeId: DEMO_STORE });

    // A shopper taps the attract screen: session.started goes through the outbox to HQ.
    const tap = await fetch(new URL('/api/startSession', demo.kioskUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"en"}' });
    expect(tap.status).toBe(200);
    const pushed = await until('the first push at HQ', async () => (await kiosks(demo!)).find((k) => k.lastPushAt !== null && k.lastPullAt !== null));
    expect(pushed.nextSeq).toBeGreaterThan(1);

    await demo.stop();
    const first = demo;
    lines.length = 0;
    demo = await startDemo(options);
    expect(demo.kioskId).toBe(first.kioskId);
    expect(demo.adminToken).toBe(first.adminToken);
    expect(lines.some((l) => l.startsWith('[demo] published'))).toBe(false);
    expect(lines).toContain(`[demo] reusing kiosk ${first.kioskId} (store ${DEMO_STORE})`);
    expect(await kiosks(demo)).toHaveLength(1);
  });
});
