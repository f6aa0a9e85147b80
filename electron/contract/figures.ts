import { z } from 'zod';
import type { ChannelDef } from './channel.ts';

const Count = z.number().int().nonnegative();
const Fen = z.number().int().nonnegative();
/** A share from 0 to 1, or null when there is nothing to divide by. */
const Share = z.number().min(0).max(1).nullable();

/** Orders of one kind of sale: how many, and what they came to. */
const Sales = z.object({ orders: Count, amountFen: Fen });

/**
 * The store's figures over store days `from`…`to` (issue 11, DESIGN.md §1), from the kiosk's own
 * database so they work offline. Definitions (pinned by test/unit/figures):
 * - visits: shopper sessions started; engaged: those that looked at a product; offers viewed:
 *   those that opened the installment plans.
 * - applications: credit applications made; each outcome's rate is over applications (the first
 *   decision: approve, counter-offer, refer, decline; pending until HQ decides).
 * - sales: orders placed and not cancelled; financed = paid by installment.
 * - penetration: financed ÷ all sales, by amount and by count.
 */
export const StoreFigures = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  visits: Count,
  engagedVisits: Count,
  offersViewed: Count,
  applications: Count,
  rates: z.object({ approve: Share, counterOffer: Share, refer: Share, decline: Share, pending: Share }),
  sales: z.object({ all: Sales, financed: Sales, cash: Sales }),
  penetration: z.object({ byAmount: Share, byCount: Share }),
  /** Average order total, financed and paid at the till. */
  basketFen: z.object({ financed: Fen.nullable(), cash: Fen.nullable() }),
  byCategory: z.array(z.object({ categoryId: z.string(), name: z.object({ zh: z.string(), en: z.string() }), allFen: Fen, financedFen: Fen, penetration: Share })),
  byStaff: z.array(z.object({ staffId: z.string(), applications: Count, approved: Count })),
  /** Day by day, for the chart: sales at the till and financed. */
  days: z.array(z.object({ date: z.iso.date(), cashFen: Fen, financedFen: Fen, orders: Count, financedOrders: Count })),
});
export type StoreFigures = z.infer<typeof StoreFigures>;

export const figuresChannels = {
  /** Today, or the last 30 store days (today included). */
  storeFigures: { access: 'staff', request: z.object({ days: z.union([z.literal(1), z.literal(30)]) }).strict(), response: StoreFigures },
} as const satisfies Record<string, ChannelDef>;
