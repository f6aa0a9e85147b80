import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ChannelResponse, Channels } from '../../contract/api.ts';
import type {
  CategoryInfo,
  CategorySummary,
  ProductCard,
  ProductDetail,
  ProductSort,
  PromotionSummary,
} from '../../contract/catalog.ts';
import { DeliveryService, LocalizedText, SpecDef, type PromotionData, type SpecValue } from '../../contract/catalog.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { differingRows } from '../../domain/compare.ts';
import { quote, storeDate } from '../../domain/promotions.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { CatalogIndex, type CardRow, type Scope, type Selection, type TextMatch } from './catalog-index.ts';
import type { IndexSnapshot } from './index-snapshot.ts';
import { promotionAppliesTo, promotionSummary, PromotionStore } from './promotions.ts';
import { SnapshotSchedule, type Switched } from './schedule.ts';
import { ProductSearch } from './search.ts';

/** "From ¥X/month" for a card (core/finance); passed in so the catalog does not depend on finance. */
export type FromMonthly = (amountFen: number, categoryId: string) => number | null;

/** The store this kiosk stands in, as the catalog dataset names it. */
export const StoreInfo = z.object({
  id: z.string(),
  name: LocalizedText,
  deliveryDistricts: z.array(z.object({ id: z.string(), name: LocalizedText })).default([]),
});
export type StoreInfo = z.infer<typeof StoreInfo>;
const UNKNOWN_STORE: StoreInfo = { id: 'unknown', name: { zh: '门店', en: 'Store' }, deliveryDistricts: [] };

interface CategoryRow {
  id: string;
  name_zh: string;
  name_en: string;
  art: string;
  specs: string;
}

/** A product as its page reads it. */
interface ProductRow extends Omit<CardRow, 'on_hand' | 'specs'> {
  sku: string;
  specs: string;
  highlights: string;
  released_on: string;
  on_hand: number | null;
}

const text = (zh: string, en: string): LocalizedText => ({ zh, en });

const PRODUCT_COLUMNS = `p.id, p.sku, p.model, p.category_id, p.brand_id, p.name_zh, p.name_en, b.name_zh AS brand_zh,
  b.name_en AS brand_en, p.price_fen, p.list_price_fen, p.energy_grade, p.art, p.specs, p.highlights,
  p.released_on, s.on_hand`;

type QueryRequest = z.output<Channels['queryProducts']['request']>;
type QueryResponse = ChannelResponse<'queryProducts'>;
type CompareResponse = ChannelResponse<'compareProducts'>;

const RELATED = 6;
const BUNDLE_PARTNERS = 4;
/** Selections are tracked as bits of one 32-bit integer while counting. */
const MAX_SELECTED_FACETS = 30;
/** How long after the index is first needed the rest of it is read or built (and a new snapshot written). */
const REST_DELAY_MS = 500;

/**
 * Read side of the catalog. Statements are prepared once per database; the in-memory index is
 * built on first use and rebuilt when any dataset changes (checked on every call: one tiny query).
 */
