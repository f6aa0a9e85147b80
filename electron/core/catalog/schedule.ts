import { PricesDataset, PromotionsDataset, type PromotionData } from '../../contract/catalog.ts';
import type { Db } from '../db/database.ts';

/** The datasets whose snapshots take effect at the publication's `effectiveAt` (DESIGN.md §7). */
export type ScheduledDataset = 'prices' | 'promotions';

export interface Switched {
  dataset: ScheduledDataset;
  version: string;
  effectiveAt: number;
}

/**
 * Effective dating of prices and promotions. A snapshot HQ published is stored whole in
 * `scheduled_snapshots` when it arrives, in the transaction that saves its cursor; it takes effect
 * when its `effective_at` has come, which `switchDue` makes so: the newest due snapshot of each
 * dataset is written into the tables every screen reads (products.price_fen, promotions), older
 * ones are dropped. The catalog store calls `switchDue` before it answers anything once the next
 * switch time has passed, and the core arms a timer for it, so every price shown or charged after
 * the moment is the new one, offline and after a restart alike (nothing lives only in memory).
 *
 * A newer publication replaces every snapshot dated at or after its own moment (HQ's later word
 * holds from its `effectiveAt` on); snapshots dated before it still take effect in their turn.
 */
export class SnapshotSchedule {
  constructor(private readonly db: Db) {}

  /** Keeps a snapshot; the caller's transaction is open. Call `switchDue` after it. */
  store(dataset: ScheduledDataset, version: string, body: string, effectiveAt: number, now: number): void {
    this.db.prepare('DELETE FROM scheduled_snapshots WHERE dataset = ? AND effective_at >= ?').run(dataset, effectiveAt);
    this.db
      .prepare('INSERT INTO scheduled_snapshots (dataset, effective_at, version, body, received_at) VALUES (?, ?, ?, ?, ?)')
      .run(dataset, effectiveAt, version, body, now);
  }

  /** The earliest moment a stored snapshot is waiting for, if any. */
  nextSwitchAt(): number | undefined {
    return (this.db.prepare('SELECT MIN(effective_at) FROM scheduled_snapshots WHERE in_effect = 0').pluck().get() as number | null) ?? undefined;
  }

  /** Whether a snapshot of the dataset has ever taken effect (it then overrides the catalog's own). */
  inEffect(dataset: ScheduledDataset): boolean {
    return this.db.prepare('SELECT 1 FROM scheduled_snapshots WHERE dataset = ? AND in_effect = 1').get(dataset) !== undefined;
  }

  /**
   * Puts in effect, per dataset, the newest snapshot whose moment has come, if it is not in effect
   * already. Runs in its own transaction (a savepoint inside the caller's): all or nothing.
   */
  switchDue(now: number): Switched[] {
    return this.db.transaction(() => {
      const switched: Switched[] = [];
      for (const dataset of ['prices', 'promotions'] as const) {
        const due = this.db
          .prepare('SELECT effective_at, version, body, in_effect FROM scheduled_snapshots WHERE dataset = ? AND effective_at <= ? ORDER BY effective_at DESC LIMIT 1')
          .get(dataset, now) as { effective_at: number; version: string; body: string; in_effect: number } | undefined;
        if (!due) continue;
        // What the due snapshot replaces is never needed again.
        this.db.prepare('DELETE FROM scheduled_snapshots WHERE dataset = ? AND effective_at < ?').run(dataset, due.effective_at);
        if (due.in_effect === 1) continue;
        if (dataset === 'prices') writeStorePrices(this.db, PricesDataset.parse(JSON.parse(due.body)));
        else replacePromotions(this.db, PromotionsDataset.parse(JSON.parse(due.body)).promotions);
        this.db.prepare('UPDATE scheduled_snapshots SET in_effect = 1 WHERE dataset = ? AND effective_at = ?').run(dataset, due.effective_at);
        switched.push({ dataset, version: due.version, effectiveAt: due.effective_at });
      }
      return switched;
    })();
  }
}

function writeStorePrices(db: Db, list: PricesDataset): void {
  db.exec('DELETE FROM store_prices');
  const insert = db.prepare('INSERT INTO store_prices (product_id, price_fen, list_price_fen) VALUES (?, ?, ?)');
  for (const p of list.prices) insert.run(p.productId, p.priceFen, p.listPriceFen ?? null);
  applyStorePrices(db);
}

/**
 * Sets every product's price in effect: the store price list's where it names the product, else
 * the catalog's; the list price is the list's or the catalog's, never below the price.
 */
export function applyStorePrices(db: Db): void {
  db.exec(`
    UPDATE products SET price_fen = e.price, list_price_fen = MAX(e.list, e.price)
      FROM (SELECT p.id, COALESCE(sp.price_fen, p.catalog_price_fen) AS price, COALESCE(sp.list_price_fen, p.catalog_list_price_fen) AS list
              FROM products p LEFT JOIN store_prices sp ON sp.product_id = p.id) AS e
     WHERE e.id = products.id AND (products.price_fen <> e.price OR products.list_price_fen <> MAX(e.list, e.price))`);
}

/** The promotions table becomes exactly these (catalog or promotions dataset). */
export function replacePromotions(db: Db, promotions: readonly PromotionData[]): void {
  db.exec('DELETE FROM promotions');
  const insert = db.prepare('INSERT INTO promotions (id, kind, data, starts_on, ends_on, priority, active) VALUES (?, ?, ?, ?, ?, ?, 1)');
  for (const p of promotions) insert.run(p.id, p.kind, JSON.stringify(p), p.startsOn, p.endsOn, p.priority);
}
