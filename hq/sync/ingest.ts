import { sha256Hex } from '../sha256.ts';
import { outboxTopics } from '../../electron/contract/outbox.ts';
import type { PushItem, PushRejectCode, PushResult } from '../../electron/contract/sync.ts';
import { sqlState, type HqDb, type Queryable } from '../db/database.ts';
import type { HqCredit } from '../credit/credit.ts';
import type { DecisionInputWire } from '../../electron/contract/credit-model.ts';
import { refreshFigures } from '../figures/rollups.ts';
import { materialise, type AppliedItem } from './materialise.ts';

/**
 * Taking a kiosk's outbox items exactly once (DESIGN.md §7, issue 9 item 3).
 *
 * One transaction per push. The kiosk's row is locked first (`FOR UPDATE`), so two HQ processes
 * taking pushes from the same kiosk at once run one after the other and the second sees the
 * first's items as duplicates. Items are then judged in seq order, in memory, against what one
 * query found already stored, and written with a few multi-row statements. Should that write fail
 * (a constraint no check foresaw), it is rolled back to a savepoint and redone item by item, each
 * under its own savepoint, so one bad item is rejected instead of failing the batch.
 *
 * A rejected item is recorded and advances the kiosk's seq like an applied one: the stream never
 * blocks on a bad item, and a retry of it replays the rejection.
 */

export type IngestOutcome =
  | { kind: 'ok'; results: PushResult[]; expectedSeq: number }
  /** The first item is not the next seq HQ expects (and is not a duplicate). */
  | { kind: 'gap'; expectedSeq: number }
  | { kind: 'revoked' }
  | { kind: 'unknown-kiosk' };

type Verdict = { status: 'applied' } | { status: 'rejected'; code: PushRejectCode; message: string };

interface Recorded {
  item: PushItem;
  /** The parsed payload, when it was JSON. */
  payload: unknown;
  verdict: Verdict;
}

interface StoredRow {
  item_id: string;
  seq: number;
  payload_hash: string;
  status: 'applied' | 'rejected';
  reject_code: PushRejectCode | null;
  reject_message: string | null;
}

/** Topics whose payload names an application that HQ must already hold. */
const NEEDS_APPLICATION = new Set(['credit.decision', 'credit.pending', 'credit.review_requested', 'credit.contract_signed', 'credit.cancelled', 'credit.withdrawn', 'order.cancelled']);

export interface IngestOptions {
  /** Decides `credit.pending` items in the push's transaction (see HqCredit.decidePending); without it they wait at HQ. */
  credit?: HqCredit;
}

