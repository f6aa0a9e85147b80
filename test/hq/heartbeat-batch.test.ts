// Heartbeats share statements at HQ (HeartbeatBatcher, issue 12's ingest bench): what the group
// commit must keep. Every heartbeat that got 200 is stored (and visible to another connection
// when its answer comes), one that cannot be stored fails alone, a token id is used once however
// the requests fall into statements or HQ processes, and a revoked kiosk is refused from its very
// next request although its key is cached (the bound: the revocation's commit, nothing more).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Heartbeat } from '../../electron/contract/fleet.ts';
import { HQ_ROUTES, MAX_CLOCK_SKEW_S, type HqError } from '../../electron/contract/sync.ts';
import type { HqDb, Queryable } from '../../hq/db/database.ts';
import { HeartbeatBatcher, heartbeatHistory, type HeartbeatWrite } from '../../hq/fleet-health.ts';
import { startTestHq, TestKiosk, type TestHq } from './harness.ts';

let hq: TestHq;
let other: TestHq;
let kiosks: TestKiosk[];

beforeAll(async () => {
  hq = await startTestHq();
  // A second HQ on the same database, as a second process behind the load balancer.
  other = await startTestHq({ db: hq.db, keys: hq.keys });
  kiosks = [];
  for (let i = 0; i < 8; i++) kiosks.push(await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'), { appVersion: '1.4.0' }));
});
afterAll(async () => {
  await other?.close();
  await hq?.close();
});

function heartbeat(extra: Partial<Heartbeat> = {}): Heartbeat {
  const at = Date.now();
  return {
    sentAt: at,
    appVersion: '1.4.0',
    startedAt: at - 3_600_000,
    sync: { pending: 0, oldestAt: null },
    datasets: { catalog: '2026.12-1' },
    camera: 'on',
    diskFreeBytes: 40_000_000_000,
    memoryRssBytes: 300_000_000,
    lastFrameAt: at - 1_000,
    errors: 0,
    updates: [],
    ...extra,
  };
}

/** A write as the heartbeat route hands it over: a token HQ verified, not yet recorded. */
function write(kiosk: TestKiosk, extra: Partial<Heartbeat> = {}, jti: string = randomUUID()): HeartbeatWrite {
  const at = Date.now();
  return {
    token: { kioskId: kiosk.kioskId, jti, nonceExpiresAt: at + (120 + MAX_CLOCK_SKEW_S) * 1000, publicKey: kiosk.publicKeyX },
    heartbeat: heartbeat(extra),
    receivedAt: at,
  };
}

/** The database, counting the rows of each heartbeat statement. */
function counting(db: HqDb): { db: Queryable; statements: number[] } {
  const statements: number[] = [];
  return {
    statements,
    db: {
      query: (sql, params) => {
        if (sql.includes('INSERT INTO kiosk_heartbeats')) statements.push((params![0] as unknown[]).length);
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
    },
  };
}

const history = async (kiosk: TestKiosk) => (await heartbeatHistory(hq.db, kiosk.kioskId, 0)).length;
const postHeartbeat = (kiosk: TestKiosk, url: string, body: Heartbeat, token?: Promise<string>) =>
  (async () => {
    const text = JSON.stringify(body);
    const response = await fetch(new URL(HQ_ROUTES.heartbeat, url), {
      method: 'POST',
      body: text,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await (token ?? kiosk.token(HQ_ROUTES.heartbeat, text))}` },
    });
    return { status: response.status, body: (await response.json()) as HqError };
  })();

async function revoke(kiosk: TestKiosk): Promise<void> {
  const response = await fetch(new URL(`v1/admin/kiosks/${kiosk.kioskId}/revoke`, hq.url), {
    method: 'POST',
    body: JSON.stringify({ reason: 'stolen' }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hq.adminToken}` },
  });
  expect(response.status).toBe(200);
}

describe('the heartbeat group commit', () => {
  it('writes heartbeats that arrive while a statement is in flight together, each resolved once it is stored', async () => {
    const { db, statements } = counting(hq.db);
    const batcher = new HeartbeatBatcher(db);
    const reader = (hq.db as HqDb & { another?: () => HqDb }).another?.() ?? hq.db;
    const before = await Promise.all(kiosks.map(history));
    const writes = kiosks.flatMap((k) => [write(k), write(k, { camera: 'absent', updates: [{ version: '1.4.0', state: 'committed', reason: null, at: Date.now() }] })]);
    const uses = await Promise.all(
      writes.map(async (w) => {
        const use = await batcher.record(w);
        // Stored when it resolves: another connection sees it.
        const seen = await reader.query('SELECT 1 FROM kiosk_heartbeats WHERE kiosk_id = $1 AND received_at = $2', [w.token.kioskId, w.receivedAt]);
        return { use, seen: seen.length };
      }),
    );
    expect(uses.every((u) => u.use === 'fresh' && u.seen >= 1)).toBe(true);
    // The first went alone (nothing was in flight); the rest waited for it and went as one.
    expect(statements).toEqual([1, writes.length - 1]);
    expect(await Promise.all(kiosks.map(history))).toEqual(before.map((n) => n + 2));
    // The latest is each kiosk's last one; the update states of all are kept.
    const latest = await hq.db.query<{ kiosk_id: string; camera: string }>(`SELECT kiosk_id, heartbeat->>'camera' AS camera FROM kiosk_health WHERE kiosk_id = ANY($1::uuid[])`, [kiosks.map((k) => k.kioskId)]);
    expect(latest.map((r) => r.camera)).toEqual(kiosks.map(() => 'absent'));
    const events = await hq.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kiosk_update_events WHERE kiosk_id = ANY($1::uuid[])', [kiosks.map((k) => k.kioskId)]);
    expect(events[0]!.n).toBeGreaterThanOrEqual(kiosks.length);
  });

  it('a heartbeat the database refuses fails alone: the others in its statement are stored', async () => {
    const { db, statements } = counting(hq.db);
    const batcher = new HeartbeatBatcher(db);
    const [first, ...rest] = kiosks;
    const before = await Promise.all(rest.map(history));
    // NUL passes the schema, but PostgreSQL's jsonb cannot hold it.
    const poison = write(first!, { updates: [{ version: '1.4.0', state: 'failed', reason: 'bad \u0000 byte', at: Date.now() }] });
    const warm = batcher.record(write(first!));
    const results = await Promise.allSettled([batcher.record(poison), ...rest.map((k) => batcher.record(write(k)))]);
    expect(await warm).toBe('fresh');
    expect(results[0]!.status).toBe('rejected');
    expect(results.slice(1).map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual(rest.map(() => 'fresh'));
    expect(await Promise.all(rest.map(history))).toEqual(before.map((n) => n + 1));
    // The shared statement failed whole, then each was written alone.
    expect(statements.slice(0, 2)).toEqual([1, rest.length + 1]);
    expect(statements.slice(2)).toEqual([...rest, first].map(() => 1));
    // Its token id was not used: nothing of the failed statement was kept.
    const nonce = await hq.db.query('SELECT 1 FROM request_nonces WHERE jti = $1', [poison.token.jti]);
    expect(nonce).toEqual([]);
  });

  it('over HTTP: concurrent heartbeats to two HQ instances all get 200 and are all kept; a poisoned one gets 500 alone', async () => {
    const before = await Promise.all(kiosks.map(history));
    const answers = await Promise.all(
      kiosks.flatMap((k, i) => [0, 1, 2].map((j) => postHeartbeat(k, (i + j) % 2 ? hq.url : other.url, heartbeat({ errors: j })))),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(await Promise.all(kiosks.map(history))).toEqual(before.map((n) => n + 3));
    const poisoned = postHeartbeat(kiosks[0]!, hq.url, heartbeat({ updates: [{ version: null, state: 'failed', reason: '\u0000', at: Date.now() }] }));
    const good = await Promise.all(kiosks.slice(1).map((k) => postHeartbeat(k, hq.url, heartbeat())));
    expect((await poisoned).status).toBe(500);
    expect(good.map((a) => a.status)).toEqual(good.map(() => 200));
  });
});

describe('token ids and revocation with shared statements and cached keys', () => {
  it('refuses a token id used twice in one statement, in two statements, and at two HQ instances', async () => {
    const kiosk = kiosks[1]!;
    const batcher = new HeartbeatBatcher(hq.db);
    const before = await history(kiosk);
    const once = write(kiosk);
    const twin = { ...write(kiosk), token: once.token };
    // The first goes alone; the next two share a statement.
    const uses = await Promise.all([batcher.record(write(kiosk)), batcher.record(once), batcher.record(twin)]);
    expect(uses).toEqual(['fresh', 'fresh', 'replayed']);
    expect(await batcher.record({ ...write(kiosk), token: once.token })).toBe('replayed');
    expect(await history(kiosk)).toBe(before + 2);

    // The same signed request, at once to both instances: one keeps it, the other says REPLAYED.
    const body = heartbeat();
    const token = kiosk.token(HQ_ROUTES.heartbeat, JSON.stringify(body));
    const answers = await Promise.all([postHeartbeat(kiosk, hq.url, body, token), postHeartbeat(kiosk, other.url, body, token), postHeartbeat(kiosk, hq.url, body, token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    expect(answers.filter((a) => a.status === 401).map((a) => a.body.error.code)).toEqual(['REPLAYED', 'REPLAYED']);
    expect(await history(kiosk)).toBe(before + 3);
  });

  it('refuses a revoked kiosk from its next heartbeat on, at every instance, though its key is cached; before a bad body too', async () => {
    const kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S002'));
    // Both instances have its key cached now.
    expect((await postHeartbeat(kiosk, hq.url, heartbeat())).status).toBe(200);
    expect((await postHeartbeat(kiosk, other.url, heartbeat())).status).toBe(200);
    await revoke(kiosk);
    for (const url of [hq.url, other.url]) {
      const answer = await postHeartbeat(kiosk, url, heartbeat());
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('KIOSK_REVOKED');
      const bad = await postHeartbeat(kiosk, url, { ...heartbeat(), memoryRssBytes: -1 });
      expect(bad.body.error.code).toBe('KIOSK_REVOKED');
      // Other routes share the cache and the check.
      const pull = await kiosk.pull();
      expect((pull.body as HqError).error.code).toBe('KIOSK_REVOKED');
    }
    expect(await history(kiosk)).toBe(2);
  });

  it('a bad body from a kiosk still allowed is 400, and uses its token', async () => {
    const kiosk = kiosks[2]!;
    const body = { ...heartbeat(), memoryRssBytes: -1 };
    const token = kiosk.token(HQ_ROUTES.heartbeat, JSON.stringify(body));
    const bad = await postHeartbeat(kiosk, hq.url, body as Heartbeat, token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.memoryRssBytes/);
    expect((await postHeartbeat(kiosk, other.url, body as Heartbeat, token)).body.error.code).toBe('REPLAYED');
  });

  it('never accepts by a cached key the kiosk no longer has, and reads the new one', async () => {
    const kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S003'));
    // Both instances have its key cached now.
    expect((await postHeartbeat(kiosk, hq.url, heartbeat())).status).toBe(200);
    expect((await postHeartbeat(kiosk, other.url, heartbeat())).status).toBe(200);
    const replacement = await TestKiosk.keyPair();
    await hq.db.query('UPDATE kiosks SET public_key = $2 WHERE id = $1', [kiosk.kioskId, replacement.publicKeyX]);
    // Signed with the old key, which verifies with the cached key: refused by the statement that would record it.
    const stale = await postHeartbeat(kiosk, hq.url, heartbeat());
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('UNAUTHENTICATED');
    // Signed with the new key: the cached key fails, HQ reads the key again, and it verifies.
    const body = heartbeat();
    const fresh = await postHeartbeat(kiosk, other.url, body, kiosk.token(HQ_ROUTES.heartbeat, JSON.stringify(body), { key: replacement.privateKey }));
    expect(fresh.status).toBe(200);
    expect(await history(kiosk)).toBe(3);
  });
});
