import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Heartbeat, type Ring, type UpdateCheckResponse } from '../../electron/contract/fleet.ts';
import { HQ_ROUTES } from '../../electron/contract/sync.ts';
import { signRequestToken, verifyRelease } from '../../electron/domain/sync-signing.ts';
import { drawnRing, driveRollouts, listRollouts, registerRelease, rolloutTimeline, setStoreRing, startRollout } from '../../hq/releases.ts';
import { sha256, startTestHq, testEngine, type TestHq } from './harness.ts';

/**
 * The fleet on loopback (issue 12, done-when): 2,000 simulated kiosks in 500 stores heartbeat
 * every simulated minute and ask for updates (each a third of the minutes, as an hourly check
 * with jitter would spread them); a release goes out through the rings with crash loops injected
 * in the canary stores, and must halt there by itself. The kiosks here are protocol clients
 * (signed requests, the manifest verified against HQ's key), not whole kiosk cores: the core's
 * own update path is tested in releases.test.ts. PostgreSQL only: PGlite is one connection.
 */
const KIOSKS = Number(process.env.FLEET_SIM_KIOSKS ?? 2_000);
const PER_STORE = 4;
const IN_FLIGHT = 50;
const CANARY_STORES = 10;
/** This share of the kiosks in canary stores crash-loop on the new release. */
const BROKEN_SHARE = 0.3;
const MINUTES = 4;
const clock = { at: Date.parse('2026-12-05T03:00:00+08:00') };

interface SimKiosk {
  id: string;
  storeId: string;
  ring: Ring;
  key: CryptoKey;
  version: string;
  broken: boolean;
  events: Heartbeat['updates'];
}

let hq: TestHq;
const fleet: SimKiosk[] = [];
const sha512 = 'A'.repeat(86) + '==';