export async function ingest(db: HqDb, kioskId: string, items: readonly PushItem[], now: number, options: IngestOptions = {}): Promise<IngestOutcome> {
  return db.transaction(async (tx) => {
    const [kiosk] = await tx.query<{ next_seq: number; revoked_at: number | null }>('SELECT next_seq, revoked_at FROM kiosks WHERE id = $1 FOR UPDATE', [kioskId]);
    if (!kiosk) return { kind: 'unknown-kiosk' };
    if (kiosk.revoked_at !== null) return { kind: 'revoked' };

    const storedRows = await tx.query<StoredRow>(
      `SELECT item_id, seq, payload_hash, status, reject_code, reject_message
       FROM ingested_items WHERE kiosk_id = $1 AND item_id = ANY($2::text[])`,
      [kioskId, items.map((i) => i.id)],
    );
    const stored = new Map(storedRows.map((r) => [r.item_id, r]));

    // Parse once up front: the payloads also say which applications and orders to look up.
    const parsed = items.map((item) => parseJson(item.payload));
    const refs = await references(tx, kioskId, items, parsed);

    const entries: Array<{ fixed: PushResult } | { recorded: Recorded }> = [];
    const recorded: Recorded[] = [];
    const inBatch = new Map<string, Recorded>();
    let expected = kiosk.next_seq;
    let gapAtFirst = false;

    for (const [index, item] of items.entries()) {
      const prior = stored.get(item.id) ?? storedOf(inBatch.get(item.id));
      if (prior) {
        entries.push({ fixed: replay(item, prior) });
        // The same id at the seq HQ expects next (the kiosk renumbered it): answering without
        // moving on would leave that seq empty forever and block the stream.
        if (item.seq === expected) expected += 1;
        continue;
      }
      if (item.seq !== expected) {
        gapAtFirst = index === 0;
        break;
      }
      const verdict = judge(item, parsed[index], refs);
      const rec: Recorded = { item, payload: parsed[index]?.ok ? parsed[index].value : null, verdict };
      if (verdict.status === 'applied') noteApplied(item.topic, rec.payload, refs);
      recorded.push(rec);
      inBatch.set(item.id, rec);
      entries.push({ recorded: rec });
      expected += 1;
    }
    if (gapAtFirst) return { kind: 'gap', expectedSeq: expected };

    if (recorded.length > 0) await write(tx, kioskId, recorded, now);
    if (options.credit) {
      for (const rec of recorded) {
        if (rec.item.topic !== 'credit.pending' || rec.verdict.status !== 'applied') continue;
        const p = rec.payload as { applicationId: string; input: DecisionInputWire };
        await options.credit.decidePending(tx, kioskId, p.applicationId, p.input, now);
      }
    }
    // Last: HQ's own decisions above change the figures too.
    await refreshFigures(tx, kioskId, appliedOf(recorded));
    await tx.query('UPDATE kiosks SET next_seq = $2, last_push_at = $3 WHERE id = $1', [kioskId, expected, now]);

    const results = entries.map((e): PushResult => ('fixed' in e ? e.fixed : resultOf(e.recorded)));
    return { kind: 'ok', results, expectedSeq: expected };
  });
}

function resultOf({ item, verdict }: Recorded): PushResult {
  return verdict.status === 'applied'
    ? { id: item.id, seq: item.seq, status: 'applied' }
    : { id: item.id, seq: item.seq, status: 'rejected', code: verdict.code, message: verdict.message };
}

function storedOf(rec: Recorded | undefined): StoredRow | undefined {
  if (!rec) return undefined;
  const v = rec.verdict;
  return {
    item_id: rec.item.id,
    seq: rec.item.seq,
    payload_hash: rec.item.payloadHash,
    status: v.status,
    reject_code: v.status === 'rejected' ? v.code : null,
    reject_message: v.status === 'rejected' ? v.message : null,
  };
}

/** A duplicate gets the result stored the first time; the same id with other content is a conflict. */
function replay(item: PushItem, prior: StoredRow): PushResult {
  if (prior.payload_hash !== item.payloadHash) {
    return { id: item.id, seq: item.seq, status: 'rejected', code: 'ID_CONFLICT', message: `item ${item.id} was received before (seq ${prior.seq}) with other content` };
  }
  if (prior.status === 'rejected') {
    return { id: item.id, seq: item.seq, status: 'rejected', code: prior.reject_code ?? 'PAYLOAD_INVALID', message: prior.reject_message ?? '' };
  }
  return { id: item.id, seq: item.seq, status: 'duplicate' };
}

