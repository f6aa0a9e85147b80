import { randomInt } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { ChannelResponse } from '../../contract/api.ts';
import type { Purchase } from '../../contract/cart.ts';
import type { CancelReason } from '../../contract/credit.ts';
import { DELIVERY_ADDRESS_MIN } from '../../contract/limits.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import type { Fulfilment as FulfilmentSchema, FulfilmentView, OrderView, StaffAgreement } from '../../contract/orders.ts';
import { addDays } from '../../domain/calendar.ts';
import { deliveryEstimate, firstDeliveryDay } from '../../domain/delivery.ts';
import { maskMobile, normaliseMobile } from '../../domain/identity.ts';
import { storeDate } from '../../domain/promotions.ts';
import { pricePurchase } from '../cart/quote.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import { reference } from '../credit/applications.ts';
import type { Contracts } from '../credit/contracts.ts';
import type { CreditStore } from '../credit/credit-store.ts';
import type { IdentityHasher } from '../credit/identity-key.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox, type Emit } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import type { StaffAudit } from '../staff/audit.ts';
import type { Sessions } from '../session/sessions.ts';
import type { OrderLine, OrderRecord, OrderStore, StoredFulfilment } from './order-store.ts';

export interface OrderDeps {
  db: Db;
  now: () => number;
  log: Logger;
  orders: OrderStore;
  credit: CreditStore;
  contracts: Contracts;
  catalog: CatalogStore;
  sessions: Sessions;
  hasher: IdentityHasher;
  /** Where a staff member's cancellation is recorded as theirs. */
  audit: StaffAudit;
}

type Fulfilment = z.output<typeof FulfilmentSchema>;
type DeliveryOptions = ChannelResponse<'deliveryOptions'>;

/** Delivery windows bookable per day, and how many days ahead a shopper may book. */
const WINDOWS = ['morning', 'afternoon', 'evening'] as const;
const BOOKING_DAYS = 7;

/**
 * Orders: what the shopper takes to the till, with a pickup code and a short order number. Paid
 * at the till, or by a signed credit agreement (any down payment at the till) — then cancelled
 * with the agreement within its cooling-off period, and never left behind without one.
 */
export class Orders {
  constructor(private readonly d: OrderDeps) {}

  /** How the goods can reach the shopper: today from the store when every line is in stock, else delivery from the first day all can come. */
  deliveryOptions(purchase: Purchase): ApiResult<DeliveryOptions> {
    const priced = pricePurchase(this.d.catalog, this.d.now, purchase);
    if (!priced.ok) return fail(priced.error.code, priced.error.message, priced.error.field ? `purchase.${priced.error.field}` : 'purchase');
    return ok(this.optionsFor(priced.data.lines));
  }

  placeOrder(applicationId: string, fulfilment: Fulfilment): ApiResult<ChannelResponse<'placeOrder'>> {
    const { d } = this;
    const placed = writeWithOutbox(d.db, d.now, (emit) => {
      const a = d.credit.application(applicationId);
      if (!a) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
      // A retry whose first answer was lost (or a double tap) gets the order already placed.
      const placed = a.status === 'ordered' ? d.orders.openOrderOf(applicationId) : undefined;
      if (placed) return ok({ order: this.view(placed) });
      if (a.status !== 'signed') return fail('APPLICATION_STATE', `application is ${a.status}`, 'applicationId');
      if (!a.approved) throw new Error(`signed application ${applicationId} has no approved plan`);
      const id = this.insert(emit, {
        sessionId: a.sessionId,
        requestId: null,
        payment: 'installment',
        applicationId,
        lines: a.purchase.lines,
        discountFen: a.purchase.subtotalFen - a.purchase.totalFen,
        totalFen: a.requestedAmountFen,
        downPaymentFen: a.approved.downPaymentFen,
        amountFinancedFen: a.approved.amountFinancedFen,
        fulfilment,
      });
      if (!id.ok) return id;
      d.credit.setStatus(applicationId, 'ordered', d.now());
      return ok({ order: this.view(id.data) });
    });
    if (placed.ok) d.log.info({ orderId: placed.data.order.orderId, applicationId }, 'installment order placed');
    return placed;
  }

