import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxTopics } from '../../electron/contract/outbox.ts';
import type { HqError, PushItem, PushResponse } from '../../electron/contract/sync.ts';
import { MATERIALISED_TOPICS } from '../../hq/sync/materialise.ts';
import { outboxItem, sha256, startTestHq, TestKiosk, type TestDatabase, type TestHq } from './harness.ts';

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq();
});
afterAll(() => hq?.close());

const newKiosk = async () => TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'));
const ok = (answer: { status: number; body: PushResponse | HqError }) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as PushResponse;
};

/** A shopper's visit: session, application, decision, contract, order, events: what a kiosk really sends. */
function sale(from: number) {
  const sessionId = randomUUID();
  const applicationId = randomUUID();
  const orderId = randomUUID();
  const at = 1_780_000_000_000;
  const payloads: Array<[string, unknown]> = [
    ['session.started', { sessionId, locale: 'zh-CN', startedAt: at }],
    ['shopper.event', { eventId: randomUUID(), sessionId, at, event: { kind: 'product_viewed', productId: 'p1' } }],
    ['credit.application', { applicationId, sessionId, requestedAmountFen: 459_900, financeProductId: 'fp-12', lenderId: 'bank-a', termMonths: 12, consents: { credit: 'v3' }, at }],
    ['credit.decision', { applicationId, status: 'approved', offline: false, outcome: 'approve', reasons: [], signals: [], score: 710, limitFen: 800_000, amountFinancedFen: 459_900, downPaymentFen: 0, modelVersion: 'credit-2026.12-2', at }],
    ['credit.contract_signed', { applicationId, contractId: randomUUID(), contractHash: sha256('contract'), coolingOffUntil: '2026-12-09', at }],
    ['order.placed', { orderId, orderNumber: 'A-0001', payment: 'installment', applicationId, fulfilment: { kind: 'pickup' }, totalFen: 459_900, downPaymentFen: 0, amountFinancedFen: 459_900, lines: [{ productId: 'p1', categoryId: 'refrigerators', quantity: 1, unitPriceFen: 459_900 }], discountFen: 0, at }],
    ['session.ended', { sessionId, reason: 'done', startedAt: at, endedAt: at + 60_000 }],
  ];
  return { sessionId, applicationId, orderId, items: payloads.map(([topic, payload], i) => outboxItem(from + i, topic, payload)) };
}

