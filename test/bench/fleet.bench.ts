// npm run bench: HQ's heartbeat ingest (issue 12 item 3) on PostgreSQL, HQ as its own process
// (dist/hq/hq.mjs, as deployed). 200 enrolled kiosks send signed heartbeats over loopback, 50 at a
// time; beside it, in the same run and rounds, the same number of /health calls (HTTP and one
// SELECT, no signature, no write): the ceiling of HQ's HTTP path on this machine. Tokens are
// signed before the clock starts, so the client's signing does not share the CPU with HQ's work.
// Aim: ≥ 2,000 heartbeats/s on 2 cores. Times are printed, never asserted; every heartbeat landing is.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Heartbeat } from '../../electron/contract/fleet.ts';
import { HQ_ROUTES } from '../../electron/contract/sync.ts';
import { build } from '../../scripts/build.mjs';
import { TestKiosk } from '../hq/harness.ts';
import { startHq, type HqProcess } from './hq-process.ts';
import { percentile } from './stats.ts';

const SMALL = process.env.FLEET_BENCH === 'small';
const KIOSKS = SMALL ? 20 : 200;
const PER_ROUND = SMALL ? 500 : 5_000;
const ROUNDS = 3;
const CONCURRENCY = 50;

let hq: HqProcess;
let kiosks: TestKiosk[];

beforeAll(async () => {
  await build();
  hq = await startHq('postgres');
  kiosks = [];
  for (let i = 0; i < KIOSKS; i++) kiosks.push(await TestKiosk.enrol(hq.url, await hq.code(), { appVersion: '1.4.0' }));
}, 600_000);
afterAll(async () => {
  await hq?.stop();
});

function heartbeat(at: number, i: number): Heartbeat {
  return {
    sentAt: at,
    appVersion: '1.4.0',
    startedAt: at - 3_600_000,
    sync: { pending: i % 40, oldestAt: i % 40 ? at - 20_000 : null },
    datasets: { catalog: '2026.12-1', prices: 'p-7', promotions: 'w49', finance: 'f-3', decision_models: 'credit-2026.12-3' },
    camera: 'on',
    diskFreeBytes: 40_000_000_000,
    memoryRssBytes: 310_000_000 + i,
    lastFrameAt: at - 1_500,
    errors: 0,
    updates: i % 100 === 0 ? [{ version: '1.4.0', state: 'committed', reason: null, at: at - 60_000 }] : [],
  };
}

/** Sends `requests` with CONCURRENCY in flight; resolves to the wall time and each request's latency. */
async function fire(requests: Array<() => Promise<Response>>): Promise<{ ms: number; latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const t = performance.now();
        const response = await request();
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        if (!response.ok) failed++;
      }
    }),
  );
  return { ms: performance.now() - started, latencies, failed };
}

test('HQ heartbeat ingest on PostgreSQL: heartbeats per second, latency, beside /health', { timeout: 900_000 }, async () => {
  const url = new URL(HQ_ROUTES.heartbeat, hq.url);
  const health = new URL(HQ_ROUTES.health, hq.url);
  const rates = { heartbeat: [] as number[], health: [] as number[] };
  const latency = { heartbeat: [] as number[], health: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Signed ahead: a token per request, bound to its exact body.
    const at = Date.now();
    const signed = await Promise.all(
      Array.from({ length: PER_ROUND }, async (_, i) => {
        const kiosk = kiosks[i % kiosks.length]!;
        const body = JSON.stringify(heartbeat(at, i));
        return { body, token: await kiosk.token(HQ_ROUTES.heartbeat, body) };
      }),
    );
    const beats = await fire(signed.map(({ body, token }) => () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body })));
    expect(beats.failed).toBe(0);
    rates.heartbeat.push(PER_ROUND / (beats.ms / 1000));
    latency.heartbeat.push(...beats.latencies);
    const probes = await fire(Array.from({ length: PER_ROUND }, () => () => fetch(health)));
    expect(probes.failed).toBe(0);
    rates.health.push(PER_ROUND / (probes.ms / 1000));
    latency.health.push(...probes.latencies);
  }
  const kept = await hq.admin<{ kiosks: Array<{ lastHeartbeatAt: number | null; silent: boolean }> }>('GET', '/v1/admin/kiosks');
  expect(kept.kiosks.every((k) => k.lastHeartbeatAt !== null && !k.silent)).toBe(true);

  const median = (xs: number[]) => percentile(xs, 50);
  const line = (name: string, r: number[], l: number[]) =>
    `${name.padEnd(44)} ${median(r).toFixed(0).padStart(6)}/s  (rounds ${r.map((x) => x.toFixed(0)).join(', ')})   latency p50 ${median(l).toFixed(1)} ms  p99 ${percentile(l, 99).toFixed(1)} ms`;
  console.log(
    [
      `HQ heartbeat ingest, PostgreSQL, HQ as one process, ${KIOSKS} kiosks, ${CONCURRENCY} in flight, ${ROUNDS} rounds of ${PER_ROUND}`,
      '-'.repeat(110),
      line('heartbeats (signed, validated, 1 statement)', rates.heartbeat, latency.heartbeat),
      line('/health (HTTP + SELECT 1: the ceiling)', rates.health, latency.health),
      `heartbeats ÷ /health: ×${(median(rates.heartbeat) / median(rates.health)).toFixed(2)}   aim ≥ 2,000 heartbeats/s`,
    ].join('\n'),
  );
});
