// npm run bench: store figures. The kiosk's today and 30 days over a year of a busy store's
// activity (over 1,000,000 shopper events; aim < 50 ms for 30 days), side by side with the same
// queries without the date indexes (the plain approach). HQ's figures: test/bench/hq-figures.bench.ts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SHOPPER, type Caller } from '../../electron/contract/channel.ts';
import type { ApiResult } from '../../electron/contract/errors.ts';
import type { StoreFigures } from '../../electron/contract/figures.ts';
import type { StaffSignInResponse } from '../../electron/contract/staff.ts';
import type { Db } from '../../electron/core/db/database.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { startCore } from '../helpers/core.ts';
import { application, call, data, PNG, productWithPlan, visit } from '../helpers/credit.ts';
import { report, timeAsync } from './stats.ts';

const clock = { at: Date.parse('2026-12-01T10:00:00+08:00') };
const MIDNIGHT = Date.parse('2026-12-01T00:00:00+08:00');
const DAYS = 365;
const SESSIONS_PER_DAY = 300;
const EVENTS_PER_SESSION = 10;
const APPLICATIONS_PER_DAY = 15;
const ORDERS_PER_DAY = 40;
const FINANCED_PER_DAY = 6;

let dir = '';
let core: KioskCore;
let staff: Caller;

/**
 * Copies the template row `count` times: every column as the template has it, except those given
 * as SQL expressions of `n` (0…count-1). A year of rows that are valid as the kiosk writes them.
 */
function cloneRows(db: Db, table: string, templateWhere: string, count: number, overrides: Record<string, string>): void {
  const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).map((c) => (c in overrides ? `${overrides[c]} AS ${c}` : `t.${c}`));
  db.prepare(
    `WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n + 1 < ${count})
     INSERT INTO ${table} SELECT ${columns.join(', ')} FROM k, (SELECT * FROM ${table} WHERE ${templateWhere}) t`,
  ).run();
}