export class CatalogStore {
  private readonly categoryInfoCache = new Map<string, CategoryInfo>();
  private readonly statements;
  private readonly search: ProductSearch;
  private readonly promotions: PromotionStore;
  private index: CatalogIndex | undefined;
  private stamp: string | null | undefined;
  private readonly schedule: SnapshotSchedule;
  /** What is left to read, build or write of the index in use (see currentIndex). */
  private pendingRest: ((closing: boolean) => void) | undefined;
  /** When the next stored price list or promotions snapshot takes effect (Infinity: none waits); undefined: not read yet. */
  private nextSwitchAt: number | undefined;
  private switchListener: ((switched: Switched[]) => void) | undefined;
  /** Today's promotions: every page of cards prices its "from ¥X/month" with them. */
  private active: { today: string; promotions: PromotionData[]; unitPrices: Map<string, number> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly log?: Logger,
    private readonly fromMonthly?: FromMonthly,
    private readonly snapshot?: IndexSnapshot,
  ) {
    this.statements = {
      // Datasets applied, and the effective-dated snapshots in effect: either changing means new prices.
      stamp: db
        .prepare(
          `SELECT group_concat(k, ',') FROM (
             SELECT name || ':' || hash AS k FROM datasets
             UNION ALL SELECT dataset || '@' || effective_at FROM scheduled_snapshots WHERE in_effect = 1 ORDER BY 1)`,
        )
        .pluck(),
      category: db.prepare('SELECT id, name_zh, name_en, art, specs FROM categories WHERE id = ?'),
      schema: db.prepare('PRAGMA user_version').pluck(),
      categoriesOf: db.prepare('SELECT id, category_id FROM products WHERE id IN (SELECT value FROM json_each(?))').raw() as Database.Statement<[string], [string, string]>,
      store: db.prepare("SELECT value FROM settings WHERE key = 'store'").pluck(),
      services: db.prepare(
        `SELECT DISTINCT s.value FROM products p JOIN categories c ON c.id = p.category_id, json_each(c.services) s
          WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY s.value`,
      ).pluck(),
      product: db.prepare(
        `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN brands b ON b.id = p.brand_id
           LEFT JOIN stock s ON s.product_id = p.id WHERE p.id = ? AND p.active = 1`,
      ),
      cards: db.prepare(
        `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN brands b ON b.id = p.brand_id
           LEFT JOIN stock s ON s.product_id = p.id WHERE p.id IN (SELECT value FROM json_each(?)) AND p.active = 1`,
      ) as Database.Statement<[string]>,
    };
    this.search = new ProductSearch();
    this.promotions = new PromotionStore(db, log);
    this.schedule = new SnapshotSchedule(db);
  }

  /** Told (after commit) whenever a stored snapshot takes effect, to tell the screens. */
  onSwitch(listener: (switched: Switched[]) => void): void {
    this.switchListener = listener;
  }

  /**
   * Puts in effect what is due (prices, promotions dated for now or earlier) and says when the
   * next one is due, for the core's timer. Every read does the same first, so no timer is late.
   */
  checkSchedule(): number | undefined {
    this.refresh();
    return this.nextSwitchAt === Infinity ? undefined : this.nextSwitchAt;
  }

  /** Drops everything derived from the datasets (category specs, the index). */
  invalidate(): void {
    this.categoryInfoCache.clear();
    this.index = undefined;
    this.active = undefined;
    this.nextSwitchAt = undefined;
  }

  private refresh(): void {
    this.nextSwitchAt ??= this.schedule.nextSwitchAt() ?? Infinity;
    if (this.now() >= this.nextSwitchAt) {
      const switched = this.schedule.switchDue(this.now());
      this.invalidate();
      if (switched.length > 0) {
        this.log?.info({ switched }, 'prices or promotions took effect');
        this.switchListener?.(switched);
      }
      this.nextSwitchAt = this.schedule.nextSwitchAt() ?? Infinity;
    }
    const stamp = this.statements.stamp.get() as string | null;
    if (stamp === this.stamp) return;
    this.invalidate();
    this.stamp = stamp;
  }

  /** Builds the search/filter index now, so the first shopper does not wait for it. */
  warm(): void {
    this.currentIndex();
  }

  /** Before the database closes: a snapshot not yet written is written now, so the next start need not build the index. */
  close(): void {
    this.pendingRest?.(true);
  }

