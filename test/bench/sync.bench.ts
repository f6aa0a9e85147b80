// npm run bench: sync with HQ (issue 9, DESIGN.md §7, §9), on embedded PGlite and on PostgreSQL,
// side by side. HQ runs as its own process (dist/hq/hq.mjs, as deployed) on a fresh database each
// (PGlite in a temp folder; PostgreSQL: a new database at DATABASE_URL's server, dropped after);
// kiosks talk to it over loopback HTTP with real signed requests.
//   - ingest: 50 enrolled kiosks push 200-item batches at once (items/s), and one kiosk alone;
//   - drain: a real kiosk core's outbox of 10,000 items (real writes) pushed by its SyncService;
//   - snapshot: a real kiosk pulls, verifies and applies a 20,000-product catalog publication.
// Times are printed, never asserted; what is asserted is that everything arrived.
// SYNC_BENCH=small runs small sizes (while developing on a shared machine).
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PullResponse, PushItem, PushResponse } from '../../electron/contract/sync.ts';
import { importEd25519PublicKey, verifyPublication } from '../../electron/domain/sync-signing.ts';
import { KioskConfig } from '../../electron/core/config.ts';
import { writeWithOutbox } from '../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { build } from '../../scripts/build.mjs';
import { generateCatalog } from '../../tools/catalog-generator.ts';
import { startCore } from '../helpers/core.ts';
import { outboxItem, TestKiosk } from '../hq/harness.ts';
import { startHq, type Engine, type HqProcess } from './hq-process.ts';
import { percentile, timeAsync } from './stats.ts';

const SMALL = process.env.SYNC_BENCH === 'small';
const SIZE = SMALL
  ? { kiosks: 10, batches: 2, rounds: 2, backlog: 1_000, drains: 2, products: 2_000, snapshots: 2 }
  : { kiosks: 50, batches: 5, rounds: 3, backlog: 10_000, drains: 3, products: 20_000, snapshots: 3 };
/** Items per push, as the kiosk's Pusher sends them (PUSH_BATCH). */
const BATCH = 200;
const ENGINES = ['pglite', 'postgres'] as const;
const ENGINE_NAME: Record<Engine, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface KioskRow {
  id: string;
  nextSeq: number;
}
const nextSeqs = async (hq: HqProcess) => new Map((await hq.admin<{ kiosks: KioskRow[] }>('GET', '/v1/admin/kiosks')).kiosks.map((k) => [k.id, k.nextSeq]));

/* ------------------------------------------------------------------ what kiosks send */

/** One shopper's visit as the outbox records it: started, three events, ended (5 items). */
function visitItems(startSeq: number, at: number): PushItem[] {
  const sessionId = randomUUID();
  const events = [1, 2, 3].map((i) =>
    outboxItem(startSeq + i, 'shopper.event', { eventId: randomUUID(), sessionId, at: at + i * 1000, event: { type: 'product_viewed', productId: randomUUID(), position: i } }),
  );
  return [
    outboxItem(startSeq, 'session.started', { sessionId, locale: 'zh-CN', startedAt: at }),
    ...events,
    outboxItem(startSeq + 4, 'session.ended', { sessionId, reason: 'idle', startedAt: at, endedAt: at + 90_000 }),
  ];
}

function batchFrom(startSeq: number): PushItem[] {
  const items: PushItem[] = [];
  while (items.length < BATCH) items.push(...visitItems(startSeq + items.length, 1_780_000_000_000 + startSeq * 1000));
  return items.slice(0, BATCH);
}

/* ------------------------------------------------------------------ the three figures */

interface Figures {
  concurrent: number[]; // items/s, 50 kiosks at once
  alone: number[]; // items/s, one kiosk
  drain: number[]; // ms
  pull: number[];
  verify: number[];
  apply: number[];
  snapshot: number[]; // pull + verify + apply, ms
  pullBytes: number;
}

