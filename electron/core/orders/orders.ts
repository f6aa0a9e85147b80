import { randomInt } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { ChannelResponse } from '../../contract/api.ts';
import type { CancelReason } from '../../contract/credit.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import type { DeliverySlot, Fulfilment, OrderView } from '../../contract/orders.ts';
import { addDays } from '../../domain/calendar.ts';
import { deliveryEstimate, firstDeliveryDay } from '../../domain/delivery.ts';
import { storeDate } from '../../domain/promotions.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { Contracts } from '../credit/contracts.ts';
import type { ApplicationRecord, CreditStore } from '../credit/credit-store.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import type { OrderStore } from './order-store.ts';

export interface OrderDeps {
  db: Db;
  now: () => number;
  log: Logger;
  orders: OrderStore;
  credit: CreditStore;
  contracts: Contracts;
  catalog: CatalogStore;
}

/** Delivery windows bookable per day, and how many days ahead a shopper may book. */
const WINDOWS = ['morning', 'afternoon', 'evening'] as const;
const BOOKING_DAYS = 7;

/**
 * Orders: what the shopper takes to the till, with a pickup code. A financed order is placed for
 * a signed credit agreement and cancelled with it within the cooling-off period.
 */
export class Orders {
  constructor(private readonly d: OrderDeps) {}

  deliverySlots(applicationId: string): ApiResult<ChannelResponse<'deliverySlots'>> {
    const a = this.d.credit.application(applicationId);
    if (!a) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (a.status !== 'signed') return fail('APPLICATION_STATE', `application is ${a.status}`, 'applicationId');
    return ok(this.slotsFor(a));
  }

  placeOrder(applicationId: string, fulfilment: Fulfilment): ApiResult<ChannelResponse<'placeOrder'>> {
    const { d } = this;
    const placed = writeWithOutbox(d.db, d.now, (emit) => {
      const a = d.credit.application(applicationId);
      if (!a) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
      if (a.status !== 'signed') return fail('APPLICATION_STATE', `application is ${a.status}`, 'applicationId');
      const approved = a.approved;
      if (!approved) throw new Error(`signed application ${applicationId} has no approved plan`);
      const slots = this.slotsFor(a);
      const bookable =
        fulfilment.kind === 'pickup' ? slots.pickupToday : slots.slots.some((s) => s.date === fulfilment.slot.date && s.window === fulfilment.slot.window);
      if (!bookable) return fail('SLOT_UNAVAILABLE', 'that pickup or delivery slot cannot be booked', 'fulfilment');
      const orderId = uuidv7();
      const at = d.now();
      const pickupCode = this.freshPickupCode();
      const totalFen = a.requestedAmountFen;
      d.orders.insert({ id: orderId, applicationId, pickupCode, fulfilment, totalFen, downPaymentFen: approved.downPaymentFen, amountFinancedFen: approved.amountFinancedFen, at });
      d.credit.setStatus(applicationId, 'ordered', at);
      emit({
        topic: 'order.placed',
        aggregateId: orderId,
        payload: {
          orderId,
          applicationId,
          fulfilment: { ...fulfilment },
          totalFen,
          downPaymentFen: approved.downPaymentFen,
          amountFinancedFen: approved.amountFinancedFen,
          lines: a.purchase.lines.map(({ productId, quantity, unitPriceFen }) => ({ productId, quantity, unitPriceFen })),
          discountFen: a.purchase.subtotalFen - a.purchase.totalFen,
          at,
        },
      });
      const coolingOffUntil = d.contracts.coolingOffUntil(applicationId);
      if (!coolingOffUntil) throw new Error(`signed application ${applicationId} has no contract`);
      const order: OrderView = {
        orderId,
        applicationId,
        pickupCode,
        pickupQr: pickupQr(orderId, pickupCode),
        fulfilment,
        totalFen,
        downPaymentFen: approved.downPaymentFen,
        amountFinancedFen: approved.amountFinancedFen,
        createdAt: at,
        coolingOffUntil,
      };
      return ok({ order });
    });
    if (placed.ok) d.log.info({ orderId: placed.data.order.orderId, applicationId }, 'order placed');
    return placed;
  }

  /**
   * Withdrawal within the cooling-off period (staff): the agreement and its order are cancelled
   * and the finance product's daily quota and subsidy are given back, in one transaction.
   */
  cancelAgreement(applicationId: string, reason: CancelReason): ApiResult<{ cancelled: true }> {
    const { d } = this;
    const cancelled = writeWithOutbox(d.db, d.now, (emit) => {
      const done = d.contracts.cancelWithin(emit, applicationId, reason);
      if (!done.ok) return done;
      const orderId = d.orders.openOrderOf(applicationId);
      if (orderId) {
        const at = d.now();
        d.orders.cancel(orderId, at);
        emit({ topic: 'order.cancelled', aggregateId: orderId, payload: { orderId, applicationId, at } });
      }
      return ok({ cancelled: true as const });
    });
    if (cancelled.ok) d.log.info({ applicationId }, 'credit agreement cancelled in the cooling-off period');
    return cancelled;
  }

  /** Every line in the store: take it home today, or delivery from tomorrow; else once the slowest line can come. */
  private slotsFor(a: ApplicationRecord): { pickupToday: boolean; slots: DeliverySlot[] } {
    const { lines } = a.purchase;
    const stock = new Map(this.d.catalog.sellable(lines.map((l) => l.productId)).map((i) => [i.card.id, i.card.stock]));
    const estimates = lines.map((l) => deliveryEstimate(stock.get(l.productId) ?? 0, l.quantity));
    const firstDay = Math.max(...estimates.map(firstDeliveryDay));
    const today = storeDate(this.d.now());
    const slots = Array.from({ length: BOOKING_DAYS }, (_, i) => addDays(today, firstDay + i)).flatMap((date) => WINDOWS.map((window) => ({ date, window })));
    return { pickupToday: estimates.every((e) => e.kind === 'in_store'), slots };
  }

  /** Eight random digits not held by another open order (the partial unique index is the final guard). */
  private freshPickupCode(): string {
    for (;;) {
      const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
      if (!this.d.orders.pickupCodeTaken(code)) return code;
    }
  }
}

/** What the till scans: the order and its code, so a photo of someone else's code alone is not enough. */
function pickupQr(orderId: string, pickupCode: string): string {
  return `KIOSK-ORDER:${orderId}:${pickupCode}`;
}
