import type Database from 'better-sqlite3';
import type { PromotionSummary } from '../../contract/api.ts';
import { PromotionData } from '../../contract/catalog.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';

export function promotionSummary(p: PromotionData): PromotionSummary {
  return { id: p.id, kind: p.kind, title: p.title, description: p.description, art: p.art, endsOn: p.endsOn };
}

/** Whether a product takes part: its category (or, for a bundle, one of the bundle's) and brand are eligible. */
export function promotionAppliesTo(p: PromotionData, categoryId: string, brandId: string): boolean {
  const categories = p.kind === 'bundle' ? (p.bundleCategoryIds ?? []) : p.categoryIds;
  const categoryOk = p.kind === 'bundle' ? categories.includes(categoryId) : categories.length === 0 || categories.includes(categoryId);
  return categoryOk && (p.brandIds.length === 0 || p.brandIds.includes(brandId));
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
