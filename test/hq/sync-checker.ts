/**
 * The fault suite's checker (issue 9, "Done when"): after a scenario, compares what a kiosk wrote
 * with what HQ holds, straight from both databases (the kiosk's SQLite, HQ's PostgreSQL/PGlite),
 * never from either side's own bookkeeping of what it sent or acknowledged.
 *
 * - every kiosk outbox id exists exactly once at HQ (`ingested_items`), and nothing else does;
 * - per-kiosk order held: HQ's seqs are 1..N without gaps or repeats, each id at the kiosk's seq;
 * - nothing confirmed to a shopper is missing: every application, decision, contract and order
 *   row on the kiosk has its HQ row;
 * - dataset hashes converge: for each dataset HQ published (for this kiosk's store) that the
 *   kiosk handles, the kiosk's cursor hash is HQ's newest publication's hash;
 * - every tampered or replayed publication the scenario made was refused by the kiosk (listed in
 *   its `sync_refused`) and reported to HQ (`hq_publication_refusals`).
 */
import type Database from 'better-sqlite3';
import type { Queryable } from '../../hq/db/database.ts';

export interface ExpectedRefusal {
  dataset: string;
  version: number;
  reason: string;
}

export interface CheckCounts {
  /** Outbox rows on the kiosk, and how many are still pending there. */
  kioskItems: number;
  kioskPending: number;
  /** Rows in HQ's ledger for this kiosk. */
  hqItems: number;
  /** Kiosk ids HQ lacks; ids HQ holds more than once; HQ rows the kiosk never wrote. */
  missing: number;
  doubled: number;
  unknownAtHq: number;
  /** HQ rows whose seq differs from the kiosk's for the same id; seqs missing from 1..N at HQ. */
  seqMismatch: number;
  seqGaps: number;
  /** Items HQ rejected (a fault must not turn a good item into a rejected one). */
  rejectedAtHq: number;
  /** Business rows confirmed to shoppers on the kiosk, and how many of them HQ lacks. */
  confirmed: number;
  confirmedMissing: number;
  /** Datasets compared, and how many differ from HQ's newest publication. */
  datasets: number;
  datasetsDiverged: number;
  /** Refusals the scenario expected; those listed on the kiosk; those materialised at HQ. */
  refusalsExpected: number;
  refusalsListed: number;
  refusalsAtHq: number;
}

export interface CheckResult {
  counts: CheckCounts;
  /** Each broken promise, in words (empty when all hold). */
  problems: string[];
}

/** Datasets a kiosk of this version applies (prices, stock, promotions are skipped, see puller.ts). */
const KIOSK_DATASETS = ['catalog', 'finance', 'blocklist', 'decision_models', 'config'];