async function post(k: SimKiosk, route: string, body: unknown): Promise<{ status: number; body: unknown; ms: number }> {
  const text = JSON.stringify(body);
  const token = await signRequestToken({ kioskId: k.id, method: 'POST', route, bodyHash: sha256(text), jti: randomUUID() }, clock.at, k.key);
  const started = performance.now();
  const response = await fetch(new URL(route, hq.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: text });
  const answer = { status: response.status, body: await response.json(), ms: performance.now() - started };
  return answer;
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

describe.runIf(testEngine() === 'postgres')(`a fleet of ${KIOSKS} kiosks`, () => {
  beforeAll(async () => {
    hq = await startTestHq({ now: () => clock.at });
    // Enrolled in bulk (enrolment itself is tested elsewhere): keys made here, rows written as enrol() writes them.
    const stores = Array.from({ length: Math.ceil(KIOSKS / PER_STORE) }, (_, i) => `S${String(100 + i).padStart(4, '0')}`);
    await hq.db.query('INSERT INTO stores (id, created_at) SELECT unnest($1::text[]), $2', [stores, clock.at]);
    await setStoreRing(hq.db, stores[0]!, 'lab', clock.at);
    for (const store of stores.slice(1, 1 + CANARY_STORES)) await setStoreRing(hq.db, store, 'canary', clock.at);
    const rows: Array<[string, string, string]> = [];
    for (let i = 0; i < KIOSKS; i++) {
      const storeId = stores[Math.floor(i / PER_STORE)]!;
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const id = randomUUID();
      const ring: Ring = i < PER_STORE ? 'lab' : i < PER_STORE * (1 + CANARY_STORES) ? 'canary' : drawnRing(storeId);
      const key = await importPKCS8(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA');
      fleet.push({ id, storeId, ring, key, version: '2.0.0', broken: ring === 'canary' && i % 10 < BROKEN_SHARE * 10, events: [] });
      rows.push([id, storeId, publicKey.export({ format: 'jwk' }).x!]);
    }
    await hq.db.query(
      `INSERT INTO kiosks (id, store_id, public_key, app_version, enrolled_at)
       SELECT r[1]::uuid, r[2], r[3], '2.0.0', $2 FROM (SELECT string_to_array(unnest($1::text[]), ',') AS r) x`,
      [rows.map((r) => r.join(',')), clock.at],
    );
    const files = [{ url: 'https://builds.example.cn/kiosk/appliance-kiosk-2.1.0.AppImage', sha512, size: 120_000_000 }];
    expect(await registerRelease(hq.db, hq.keys, { version: '2.1.0', files }, 'simulation', clock.at)).toMatchObject({ ok: true });
  }, 180_000);
  afterAll(() => hq?.close());

  it('heartbeats and update checks hold, and a release with crash loops in canary halts there by itself', async () => {
    const rollout = await startRollout(hq.db, { version: '2.1.0', bakeMs: 60_000, failureShare: 0.2, minFailures: 3 }, 'simulation', clock.at);
    if (!rollout.ok) throw new Error(rollout.message);
    const heartbeatMs: number[] = [];
    const checkMs: number[] = [];
    const offeredTo = new Map<Ring, number>();
    const timeline: string[] = [];
    let heartbeatWall = 0;
    let heartbeats = 0;
    let failures = 0;

    for (let minute = 0; minute < MINUTES; minute++) {
      // Update checks of this minute's third of the fleet, then every kiosk's heartbeat.
      await inParallel(fleet.filter((_, i) => i % 3 === minute % 3), async (k) => {
        const answer = await post(k, HQ_ROUTES.updateCheck, { appVersion: k.version });
        checkMs.push(answer.ms);
        if (answer.status !== 200) return void failures++;
        const { offer } = answer.body as UpdateCheckResponse;
        if (!offer) return;
        offeredTo.set(k.ring, (offeredTo.get(k.ring) ?? 0) + 1);
        const claims = await verifyRelease(offer.manifest, hq.keys.publicKey);
        expect(claims?.version).toBe(offer.version);
        if (k.broken) k.events.push({ version: offer.version, state: 'reverted', reason: 'crash_loop', at: clock.at });
        else {
          k.events.push({ version: offer.version, state: 'committed', reason: null, at: clock.at });
          k.version = offer.version;
        }
      });
      const wallStarted = performance.now();
      await inParallel(fleet, async (k) => {
        const heartbeat: Heartbeat = {
          sentAt: clock.at,
          appVersion: k.version,
          startedAt: clock.at - 3_600_000,
          sync: { pending: 0, oldestAt: null },
          datasets: { catalog: '2026.12-1' },
          camera: 'on',
          diskFreeBytes: 40_000_000_000,
          memoryRssBytes: 300_000_000,
          lastFrameAt: clock.at - 1_000,
          errors: 0,
          updates: k.events.splice(0),
        };
        const answer = await post(k, HQ_ROUTES.heartbeat, heartbeat);
        heartbeatMs.push(answer.ms);
        if (answer.status === 200) heartbeats++;
        else failures++;
      });
      heartbeatWall += performance.now() - wallStarted;
      const state = await driveRollouts(hq.db, clock.at);
      timeline.push(`minute ${minute}: ${state?.state ?? 'halted'} in ${state?.ring ?? (await listRollouts(hq.db, 1))[0]!.ring}`);
      clock.at += 60_000;
    }

    const [final] = await listRollouts(hq.db, 1);
    const events = await rolloutTimeline(hq.db, final!.id);
    console.log(
      [
        `fleet simulation on PostgreSQL, ${KIOSKS} kiosks, ${IN_FLIGHT} requests in flight, HQ in the test's process:`,
        `  heartbeats: ${heartbeats} taken, ${Math.round(heartbeats / (heartbeatWall / 1000))}/s held; latency p50 ${percentile(heartbeatMs, 50).toFixed(1)} ms, p99 ${percentile(heartbeatMs, 99).toFixed(1)} ms`,
        `  update checks: ${checkMs.length}; latency p50 ${percentile(checkMs, 50).toFixed(1)} ms, p99 ${percentile(checkMs, 99).toFixed(1)} ms`,
        `  offers of 2.1.0 by ring: ${[...offeredTo].map(([ring, n]) => `${ring} ${n}`).join(', ')}`,
        '  ring timeline:',
        ...timeline.map((t) => `    ${t}`),
        ...events.map((e) => `    ${e.event} @ ${e.ring}${e.detail ? `: ${e.detail}` : ''}`),
      ].join('\n'),
    );

    expect(failures).toBe(0);
    expect(heartbeats).toBe(KIOSKS * MINUTES);
    expect(final).toMatchObject({ state: 'halted', ring: 'canary' });
    expect(events.map((e) => `${e.event}@${e.ring}`)).toEqual(['started@lab', 'advanced@canary', 'auto_halted@canary']);
    // Nobody past the canary stores was offered the broken release.
    expect([...offeredTo.keys()].sort()).toEqual(['canary', 'lab']);
    expect(fleet.filter((k) => k.ring !== 'lab' && k.ring !== 'canary').every((k) => k.version === '2.0.0')).toBe(true);
    // After the halt, nothing is offered any more: a canary kiosk that had not taken it yet stays.
    const waiting = fleet.find((k) => k.ring === 'canary' && k.version === '2.0.0' && !k.broken);
    if (waiting) expect(((await post(waiting, HQ_ROUTES.updateCheck, { appVersion: '2.0.0' })).body as UpdateCheckResponse).offer).toBeNull();
  }, 300_000);
});
