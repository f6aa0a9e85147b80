import { z } from 'zod';
import { Fen, ProductCard, PromotionSummary } from './catalog.ts';
import { Id, type ChannelDef } from './channel.ts';
import { MAX_CART_LINES, MAX_QUANTITY } from './limits.ts';

export const CartLine = z.object({ productId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) });
export type CartLine = z.infer<typeof CartLine>;

/** What is being bought: one product, or the cart's lines (financed at the cart total after promotions). */
export const Purchase = z.union([
  z.object({ productId: Id }).strict(),
  z.object({ items: z.array(CartLine).min(1).max(MAX_CART_LINES) }).strict(),
]);
export type Purchase = z.infer<typeof Purchase>;

export const cartChannels = {
  /** The cart lives in the renderer's visit state; the core prices it against today's prices and promotions. */
  quoteCart: {
    access: 'shopper',
    request: z.object({ items: z.array(CartLine).max(MAX_CART_LINES) }).strict(),
    response: z.object({
      lines: z.array(z.object({ product: ProductCard, quantity: z.number().int(), lineTotalFen: Fen })),
      subtotalFen: Fen,
      discounts: z.array(z.object({ promotion: PromotionSummary, amountFen: Fen })),
      totalFen: Fen,
    }),
  },
} as const satisfies Record<string, ChannelDef>;