type Json = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): Json {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

interface References {
  applications: Set<string>;
  orders: Set<string>;
  /** Application id → the hash of the contract HQ holds for it. */
  contracts: Map<string, string>;
}

const field = (json: Json | undefined, key: string): string | undefined => {
  if (!json?.ok || typeof json.value !== 'object' || json.value === null) return undefined;
  const v = (json.value as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
};

/** What HQ already holds that this batch's items refer to: one query per kind, only when needed. */
async function references(tx: Queryable, kioskId: string, items: readonly PushItem[], parsed: readonly Json[]): Promise<References> {
  const applicationIds = new Set<string>();
  const orderIds = new Set<string>();
  let contracts = false;
  items.forEach((item, i) => {
    const applicationId = field(parsed[i], 'applicationId');
    if (applicationId !== undefined && (NEEDS_APPLICATION.has(item.topic) || item.topic === 'order.placed')) applicationIds.add(applicationId);
    if (item.topic === 'order.cancelled') orderIds.add(field(parsed[i], 'orderId') ?? '');
    if (item.topic === 'credit.contract_signed') contracts = true;
  });
  const refs: References = { applications: new Set(), orders: new Set(), contracts: new Map() };
  if (applicationIds.size > 0) {
    const ids = [...applicationIds];
    const rows = await tx.query<{ application_id: string }>('SELECT application_id FROM hq_applications WHERE kiosk_id = $1 AND application_id = ANY($2::text[])', [kioskId, ids]);
    for (const r of rows) refs.applications.add(r.application_id);
    if (contracts) {
      const held = await tx.query<{ application_id: string; contract_hash: string }>(
        'SELECT application_id, contract_hash FROM hq_contracts WHERE kiosk_id = $1 AND application_id = ANY($2::text[])',
        [kioskId, ids],
      );
      for (const r of held) refs.contracts.set(r.application_id, r.contract_hash);
    }
  }
  if (orderIds.size > 0) {
    const rows = await tx.query<{ order_id: string }>('SELECT order_id FROM hq_orders WHERE kiosk_id = $1 AND order_id = ANY($2::text[])', [kioskId, [...orderIds]]);
    for (const r of rows) refs.orders.add(r.order_id);
  }
  return refs;
}

/** Items applied earlier in the same batch count as held by the items after them. */
function noteApplied(topic: string, payload: unknown, refs: References): void {
  const p = payload as Record<string, string>;
  if (topic === 'credit.application') refs.applications.add(p.applicationId!);
  if (topic === 'order.placed') refs.orders.add(p.orderId!);
  if (topic === 'credit.contract_signed') refs.contracts.set(p.applicationId!, p.contractHash!);
}

const reject = (code: PushRejectCode, message: string): Verdict => ({ status: 'rejected', code, message });

/**
 * The checks an item must pass, in order. The messages name what failed but never echo payload
 * values (they are logged and shown to staff).
 *
 * A signed contract (`credit.contract_signed`): the kiosk's hash binds the contract text it
 * rendered and the signature image (sha256(htmlHash + "\n" + sha256(png))); neither travels to HQ
 * (they carry personal data), so HQ cannot recompute it. What HQ checks: the hash is a SHA-256
 * digest, the application is one HQ holds, and no other contract hash was recorded for that
 * application: the same agreement cannot come back with different terms.
 */
function judge(item: PushItem, json: Json | undefined, refs: References): Verdict {
  if (sha256Hex(item.payload) !== item.payloadHash) return reject('HASH_MISMATCH', 'sha256(payload) is not payloadHash');
  const schema = (outboxTopics as Record<string, (typeof outboxTopics)[keyof typeof outboxTopics]>)[item.topic];
  if (!schema) return reject('UNKNOWN_TOPIC', `HQ does not know the topic ${item.topic}`);
  if (!json?.ok) return reject('PAYLOAD_INVALID', 'payload is not JSON');
  const checked = schema.safeParse(json.value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return reject('PAYLOAD_INVALID', `${item.topic}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const p = checked.data as Record<string, unknown>;
  if (NEEDS_APPLICATION.has(item.topic) && item.topic !== 'order.cancelled' && !refs.applications.has(String(p.applicationId))) {
    return reject('UNKNOWN_REFERENCE', `${item.topic} for an application HQ never received`);
  }
  if (item.topic === 'order.placed' && p.applicationId !== null && !refs.applications.has(String(p.applicationId))) {
    return reject('UNKNOWN_REFERENCE', 'an installment order for an application HQ never received');
  }
  if (item.topic === 'order.cancelled' && !refs.orders.has(String(p.orderId))) {
    return reject('UNKNOWN_REFERENCE', 'order.cancelled for an order HQ never received');
  }
  if (item.topic === 'credit.contract_signed') {
    const hash = String(p.contractHash);
    if (!/^[0-9a-f]{64}$/.test(hash)) return reject('CONTRACT_HASH_MISMATCH', 'contractHash is not a SHA-256 digest');
    const held = refs.contracts.get(String(p.applicationId));
    if (held !== undefined && held !== hash) return reject('CONTRACT_HASH_MISMATCH', 'HQ holds another contract hash for this application');
  }
  return { status: 'applied' };
}

const INSERT_ITEMS = `
  INSERT INTO ingested_items (kiosk_id, item_id, seq, topic, aggregate_id, payload_hash, payload, created_at, received_at, status, reject_code, reject_message)
  SELECT $1, r.id, r.seq, r.topic, r."aggregateId", r."payloadHash", r.payload, r."createdAt", $3, r.status, r.code, r.message
  FROM jsonb_to_recordset($2::jsonb) AS r(id text, seq bigint, topic text, "aggregateId" text, "payloadHash" text, payload jsonb,
    "createdAt" bigint, status text, code text, message text)`;

function ledgerRow({ item, payload, verdict }: Recorded, withPayload = true) {
  return {
    id: item.id,
    seq: item.seq,
    topic: item.topic,
    aggregateId: item.aggregateId,
    payloadHash: item.payloadHash,
    payload: withPayload ? payload : null,
    createdAt: item.createdAt,
    status: verdict.status,
    code: verdict.status === 'rejected' ? verdict.code : null,
    message: verdict.status === 'rejected' ? verdict.message : null,
  };
}

async function writeAll(tx: Queryable, kioskId: string, recs: readonly Recorded[], now: number): Promise<void> {
  await tx.query(INSERT_ITEMS, [kioskId, JSON.stringify(recs.map((r) => ledgerRow(r))), now]);
  await materialise(tx, kioskId, appliedOf(recs));
}

function appliedOf(recs: readonly Recorded[]): AppliedItem[] {
  return recs
    .filter((r) => r.verdict.status === 'applied')
    .map((r) => ({ id: r.item.id, seq: r.item.seq, topic: r.item.topic, payload: r.payload as Record<string, unknown> }));
}

/** Why the database refused an item, as a reject code (never the database's own words: they are internals). */
function rejectionOf(error: unknown): Verdict {
  const state = sqlState(error) ?? '';
  if (state === '23505') return reject('ID_CONFLICT', 'the item repeats an id HQ already holds (e.g. the same application twice)');
  if (state === '23503') return reject('UNKNOWN_REFERENCE', 'the item refers to something HQ does not hold');
  if (state.startsWith('22') || state.startsWith('23')) return reject('PAYLOAD_INVALID', 'HQ cannot store the payload (a value out of range or not allowed)');
  throw error;
}

async function write(tx: Queryable, kioskId: string, recs: readonly Recorded[], now: number): Promise<void> {
  await tx.exec('SAVEPOINT batch');
  try {
    await writeAll(tx, kioskId, recs, now);
    await tx.exec('RELEASE SAVEPOINT batch');
    return;
  } catch (error) {
    await tx.exec('ROLLBACK TO SAVEPOINT batch');
    rejectionOf(error); // anything but a data error (a lost connection) fails the push
  }
  for (const rec of recs) {
    await tx.exec('SAVEPOINT item');
    try {
      await writeAll(tx, kioskId, [rec], now);
      await tx.exec('RELEASE SAVEPOINT item');
    } catch (error) {
      await tx.exec('ROLLBACK TO SAVEPOINT item');
      rec.verdict = rejectionOf(error);
      // Without the payload: it may be what PostgreSQL refused (a \u0000 in a string).
      await tx.query(INSERT_ITEMS, [kioskId, JSON.stringify([ledgerRow(rec, false)]), now]);
    }
  }
}