  /** An order paid in full at the till: priced now, like the cart; a retried submission gets the same order. */
  placeTillOrder(input: { sessionId: string; requestId: string; purchase: Purchase; fulfilment: Fulfilment }): ApiResult<ChannelResponse<'placeTillOrder'>> {
    const { d } = this;
    const placed = writeWithOutbox(d.db, d.now, (emit) => {
      const earlier = d.orders.orderFor(input.sessionId, input.requestId);
      if (earlier) return ok({ order: this.view(earlier) });
      if (!d.sessions.isOpen(input.sessionId)) return fail('SESSION_ENDED', 'the visit this order belongs to has ended', 'sessionId');
      const priced = pricePurchase(d.catalog, d.now, input.purchase);
      if (!priced.ok) return fail(priced.error.code, priced.error.message, priced.error.field ? `purchase.${priced.error.field}` : 'purchase');
      const { lines, subtotalFen, totalFen } = priced.data;
      const id = this.insert(emit, {
        sessionId: input.sessionId,
        requestId: input.requestId,
        payment: 'till',
        applicationId: null,
        lines,
        discountFen: subtotalFen - totalFen,
        totalFen,
        downPaymentFen: 0,
        amountFinancedFen: 0,
        fulfilment: input.fulfilment,
      });
      if (!id.ok) return id;
      return ok({ order: this.view(id.data) });
    });
    if (placed.ok) d.log.info({ orderId: placed.data.order.orderId }, 'till order placed');
    return placed;
  }

  /**
   * Withdrawal within the cooling-off period (staff): the agreement and its order are cancelled
   * and the finance product's daily quota and subsidy are given back, in one transaction.
   */
  cancelAgreement(applicationId: string, reason: CancelReason | 'not_ordered', staffId?: string): ApiResult<{ cancelled: true }> {
    const { d } = this;
    const cancelled = writeWithOutbox(d.db, d.now, (emit) => {
      const done = d.contracts.cancelWithin(emit, applicationId, reason, staffId);
      if (!done.ok) return done;
      if (staffId) d.audit.record(emit, d.now(), staffId, 'agreement_cancelled', { applicationId, reason });
      const orderId = d.orders.openOrderOf(applicationId);
      if (orderId) {
        const at = d.now();
        d.orders.cancel(orderId, at);
        emit({ topic: 'order.cancelled', aggregateId: orderId, payload: { orderId, applicationId, at } });
      }
      return ok({ cancelled: true as const });
    });
    if (cancelled.ok) d.log.info({ applicationId, reason }, 'credit agreement cancelled in the cooling-off period');
    return cancelled;
  }

  /** For staff: agreements in their cooling-off period and recent cancellations with their refunds (last 14 days). */
  staffAgreements(): StaffAgreement[] {
    const today = storeDate(this.d.now());
    return this.d.orders.agreements(today, addDays(today, -14)).map((a) => ({ ...a, reference: reference(a.applicationId) }));
  }

  /** At the end of a visit, an agreement signed for goods nobody ordered has nothing to pay for: it is cancelled. */
  cancelUnordered(sessionId: string): number {
    return this.d.credit.signedOfSession(sessionId).filter((id) => this.cancelAgreement(id, 'not_ordered').ok).length;
  }

  /** Inside the caller's transaction: checks the fulfilment against the goods, then writes the order and its outbox row. */
  private insert(
    emit: Emit,
    o: Pick<OrderRecord, 'sessionId' | 'payment' | 'applicationId' | 'lines' | 'totalFen' | 'downPaymentFen' | 'amountFinancedFen'> & {
      requestId: string | null;
      discountFen: number;
      fulfilment: Fulfilment;
    },
  ): ApiResult<string> {
    const { d } = this;
    const checked = this.checkFulfilment(o.fulfilment, this.optionsFor(o.lines));
    if (!checked.ok) return checked;
    const { stored, contactHmac } = checked.data;
    const id = uuidv7();
    const at = d.now();
    const today = storeDate(at);
    const number = d.orders.nextNumber(today);
    d.orders.insert({
      id,
      storeDate: today,
      number,
      sessionId: o.sessionId,
      requestId: o.requestId,
      payment: o.payment,
      applicationId: o.applicationId,
      pickupCode: this.freshPickupCode(),
      fulfilment: stored,
      contactHmac,
      lines: o.lines,
      totalFen: o.totalFen,
      downPaymentFen: o.downPaymentFen,
      amountFinancedFen: o.amountFinancedFen,
      at,
    });
    const categories = d.catalog.categoriesOf(o.lines.map((l) => l.productId));
    emit({
      topic: 'order.placed',
      aggregateId: id,
      payload: {
        orderId: id,
        orderNumber: number,
        payment: o.payment,
        applicationId: o.applicationId,
        // Where and when, never who: the address and the contact stay in the store.
        fulfilment: stored.kind === 'pickup' ? { kind: 'pickup' } : { kind: 'delivery', slot: { ...stored.slot }, districtId: stored.districtId, services: [...stored.services] },
        totalFen: o.totalFen,
        downPaymentFen: o.downPaymentFen,
        amountFinancedFen: o.amountFinancedFen,
        lines: o.lines.map(({ productId, quantity, unitPriceFen }) => ({ productId, categoryId: categories.get(productId) ?? 'unknown', quantity, unitPriceFen })),
        discountFen: o.discountFen,
        at,
      },
    });
    return ok(id);
  }

