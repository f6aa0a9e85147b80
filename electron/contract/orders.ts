import { z } from 'zod';
import { Purchase } from './cart.ts';
import { DeliveryService, Fen, LocalizedText } from './catalog.ts';
import { Id, type ChannelDef } from './channel.ts';
import { CancelReason } from './credit.ts';
import { DELIVERY_ADDRESS_MAX, MOBILE_MAX_LENGTH } from './limits.ts';

/**
 * Orders (DESIGN.md §1): what a shopper leaves the kiosk with — a pickup code for the till, and
 * either a credit agreement (paid by installments, any down payment at the till) or nothing to
 * sign at all (paid at the till). Goods are taken home today or delivered to an address.
 */

export const DeliveryWindow = z.enum(['morning', 'afternoon', 'evening']);
export type DeliveryWindow = z.infer<typeof DeliveryWindow>;

export const DeliverySlot = z.object({
  /** Store-local date YYYY-MM-DD. */
  date: z.iso.date(),
  window: DeliveryWindow,
});
export type DeliverySlot = z.infer<typeof DeliverySlot>;

/**
 * A delivery as the shopper books it. The contact mobile crosses the boundary once, here; the
 * kiosk keeps it like the resident ID (keyed HMAC and a mask), the address as typed (the crew
 * needs it), and neither goes to HQ.
 */
export const DeliveryRequest = z
  .object({
    kind: z.literal('delivery'),
    slot: DeliverySlot,
    /** One of the store's delivery districts (deliveryOptions lists them). */
    districtId: z.string().min(1).max(32),
    /** Street, building, flat: at least DELIVERY_ADDRESS_MIN characters once trimmed (ADDRESS_INCOMPLETE). */
    address: z.string().max(DELIVERY_ADDRESS_MAX),
    contactMobile: z.string().max(MOBILE_MAX_LENGTH),
    services: z.array(DeliveryService).max(2).default([]),
  })
  .strict();

export const Fulfilment = z.discriminatedUnion('kind', [z.object({ kind: z.literal('pickup') }).strict(), DeliveryRequest]);
export type Fulfilment = z.input<typeof Fulfilment>;

/** A fulfilment as the kiosk shows it back: the address, the mobile masked. */
export const FulfilmentView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pickup') }),
  z.object({
    kind: z.literal('delivery'),
    slot: DeliverySlot,
    district: LocalizedText,
    address: z.string(),
    contactMasked: z.string(),
    services: z.array(DeliveryService),
  }),
]);
export type FulfilmentView = z.infer<typeof FulfilmentView>;

export const Payment = z.enum(['till', 'installment']);
export type Payment = z.infer<typeof Payment>;

export const OrderView = z.object({
  orderId: z.string(),
  /** What the till and the shopper say out loud: the store day and its running number, e.g. 1202-0007. */
  orderNumber: z.string().regex(/^\d{4}-\d{4}$/),
  payment: Payment,
  /** The credit agreement the order is paid by (installment orders only). */
  applicationId: z.string().nullable(),
  /** Eight digits the cashier types or scans (the QR encodes `pickupQr`). */
  pickupCode: z.string().regex(/^\d{8}$/),
  pickupQr: z.string(),
  fulfilment: FulfilmentView,
  totalFen: Fen,
  /** Paid at the till: the whole total (till orders) or the down payment (installment orders). */
  payAtTillFen: Fen,
  amountFinancedFen: Fen,
  createdAt: z.number().int(),
  /** Last store date on which the shopper may withdraw from the credit agreement without cost (installment orders). */
  coolingOffUntil: z.iso.date().nullable(),
});
export type OrderView = z.infer<typeof OrderView>;

export const RefundState = z.enum(['requested', 'sent', 'settled']);
export type RefundState = z.infer<typeof RefundState>;

export const StaffAgreement = z.object({
  applicationId: z.string(),
  reference: z.string(),
  status: z.enum(['signed', 'ordered', 'cancelled']),
  /** The order's number (1202-0007) when the goods were ordered. */
  orderNumber: z.string().nullable(),
  applicant: z.object({ name: z.string(), mobileMasked: z.string() }),
  amountFinancedFen: Fen,
  signedAt: z.number().int(),
  /** The last store date (YYYY-MM-DD) the customer may withdraw. */
  coolingOffUntil: z.string(),
  /** What goes back to the lender, and when: the next business day after the cancellation. */
  refund: z.object({ amountFen: Fen, dueOn: z.string(), state: RefundState }).nullable(),
});
export type StaffAgreement = z.infer<typeof StaffAgreement>;

export const orderChannels = {
  /** How the goods of a purchase can reach the shopper: today from the store, or delivery windows by day, with the services and districts on offer. */
  deliveryOptions: {
    access: 'shopper',
    request: z.object({ purchase: Purchase }).strict(),
    response: z.object({
      pickupToday: z.boolean(),
      days: z.array(z.object({ date: z.iso.date(), windows: z.array(DeliveryWindow) })),
      services: z.array(DeliveryService),
      districts: z.array(z.object({ id: z.string(), name: LocalizedText })),
    }),
  },
  /** Turns a signed credit agreement into an order with a pickup code for the cashier. */
  placeOrder: {
    access: 'shopper',
    request: z.object({ applicationId: Id, fulfilment: Fulfilment }).strict(),
    response: z.object({ order: OrderView }),
  },
  /** An order paid in full at the till: no finance, nothing to sign (also what a declined shopper can still do). */
  placeTillOrder: {
    access: 'shopper',
    request: z
      .object({
        sessionId: Id,
        /** Made once per submission: a retried request returns the same order. */
        requestId: z.string().min(8).max(64),
        purchase: Purchase,
        fulfilment: Fulfilment,
      })
      .strict(),
    response: z.object({ order: OrderView }),
  },
  /**
   * Installment agreements staff can act on: signed ones still in their cooling-off period, and
   * those cancelled lately with their refund to the lender (requested → sent → settled), newest first.
   */
  staffAgreements: {
    access: 'staff',
    request: z.object({}).strict(),
    response: z.object({ agreements: z.array(StaffAgreement) }),
  },
  /** Withdrawal from a signed agreement within the cooling-off period, its order cancelled with it: staff only. */
  cancelAgreement: {
    access: 'staff',
    request: z.object({ applicationId: Id, reason: CancelReason }).strict(),
    response: z.object({ cancelled: z.literal(true) }),
  },
} as const satisfies Record<string, ChannelDef>;