  private currentIndex(): CatalogIndex {
    this.refresh();
    if (!this.index) {
      const started = performance.now();
      // The catalog version in use and the schema it was read with.
      const version = `${this.statements.schema.get() as number} ${this.stamp ?? ''}`;
      const stored = this.snapshot?.load(version, () => CatalogIndex.build(this.db).searchPartsNow);
      const index = stored ?? CatalogIndex.build(this.db);
      this.index = index;
      this.log?.info({ products: index.size, ms: Math.round(performance.now() - started), from: stored ? 'snapshot' : 'database' }, 'catalog index ready');
      const { snapshot } = this;
      // What the first answers did not need, a moment after them (the timers of a start would
      // otherwise run before the requests waiting for it): the text search and the id lookup, read
      // from the snapshot or built, then a snapshot for the next start when there was none.
      const rest = (closing = false) => {
        clearTimeout(timer);
        if (this.pendingRest === rest) this.pendingRest = undefined;
        // The kiosk may have closed, or another catalog come in, since.
        if (!this.db.open) return;
        this.refresh();
        if (this.index !== index) return;
        if (stored) {
          if (!closing) index.readRest();
          return;
        }
        index.readRest();
        try {
          snapshot?.save(version, index);
        } catch (error) {
          this.log?.warn({ err: error }, 'catalog index snapshot not written; the next start builds the index again');
        }
      };
      const timer = setTimeout(() => rest(), REST_DELAY_MS).unref();
      this.pendingRest = rest;
    }
    return this.index;
  }

  storeInfo(): StoreInfo {
    const parsed = StoreInfo.safeParse(JSON.parse((this.statements.store.get() as string | undefined) ?? 'null'));
    return parsed.success ? parsed.data : UNKNOWN_STORE;
  }

  /** The delivery services any of these products' categories offers. */
  deliveryServices(productIds: readonly string[]): DeliveryService[] {
    return DeliveryService.array().parse(this.statements.services.all(JSON.stringify(productIds)));
  }

  listCategories(): CategorySummary[] {
    return this.currentIndex().categorySummaries();
  }

  /** A category with its specs (also used by cart pricing for key specs). */
  categoryInfo(id: string): CategoryInfo | undefined {
    this.refresh();
    return this.cachedCategoryInfo(id);
  }

  private cachedCategoryInfo(id: string): CategoryInfo | undefined {
    const cached = this.categoryInfoCache.get(id);
    if (cached) return cached;
    const row = this.statements.category.get(id) as CategoryRow | undefined;
    if (!row) return undefined;
    const info: CategoryInfo = {
      id: row.id,
      name: text(row.name_zh, row.name_en),
      art: row.art,
      specs: SpecDef.array().parse(JSON.parse(row.specs)),
    };
    this.categoryInfoCache.set(id, info);
    return info;
  }

  /** Pass-through for shopper analytics, which record only filters the catalog offers. */
  isKnownFilter(categoryId: string | undefined, facet: string, value: string): boolean {
    return this.currentIndex().isKnownFilter(categoryId, facet, value);
  }

  /** Turns `filters` into selections of the scope's facets; unknown keys or values are the caller's error. */
  private selections(scope: Scope, filters: Record<string, string[]>): ApiResult<Selection[]> {
    const out: Selection[] = [];
    for (const [key, values] of Object.entries(filters)) {
      const facet = scope.facetByKey.get(key);
      if (!facet) return fail('BAD_REQUEST', `No filter "${key}" here`, `filters.${key}`);
      if (values.length === 0) continue;
      const chosen = new Uint8Array(facet.values.length);
      for (const value of values) {
        const i = facet.indexOfValue.get(value);
        if (i === undefined) return fail('BAD_REQUEST', `Filter "${key}" has no value "${value}"`, `filters.${key}`);
        chosen[i] = 1;
      }
      out.push({ facet: scope.facets.indexOf(facet), chosen });
    }
    if (out.length > MAX_SELECTED_FACETS) return fail('BAD_REQUEST', 'Too many filters at once', 'filters');
    return ok(out);
  }