export async function checkSync(
  kiosk: Database.Database,
  hq: Queryable,
  options: { kioskId: string; storeId: string; refusals?: readonly ExpectedRefusal[]; label?: string; print?: boolean },
): Promise<CheckResult> {
  const problems: string[] = [];
  const { kioskId, storeId } = options;
  const outbox = kiosk.prepare('SELECT seq, id, acked_at FROM outbox ORDER BY seq').all() as { seq: number; id: string; acked_at: number | null }[];
  const ledger = await hq.query<{ item_id: string; seq: number | string; status: string }>('SELECT item_id, seq, status FROM ingested_items WHERE kiosk_id = $1 ORDER BY seq', [kioskId]);

  const atHq = new Map<string, number[]>();
  for (const row of ledger) atHq.set(row.item_id, [...(atHq.get(row.item_id) ?? []), Number(row.seq)]);
  const kioskIds = new Map(outbox.map((r) => [r.id, r.seq]));
  let missing = 0;
  let seqMismatch = 0;
  for (const row of outbox) {
    const seqs = atHq.get(row.id);
    if (!seqs) missing++;
    else if (seqs[0] !== row.seq) seqMismatch++;
  }
  const doubled = [...atHq.values()].filter((s) => s.length > 1).length;
  const unknownAtHq = [...atHq.keys()].filter((id) => !kioskIds.has(id)).length;
  const hqSeqs = ledger.map((r) => Number(r.seq));
  let seqGaps = 0;
  for (let i = 0; i < hqSeqs.length; i++) if (hqSeqs[i] !== i + 1) seqGaps++;
  const rejectedAtHq = ledger.filter((r) => r.status !== 'applied').length;
  if (missing) problems.push(`${missing} outbox items never reached HQ`);
  if (doubled) problems.push(`${doubled} items are at HQ more than once`);
  if (unknownAtHq) problems.push(`${unknownAtHq} items at HQ the kiosk never wrote`);
  if (seqMismatch || seqGaps) problems.push(`order broken: ${seqMismatch} items at another seq, ${seqGaps} seqs out of 1..N`);
  if (rejectedAtHq) problems.push(`${rejectedAtHq} items rejected by HQ`);

  // What the kiosk confirmed to shoppers, table by table, against HQ's materialised rows.
  const pairs: Array<[kioskSql: string, hqSql: string, what: string]> = [
    ['SELECT id FROM credit_applications', 'SELECT application_id AS id FROM hq_applications WHERE kiosk_id = $1', 'applications'],
    ['SELECT application_id AS id FROM credit_decisions', 'SELECT DISTINCT application_id AS id FROM hq_decisions WHERE kiosk_id = $1', 'decisions'],
    ['SELECT id FROM credit_contracts', 'SELECT contract_id AS id FROM hq_contracts WHERE kiosk_id = $1', 'contracts'],
    ['SELECT id FROM orders', 'SELECT order_id AS id FROM hq_orders WHERE kiosk_id = $1', 'orders'],
  ];
  let confirmed = 0;
  let confirmedMissing = 0;
  for (const [kioskSql, hqSql, what] of pairs) {
    const mine = kiosk.prepare(kioskSql).pluck().all() as string[];
    const theirs = new Set((await hq.query<{ id: string }>(hqSql, [kioskId])).map((r) => r.id));
    const lacking = mine.filter((id) => !theirs.has(id)).length;
    confirmed += mine.length;
    confirmedMissing += lacking;
    if (lacking) problems.push(`${lacking} of ${mine.length} ${what} confirmed on the kiosk are missing at HQ`);
  }

  // Dataset convergence: HQ's newest publication per dataset for this store vs the kiosk's cursor.
  const newest = await hq.query<{ dataset: string; id: number | string; content_hash: string }>(
    `SELECT DISTINCT ON (dataset) dataset, id, content_hash FROM publications WHERE scope IN ('all', $1) ORDER BY dataset, id DESC`,
    [storeId],
  );
  const cursors = new Map(
    (kiosk.prepare('SELECT dataset, version, content_hash FROM sync_dataset_cursors').all() as { dataset: string; version: number; content_hash: string }[]).map((c) => [c.dataset, c]),
  );
  let datasets = 0;
  let datasetsDiverged = 0;
  for (const p of newest.filter((n) => KIOSK_DATASETS.includes(n.dataset))) {
    datasets++;
    const c = cursors.get(p.dataset);
    if (!c || c.content_hash !== p.content_hash || c.version !== Number(p.id)) {
      datasetsDiverged++;
      problems.push(`${p.dataset}: kiosk holds ${c ? `v${c.version}` : 'nothing'}, HQ's newest is v${p.id}`);
    }
  }

  // Refusals: listed on the kiosk, and reported up to HQ.
  const expected = options.refusals ?? [];
  const listed = new Set((kiosk.prepare('SELECT dataset, version, reason FROM sync_refused').all() as ExpectedRefusal[]).map((r) => `${r.dataset}@${r.version}:${r.reason}`));
  const reported = new Set(
    (await hq.query<ExpectedRefusal>('SELECT dataset, version, reason FROM hq_publication_refusals WHERE kiosk_id = $1', [kioskId])).map((r) => `${r.dataset}@${Number(r.version)}:${r.reason}`),
  );
  let refusalsListed = 0;
  let refusalsAtHq = 0;
  for (const r of expected) {
    const key = `${r.dataset}@${r.version}:${r.reason}`;
    if (listed.has(key)) refusalsListed++;
    else problems.push(`refusal ${key} not listed on the kiosk`);
    if (reported.has(key)) refusalsAtHq++;
    else problems.push(`refusal ${key} not reported to HQ`);
  }

  const counts: CheckCounts = {
    kioskItems: outbox.length,
    kioskPending: outbox.filter((r) => r.acked_at === null).length,
    hqItems: ledger.length,
    missing,
    doubled,
    unknownAtHq,
    seqMismatch,
    seqGaps,
    rejectedAtHq,
    confirmed,
    confirmedMissing,
    datasets,
    datasetsDiverged,
    refusalsExpected: expected.length,
    refusalsListed,
    refusalsAtHq,
  };
  if (options.print !== false) printCounts(options.label ?? kioskId, counts);
  return { counts, problems };
}

/** The counts as one small table in the test's output. */
export function printCounts(label: string, counts: CheckCounts): void {
  const engine = process.env.HQ_TEST_DATABASE ?? 'pglite';
  const rows = Object.entries(counts).map(([name, value]) => `  ${name.padEnd(18)} ${String(value).padStart(7)}`);
  console.log(`sync checker · ${engine} · ${label}\n${rows.join('\n')}`);
}

/** The promises that hold when a scenario is over and everything drained. */
export function expectAllHeld(result: CheckResult): void {
  if (result.problems.length > 0) throw new Error(`sync checker found:\n  ${result.problems.join('\n  ')}`);
}