async function ingest(hq: HqProcess, f: Figures): Promise<void> {
  const kiosks = await Promise.all(Array.from({ length: SIZE.kiosks }, async (_, i) => TestKiosk.enrol(hq.url, await hq.code(), { label: `bench-${i}` })));
  const seq = new Map(kiosks.map((k) => [k.kioskId, 1]));
  /** Pushes `batches` batches from `k`, one after the other as a kiosk does; counts what HQ applied. */
  const pushAll = async (k: TestKiosk, batches: PushItem[][]) => {
    let applied = 0;
    for (const items of batches) {
      const answer = await k.push(items);
      if (answer.status !== 200) throw new Error(`push refused: ${JSON.stringify(answer.body)}`);
      applied += (answer.body as PushResponse).results.filter((r) => r.status === 'applied').length;
    }
    return applied;
  };
  /** Built before the clock starts: generating items is the kiosks' work, not HQ's. */
  const prepare = (k: TestKiosk, batches: number) =>
    Array.from({ length: batches }, () => {
      const start = seq.get(k.kioskId)!;
      seq.set(k.kioskId, start + BATCH);
      return batchFrom(start);
    });

  // Warm-up: every kiosk's first push (connections, JIT, HQ's prepared paths).
  await Promise.all(kiosks.map((k) => pushAll(k, prepare(k, 1))));
  for (let round = 0; round < SIZE.rounds; round++) {
    const work = kiosks.map((k) => prepare(k, SIZE.batches));
    let applied = 0;
    const ms = await timeAsync(async () => {
      applied = (await Promise.all(kiosks.map((k, i) => pushAll(k, work[i]!)))).reduce((a, b) => a + b, 0);
    });
    expect(applied).toBe(SIZE.kiosks * SIZE.batches * BATCH);
    f.concurrent.push(applied / (ms / 1000));

    const lone = kiosks[round % kiosks.length]!;
    const loneWork = prepare(lone, SIZE.batches);
    let loneApplied = 0;
    const loneMs = await timeAsync(async () => {
      loneApplied = await pushAll(lone, loneWork);
    });
    expect(loneApplied).toBe(SIZE.batches * BATCH);
    f.alone.push(loneApplied / (loneMs / 1000));
  }
  // Every item arrived exactly once, in order: HQ expects each kiosk's next seq right after its last.
  const atHq = await nextSeqs(hq);
  for (const k of kiosks) expect(atHq.get(k.kioskId)).toBe(seq.get(k.kioskId));
}

/** A real kiosk core enrolled with `hq` (its own data folder, HQ's key pinned, sync not started). */
async function enrolledKiosk(hq: HqProcess): Promise<{ core: KioskCore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  const core = startCore(dir, { config: KioskConfig.parse({ hqUrl: hq.url, hqPublicKey: hq.publicKey }) });
  const enrolled = await core.sync.enrol({ hqUrl: hq.url, code: await hq.code() });
  if (enrolled.status !== 'enrolled') throw new Error(`enrolment refused: ${enrolled.message}`);
  return { core, dir };
}

