// npm run bench: HQ's store figures on PostgreSQL for a chain of 1,600 stores × 90 days (aim:
// chain-wide < 200 ms), read from the store-day rollups; grades and a store's representatives;
// and what the rollups cost and save: one store's day refreshed (what a push pays) and one store's
// 90 days computed from the raw rows (the plain approach) next to reading them from the rollups.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hqFigures } from '../../hq/figures/figures.ts';
import { repPatterns, storeGrades } from '../../hq/figures/grades.ts';
import { openTestDatabase, type TestDatabase } from '../hq/harness.ts';
import { report, timeAsync } from './stats.ts';

process.env.HQ_TEST_DATABASE = 'postgres';

const STORES = 1_600;
const DAYS = 90;
const TO = '2026-12-01';
const FROM_90 = '2026-09-03';
const FROM_30 = '2026-11-02';
const CATEGORIES = ['refrigerators', 'air_conditioners', 'washing_machines', 'televisions', 'water_heaters'];
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
  const started = Date.now();
  await db.exec(`
    INSERT INTO stores (id, created_at, region) SELECT 'S' || lpad(i::text, 4, '0'), 0, 'R' || (i % 8) FROM generate_series(1, ${STORES}) i;
    INSERT INTO kiosks (id, store_id, public_key, app_version, enrolled_at)
      SELECT ('01937c00-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'S' || lpad(i::text, 4, '0'), 'k', '1', 0 FROM generate_series(1, ${STORES}) i;
    -- A busy chain: every store, every day; some stores sell nothing on finance some days.
    INSERT INTO hq_store_days
      SELECT 'S' || lpad(s::text, 4, '0'), date '${TO}' - d, 120 + s % 50, 60 + s % 30, 25 + s % 10, 12, 6, 2, 2, 1, 1, 4,
             40 + s % 20, CASE WHEN (s + d) % 7 = 0 THEN 0 ELSE 5 END, (40 + s % 20) * 350000::bigint, CASE WHEN (s + d) % 7 = 0 THEN 0 ELSE 5 * 420000::bigint END,
             (s + d) % 3, ((s + d) % 3) * 420000::bigint, 0
        FROM generate_series(1, ${STORES}) s, generate_series(0, ${DAYS - 1}) d;
    INSERT INTO hq_store_day_categories
      SELECT 'S' || lpad(s::text, 4, '0'), date '${TO}' - d, c, 2800000.0 + s, 420000.0 + (s % 3) * 0.5
        FROM generate_series(1, ${STORES}) s, generate_series(0, ${DAYS - 1}) d, unnest(ARRAY['${CATEGORIES.join("','")}']) c;
    INSERT INTO hq_rep_days
      SELECT 'S' || lpad(s::text, 4, '0'), date '${TO}' - d, '1002' || lpad(r::text, 2, '0'), 2 + (s + r) % 3, 1, 0, (s + d + r) % 2, 0, 0
        FROM generate_series(1, ${STORES}) s, generate_series(0, ${DAYS - 1}) d, generate_series(1, 3) r;
  `);
  // One store's raw rows for its 90 days (what the rollups are made of): 100 visits a day with 8
  // events each, 10 applications, 30 orders (5 financed).
  const kiosk = '01937c00-0000-7000-8000-000000000001';
  const day = (n: string, perDay: number) => `(date '${TO}' - date '1970-01-01' - (${n}) / ${perDay})::bigint * 86400000 - 28800000`;
  await db.exec(`
    INSERT INTO hq_sessions (kiosk_id, session_id, locale, started_at)
      SELECT '${kiosk}', 's' || n, 'zh-CN', ${day('n', 100)} + 36000000 + (n % 100) * 300000 FROM generate_series(0, ${DAYS * 100 - 1}) n;
    INSERT INTO hq_shopper_events (kiosk_id, event_id, session_id, at, event)
      SELECT '${kiosk}', 'e' || n, 's' || (n / 8), ${day('n / 8', 100)} + 36000000,
             jsonb_build_object('type', CASE WHEN n % 8 = 7 AND (n / 8) % 4 = 0 THEN 'offers_viewed' WHEN n % 8 < 5 THEN 'product_viewed' ELSE 'search' END)
        FROM generate_series(0, ${DAYS * 800 - 1}) n;
    INSERT INTO hq_applications (kiosk_id, application_id, session_id, requested_amount_fen, finance_product_id, lender_id, term_months, consents, applied_at, status, status_seq,
                                 assisted_by, id_card_seen, outcome, outcome_seq)
      SELECT '${kiosk}', 'a' || n, 's' || ((n / 10) * 100 + n % 10), 420000, 'fp', 'lender-a', 12, '{}', ${day('n', 10)} + 40000000 + (n % 10) * 1000000,
             CASE WHEN n % 10 < 5 THEN 'ordered' WHEN n % 10 = 9 THEN 'declined' ELSE 'approved' END, 1,
             CASE WHEN n % 3 = 0 THEN '100201' END, CASE WHEN n % 3 = 0 THEN true END,
             CASE WHEN n % 10 = 9 THEN 'decline' WHEN n % 10 = 8 THEN 'refer' ELSE 'approve' END, 1
        FROM generate_series(0, ${DAYS * 10 - 1}) n;
    INSERT INTO hq_orders (kiosk_id, order_id, order_number, payment, application_id, fulfilment, total_fen, down_payment_fen, amount_financed_fen, discount_fen, lines, placed_at)
      SELECT '${kiosk}', 'o' || n, lpad((n % 30)::text, 4, '0'), CASE WHEN n % 30 < 5 THEN 'installment' ELSE 'till' END,
             CASE WHEN n % 30 < 5 THEN 'a' || ((n / 30) * 10 + n % 30) END, '{"kind":"pickup"}', 420000, 0, CASE WHEN n % 30 < 5 THEN 420000 ELSE 0 END, 0,
             jsonb_build_array(jsonb_build_object('productId', 'p' || (n % 40), 'categoryId', (ARRAY['${CATEGORIES.join("','")}'])[1 + n % 5], 'quantity', 1, 'unitPriceFen', 420000)),
             ${day('n', 30)} + 40000000 + (n % 30) * 600000
        FROM generate_series(0, ${DAYS * 30 - 1}) n;
    ANALYZE;
  `);
  const [rows] = await db.query<{ days: number; categories: number; reps: number }>(
    'SELECT (SELECT count(*) FROM hq_store_days)::int AS days, (SELECT count(*) FROM hq_store_day_categories)::int AS categories, (SELECT count(*) FROM hq_rep_days)::int AS reps',
  );
  console.log(`\n${STORES.toLocaleString('en')} stores × ${DAYS} days on PostgreSQL: ${rows!.days.toLocaleString('en')} store-days, ${rows!.categories.toLocaleString('en')} category rows, ${rows!.reps.toLocaleString('en')} representative rows (generated in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}, 900_000);

afterAll(async () => {
  await db?.close();
});

async function sample(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeAsync(fn));
  return samples;
}

test('HQ figures for 1,600 stores × 90 days on PostgreSQL (aim: chain-wide < 200 ms)', async () => {
  const chain = await hqFigures(db, {}, FROM_90, TO);
  expect(chain.stores).toBe(STORES);
  expect(chain.activity.share).toBeGreaterThan(0.8);
  // A region's or the chain's days are summed when first read, then again only where a push came since.
  const cold = await timeAsync(() => hqFigures(db, {}, FROM_90, TO));
  const pushToday = () => db.query(`UPDATE hq_store_days SET updated_at = (extract(epoch FROM clock_timestamp()) * 1000)::bigint WHERE store_id = 'S0002' AND day = $1::date`, [TO]);
  report('HQ figures from the rollups (PostgreSQL, 1,600 stores × 90 days held)', [
    { name: 'chain-wide, 90 days, a push today since the last read', samples: await sample(async () => (await pushToday(), hqFigures(db, {}, FROM_90, TO)), 20) },
    { name: 'chain-wide, 90 days, nothing new', samples: await sample(() => hqFigures(db, {}, FROM_90, TO), 20) },
    { name: 'chain-wide, 90 days, first read (sums every day)', samples: [cold] },
    { name: 'chain-wide, 30 days, a push today', samples: await sample(async () => (await pushToday(), hqFigures(db, {}, FROM_30, TO)), 20) },
    { name: 'one region (200 stores), 30 days, a push today', samples: await sample(async () => (await pushToday(), hqFigures(db, { region: 'R2' }, FROM_30, TO)), 20) },
    { name: 'one store, 30 days', samples: await sample(() => hqFigures(db, { storeId: 'S0001' }, FROM_30, TO), 20) },
    { name: 'every store graded A/B/C, 90 days', samples: await sample(() => storeGrades(db, undefined, FROM_90, TO), 10) },
    { name: "one store's representatives, 30 days", samples: await sample(() => repPatterns(db, 'S0001', FROM_30, TO), 20) },
  ]);
  // The plain approach: every store-day row summed on each read (what the region and chain sums save).
  const plain = () =>
    db.query(`SELECT d.day, ${['visits', 'engaged', 'offers_viewed', 'applications', 'approved', 'counter_offers', 'referred', 'declined', 'pending', 'assisted', 'orders', 'financed_orders', 'sales_fen', 'financed_fen', 'cancellations', 'cancelled_fen'].map((c) => `sum(${c})`).join(', ')}
                FROM hq_store_days d WHERE d.day BETWEEN $1::date AND $2::date GROUP BY d.day`, [FROM_90, TO]).then(() =>
      db.query('SELECT category_id, sum(sales_fen), sum(financed_fen) FROM hq_store_day_categories WHERE day BETWEEN $1::date AND $2::date GROUP BY category_id', [FROM_90, TO]));
  report('Chain-wide, 90 days: the region and chain sums vs summing every store-day row on each read', [
    { name: 'hqFigures, a push today since the last read', samples: await sample(async () => (await pushToday(), hqFigures(db, {}, FROM_90, TO)), 10) },
    { name: 'every store-day and category row summed (plain)', samples: await sample(plain, 10) },
  ]);

  // What the rollups cost and save, on the store with raw rows.
  const allDays = Array.from({ length: DAYS }, (_, i) => new Date(Date.parse(`${TO}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10));
  const refresh = (days: string[]) => db.transaction((tx) => tx.query('SELECT hq_refresh_store_days($1, $2::date[])', ['S0001', days]));
  report('One store: 90 days read from the rollups vs computed from the raw rows (the plain approach)', [
    { name: 'read from the rollups, 90 days', samples: await sample(() => hqFigures(db, { storeId: 'S0001' }, FROM_90, TO), 20) },
    { name: 'computed from raw rows, 90 days (full refresh)', samples: await sample(() => refresh(allDays), 5) },
    { name: 'one day refreshed (what each push pays)', samples: await sample(() => refresh([TO]), 20) },
  ]);
  const [rolled] = await db.query<{ visits: number }>("SELECT sum(visits)::int AS visits FROM hq_store_days WHERE store_id = 'S0001'");
  expect(rolled!.visits).toBe(DAYS * 100);
}, 900_000);
