import { z } from 'zod';
import { DeliveryService, LocalizedText } from '../../contract/catalog.ts';
import { DeliverySlot, type Payment, type StaffAgreement } from '../../contract/orders.ts';
import type { Db } from '../db/database.ts';

/** A fulfilment as stored: the contact mobile only masked (its HMAC has a column of its own). */
export const StoredFulfilment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pickup') }),
  z.object({
    kind: z.literal('delivery'),
    slot: DeliverySlot,
    // Orders from before delivery addresses (migration 6) have none of these.
    districtId: z.string().default(''),
    address: z.string().default(''),
    contactMasked: z.string().default(''),
    services: z.array(DeliveryService).default([]),
  }),
]);
export type StoredFulfilment = z.infer<typeof StoredFulfilment>;

export const OrderLine = z.object({ productId: z.string(), name: LocalizedText, quantity: z.number().int(), unitPriceFen: z.number().int() });
export type OrderLine = z.infer<typeof OrderLine>;

/** An agreement as staff see it, before its reference is added (orders/orders.ts). */
export type AgreementRow = Omit<StaffAgreement, 'reference'>;

export interface OrderRecord {
  id: string;
  storeDate: string;
  number: string;
  sessionId: string;
  payment: Payment;
  applicationId: string | null;
  pickupCode: string;
  status: 'placed' | 'cancelled';
  fulfilment: StoredFulfilment;
  lines: OrderLine[];
  totalFen: number;
  downPaymentFen: number;
  amountFinancedFen: number;
  createdAt: number;
}

interface OrderRow {
  id: string;
  store_date: string;
  number: string;
  session_id: string;
  payment: Payment;
  application_id: string | null;
  pickup_code: string;
  status: 'placed' | 'cancelled';
  fulfilment: string;
  lines: string;
  total_fen: number;
  down_payment_fen: number;
  amount_financed_fen: number;
  created_at: number;
}

/** The only place the orders' SQL lives. */
export class OrderStore {
  private readonly q;

  constructor(db: Db) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO orders (id, store_date, number, session_id, request_id, payment, application_id, pickup_code, status, fulfilment, contact_hmac,
           lines, total_fen, down_payment_fen, amount_financed_fen, created_at, updated_at)
         VALUES (@id, @storeDate, @number, @sessionId, @requestId, @payment, @applicationId, @pickupCode, 'placed', @fulfilment, @contactHmac,
           @lines, @totalFen, @downPaymentFen, @amountFinancedFen, @at, @at)`,
      ),
      get: db.prepare('SELECT * FROM orders WHERE id = ?'),
      byRequest: db.prepare('SELECT id FROM orders WHERE session_id = ? AND request_id = ?').pluck(),
      ofApplication: db.prepare("SELECT id FROM orders WHERE application_id = ? AND status = 'placed'").pluck(),
      lastNumber: db.prepare('SELECT COALESCE(MAX(CAST(substr(number, 6) AS INTEGER)), 0) FROM orders WHERE store_date = ?').pluck(),
      codeTaken: db.prepare("SELECT 1 FROM orders WHERE pickup_code = ? AND status = 'placed'").pluck(),
      cancel: db.prepare("UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?"),
      // Signed agreements still withdrawable and recent cancellations, with their order and refund.
      agreements: db.prepare(
        `SELECT a.id AS applicationId, a.status, a.applicant_name AS name, a.mobile_masked AS mobileMasked,
                json_extract(a.approved, '$.amountFinancedFen') AS amountFinancedFen, c.signed_at AS signedAt, c.cooling_off_until AS coolingOffUntil,
                (SELECT o.number FROM orders o WHERE o.application_id = a.id) AS orderNumber,
                r.amount_fen AS refundFen, r.due_on AS dueOn, r.state AS refundState
           FROM credit_applications a
           JOIN credit_contracts c ON c.application_id = a.id
           LEFT JOIN credit_refunds r ON r.application_id = a.id
          WHERE (a.status IN ('signed', 'ordered') AND c.cooling_off_until >= ?) OR (a.status = 'cancelled' AND c.cooling_off_until >= ?)
          ORDER BY c.signed_at DESC LIMIT 100`,
      ),
    };
  }

  insert(o: Omit<OrderRecord, 'status' | 'createdAt'> & { requestId: string | null; contactHmac: string | null; at: number }): void {
    this.q.insert.run({ ...o, fulfilment: JSON.stringify(o.fulfilment), lines: JSON.stringify(o.lines) });
  }

  order(id: string): OrderRecord | null {
    const r = this.q.get.get(id) as OrderRow | undefined;
    if (!r) return null;
    return {
      id: r.id,
      storeDate: r.store_date,
      number: r.number,
      sessionId: r.session_id,
      payment: r.payment,
      applicationId: r.application_id,
      pickupCode: r.pickup_code,
      status: r.status,
      fulfilment: StoredFulfilment.parse(JSON.parse(r.fulfilment)),
      lines: OrderLine.array().parse(JSON.parse(r.lines)),
      totalFen: r.total_fen,
      downPaymentFen: r.down_payment_fen,
      amountFinancedFen: r.amount_financed_fen,
      createdAt: r.created_at,
    };
  }

  orderFor(sessionId: string, requestId: string): string | undefined {
    return this.q.byRequest.get(sessionId, requestId) as string | undefined;
  }

  /** The open order placed for a credit application, if any. */
  openOrderOf(applicationId: string): string | undefined {
    return this.q.ofApplication.get(applicationId) as string | undefined;
  }

  /** The store day's next running number, e.g. 1202-0007 (inside the transaction that inserts it). */
  nextNumber(storeDate: string): string {
    const next = (this.q.lastNumber.get(storeDate) as number) + 1;
    return `${storeDate.slice(5, 7)}${storeDate.slice(8, 10)}-${String(next).padStart(4, '0')}`;
  }

  pickupCodeTaken(code: string): boolean {
    return this.q.codeTaken.get(code) !== undefined;
  }

  cancel(orderId: string, at: number): void {
    this.q.cancel.run(at, orderId);
  }

  /**
   * Agreements staff may cancel (in cooling-off on `today`) and those cancelled whose cooling-off
   * ended no earlier than `since`, newest first.
   */
  agreements(today: string, since: string): AgreementRow[] {
    type Row = { applicationId: string; status: 'signed' | 'ordered' | 'cancelled'; name: string; mobileMasked: string; amountFinancedFen: number; signedAt: number; coolingOffUntil: string; orderNumber: string | null; refundFen: number | null; dueOn: string | null; refundState: 'requested' | 'sent' | 'settled' | null };
    return (this.q.agreements.all(today, since) as Row[]).map((r) => ({
      applicationId: r.applicationId,
      status: r.status,
      orderNumber: r.orderNumber,
      applicant: { name: r.name, mobileMasked: r.mobileMasked },
      amountFinancedFen: r.amountFinancedFen,
      signedAt: r.signedAt,
      coolingOffUntil: r.coolingOffUntil,
      refund: r.refundFen !== null && r.dueOn !== null && r.refundState !== null ? { amountFen: r.refundFen, dueOn: r.dueOn, state: r.refundState } : null,
    }));
  }
}