  /** Search, filter, facet counts, sort and one page: the product browser's one query. */
  queryProducts(query: QueryRequest): ApiResult<QueryResponse> {
    const index = this.currentIndex();
    const scope = query.categoryId === undefined ? index.store : index.scopes.get(query.categoryId);
    if (!scope) return fail('NOT_FOUND', `No category ${query.categoryId}`, 'categoryId');
    const selections = this.selections(scope, query.filters);
    if (!selections.ok) return selections;

    const hasText = query.text !== '';
    const requested: ProductSort = query.sort ?? (hasText ? 'relevance' : 'popularity');
    const sort: ProductSort = requested === 'relevance' && !hasText ? 'popularity' : requested;
    const terms = hasText ? this.search.terms(query.text, index.vocabulary) : [];
    const match: TextMatch | undefined = hasText ? this.search.match(terms, query.text, index, sort === 'relevance') : undefined;
    const selected = index.select(scope, selections.data, match, sort, query.offset, query.limit);
    const price = this.pricer();
    const items = selected.page.flatMap((slot) => {
      const row = index.cardRow(slot);
      const category = row && this.cachedCategoryInfo(row.category_id);
      return row && category ? [toCard(row, this.keySpecKeys(category), price)] : [];
    });

    const didYouMean =
      hasText && selected.total === 0 && terms.length > 0
        ? this.search.suggest(terms, index, (corrected) => {
            const found = this.search.match(corrected, '', index, false);
            return index.select(scope, selections.data, found, 'popularity', 0, 1).total > 0;
          })
        : [];

    const chosenByFacet = new Map(selections.data.map((s) => [s.facet, s.chosen]));
    const facets = scope.facets
      .map((facet, f) => {
        const counts = selected.counts[f];
        const chosen = chosenByFacet.get(f);
        return {
          key: facet.key,
          label: facet.label,
          values: facet.values
            .map((v, i) => ({ value: v.value, label: v.label, count: counts?.[i] ?? 0, selected: chosen?.[i] === 1 }))
            .filter((v) => v.count > 0 || v.selected),
        };
      })
      .filter((f) => f.values.length > 0);

    return ok({
      ...(scope.category ? { category: scope.category } : {}),
      total: selected.total,
      items,
      sort,
      facets,
      didYouMean,
    });
  }

  getProduct(id: string): ProductDetail | undefined {
    const index = this.currentIndex();
    const row = this.statements.product.get(id) as ProductRow | undefined;
    if (!row) return undefined;
    const category = this.cachedCategoryInfo(row.category_id);
    if (!category) return undefined;
    const slot = index.slotOf(id);

    const promotions = this.promotions.active(storeDate(this.now())).filter((p) => promotionAppliesTo(p, row.category_id, row.brand_id));
    const related = slot === undefined ? [] : index.related(slot, RELATED);
    const bundles = promotions
      .filter((p) => p.kind === 'bundle')
      .map((p) => ({
        promotion: promotionSummary(p),
        slots:
          slot === undefined
            ? []
            : (p.bundleCategoryIds ?? []).filter((c) => c !== row.category_id).flatMap((c) => index.bundlePartners(slot, c, p.brandIds, BUNDLE_PARTNERS)),
      }));
    const cards = new Map(this.cards([...related, ...bundles.flatMap((b) => b.slots)].map((s) => index.idOf(s))).map((c) => [c.id, c]));
    const cardsOf = (slots: readonly number[]) => slots.flatMap((s) => cards.get(index.idOf(s)) ?? []);

    const card = cardRow(row);
    return {
      ...toCard(card, this.keySpecKeys(category), this.pricer()),
      sku: row.sku,
      category,
      specs: card.specs,
      highlights: JSON.parse(row.highlights) as LocalizedText[],
      releasedOn: row.released_on,
      promotions: promotions.map(promotionSummary),
      related: cardsOf(related),
      bundles: bundles.map((b) => ({ promotion: b.promotion, products: cardsOf(b.slots) })),
    };
  }

  compareProducts(ids: readonly string[]): ApiResult<CompareResponse> {
    const products: ProductDetail[] = [];
    for (const [i, id] of ids.entries()) {
      if (ids.indexOf(id) !== i) return fail('BAD_REQUEST', `Product ${id} is listed twice`, `ids.${i}`);
      const product = this.getProduct(id);
      if (!product) return fail('NOT_FOUND', `No product ${id}`, `ids.${i}`);
      products.push(product);
    }
    const specs: SpecDef[] = [];
    const keys = new Set<string>();
    for (const product of products) {
      for (const spec of product.category.specs) {
        if (keys.has(spec.key)) continue;
        keys.add(spec.key);
        specs.push(spec);
      }
    }
    return ok({ products, specs, differing: differingRows(products, specs) });
  }