/** Store day `d` days before today, as the kiosk writes it, and its first instant. */
const dayOf = (n: string, perDay: number) => `date('2026-12-01', '-' || (${n} / ${perDay}) || ' days')`;
const startOf = (n: string, perDay: number) => `(${MIDNIGHT} - (${n} / ${perDay}) * 86400000)`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-figures-'));
  core = startCore(join(dir, 'data'), { now: () => clock.at });
  const db = core.db;
  // Templates the kiosk wrote itself: an application signed and ordered, and a till order.
  const { product, offer } = await productWithPlan(core, (fen) => fen >= 300_000 && fen <= 800_000);
  const applied = data(await call(core, 'applyForCredit', application(await visit(core), product.id, offer))).application;
  const terms = data(await call(core, 'keyTerms', { applicationId: applied.applicationId, locale: 'zh-CN' }));
  data(await call(core, 'signContract', { applicationId: applied.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
  const financed = data(await call(core, 'placeOrder', { applicationId: applied.applicationId, fulfilment: { kind: 'pickup' } })).order;
  const till = data(await call(core, 'placeTillOrder', { sessionId: await visit(core), requestId: randomUUID(), purchase: { productId: product.id }, fulfilment: { kind: 'pickup' } })).order;

  const started = Date.now();
  db.transaction(() => {
    const sessions = DAYS * SESSIONS_PER_DAY;
    cloneRows(db, 'sessions', 'rowid = 1', sessions, {
      id: "printf('s%07d', n)",
      started_at: `${startOf('n', SESSIONS_PER_DAY)} + 32400000 + (n % ${SESSIONS_PER_DAY}) * 120000`,
      ended_at: `${startOf('n', SESSIONS_PER_DAY)} + 32400000 + (n % ${SESSIONS_PER_DAY}) * 120000 + 600000`,
      end_reason: "'idle'",
    });
    db.prepare(
      `WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n + 1 < ${sessions * EVENTS_PER_SESSION})
       INSERT INTO shopper_events (id, session_id, type, data, at)
       SELECT printf('e%08d', n), printf('s%07d', n / ${EVENTS_PER_SESSION}),
              CASE n % ${EVENTS_PER_SESSION} WHEN 6 THEN 'search' WHEN 7 THEN 'filter_used' WHEN 8 THEN 'cart_added'
                WHEN 9 THEN CASE WHEN (n / ${EVENTS_PER_SESSION}) % 5 = 0 THEN 'offers_viewed' ELSE 'compared' END ELSE 'product_viewed' END,
              '{}', ${startOf(`n / ${EVENTS_PER_SESSION}`, SESSIONS_PER_DAY)} + 32400000 + ((n / ${EVENTS_PER_SESSION}) % ${SESSIONS_PER_DAY}) * 120000 + (n % ${EVENTS_PER_SESSION}) * 10000
         FROM k`,
    ).run();
    const applications = DAYS * APPLICATIONS_PER_DAY;
    const appSession = `printf('s%07d', (n / ${APPLICATIONS_PER_DAY}) * ${SESSIONS_PER_DAY} + (n % ${APPLICATIONS_PER_DAY}) * 20)`;
    cloneRows(db, 'credit_applications', `id = '${applied.applicationId}'`, applications, {
      id: "printf('a%06d', n)",
      session_id: appSession,
      request_id: "printf('r%06d', n)",
      status: `CASE WHEN n % ${APPLICATIONS_PER_DAY} < ${FINANCED_PER_DAY} THEN 'ordered' WHEN n % ${APPLICATIONS_PER_DAY} < 9 THEN 'withdrawn' WHEN n % ${APPLICATIONS_PER_DAY} < 11 THEN 'counter_offer'
                    WHEN n % ${APPLICATIONS_PER_DAY} < 13 THEN 'referred' WHEN n % ${APPLICATIONS_PER_DAY} = 13 THEN 'declined' ELSE 'pending' END`,
      store_date: dayOf('n', APPLICATIONS_PER_DAY),
      assisted_by: "CASE WHEN n % 3 = 0 THEN '10020' || (n % 2 + 1) ELSE NULL END",
      created_at: `${startOf('n', APPLICATIONS_PER_DAY)} + 36000000 + (n % ${APPLICATIONS_PER_DAY}) * 2400000`,
      updated_at: `${startOf('n', APPLICATIONS_PER_DAY)} + 36000000 + (n % ${APPLICATIONS_PER_DAY}) * 2400000`,
    });
    cloneRows(db, 'credit_decisions', `application_id = '${applied.applicationId}'`, applications, {
      application_id: "printf('a%06d', n)",
      outcome: `CASE WHEN n % ${APPLICATIONS_PER_DAY} < 9 THEN 'approve' WHEN n % ${APPLICATIONS_PER_DAY} < 11 THEN 'counter_offer'
                     WHEN n % ${APPLICATIONS_PER_DAY} < 13 THEN 'refer' WHEN n % ${APPLICATIONS_PER_DAY} = 13 THEN 'decline' ELSE 'approve' END`,
    });
    const orders = DAYS * ORDERS_PER_DAY;
    const isFinanced = `n % ${ORDERS_PER_DAY} < ${FINANCED_PER_DAY}`;
    cloneRows(db, 'orders', `id = '${till.orderId}'`, orders, {
      id: "printf('o%06d', n)",
      store_date: dayOf('n', ORDERS_PER_DAY),
      number: `printf('%04d', n % ${ORDERS_PER_DAY} + 100)`,
      session_id: `printf('s%07d', (n / ${ORDERS_PER_DAY}) * ${SESSIONS_PER_DAY} + (n % ${ORDERS_PER_DAY}) * 7)`,
      request_id: "printf('q%06d', n)",
      payment: `CASE WHEN ${isFinanced} THEN 'installment' ELSE 'till' END`,
      application_id: `CASE WHEN ${isFinanced} THEN printf('a%06d', (n / ${ORDERS_PER_DAY}) * ${APPLICATIONS_PER_DAY} + n % ${ORDERS_PER_DAY}) ELSE NULL END`,
      pickup_code: "printf('9%07d', n)",
      status: "CASE WHEN n % 50 = 49 THEN 'cancelled' ELSE 'placed' END",
      total_fen: `CASE WHEN ${isFinanced} THEN ${financed.totalFen} ELSE t.total_fen + (n % 7) * 10000 END`,
      amount_financed_fen: `CASE WHEN ${isFinanced} THEN ${financed.totalFen} ELSE 0 END`,
      created_at: `${startOf('n', ORDERS_PER_DAY)} + 36000000 + (n % ${ORDERS_PER_DAY}) * 900000`,
      updated_at: `${startOf('n', ORDERS_PER_DAY)} + 36000000 + (n % ${ORDERS_PER_DAY}) * 900000`,
    });
  })();
  db.exec('ANALYZE');
  const events = db.prepare('SELECT count(*) FROM shopper_events').pluck().get() as number;
  console.log(`\na year of activity: ${events.toLocaleString('en')} shopper events, ${(DAYS * SESSIONS_PER_DAY).toLocaleString('en')} visits, ${(DAYS * APPLICATIONS_PER_DAY).toLocaleString('en')} applications, ${(DAYS * ORDERS_PER_DAY).toLocaleString('en')} orders (generated in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  expect(events).toBeGreaterThanOrEqual(1_000_000);

  const answer = data((await core.dispatch('staffSignIn', { staffId: '100203', pin: '8642' }, SHOPPER)) as ApiResult<StaffSignInResponse>);
  staff = core.callerFor(answer.status === 'signed-in' ? answer.token : undefined);
}, 600_000);

afterAll(() => {
  core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function figures(days: 1 | 30): Promise<StoreFigures> {
  return data((await core.dispatch('storeFigures', { days }, staff)) as ApiResult<StoreFigures>);
}

async function sample(days: 1 | 30, runs: number): Promise<number[]> {
  await figures(days); // warm: statements prepared, pages cached
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeAsync(() => figures(days)));
  return samples;
}

test('kiosk store figures over a year of activity (aim: 30 days < 50 ms)', async () => {
  const month = await figures(30);
  expect(month.visits).toBe(30 * SESSIONS_PER_DAY + 2); // and the two visits that made the templates
  expect(month.sales.financed.orders).toBeGreaterThan(0);
  const indexed = { today: await sample(1, 30), month: await sample(30, 30) };
  // The plain approach: the same queries with no index on the dates (what migration 13 added).
  core.db.exec('DROP INDEX sessions_started; DROP INDEX orders_store_date; ANALYZE');
  expect(await figures(30)).toEqual(month);
  const plain = { today: await sample(1, 10), month: await sample(30, 10) };
  report('Store figures at the kiosk (dispatch, incl. the response check), a year of activity in the database', [
    { name: 'last 30 days, date indexes', samples: indexed.month },
    { name: 'today, date indexes', samples: indexed.today },
    { name: 'last 30 days, no date indexes (plain)', samples: plain.month },
    { name: 'today, no date indexes (plain)', samples: plain.today },
  ]);
}, 600_000);