async function drain(hq: HqProcess, f: Figures): Promise<void> {
  for (let run = 0; run < SIZE.drains; run++) {
    const { core, dir } = await enrolledKiosk(hq);
    try {
      // The backlog of a day offline: one transaction per visit, through the outbox as features write.
      let at = Date.now() - 86_400_000;
      for (let written = 0; written < SIZE.backlog; written += 5) {
        at += 1_000;
        writeWithOutbox(core.db, () => at, (emit) => {
          for (const item of visitItems(0, at)) emit({ topic: item.topic, aggregateId: item.aggregateId, payload: JSON.parse(item.payload) } as Parameters<typeof emit>[0]);
        });
      }
      expect(core.sync.store.pendingSummary().total).toBe(SIZE.backlog);
      // The SyncService's push cycles (what its timer, a reconnect or a local write start).
      f.drain.push(await timeAsync(() => core.sync.request('push')));
      expect(core.sync.store.pendingSummary().total).toBe(0);
      const kioskId = core.sync.store.enrolment()!.kioskId;
      expect((await nextSeqs(hq)).get(kioskId)).toBe(SIZE.backlog + 1);
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function snapshot(hq: HqProcess, f: Figures): Promise<void> {
  const body = JSON.stringify(generateCatalog({ products: SIZE.products, seed: 9, version: `bench-${SIZE.products}` }));
  await hq.admin('POST', '/v1/admin/publications', { dataset: 'catalog', body });
  const hqKey = await importEd25519PublicKey(hq.publicKey);
  for (let run = 0; run < SIZE.snapshots; run++) {
    const { core, dir } = await enrolledKiosk(hq);
    try {
      // Pull: the signed request, HQ reading the publication, the response over loopback, parsed.
      let response: PullResponse | undefined;
      f.pull.push(
        await timeAsync(async () => {
          const answer = await core.sync.client.pull({ cursors: {}, messageCursor: 0 });
          if (!answer.ok) throw new Error(`pull failed: ${answer.code} ${answer.message}`);
          response = answer.data;
        }),
      );
      const publication = response!.publications.find((p) => p.dataset === 'catalog')!;
      f.pullBytes = Buffer.byteLength(publication.body);
      // Verify: what the Puller checks before applying (SHA-256 of the body, HQ's Ed25519 signature).
      const verifyMs = await timeAsync(async () => {
        const check = await verifyPublication(publication, hqKey, sha256(publication.body));
        if (!check.ok) throw new Error(`publication refused: ${check.reason}`);
      });
      f.verify.push(verifyMs);
      // Apply: the Puller's handling of the response (verifies again, applies, saves the cursor in
      // one transaction); the verification measured above is taken off.
      let applied = 0;
      const handleMs = await timeAsync(async () => {
        applied = (await core.sync.puller.handle(response!)).applied;
      });
      expect(applied).toBe(1);
      f.apply.push(Math.max(0, handleMs - verifyMs));
      f.snapshot.push(f.pull.at(-1)! + handleMs);
      const { n } = core.db.prepare('SELECT count(*) AS n FROM products WHERE active = 1').get() as { n: number };
      expect(n).toBe(SIZE.products);
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/* ------------------------------------------------------------------ printing */

const figures = new Map<Engine, Figures>();
const median = (xs: number[]) => percentile(xs, 50);
const rate = (xs: number[]) => (xs.length ? `${Math.round(median(xs)).toLocaleString('en-US')} items/s` : '-');
const ms = (xs: number[]) => (xs.length ? `${median(xs) < 1000 ? `${median(xs).toFixed(0)} ms` : `${(median(xs) / 1000).toFixed(2)} s`}` : '-');
/** `(min–max)` of the repeats, in the median's unit. */
const spread = (xs: number[], fmt: (x: number) => string) => (xs.length > 1 ? `(${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : '');
const rateRange = (xs: number[]) => spread(xs, (x) => Math.round(x).toLocaleString('en-US'));
const msRange = (xs: number[]) => spread(xs, (x) => (median(xs) < 1000 ? x.toFixed(0) : (x / 1000).toFixed(2)));

function print(): void {
  const rows: { name: string; cell: (f: Figures) => string; aim: string }[] = [
    { name: `ingest, ${SIZE.kiosks} kiosks at once (${SIZE.batches} × ${BATCH} items each)`, cell: (f) => `${rate(f.concurrent)} ${rateRange(f.concurrent)}`, aim: '≥ 5,000 items/s on PostgreSQL' },
    { name: `ingest, one kiosk alone (${SIZE.batches} × ${BATCH} items)`, cell: (f) => rate(f.alone), aim: '' },
    { name: `  ratio ${SIZE.kiosks} kiosks ÷ one`, cell: (f) => `×${(median(f.concurrent) / median(f.alone)).toFixed(2)}`, aim: '' },
    { name: `drain a ${SIZE.backlog.toLocaleString('en-US')}-item backlog (SyncService push)`, cell: (f) => `${ms(f.drain)} ${msRange(f.drain)}`, aim: '< 5 s' },
    { name: `  = items/s`, cell: (f) => `${Math.round(SIZE.backlog / (median(f.drain) / 1000)).toLocaleString('en-US')} items/s`, aim: '' },
    { name: `snapshot of ${SIZE.products.toLocaleString('en-US')} products: pull + verify + apply`, cell: (f) => `${ms(f.snapshot)} ${msRange(f.snapshot)}`, aim: '< 2 s' },
    { name: '  pull (HTTP + parse)', cell: (f) => `${ms(f.pull)} (${(f.pullBytes / 1e6).toFixed(1)} MB)`, aim: '' },
    { name: '  verify (SHA-256 + Ed25519)', cell: (f) => ms(f.verify), aim: '' },
    { name: '  apply + cursor (one transaction)', cell: (f) => ms(f.apply), aim: '' },
  ];
  const width = 58;
  const col = 36;
  const header = `${'median of repeats (min–max)'.padEnd(width)}${ENGINES.map((e) => ENGINE_NAME[e].padEnd(col)).join('')}aim`;
  const lines = rows.map((r) => `${r.name.padEnd(width)}${ENGINES.map((e) => (figures.has(e) ? r.cell(figures.get(e)!) : 'not run').padEnd(col)).join('')}${r.aim}`);
  const title = `Sync with HQ (HQ a separate process; loopback HTTP; ${SMALL ? 'SMALL sizes' : 'full sizes'}; ingest ${SIZE.rounds} rounds, drain ${SIZE.drains} runs, snapshot ${SIZE.snapshots} runs)`;
  console.log(`\n${title}\n${'-'.repeat(title.length)}\n${header}\n${lines.join('\n')}`);
}

/* ------------------------------------------------------------------ the runs */

beforeAll(async () => {
  await build(); // `npm run bench` has built already; run alone, this makes sure dist/hq is current
}, 300_000);

afterAll(() => {
  if (figures.size > 0) print();
});

for (const engine of ENGINES) {
  test(`sync on ${ENGINE_NAME[engine]}`, { timeout: 1_800_000 }, async () => {
    const hq = await startHq(engine);
    const f: Figures = { concurrent: [], alone: [], drain: [], pull: [], verify: [], apply: [], snapshot: [], pullBytes: 0 };
    try {
      await ingest(hq, f);
      await drain(hq, f);
      await snapshot(hq, f);
      figures.set(engine, f);
    } finally {
      await hq.stop();
    }
  });
}