  private checkFulfilment(f: Fulfilment, options: DeliveryOptions): ApiResult<{ stored: StoredFulfilment; contactHmac: string | null }> {
    if (f.kind === 'pickup') {
      if (!options.pickupToday) return fail('SLOT_UNAVAILABLE', 'not every line is in the store to take home today', 'fulfilment');
      return ok({ stored: { kind: 'pickup' }, contactHmac: null });
    }
    if (!options.days.some((day) => day.date === f.slot.date && day.windows.includes(f.slot.window))) {
      return fail('SLOT_UNAVAILABLE', 'that delivery window cannot be booked', 'fulfilment.slot');
    }
    if (!options.districts.some((district) => district.id === f.districtId)) return fail('BAD_REQUEST', 'the store does not deliver there', 'fulfilment.districtId');
    const address = f.address.trim();
    if ([...address].length < DELIVERY_ADDRESS_MIN) return fail('ADDRESS_INCOMPLETE', 'the address is too short to deliver to', 'fulfilment.address');
    const mobile = normaliseMobile(f.contactMobile);
    if (mobile === null) return fail('MOBILE_FORMAT', 'contact mobile number rejected', 'fulfilment.contactMobile');
    const services = [...new Set(f.services)];
    if (services.some((s) => !options.services.includes(s))) return fail('BAD_REQUEST', 'a service these goods do not have was asked for', 'fulfilment.services');
    return ok({
      stored: { kind: 'delivery', slot: f.slot, districtId: f.districtId, address, contactMasked: maskMobile(mobile), services },
      contactHmac: this.d.hasher.mobile(mobile),
    });
  }

  private optionsFor(lines: readonly Pick<OrderLine, 'productId' | 'quantity'>[]): DeliveryOptions {
    const { catalog } = this.d;
    const ids = lines.map((l) => l.productId);
    const stock = new Map(catalog.sellable(ids).map((i) => [i.card.id, i.card.stock]));
    const estimates = lines.map((l) => deliveryEstimate(stock.get(l.productId) ?? 0, l.quantity));
    const firstDay = Math.max(...estimates.map(firstDeliveryDay));
    const today = storeDate(this.d.now());
    return {
      pickupToday: estimates.every((e) => e.kind === 'in_store'),
      days: Array.from({ length: BOOKING_DAYS }, (_, i) => ({ date: addDays(today, firstDay + i), windows: [...WINDOWS] })),
      services: catalog.deliveryServices(ids),
      districts: catalog.storeInfo().deliveryDistricts,
    };
  }

  view(orderId: string): OrderView {
    const o = this.d.orders.order(orderId);
    if (!o) throw new Error(`order ${orderId} vanished`);
    return {
      orderId: o.id,
      orderNumber: o.number,
      payment: o.payment,
      applicationId: o.applicationId,
      pickupCode: o.pickupCode,
      pickupQr: pickupQr(o.id, o.pickupCode),
      fulfilment: this.fulfilmentView(o.fulfilment),
      totalFen: o.totalFen,
      payAtTillFen: o.totalFen - o.amountFinancedFen,
      amountFinancedFen: o.amountFinancedFen,
      createdAt: o.createdAt,
      coolingOffUntil: o.applicationId === null ? null : (this.d.contracts.coolingOffUntil(o.applicationId) ?? null),
    };
  }

  private fulfilmentView(f: StoredFulfilment): FulfilmentView {
    if (f.kind === 'pickup') return { kind: 'pickup' };
    const district = this.d.catalog.storeInfo().deliveryDistricts.find((x) => x.id === f.districtId);
    const { slot, address, contactMasked, services } = f;
    return { kind: 'delivery', slot, district: district?.name ?? { zh: f.districtId || '—', en: f.districtId || '—' }, address, contactMasked, services };
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
