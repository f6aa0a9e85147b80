import type Database from 'better-sqlite3';
import type { PromotionSummary } from '../../contract/catalog.ts';
import { PromotionData } from '../../contract/catalog.ts';
import { isLineEligible } from '../../domain/promotions.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';

export function promotionSummary(p: PromotionData): PromotionSummary {
  return { id: p.id, kind: p.kind, title: p.title, description: p.description, art: p.art, endsOn: p.endsOn };
}

/**
 * Whether a product takes part, by the same eligibility rule the cart pricing applies
 * (domain/promotions.ts); a bundle also needs the product's category to be one of the bundle's.
 */
export function promotionAppliesTo(p: PromotionData, categoryId: string, brandId: string): boolean {
  const line = { categoryId, brandId };
  return isLineEligible(p, line) && (p.kind !== 'bundle' || (p.bundleCategoryIds ?? []).includes(categoryId));
}

/** Reads the promotions table (written by applyCatalog). */
export class PromotionStore {
  private readonly activeStatement: Database.Statement;

  constructor(
    db: Db,
    private readonly log?: Logger,
  ) {
    this.activeStatement = db
      .prepare(
        `SELECT data FROM promotions WHERE active = 1 AND starts_on <= @today AND ends_on >= @today
          ORDER BY priority DESC, ends_on, id`,
      )
      .pluck();
  }

  /** Promotions running on `today` (the store's date, domain/promotions.ts storeDate), highest priority first. */
  active(today: string): PromotionData[] {
    return (this.activeStatement.all({ today }) as string[]).flatMap((data) => {
      const parsed = PromotionData.safeParse(JSON.parse(data));
      if (parsed.success) return [parsed.data];
      // A bad row must not stop the sale: the shopper is quoted without that promotion.
      this.log?.warn({ issues: parsed.error.issues.slice(0, 3) }, 'stored promotion is invalid; ignored');
      return [];
    });
  }
}
