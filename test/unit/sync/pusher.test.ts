import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { PushRequest, PushResponse, PushResult } from '../../../electron/contract/sync.ts';
import { writeWithOutbox } from '../../../electron/core/db/outbox.ts';
import type { HqClient, HqResult } from '../../../electron/core/sync/hq-client.ts';
import { Pusher, reconcile, settlePush } from '../../../electron/core/sync/pusher.ts';
import { SyncStore } from '../../../electron/core/sync/sync-store.ts';
import { silentLog } from '../../helpers/core.ts';
import { databaseAt } from '../../helpers/migrations.ts';
import { backoffDelay, BACKOFF_CAP_MS } from '../../../electron/core/sync/backoff.ts';

const AT = 1_700_000_000_000;

/** A real (in-memory) kiosk database at the latest schema with `n` outbox rows. */
function outboxWith(n: number) {
  const db = databaseAt(8);
  for (let i = 0; i < n; i++) {
    writeWithOutbox(db, () => AT + i, (emit) =>
      i % 2
        ? emit({ topic: 'session.ended', aggregateId: `s${i}`, payload: { sessionId: `s${i}`, reason: 'idle', startedAt: 1, endedAt: 2 } })
        : emit({ topic: 'session.started', aggregateId: `s${i}`, payload: { sessionId: `s${i}`, locale: 'zh-CN', startedAt: AT + i } }),
    );
  }
  const store = new SyncStore(db);
  return { db, store, acked: () => db.prepare('SELECT seq FROM outbox WHERE acked_at IS NOT NULL ORDER BY seq').pluck().all() as number[] };
}

const applied = (rows: { seq: number; id: string }[], status: 'applied' | 'duplicate' = 'applied'): PushResult[] => rows.map((r) => ({ id: r.id, seq: r.seq, status }));

describe('push results', () => {
  it('acks applied and duplicate items, and acks and lists rejected ones for staff (never sent again)', () => {
    const { db, store, acked } = outboxWith(4);
    const sent = store.pending(10);
    store.countAttempt(sent.map((r) => r.seq));
    const results: PushResult[] = [
      ...applied(sent.slice(0, 2)),
      { id: sent[2]!.id, seq: 3, status: 'duplicate' },
      { id: sent[3]!.id, seq: 4, status: 'rejected', code: 'PAYLOAD_INVALID', message: 'no such field' },
    ];
    expect(settlePush(db, store, sent, { results, expectedSeq: 5, serverTime: AT }, AT, silentLog)).toEqual({ acked: 4, rejected: 1, resent: 0 });
    expect(acked()).toEqual([1, 2, 3, 4]);
    expect(store.pending(10)).toEqual([]);
    expect(store.rejected()).toEqual([{ seq: 4, id: sent[3]!.id, topic: 'session.ended', code: 'PAYLOAD_INVALID', message: 'no such field', at: AT }]);
    expect(store.state().lastPushAt).toBe(AT);
  });

  it('leaves items HQ did not answer for pending, and ignores an answer for an item it was not sent', () => {
    const { db, store, acked } = outboxWith(3);
    const sent = store.pending(10);
    store.countAttempt(sent.map((r) => r.seq));
    const results: PushResult[] = [...applied(sent.slice(0, 1)), { id: 'someone-else', seq: 2, status: 'applied' }];
    settlePush(db, store, sent, { results, expectedSeq: 2, serverTime: AT }, AT, silentLog);
    expect(acked()).toEqual([1]);
  });

  it('HQ expecting an earlier seq than the first pending: it lost items, which are sent again', () => {
    const { db, store, acked } = outboxWith(6);
    const sent = store.pending(4);
    store.countAttempt(sent.map((r) => r.seq));
    settlePush(db, store, sent, { results: applied(sent), expectedSeq: 5, serverTime: AT }, AT, silentLog);
    expect(acked()).toEqual([1, 2, 3, 4]);
    // HQ restored a backup: it wants 3 again.
    expect(db.transaction(() => reconcile(store, 3, AT)).immediate()).toEqual({ acked: 0, rejected: 0, resent: 2 });
    expect(store.pending(10).map((r) => r.seq)).toEqual([3, 4, 5, 6]);
  });

  it('HQ expecting a later seq: it has those (the answer was lost), they are acked — but never items not yet sent', () => {
    const { db, store, acked } = outboxWith(6);
    const sent = store.pending(3);
    store.countAttempt(sent.map((r) => r.seq));
    // The push of 1–3 committed at HQ but the answer never arrived: HQ now says SEQ_GAP, expecting 4.
    expect(db.transaction(() => reconcile(store, 4, AT)).immediate()).toEqual({ acked: 3, rejected: 0, resent: 0 });
    expect(acked()).toEqual([1, 2, 3]);
    // HQ claims to have up to 6, but 4–6 were never sent: a replaced database; nothing is acked.
    const beyond = db.transaction(() => reconcile(store, 7, AT)).immediate();
    expect(beyond).toMatchObject({ error: expect.stringContaining('re-enrol') });
    expect(acked()).toEqual([1, 2, 3]);
  });
});

