import type { ChannelResponse } from '../../contract/api.ts';
import type { CartLine } from '../../contract/cart.ts';
import type { LocalizedText } from '../../contract/catalog.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { quote, storeDate, type QuoteLine } from '../../domain/promotions.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import { promotionSummary } from '../catalog/promotions.ts';

export type CartQuote = ChannelResponse<'quoteCart'>;

/**
 * Prices a shopper's cart with the promotions active on the store's date. The cart itself lives
 * in the renderer's session state (wiped at idle reset); the core only prices it, so a quote is
 * always against current prices and promotions.
 */
export function quoteCart(catalog: CatalogStore, now: () => number, items: readonly CartLine[]): ApiResult<CartQuote> {
  // The same product added twice is one line with the quantities summed.
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
  const products = catalog.sellable([...quantities.keys()]);
  if (products.length < quantities.size) {
    const index = items.findIndex((item) => !products.some((p) => p.card.id === item.productId));
    return fail('NOT_FOUND', `No product ${items[index]?.productId} on sale`, `items.${index}.productId`);
  }

  const promotions = new Map(catalog.activePromotions().map((p) => [p.id, p]));
  const lines: QuoteLine[] = products.map(({ card, categoryId, brandId }) => ({
    productId: card.id,
    categoryId,
    brandId,
    unitPriceFen: card.priceFen,
    quantity: quantities.get(card.id) ?? 0,
  }));
  const result = quote(lines, [...promotions.values()], storeDate(now()));

  return ok({
    lines: products.map(({ card }) => {
      const quantity = quantities.get(card.id) ?? 0;
      return { product: card, quantity, lineTotalFen: card.priceFen * quantity };
    }),
    subtotalFen: result.subtotalFen,
    discounts: result.discounts.flatMap((d) => {
      const promotion = promotions.get(d.promotionId);
      return promotion ? [{ promotion: promotionSummary(promotion), amountFen: d.amountFen }] : [];
    }),
    totalFen: result.totalFen,
  });
}

export interface PricedPurchase {
  lines: { productId: string; name: LocalizedText; quantity: number; unitPriceFen: number }[];
  subtotalFen: number;
  discounts: { title: LocalizedText; amountFen: number }[];
  /** What the shopper pays (and may finance): the subtotal less the promotions. */
  totalFen: number;
  categoryIds: string[];
}

/**
 * One product or a cart, priced with the same promotions either way, so a plan applied for from
 * the product page finances what the cart would charge for it.
 */
export function pricePurchase(catalog: CatalogStore, now: () => number, purchase: { productId: string } | { items: readonly CartLine[] }): ApiResult<PricedPurchase> {
  const single = 'productId' in purchase;
  const quoted = quoteCart(catalog, now, single ? [{ productId: purchase.productId, quantity: 1 }] : purchase.items);
  if (!quoted.ok) return single ? fail(quoted.error.code, quoted.error.message, 'productId') : quoted;
  const q = quoted.data;
  const categoryIds = [...new Set(catalog.sellable(q.lines.map((l) => l.product.id)).map((p) => p.categoryId))];
  return ok({
    lines: q.lines.map((l) => ({ productId: l.product.id, name: l.product.name, quantity: l.quantity, unitPriceFen: l.product.priceFen })),
    subtotalFen: q.subtotalFen,
    discounts: q.discounts.map((d) => ({ title: d.promotion.title, amountFen: d.amountFen })),
    totalFen: q.totalFen,
    categoryIds,
  });
}
