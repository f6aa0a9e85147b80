import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Publication } from '../../electron/contract/sync.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { HqClient } from '../../electron/core/sync/hq-client.ts';
import { Pusher } from '../../electron/core/sync/pusher.ts';
import { createEnrolmentCode } from '../../hq/fleet.ts';
import { generateHqKeys } from '../../hq/keys.ts';
import { publish } from '../../hq/publish.ts';
import { startKioskHost, type KioskHost } from '../e2e/kiosk-host.ts';
import { ROOT, silentLog } from '../helpers/core.ts';
import { startFaultProxy, type Fault, type FaultProxy } from '../helpers/fault-proxy.ts';
import { tempDirs } from '../helpers/temp.ts';
import { openTestDatabase, startTestHq, testEngine, type TestHq } from './harness.ts';
import { browsingVisit, creditApplication, drain, enrolKiosk, HOUR, kioskCore, outboxCount, pendingCount, productIds, T0, tillOrder, type Clock } from './kiosk-fixture.ts';
import { checkSync, expectAllHeld, type ExpectedRefusal } from './sync-checker.ts';

/**
 * Issue 9's fault injection: a real kiosk (in-process core, or the real web host as a child
 * process) and a real HQ (in-process, or `dist/hq/hq.mjs` children on PostgreSQL), with the
 * loopback fault proxy between them. Each scenario ends with the checker comparing both databases.
 * Sync cycles are driven directly (syncNow), never by waiting on timers; nothing asserts on time.
 * Needs `node scripts/build.mjs` (dist/host, dist/hq) for the child-process scenarios.
 */

const tempDir = tempDirs();
const STORE = 'S001';
const DAY = 24 * HOUR;
const HQ_ENTRY = join(ROOT, 'dist', 'hq', 'hq.mjs');
const realTime: Clock = {
  get at() {
    return Date.now();
  },
};

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const closing = <T extends { close(): unknown }>(thing: T): T => (cleanup.push(() => thing.close()), thing);

/** HQ, a fault proxy in front of it, and a kiosk core enrolled through the proxy. */
async function kioskBehindProxy(clock: Clock, hq?: TestHq): Promise<{ hq: TestHq; proxy: FaultProxy; k: KioskCore; kioskId: string; dir: string }> {
  hq ??= closing(await startTestHq({ now: () => clock.at }));
  const proxy = closing(await startFaultProxy(hq.url));
  const dir = tempDir();
  const k = closing(kioskCore(dir, clock));
  const enrolled = await enrolKiosk(k, proxy.url, await hq.enrolmentCode(STORE));
  expect(enrolled.status).toBe('enrolled');
  return { hq, proxy, k, kioskId: enrolled.kioskId!, dir };
}

/** `visits` visits of `events` analytics events each (events + 2 outbox items a visit). */
async function backlog(k: KioskCore, visits: number, events = 23): Promise<void> {
  const products = await productIds(k, 20);
  for (let v = 0; v < visits; v++) await browsingVisit(k, products, events, v);
}