describe('pusher', () => {
  function hqAnswering(answers: ((req: PushRequest) => HqResult<PushResponse>)[], seen: PushRequest[]): HqClient {
    return { push: vi.fn(async (req: PushRequest) => (seen.push(structuredClone(req)), answers.shift()!(req))) } as unknown as HqClient;
  }

  it('sends the stored payload text and its SHA-256 in seq order, in batches', async () => {
    const { db, store, acked } = outboxWith(5);
    const seen: PushRequest[] = [];
    const ok = (req: PushRequest): HqResult<PushResponse> => ({ ok: true, data: { results: req.items.map((i) => ({ id: i.id, seq: i.seq, status: 'applied' })), expectedSeq: req.items.at(-1)!.seq + 1, serverTime: AT } });
    const pusher = new Pusher(db, store, hqAnswering([ok, ok, ok], seen), () => AT, silentLog, 2);
    expect(await pusher.pushBatch()).toEqual({ ok: true, sent: 2, more: true });
    expect(await pusher.pushBatch()).toEqual({ ok: true, sent: 2, more: true });
    expect(await pusher.pushBatch()).toEqual({ ok: true, sent: 1, more: false });
    expect(await pusher.pushBatch()).toEqual({ ok: true, sent: 0, more: false });
    expect(seen.map((r) => r.items.map((i) => i.seq))).toEqual([[1, 2], [3, 4], [5]]);
    const stored = db.prepare('SELECT payload FROM outbox WHERE seq = 1').pluck().get() as string;
    expect(seen[0]!.items[0]).toMatchObject({ payload: stored, payloadHash: createHash('sha256').update(stored).digest('hex'), topic: 'session.started', aggregateId: 's0' });
    expect(acked()).toEqual([1, 2, 3, 4, 5]);
  });

  it('on SEQ_GAP realigns with HQ and has more to send; on other failures keeps everything pending', async () => {
    const { db, store } = outboxWith(3);
    const seen: PushRequest[] = [];
    const pusher = new Pusher(
      db,
      store,
      hqAnswering(
        [
          () => ({ ok: false, code: 'TIMEOUT', message: 'HQ did not answer' }),
          // The first attempt had reached HQ after all: it wants 4 next.
          () => ({ ok: false, code: 'SEQ_GAP', message: 'gap', status: 409, expectedSeq: 4 }),
        ],
        seen,
      ),
      () => AT,
      silentLog,
    );
    expect(await pusher.pushBatch()).toMatchObject({ ok: false, failure: { code: 'TIMEOUT' } });
    expect(store.pending(10)).toHaveLength(3);
    expect(db.prepare('SELECT DISTINCT last_error FROM outbox').pluck().all()).toEqual(['TIMEOUT']);
    expect(await pusher.pushBatch()).toEqual({ ok: true, sent: 0, more: false });
    expect(store.pending(10)).toHaveLength(0);
  });
});

describe('retry backoff (full jitter)', () => {
  it('stays between 0 and min(cap, 1 s × 2^(attempt−1))', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, 1_000 * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, () => 0)).toBe(0);
      const top = backoffDelay(attempt, () => 0.999_999);
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThanOrEqual(ceiling * 0.999);
      for (let i = 0; i < 20; i++) {
        const d = backoffDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
    }
    expect(backoffDelay(1, () => 0.5)).toBe(500);
    expect(backoffDelay(100, () => 0.5)).toBe(150_000);
  });
});