describe('push', () => {
  it('materialises every topic the outbox defines', () => {
    expect([...MATERIALISED_TOPICS].sort()).toEqual(Object.keys(outboxTopics).sort());
  });

  it('applies a sale in order and materialises it', async () => {
    const kiosk = await newKiosk();
    const s = sale(1);
    const body = ok(await kiosk.push(s.items));
    expect(body.results).toEqual(s.items.map((i) => ({ id: i.id, seq: i.seq, status: 'applied' })));
    expect(body.expectedSeq).toBe(8);

    const [app] = await hq.db.query('SELECT status, requested_amount_fen, term_months, consents FROM hq_applications WHERE kiosk_id = $1', [kiosk.kioskId]);
    expect(app).toEqual({ status: 'signed', requested_amount_fen: 459_900, term_months: 12, consents: { credit: 'v3' } });
    const [order] = await hq.db.query('SELECT order_number, application_id, total_fen, lines, cancelled_at FROM hq_orders WHERE kiosk_id = $1', [kiosk.kioskId]);
    expect(order).toEqual({ order_number: 'A-0001', application_id: s.applicationId, total_fen: 459_900, lines: [{ productId: 'p1', categoryId: 'refrigerators', quantity: 1, unitPriceFen: 459_900 }], cancelled_at: null });
    const [session] = await hq.db.query('SELECT locale, ended_at, end_reason FROM hq_sessions WHERE kiosk_id = $1', [kiosk.kioskId]);
    expect(session).toEqual({ locale: 'zh-CN', ended_at: 1_780_000_060_000, end_reason: 'done' });
    expect(await hq.db.query('SELECT outcome, score FROM hq_decisions WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ outcome: 'approve', score: 710 }]);
    expect(await hq.db.query('SELECT count(*)::int AS n FROM hq_contracts WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 1 }]);
    expect(await hq.db.query('SELECT count(*)::int AS n FROM hq_shopper_events WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 1 }]);

    // Later batches: the order is cancelled and the agreement withdrawn; a refused publication is listed.
    const more = [
      outboxItem(8, 'order.cancelled', { orderId: s.orderId, applicationId: s.applicationId, at: 1_780_000_100_000 }),
      outboxItem(9, 'credit.withdrawn', { applicationId: s.applicationId, reason: 'cooling_off', at: 1_780_000_100_000 }),
      outboxItem(10, 'sync.publication_refused', { dataset: 'prices', version: 4, reason: 'CONTENT_HASH_MISMATCH', at: 1_780_000_100_000 }),
    ];
    expect(ok(await kiosk.push(more)).results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await hq.db.query('SELECT cancelled_at FROM hq_orders WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ cancelled_at: 1_780_000_100_000 }]);
    expect(await hq.db.query('SELECT status FROM hq_applications WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ status: 'withdrawn' }]);
    const refusals = await fetch(new URL('v1/admin/refusals', hq.url), { headers: { authorization: `Bearer ${hq.adminToken}` } });
    expect(((await refusals.json()) as { refusals: unknown[] }).refusals).toContainEqual(
      expect.objectContaining({ kioskId: kiosk.kioskId, dataset: 'prices', version: 4, reason: 'CONTENT_HASH_MISMATCH' }),
    );
  });

  it('answers the same batch three times with duplicates replaying the stored results, and stores each item once', async () => {
    const kiosk = await newKiosk();
    const s = sale(1);
    s.items[3] = { ...s.items[3]!, payloadHash: sha256('corrupted') };
    const first = ok(await kiosk.push(s.items));
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied']);
    for (let i = 0; i < 2; i++) {
      const again = ok(await kiosk.push(s.items));
      expect(again.expectedSeq).toBe(8);
      expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'rejected', 'duplicate', 'duplicate', 'duplicate']);
      expect(again.results[3]).toEqual(first.results[3]);
    }
    expect(await hq.db.query('SELECT count(*)::int AS n FROM ingested_items WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 7 }]);
  });

  it('refuses a batch that starts past the expected seq with 409 SEQ_GAP and expectedSeq', async () => {
    const kiosk = await newKiosk();
    const answer = await kiosk.push(sale(3).items);
    expect(answer.status).toBe(409);
    expect((answer.body as HqError).error).toMatchObject({ code: 'SEQ_GAP', expectedSeq: 1 });
    expect(await hq.db.query('SELECT count(*)::int AS n FROM ingested_items WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 0 }]);
  });

  it('takes a batch overlapping what it acknowledged: the old part as duplicates, the rest applied', async () => {
    const kiosk = await newKiosk();
    const items = Array.from({ length: 8 }, (_, i) => outboxItem(i + 1, 'shopper.event', { eventId: randomUUID(), sessionId: 's', at: i, event: {} }));
    ok(await kiosk.push(items.slice(0, 5)));
    const body = ok(await kiosk.push(items.slice(2)));
    expect(body.results.map((r) => `${r.seq}:${r.status}`)).toEqual(['3:duplicate', '4:duplicate', '5:duplicate', '6:applied', '7:applied', '8:applied']);
    expect(body.expectedSeq).toBe(9);
  });

  it('stops at a gap inside a batch after duplicates, answering what it did and the seq it wants', async () => {
    const kiosk = await newKiosk();
    const items = Array.from({ length: 3 }, (_, i) => outboxItem(i + 1, 'shopper.event', { eventId: randomUUID(), sessionId: 's', at: i, event: {} }));
    ok(await kiosk.push(items));
    // A batch renumbered by a confused kiosk: the known items are duplicates, then a new item at an old seq.
    const body = ok(await kiosk.push([items[0]!, items[1]!, outboxItem(7, 'shopper.event', { eventId: 'x', sessionId: 's', at: 0, event: {} })].map((item, i) => ({ ...item, seq: 5 + i }))));
    expect(body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(body.expectedSeq).toBe(4);
  });

  it('rejects a hash mismatch, an unknown topic, an invalid payload and an unknown reference, and the seq moves on', async () => {
    const kiosk = await newKiosk();
    const good = outboxItem(1, 'session.started', { sessionId: 's1', locale: 'en', startedAt: 1 });
    const items: PushItem[] = [
      { ...good, payloadHash: sha256('something else') },
      outboxItem(2, 'kiosk.exploded', { boom: true }),
      outboxItem(3, 'session.started', { sessionId: 's1', locale: 'en' }),
      { ...outboxItem(4, 'session.started', {}), payload: '{not json', payloadHash: sha256('{not json') },
      outboxItem(5, 'credit.decision', { applicationId: 'nope', status: 'approved', offline: true, outcome: 'approve', reasons: [], signals: [], score: 1, limitFen: 1, amountFinancedFen: null, downPaymentFen: null, modelVersion: 'm', at: 1 }),
      outboxItem(6, 'order.cancelled', { orderId: 'nope', applicationId: 'nope', at: 1 }),
      outboxItem(7, 'session.started', { sessionId: 's2', locale: 'en', startedAt: 1 }),
    ];
    const body = ok(await kiosk.push(items));
    expect(body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'HASH_MISMATCH',
      'UNKNOWN_TOPIC',
      'PAYLOAD_INVALID',
      'PAYLOAD_INVALID',
      'UNKNOWN_REFERENCE',
      'UNKNOWN_REFERENCE',
      'applied',
    ]);
    expect(body.results[2]).toMatchObject({ message: expect.stringContaining('startedAt') });
    expect(body.expectedSeq).toBe(8);
    const stored = await hq.db.query<{ seq: number; status: string; reject_code: string | null }>('SELECT seq, status, reject_code FROM ingested_items WHERE kiosk_id = $1 ORDER BY seq', [kiosk.kioskId]);
    expect(stored.map((r) => r.reject_code ?? r.status)).toEqual(body.results.map((r) => (r.status === 'rejected' ? r.code : r.status)));
    expect(await hq.db.query('SELECT session_id FROM hq_sessions WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ session_id: 's2' }]);
  });

  it('rejects the same id with other content as ID_CONFLICT, and a second contract hash for one application', async () => {
    const kiosk = await newKiosk();
    const s = sale(1);
    ok(await kiosk.push(s.items));
    const changed = { ...outboxItem(s.items[0]!.seq, 'session.started', { sessionId: 'other', locale: 'en', startedAt: 2 }), id: s.items[0]!.id };
    expect(ok(await kiosk.push([changed])).results[0]).toMatchObject({ status: 'rejected', code: 'ID_CONFLICT' });
    const resigned = outboxItem(8, 'credit.contract_signed', { applicationId: s.applicationId, contractId: randomUUID(), contractHash: sha256('other terms'), coolingOffUntil: '2026-12-09', at: 2 });
    expect(ok(await kiosk.push([resigned])).results[0]).toMatchObject({ status: 'rejected', code: 'CONTRACT_HASH_MISMATCH' });
  });

  it('rejects one item the database refuses without failing its batch', async () => {
    const kiosk = await newKiosk();
    const applicationId = randomUUID();
    const app = (seq: number) =>
      outboxItem(seq, 'credit.application', { applicationId, sessionId: 's', requestedAmountFen: 1, financeProductId: 'f', lenderId: 'l', termMonths: 3, consents: {}, at: seq });
    // The same application twice under two item ids; a \u0000 that JSON allows and jsonb does not.
    const nul = outboxItem(3, 'session.started', { sessionId: 'a\u0000b', locale: 'en', startedAt: 1 });
    const body = ok(await kiosk.push([app(1), app(2), nul, outboxItem(4, 'session.started', { sessionId: 'fine', locale: 'en', startedAt: 1 })]));
    expect(body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'ID_CONFLICT', 'PAYLOAD_INVALID', 'applied']);
    expect(body.expectedSeq).toBe(5);
    expect(await hq.db.query('SELECT count(*)::int AS n FROM hq_applications WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 1 }]);
  });

  it('two HQ instances on one database taking the same batch at once store each item exactly once', async () => {
    // A second HQ "process": its own server and, on PostgreSQL, its own connection pool.
    const other = await startTestHq({ db: (hq.db as TestDatabase).another(), keys: hq.keys });
    try {
      const kiosk = await newKiosk();
      const twin = Object.assign(Object.create(Object.getPrototypeOf(kiosk) as object), kiosk, { hqUrl: other.url }) as TestKiosk;
      const items = Array.from({ length: 200 }, (_, i) => outboxItem(i + 1, 'shopper.event', { eventId: randomUUID(), sessionId: 's', at: i, event: {} }));
      const answers = await Promise.all([kiosk.push(items), twin.push(items), kiosk.push(items), twin.push(items)]);
      const bodies = answers.map(ok);
      for (let i = 0; i < items.length; i++) {
        const statuses = bodies.map((b) => b.results[i]!.status);
        expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
        expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(3);
      }
      expect(await hq.db.query('SELECT count(*)::int AS n, max(seq)::int AS top FROM ingested_items WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 200, top: 200 }]);
      expect(await hq.db.query('SELECT count(*)::int AS n FROM hq_shopper_events WHERE kiosk_id = $1', [kiosk.kioskId])).toEqual([{ n: 200 }]);
    } finally {
      await other.close();
    }
  });

  it('logs ids, counts and codes, never what the payloads carry', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const logged = await startTestHq({ db: hq.db, keys: hq.keys, log });
    try {
      const kiosk = await TestKiosk.enrol(logged.url, await logged.enrolmentCode('S001'));
      const s = sale(1);
      s.items[2] = outboxItem(3, 'credit.application', { applicationId: s.applicationId, sessionId: s.sessionId, requestedAmountFen: 'MOBILE-13800138000' });
      ok(await kiosk.push(s.items));
      const text = lines.join('');
      expect(text).toContain('"msg":"push"');
      for (const secret of ['13800138000', 'A-0001', 'zh-CN', s.sessionId, 'product_viewed']) expect(text).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });

  it('refuses a malformed push naming the field', async () => {
    const kiosk = await newKiosk();
    const answer = await kiosk.post('v1/sync/push', { items: [{ ...outboxItem(1, 'x', {}), payloadHash: 'short' }] });
    expect(answer.status).toBe(400);
    expect((answer.body as HqError).error.message).toMatch(/^body\.items\.0\.payloadHash: /);
  });
});
