import type Database from 'better-sqlite3';
import { z } from 'zod';
import { FinanceProductData, RoutingRule, type FinanceDataset, type LenderData, type Offer } from '../../contract/finance.ts';
import { storeDate } from '../../domain/promotions.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { compileBook, MonthlyIndex, offerFor, rankOffers, type FinanceBook, type ProductUsage, type RoutedOffers } from '../../domain/offers.ts';

/** What settings('finance') holds: the dataset-wide policy that has no table of its own. */
const FinancePolicy = z.object({ version: z.string(), aprCap: z.number(), routing: z.array(RoutingRule), offlineDailyCapFen: z.number().int().nonnegative().default(0) });

/**
 * Writes a whole finance dataset, inside the registry's transaction (seed now, HQ later). Lenders and products missing from the dataset are deactivated, not deleted
 * (applications will refer to them). A product's subsidy budget is HQ's figure of what is still
 * fundable when it publishes, so local use counts against it from the store date the figure
 * changed (`budget_since`); an unchanged figure keeps counting from its earlier date. Same-day
 * use before a new figure therefore counts twice — the conservative side for the merchant.
 */
export function writeFinance(db: Db, dataset: FinanceDataset, now: number): void {
  const today = storeDate(now);

  const upsertLender = db.prepare(
    `INSERT INTO lenders (id, name_zh, name_en, priority, active) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, priority = excluded.priority, active = 1`,
  );
  const previous = db.prepare('SELECT subsidy_budget_fen AS budget, budget_since AS since FROM finance_products WHERE id = ?');
  const upsertProduct = db.prepare(
    `INSERT INTO finance_products (id, lender_id, kind, priority, min_amount_fen, max_amount_fen, daily_quota,
       subsidy_budget_fen, budget_since, offline_approvable, offline_max_amount_fen, data, active)
     VALUES (@id, @lenderId, @kind, @priority, @minAmountFen, @maxAmountFen, @dailyQuota,
       @subsidyBudgetFen, @budgetSince, @offlineApprovable, @offlineMaxAmountFen, @data, @active)
     ON CONFLICT (id) DO UPDATE SET lender_id = excluded.lender_id, kind = excluded.kind, priority = excluded.priority,
       min_amount_fen = excluded.min_amount_fen, max_amount_fen = excluded.max_amount_fen, daily_quota = excluded.daily_quota,
       subsidy_budget_fen = excluded.subsidy_budget_fen, budget_since = excluded.budget_since,
       offline_approvable = excluded.offline_approvable, offline_max_amount_fen = excluded.offline_max_amount_fen,
       data = excluded.data, active = excluded.active`,
  );

  const lenderIds = dataset.lenders.map((l) => l.id);
  for (const l of dataset.lenders) upsertLender.run(l.id, l.name.zh, l.name.en, l.priority);
  db.prepare('UPDATE lenders SET active = 0 WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(lenderIds));
  for (const p of dataset.products) {
    const budget = p.subsidyBudgetFen ?? 0;
    const before = previous.get(p.id) as { budget: number; since: string } | undefined;
    upsertProduct.run({
      id: p.id,
      lenderId: p.lenderId,
      kind: p.kind,
      priority: p.priority,
      minAmountFen: p.minAmountFen,
      maxAmountFen: p.maxAmountFen,
      dailyQuota: p.dailyQuota,
      subsidyBudgetFen: budget,
      budgetSince: before && before.budget === budget ? before.since : today,
      offlineApprovable: p.offlineApprovable ? 1 : 0,
      offlineMaxAmountFen: p.offlineMaxAmountFen,
      data: JSON.stringify(p),
      active: p.active ? 1 : 0,
    });
  }
  db.prepare('UPDATE finance_products SET active = 0 WHERE id NOT IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(dataset.products.map((p) => p.id)),
  );
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES ('finance', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(JSON.stringify({ version: dataset.version, aprCap: dataset.aprCap, routing: dataset.routing.order, offlineDailyCapFen: dataset.offlineDailyCapFen }), now);
}

/** How long the per-card index may reuse its usage snapshot when nothing told it of a change. */
const CARD_INDEX_TTL_MS = 1000;

const NO_USAGE: ProductUsage = { applicationsToday: 0, subsidyRemainingFen: 0 };

/**
 * Read side of finance: offers for an amount, "from ¥X/month" for cards, and the usage counters
 * (daily quota, subsidy budget) that routing looks at.
 *
 * `offers` reads usage fresh on every call. `fromMonthly` runs for every card of a page, so it
 * uses an index rebuilt when the finance dataset or usage changes through this store, when the
 * store date changes, and at most every second otherwise (a writer that bypasses
 * `recordApplication` is still picked up within that second).
 */
export class FinanceStore {
  private readonly statements;
  private book: FinanceBook | null | undefined;
  private bookHash: string | null | undefined;
  private cardIndex: { index: MonthlyIndex; builtAt: number; generation: number } | undefined;
  private generation = 0;

  constructor(
    db: Db,
    private readonly now: () => number,
    private readonly log?: Logger,
  ) {
    this.statements = {
      hash: db.prepare("SELECT hash FROM datasets WHERE name = 'finance'").pluck(),
      policy: db.prepare("SELECT value FROM settings WHERE key = 'finance'").pluck(),
      lenders: db.prepare('SELECT id, name_zh, name_en, priority FROM lenders WHERE active = 1'),
      products: db.prepare('SELECT data FROM finance_products WHERE active = 1 ORDER BY id').pluck(),
      usage: db.prepare(
        `SELECT p.id,
                COALESCE((SELECT u.applications FROM finance_usage u WHERE u.product_id = p.id AND u.store_date = @today), 0) AS applications,
                p.subsidy_budget_fen - COALESCE((SELECT SUM(u.subsidy_used_fen) FROM finance_usage u
                                                  WHERE u.product_id = p.id AND u.store_date >= p.budget_since), 0) AS remaining
           FROM finance_products p WHERE p.active = 1`,
      ) as Database.Statement<[{ today: string }]>,
      record: db.prepare(
        `INSERT INTO finance_usage (product_id, store_date, applications, subsidy_used_fen, updated_at) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (product_id, store_date) DO UPDATE SET applications = applications + 1,
           subsidy_used_fen = subsidy_used_fen + excluded.subsidy_used_fen, updated_at = excluded.updated_at`,
      ),
      release: db.prepare(
        `UPDATE finance_usage SET applications = MAX(applications - 1, 0), subsidy_used_fen = MAX(subsidy_used_fen - ?, 0), updated_at = ?
          WHERE product_id = ? AND store_date = ?`,
      ),
    };
  }

  /** Forget the compiled dataset and usage snapshot (after applying a dataset). */
  invalidate(): void {
    this.book = undefined;
    this.bookHash = undefined;
    this.cardIndex = undefined;
    this.generation++;
  }

  /** The compiled dataset, rebuilt when the stored one changed; null before any was applied. */
  private currentBook(): FinanceBook | null {
    const hash = (this.statements.hash.get() as string | undefined) ?? null;
    if (this.book !== undefined && hash === this.bookHash) return this.book;
    this.bookHash = hash;
    this.cardIndex = undefined;
    this.book = hash === null ? null : this.load();
    return this.book;
  }

  private load(): FinanceBook | null {
    const policy = FinancePolicy.safeParse(JSON.parse((this.statements.policy.get() as string | undefined) ?? 'null'));
    if (!policy.success) {
      this.log?.error({ issues: policy.error.issues.slice(0, 3) }, 'finance policy setting is missing or invalid; no offers');
      return null;
    }
    const lenders: LenderData[] = (this.statements.lenders.all() as { id: string; name_zh: string; name_en: string; priority: number }[]).map((r) => ({
      id: r.id,
      name: { zh: r.name_zh, en: r.name_en },
      priority: r.priority,
    }));
    const products = (this.statements.products.all() as string[]).flatMap((data) => {
      const parsed = FinanceProductData.safeParse(JSON.parse(data));
      if (parsed.success) return [parsed.data];
      // One bad row must not stop the sale: the shopper sees the other products.
      this.log?.warn({ issues: parsed.error.issues.slice(0, 3) }, 'stored finance product is invalid; ignored');
      return [];
    });
    return compileBook({ ...policy.data, lenders, products });
  }

  private usage(today: string): (productId: string) => ProductUsage {
    const rows = this.statements.usage.all({ today }) as { id: string; applications: number; remaining: number }[];
    const byProduct = new Map(rows.map((r) => [r.id, { applicationsToday: r.applications, subsidyRemainingFen: r.remaining }]));
    return (productId) => byProduct.get(productId) ?? NO_USAGE;
  }

  /** The APR cap in force (the default until a dataset is applied). */
  aprCap(): number {
    return this.currentBook()?.aprCap ?? 0.24;
  }

  /** Ranked, routed offers for an amount and the categories of every cart line. */
  offers(amountFen: number, categoryIds: readonly string[]): RoutedOffers & { aprCap: number } {
    const book = this.currentBook();
    if (!book) return { offers: [], best: null, why: [], aprCap: this.aprCap() };
    const today = storeDate(this.now());
    return { ...rankOffers(book, amountFen, categoryIds, today, this.usage(today)), aprCap: book.aprCap };
  }

  /** One finance product at one term for this amount, priced now; null when it is not offered. */
  offer(amountFen: number, categoryIds: readonly string[], productId: string, termMonths: number): Offer | null {
    const book = this.currentBook();
    if (!book) return null;
    const today = storeDate(this.now());
    return offerFor(book, amountFen, categoryIds, today, this.usage(today), productId, termMonths);
  }

  /** The most a finance product may be approved for offline; null when it may not be approved offline at all. */
  offlineCapFen(productId: string): number | null {
    const product = this.currentBook()?.plans.find((p) => p.product.id === productId)?.product;
    return product?.offlineApprovable ? product.offlineMaxAmountFen : null;
  }

  /** Credit the kiosk may approve per store day while HQ is unreachable (0 before any dataset). */
  offlineDailyCapFen(): number {
    return this.currentBook()?.offlineDailyCapFen ?? 0;
  }

  /** The lowest monthly payment the offers panel would show for one product; null when none. */
  fromMonthly(amountFen: number, categoryId: string): number | null {
    const at = this.now();
    let cached = this.cardIndex;
    if (!cached || cached.generation !== this.generation || Math.abs(at - cached.builtAt) >= CARD_INDEX_TTL_MS) {
      const book = this.currentBook();
      if (!book) return null;
      const today = storeDate(at);
      cached = { index: new MonthlyIndex(book, today, this.usage(today)), builtAt: at, generation: this.generation };
      this.cardIndex = cached;
    }
    return cached.index.fromMonthly(amountFen, categoryId);
  }

  /**
   * Counts one application against a product's daily quota and, for interest-free plans, its
   * subsidy budget. Call it inside the transaction that records the application (with its
   * outbox row), so the counters never drift from the applications.
   */
  recordApplication(productId: string, subsidyFen: number): void {
    const at = this.now();
    this.statements.record.run(productId, storeDate(at), subsidyFen, at);
    this.generation++;
  }

  /**
   * Gives back what recordApplication took (a cancelled agreement), on the store date it was
   * taken, so the quota and subsidy budget are free again. Same transaction as the cancellation.
   */
  releaseApplication(productId: string, subsidyFen: number, onStoreDate: string): void {
    this.statements.release.run(subsidyFen, this.now(), productId, onStoreDate);
    this.generation++;
  }
}
