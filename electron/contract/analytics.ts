import { z } from 'zod';
import { Id, type ChannelDef } from './channel.ts';
import { MAX_COMPARE, MAX_QUANTITY } from './limits.ts';

/** What the kiosk records about shopping (no personal data); HQ learns it through the outbox. */
export const ShopperEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('product_viewed'), productId: Id }),
  z.object({ type: z.literal('search'), text: z.string().max(64), resultCount: z.number().int().nonnegative(), categoryId: Id.optional() }),
  z.object({ type: z.literal('filter_used'), categoryId: Id.optional(), facet: z.string().max(64), value: z.string().max(64) }),
  z.object({ type: z.literal('compared'), productIds: z.array(Id).min(2).max(MAX_COMPARE) }),
  z.object({ type: z.literal('cart_added'), productId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) }),
  /** The installment plans were opened, for a product or for the cart (the store figures' "offers viewed"). */
  z.object({ type: z.literal('offers_viewed'), source: z.enum(['product', 'cart']) }),
]);
export type ShopperEvent = z.infer<typeof ShopperEvent>;

export const analyticsChannels = {
  track: {
    access: 'shopper',
    request: z.object({ sessionId: Id, event: ShopperEvent }).strict(),
    response: z.object({ recorded: z.boolean() }),
  },
} as const satisfies Record<string, ChannelDef>;
