// npm run bench: installment offers — the offers panel for a 5-item cart (dispatcher, incl. cart
// pricing) and "from ¥X/month" per product card (what every product-browser page pays).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { startCore } from '../helpers/core.ts';
import { report, time, timeAsync } from './stats.ts';
import { SHOPPER } from '../../electron/contract/channel.ts';

let dir = '';
let core: KioskCore;
/** 10:00 on the demo store date, Beijing time. */
const STORE_MORNING = Date.parse('2026-11-22T10:00:00+08:00');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-finance-'));
  core = startCore(join(dir, 'data'), { now: () => STORE_MORNING });
});

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const products = () =>
  core.db.prepare('SELECT id, category_id AS categoryId, price_fen AS priceFen FROM products WHERE active = 1 ORDER BY popularity DESC').all() as {
    id: string;
    categoryId: string;
    priceFen: number;
  }[];

test('offers panel for a 5-item cart', { timeout: 120_000 }, async () => {
  const all = products();
  // Carts of 5 different products from 1–3 categories (single-category carts keep interest-free plans in play).
  const carts = Array.from({ length: 50 }, (_, i) => {
    const pool = all.filter((p) => i % 3 === 0 ? p.categoryId === all[i]?.categoryId : true);
    return Array.from({ length: 5 }, (_, j) => ({ productId: pool[(i * 7 + j * 13) % pool.length]?.id ?? '', quantity: 1 }));
  });
  const dispatch: number[] = [];
  const direct: number[] = [];
  let offers = 0;
  for (let round = 0; round < 25; round++) {
    for (const items of carts) {
      const ms = await timeAsync(async () => {
        const result = await core.dispatch('financeOffers', { items }, SHOPPER);
        if (result.ok) offers += (result.data as { offers: unknown[] }).offers.length;
      });
      if (round > 0) dispatch.push(ms);
    }
  }
  const amounts = [299_900, 459_900, 1_299_900, 2_500_000];
  for (let round = 0; round < 200; round++) {
    for (const amount of amounts) direct.push(time(() => core.finance.offers(amount, ['refrigerators', 'washing-machines'])));
  }
  expect(offers).toBeGreaterThan(0);
  report('Installment offers (demo finance: 3 lenders, 7 products, 22 plans)', [
    { name: 'financeOffers, 5-item cart (dispatcher, incl. quoteCart)', samples: dispatch },
    { name: 'FinanceStore.offers for an amount (exact schedules + IRR)', samples: direct },
  ]);
});

test('"from ¥X/month" per product card', { timeout: 120_000 }, () => {
  const all = products();
  const firstPage: number[] = [];
  const seenPage: number[] = [];
  const perCard: number[] = [];
  // Each round shifts every price by a few fen, so every answer is computed afresh (the fast
  // path); the second pass over the same page hits the per-day memo, as re-rendered pages do.
  for (let round = 1; round <= 20; round++) {
    for (let start = 0; start + 24 <= all.length; start += 24) {
      const page = all.slice(start, start + 24);
      const pass = () => {
        for (const p of page) core.finance.fromMonthly(p.priceFen + round, p.categoryId);
      };
      firstPage.push(time(pass));
      seenPage.push(time(pass));
    }
  }
  // Per card, fresh amounts, timed over batches of 1,000 (a single call is below the timer's resolution).
  for (let round = 0; round < 50; round++) {
    const ms = time(() => {
      for (let i = 0; i < 1000; i++) {
        const p = all[i % all.length];
        if (p) core.finance.fromMonthly(p.priceFen + 100 + round * 1000 + i, p.categoryId);
      }
    });
    perCard.push(ms / 1000);
  }
  report('"From ¥X/month" on product cards (float fast path, exact fallback)', [
    { name: 'fromMonthly, one card, first time (mean of 1,000)', samples: perCard },
    { name: 'fromMonthly, a page of 24 cards, first time', samples: firstPage },
    { name: 'fromMonthly, a page of 24 cards, seen before', samples: seenPage },
  ]);
});
