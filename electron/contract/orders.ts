import { z } from 'zod';
import { Fen } from './catalog.ts';
import { CancelReason } from './credit.ts';
import { Id, type ChannelDef } from './channel.ts';

export const DeliverySlot = z.object({
  /** Store-local date YYYY-MM-DD. */
  date: z.iso.date(),
  window: z.enum(['morning', 'afternoon', 'evening']),
});
export type DeliverySlot = z.infer<typeof DeliverySlot>;

export const Fulfilment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pickup') }).strict(),
  z.object({ kind: z.literal('delivery'), slot: DeliverySlot }).strict(),
]);
export type Fulfilment = z.infer<typeof Fulfilment>;

export const OrderView = z.object({
  orderId: z.string(),
  applicationId: z.string(),
  /** Eight digits the cashier types or scans (the QR encodes `pickupQr`). */
  pickupCode: z.string().regex(/^\d{8}$/),
  pickupQr: z.string(),
  fulfilment: Fulfilment,
  totalFen: Fen,
  downPaymentFen: Fen,
  amountFinancedFen: Fen,
  createdAt: z.number().int(),
  /** Last store date on which the shopper may withdraw from the credit agreement without cost. */
  coolingOffUntil: z.iso.date(),
});
export type OrderView = z.infer<typeof OrderView>;

export const orderChannels = {
  /** Delivery and installation windows for a signed application's goods. */
  deliverySlots: {
    access: 'shopper',
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ pickupToday: z.boolean(), slots: z.array(DeliverySlot) }),
  },
  /** Turns a signed application into an order with a pickup code for the cashier. */
  placeOrder: {
    access: 'shopper',
    request: z.object({ applicationId: Id, fulfilment: Fulfilment }).strict(),
    response: z.object({ order: OrderView }),
  },
  /** Withdrawal from a signed agreement within the cooling-off period, its order cancelled with it: staff only. */
  cancelAgreement: {
    access: 'staff',
    request: z.object({ applicationId: Id, reason: CancelReason }).strict(),
    response: z.object({ cancelled: z.literal(true) }),
  },
} as const satisfies Record<string, ChannelDef>;