  listPromotions(): PromotionSummary[] {
    return this.activePromotions().map(promotionSummary);
  }

  private keySpecKeys(category: CategoryInfo): string[] {
    return category.specs.filter((s) => s.key_spec).map((s) => s.key);
  }

  /** Cards for the ids, in the same order, with one query; ids not on sale are left out. */
  cards(ids: readonly string[]): ProductCard[] {
    return this.sellable(ids).map((item) => item.card);
  }

  /** Each product's category, on sale or not (what an order records about what it sold). */
  categoriesOf(ids: readonly string[]): Map<string, string> {
    return new Map(this.statements.categoriesOf.all(JSON.stringify(ids)));
  }

  /** Products on sale among the ids, in the same order, with what promotions look at (cart pricing). */
  sellable(ids: readonly string[]): { card: ProductCard; categoryId: string; brandId: string }[] {
    if (ids.length === 0) return [];
    const price = this.pricer(); // first: a price list due now takes effect before the rows are read
    const rows = new Map((this.statements.cards.all(JSON.stringify(ids)) as ProductRow[]).map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = rows.get(id);
      const category = row && this.cachedCategoryInfo(row.category_id);
      return row && category
        ? [{ card: toCard(cardRow(row), this.keySpecKeys(category), price), categoryId: row.category_id, brandId: row.brand_id }]
        : [];
    });
  }

  /**
   * One unit's price after today's promotions (到手价: what the cart charges for it, what the plans
   * panel and an application finance) and "from ¥X/month" at that price, for the rows of one
   * request. Memoised per product for the store day: the same cards come back page after page.
   */
  private pricer(): (r: CardRow) => Pick<ProductCard, 'dealPriceFen' | 'fromMonthlyFen'> {
    this.refresh();
    const today = storeDate(this.now());
    const { promotions, unitPrices } = this.todays(today);
    const { fromMonthly } = this;
    return (r) => {
      let unit = unitPrices.get(r.id);
      if (unit === undefined) {
        unit = promotions.length === 0 ? r.price_fen : quote([{ productId: r.id, categoryId: r.category_id, brandId: r.brand_id, unitPriceFen: r.price_fen, quantity: 1 }], promotions, today).totalFen;
        unitPrices.set(r.id, unit);
      }
      return fromMonthly ? { dealPriceFen: unit, fromMonthlyFen: fromMonthly(unit, r.category_id) } : { dealPriceFen: unit };
    };
  }

  /** Promotions running today, highest priority first. */
  activePromotions(): PromotionData[] {
    this.refresh();
    const today = storeDate(this.now());
    return this.todays(today).promotions;
  }

  private todays(today: string): NonNullable<CatalogStore['active']> {
    if (this.active?.today !== today) this.active = { today, promotions: this.promotions.active(today), unitPrices: new Map() };
    return this.active;
  }
}

function cardRow(r: ProductRow): CardRow {
  return { ...r, on_hand: r.on_hand ?? 0, specs: JSON.parse(r.specs) as Record<string, SpecValue> };
}

function toCard(r: CardRow, keySpecKeys: readonly string[], price: (r: CardRow) => Pick<ProductCard, 'dealPriceFen' | 'fromMonthlyFen'>): ProductCard {
  const { specs } = r;
  const keySpecs: Record<string, SpecValue> = {};
  for (const key of keySpecKeys) {
    const value = specs[key];
    if (value !== undefined) keySpecs[key] = value;
  }
  return {
    id: r.id,
    model: r.model,
    name: text(r.name_zh, r.name_en),
    brand: text(r.brand_zh, r.brand_en),
    priceFen: r.price_fen,
    listPriceFen: r.list_price_fen,
    energyGrade: r.energy_grade,
    art: r.art,
    keySpecs,
    stock: r.on_hand,
    ...price(r),
  };
}
