import type { Fulfilment } from '../../contract/orders.ts';
import type { Db } from '../db/database.ts';

/** The only place the orders' SQL lives. */
export class OrderStore {
  private readonly q;

  constructor(db: Db) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO orders (id, application_id, pickup_code, status, fulfilment, total_fen, down_payment_fen, amount_financed_fen, created_at, updated_at)
         VALUES (@id, @applicationId, @pickupCode, 'placed', @fulfilment, @totalFen, @downPaymentFen, @amountFinancedFen, @at, @at)`,
      ),
      ofApplication: db.prepare("SELECT id FROM orders WHERE application_id = ? AND status = 'placed'").pluck(),
      codeTaken: db.prepare("SELECT 1 FROM orders WHERE pickup_code = ? AND status = 'placed'").pluck(),
      cancel: db.prepare("UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?"),
    };
  }

  insert(o: { id: string; applicationId: string; pickupCode: string; fulfilment: Fulfilment; totalFen: number; downPaymentFen: number; amountFinancedFen: number; at: number }): void {
    this.q.insert.run({ ...o, fulfilment: JSON.stringify(o.fulfilment) });
  }

  /** The open order placed for a credit application, if any. */
  openOrderOf(applicationId: string): string | undefined {
    return this.q.ofApplication.get(applicationId) as string | undefined;
  }

  pickupCodeTaken(code: string): boolean {
    return this.q.codeTaken.get(code) !== undefined;
  }

  cancel(orderId: string, at: number): void {
    this.q.cancel.run(at, orderId);
  }
}