/** `dist/hq/hq.mjs` as a child process on `databaseUrl`; resolves once it listens. */
interface HqProcess {
  url: string;
  port: number;
  kill(): Promise<void>;
}
async function startHqProcess(databaseUrl: string, dataDir: string, port = 0): Promise<HqProcess> {
  const child: ChildProcess = spawn(process.execPath, [HQ_ENTRY], {
    env: { ...process.env, DATABASE_URL: databaseUrl, HQ_DATA_DIR: dataDir, HQ_PORT: String(port), HQ_ADMIN_TOKEN: 'fault-suite-admin-token-0123456789', HQ_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /HQ listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (ready?.[1]) resolve(`${ready[1]}/`);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`HQ exited with ${code} before listening:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  cleanup.push(kill);
  return { url, port: Number(new URL(url).port), kill };
}

/** A second pusher for the same kiosk (its database, outbox and key) talking to another HQ URL. */
async function secondPusher(k: KioskCore, clock: Clock, url: string): Promise<Pusher> {
  const kioskId = k.sync.store.enrolment()!.kioskId;
  const { privateKey } = await k.sync.files.signingKey();
  const client = new HqClient({ baseUrl: () => url, signer: async () => ({ kioskId, privateKey }), now: () => clock.at, log: silentLog });
  return new Pusher(k.db, k.sync.store, client, () => clock.at, silentLog);
}

/** Both pushers at once, batch after batch, until the outbox is empty. Returns the rounds. */
async function pushConcurrently(k: KioskCore, a: Pusher, b: Pusher): Promise<number> {
  let rounds = 0;
  while (pendingCount(k) > 0 && rounds < 200) {
    rounds++;
    await Promise.all([a.pushBatch(), b.pushBatch()]);
  }
  return rounds;
}

async function until(what: string, check: () => Promise<boolean>, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

const hqItemCount = async (db: { query: TestHq['db']['query'] }, kioskId: string) =>
  Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM ingested_items WHERE kiosk_id = $1', [kioskId]))[0]!.n);

describe(`sync under faults (${testEngine()})`, () => {
  // A soak on PostgreSQL, what HQ runs on: the same ingest on PGlite takes 3× as long (~110 s of
  // CI) and is covered by the push and ingest tests, which run on both engines.
  it.runIf(testEngine() === 'postgres')('HQ down for a simulated day of steady traffic (≥ 10,000 items): everything drains once HQ is back', async () => {
    const clock: Clock = { at: T0 };
    const { hq, proxy, k, kioskId } = await kioskBehindProxy(clock);
    const products = await productIds(k, 20);
    proxy.down();
    const VISITS = 400;
    let applications = 0;
    let orders = 0;
    for (let v = 0; v < VISITS; v++) {
      clock.at = T0 + Math.floor((v * DAY) / VISITS);
      await browsingVisit(k, products, 23, v);
      if (v % 100 === 50) {
        await creditApplication(k, v);
        applications++;
      }
      if (v % 80 === 40) {
        await tillOrder(k, products[v % products.length]!);
        orders++;
      }
      // The timer's cycles while HQ is away: each fails, nothing is lost.
      if (v % 50 === 0) await k.sync.syncNow();
    }
    const written = outboxCount(k);
    expect(written).toBeGreaterThanOrEqual(10_000);
    const offline = k.sync.status();
    expect(offline).toMatchObject({ lastError: { code: 'UNREACHABLE' }, pending: { total: written } });
    expect(offline.health).not.toBe('green');
    expect(proxy.counts.resets).toBeGreaterThan(0);

    proxy.up();
    clock.at = T0 + DAY;
    const cycles = await drain(k, 10);
    expect(pendingCount(k)).toBe(0);
    expect(k.sync.status()).toMatchObject({ lastError: null, rejected: [] });
    console.log(`HQ down for a day: ${written} items (${applications} applications, ${orders} till orders) drained in ${cycles} sync call(s), ${proxy.counts.forwarded} requests`);
    const result = await checkSync(k.db, hq.db, { kioskId, storeId: STORE, label: 'HQ down for a day' });
    expectAllHeld(result);
    expect(result.counts).toMatchObject({ missing: 0, doubled: 0, seqGaps: 0, kioskPending: 0 });
    // Applications left pending offline are decided at HQ once it is back; the kiosk records each
    // decision it receives with an outbox item of its own, which goes up too.
    expect(result.counts.hqItems).toBe(result.counts.kioskItems);
    expect(result.counts.kioskItems).toBeGreaterThanOrEqual(written);
    expect(result.counts.confirmed).toBeGreaterThanOrEqual(applications * 2 + orders);
  }, 240_000);

  it('responses lost after HQ committed, every request delivered 3 times, stale copies arriving late: exactly once, in order', async () => {
    const clock: Clock = { at: T0 };
    const { hq, proxy, k, kioskId } = await kioskBehindProxy(clock);
    const products = await productIds(k, 20);
    const faults: Fault[] = ['lose-response', { duplicate: 3 }, 'late-copy', 'forward'];
    let pushes = 0;
    let pulls = 0;
    proxy.setFault(({ path }) => (path.includes('push') ? faults[pushes++ % faults.length]! : faults[pulls++ % faults.length]!));
    for (let round = 0; round < 24; round++) {
      clock.at += 60_000;
      await browsingVisit(k, products, 8, round);
      if (round % 6 === 3) await creditApplication(k, round);
      if (round % 4 === 1) await tillOrder(k, products[round % products.length]!);
      await k.sync.syncNow();
    }
    proxy.setFault(() => 'forward');
    await proxy.flush();
    clock.at += 60_000;
    await drain(k, 10);
    expect(proxy.counts).toMatchObject({ lost: expect.any(Number), duplicates: expect.any(Number), lateCopies: expect.any(Number) });
    expect(proxy.counts.lost).toBeGreaterThan(0);
    expect(proxy.counts.duplicates).toBeGreaterThan(0);
    expect(proxy.counts.lateCopies).toBeGreaterThan(0);
    console.log(`network faults: ${JSON.stringify(proxy.counts)}`);
    const result = await checkSync(k.db, hq.db, { kioskId, storeId: STORE, label: 'lost, tripled, late' });
    expectAllHeld(result);
    expect(result.counts).toMatchObject({ kioskPending: 0, missing: 0, doubled: 0, unknownAtHq: 0, seqMismatch: 0, seqGaps: 0 });
    expect(result.counts.hqItems).toBe(result.counts.kioskItems);
  }, 120_000);

  it('kill -9 of the kiosk (the real web host) mid-push: restarted on the same data, it finishes; nothing lost or doubled', async () => {
    const hq = closing(await startTestHq());
    const { proxy, k, kioskId, dir } = await kioskBehindProxy(realTime, hq);
    await backlog(k, 160); // 4,000 items: 20 batches
    const written = outboxCount(k);
    k.close();

    let pushes = 0;
    let killed: Promise<number> | undefined;
    proxy.setFault(({ path }) => {
      // The third push is on its way to HQ: the power goes while the kiosk waits for the answer.
      if (path.includes('push') && ++pushes === 3) killed = hostReady.then(async (h) => (await h.kill(), hqItemCount(hq.db, kioskId)));
      return 'forward';
    });
    // Declared after the fault: the proxy sees no request before the host has started.
    const hostReady: Promise<KioskHost> = startKioskHost(dir, {}, true);
    const first = await hostReady;
    cleanup.push(() => first.kill());
    await until('the kiosk was killed', async () => killed !== undefined);
    const atKill = await killed!;
    expect(atKill).toBeLessThan(written);

    const again = await startKioskHost(dir, {}, true);
    cleanup.push(() => again.kill());
    const kioskPending = () => {
      const db = again.db();
      try {
        return db.prepare('SELECT count(*) FROM outbox WHERE acked_at IS NULL').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    // Done when HQ holds everything and the kiosk has its answer for the last batch too.
    await until('the backlog drained', async () => (await hqItemCount(hq.db, kioskId)) >= written && kioskPending() === 0);
    await again.stop();
    const db = again.db();
    try {
      const result = await checkSync(db, hq.db, { kioskId, storeId: STORE, label: `kiosk kill -9 (HQ had ${atKill} of ${written})` });
      expectAllHeld(result);
      expect(result.counts).toMatchObject({ kioskItems: written, hqItems: written, kioskPending: 0, doubled: 0, seqGaps: 0 });
    } finally {
      db.close();
    }
  }, 120_000);

  it('two HQs on one database take pushes from the same kiosk at once: each item once, in order', async () => {
    const clock = realTime;
    let urlA: string;
    let urlB: string;
    let database: TestHq['db'];
    if (testEngine() === 'postgres') {
      // Two HQ processes (dist/hq/hq.mjs) on one PostgreSQL database.
      const db = closing(await openTestDatabase());
      const hqDir = tempDir();
      const a = await startHqProcess(db.url!, hqDir);
      const b = await startHqProcess(db.url!, hqDir);
      [urlA, urlB, database] = [a.url, b.url, db];
    } else {
      // PGlite is one process's database: two HQ apps (buildHqApp) share one PGlite instance instead.
      const a = closing(await startTestHq());
      const b = closing(await startTestHq({ db: a.db, keys: a.keys }));
      [urlA, urlB, database] = [a.url, b.url, a.db];
    }
    const proxy = closing(await startFaultProxy(urlA));
    const k = closing(kioskCore(tempDir(), clock));
    const { code } = await createEnrolmentCode(database, STORE, 24, Date.now());
    const { kioskId } = await enrolKiosk(k, proxy.url, code);
    await backlog(k, 80); // 2,000 items
    const viaB = await secondPusher(k, clock, urlB);
    const rounds = await pushConcurrently(k, k.sync.pusher, viaB);
    expect(pendingCount(k)).toBe(0);
    console.log(`two HQs: ${outboxCount(k)} items in ${rounds} rounds of two concurrent pushes`);
    const result = await checkSync(k.db, database, { kioskId: kioskId!, storeId: STORE, label: 'two HQs at once' });
    expectAllHeld(result);
    expect(result.counts).toMatchObject({ doubled: 0, seqGaps: 0, seqMismatch: 0, kioskPending: 0 });
  }, 120_000);

  it.runIf(testEngine() === 'postgres')('kill -9 of an HQ process mid-batch: the kiosk retries against the restarted HQ; nothing lost or doubled', async () => {
    const db = closing(await openTestDatabase());
    const hqDir = tempDir();
    let hq = await startHqProcess(db.url!, hqDir);
    const port = hq.port;
    const proxy = closing(await startFaultProxy(hq.url));
    const k = closing(kioskCore(tempDir(), realTime));
    const { code } = await createEnrolmentCode(db, STORE, 24, Date.now());
    const { kioskId } = await enrolKiosk(k, proxy.url, code);
    await backlog(k, 120); // 3,000 items: 15 batches
    const written = outboxCount(k);

    let pushes = 0;
    let killing: Promise<void> | undefined;
    proxy.setFault(({ path }) => {
      // HQ gets the third batch and dies a moment later, in the middle of taking it.
      if (path.includes('push') && ++pushes === 3) killing = new Promise((r) => setTimeout(r, 3)).then(() => hq.kill());
      return 'forward';
    });
    const failed = await k.sync.syncNow();
    await killing;
    expect(failed.lastError?.code).toMatch(/UNREACHABLE|TIMEOUT|UNAVAILABLE/);
    const atKill = await hqItemCount(db, kioskId!);
    expect(pendingCount(k)).toBeGreaterThan(0);

    hq = await startHqProcess(db.url!, hqDir, port);
    proxy.setFault(() => 'forward');
    await drain(k, 10);
    expect(pendingCount(k)).toBe(0);
    const result = await checkSync(k.db, db, { kioskId: kioskId!, storeId: STORE, label: `HQ kill -9 (HQ had ${atKill} of ${written})` });
    expectAllHeld(result);
    expect(result.counts).toMatchObject({ kioskItems: written, hqItems: written, doubled: 0, seqGaps: 0 });
  }, 120_000);

  it('a tampered dataset, a wrong signature and a replayed older version are refused, listed, and reported to HQ', async () => {
    const clock: Clock = { at: T0 };
    const { hq, k, kioskId } = await kioskBehindProxy(clock);
    const blocklist = (version: string) => JSON.stringify({ dataset: 'blocklist', version, entries: [{ kind: 'resident_id', hmac: 'c'.repeat(64), reason: 'confirmed_fraud' }] });

    // A man in the middle who can add publications to HQ's answers (for the replay).
    const captured: Publication[] = [];
    let inject: Publication[] = [];
    const realPull = k.sync.client.pull.bind(k.sync.client);
    vi.spyOn(k.sync.client, 'pull').mockImplementation(async (request) => {
      const answer = await realPull(request);
      if (answer.ok) {
        captured.push(...answer.data.publications);
        answer.data.publications.push(...inject.splice(0));
      }
      return answer;
    });

    const good = await hq.publish('blocklist', blocklist('b-1'));
    await k.sync.syncNow();
    expect(k.sync.store.cursor('blocklist')?.version).toBe(good.version);

    // 1. Tampered: the body changed at HQ after it was signed.
    const tampered = await hq.publish('blocklist', blocklist('b-2'));
    await hq.db.query('UPDATE publications SET body = $2 WHERE id = $1', [tampered.version, blocklist('b-2').replace('c'.repeat(64), 'd'.repeat(64))]);
    clock.at += 60_000;
    await k.sync.syncNow();
    // 2. Signed by another key than the one the kiosk pinned at enrolment.
    const forged = await publish(hq.db, await generateHqKeys(), { dataset: 'blocklist', body: blocklist('b-3'), scope: 'all', by: 'attacker' }, clock.at);
    if (!forged.ok) throw new Error(forged.message);
    clock.at += 60_000;
    await k.sync.syncNow();
    // 3. A good newer version, then the first version replayed.
    const newer = await hq.publish('blocklist', blocklist('b-4'));
    clock.at += 60_000;
    await k.sync.syncNow();
    expect(k.sync.store.cursor('blocklist')?.version).toBe(newer.version);
    inject = captured.filter((p) => p.dataset === 'blocklist' && p.version === good.version).slice(0, 1);
    expect(inject).toHaveLength(1);
    clock.at += 60_000;
    await k.sync.syncNow();
    await k.sync.syncNow(); // the refusals go up with the next push

    const refusals: ExpectedRefusal[] = [
      { dataset: 'blocklist', version: tampered.version, reason: 'CONTENT_HASH_MISMATCH' },
      { dataset: 'blocklist', version: forged.version, reason: 'SIGNATURE_INVALID' },
      { dataset: 'blocklist', version: good.version, reason: 'NOT_NEWER' },
    ];
    const status = k.sync.status();
    expect(status.refused.map(({ dataset, version, reason }) => ({ dataset, version, reason }))).toEqual(expect.arrayContaining(refusals));
    expect(k.datasets.appliedVersion('blocklist')).toBe('b-4');
    const result = await checkSync(k.db, hq.db, { kioskId, storeId: STORE, refusals, label: 'tampered, forged, replayed' });
    expectAllHeld(result);
    expect(result.counts).toMatchObject({ refusalsExpected: 3, refusalsListed: 3, refusalsAtHq: 3, datasets: 1, datasetsDiverged: 0 });
  });
});
