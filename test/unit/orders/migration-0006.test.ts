import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

const AT = Date.parse('2026-12-02T09:30:00+08:00');

describe('migration 6: orders paid at the till or by installments', () => {
  it('keeps each financed order, numbering it within its store day, and lets an order stand without an application', () => {
    const db = databaseAt(5);
    db.prepare("INSERT INTO lenders (id, name_zh, name_en) VALUES ('l', '银行', 'Bank')").run();
    db.prepare(
      `INSERT INTO finance_products (id, lender_id, kind, min_amount_fen, max_amount_fen, daily_quota, budget_since, offline_approvable, offline_max_amount_fen, data)
       VALUES ('f', 'l', 'interest_free', 100, 10000000, 5, '2026-01-01', 1, 500, '{}')`,
    ).run();
    const purchase = JSON.stringify({ lines: [{ productId: 'p', name: { zh: '冰箱', en: 'Fridge' }, quantity: 1, unitPriceFen: 300000 }], subtotalFen: 300000, discounts: [], totalFen: 300000 });
    for (const [i, id] of ['a1', 'a2'].entries()) {
      db.prepare(
        `INSERT INTO credit_applications (id, session_id, request_id, locale, status, offline, applicant_name, resident_id_hmac, resident_id_masked,
           mobile_hmac, mobile_masked, age, employment, income_band, purchase, requested_amount_fen, finance_product_id, lender_id, term_months,
           requested_offer, approved, store_date, created_at, updated_at)
         VALUES (?, 's', ?, 'zh-CN', 'ordered', 0, '张三', 'h', 'm', 'h', 'm', 30, 'employed', '10k_20k', ?, 300000, 'f', 'l', 12, '{}', NULL, '2026-12-02', ?, ?)`,
      ).run(id, `request-${id}`, purchase, AT + i, AT + i);
      db.prepare(
        `INSERT INTO orders (id, application_id, pickup_code, status, fulfilment, total_fen, down_payment_fen, amount_financed_fen, created_at, updated_at)
         VALUES (?, ?, ?, 'placed', '{"kind":"pickup"}', 300000, 0, 300000, ?, ?)`,
      ).run(`o${i + 1}`, id, `1234567${i}`, AT + 1000 + i, AT + 1000 + i);
    }
    applyMigration(db, 6);

    const rows = db.prepare('SELECT id, store_date, number, payment, session_id, json_array_length(lines) AS lines FROM orders ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'o1', store_date: '2026-12-02', number: '1202-0001', payment: 'installment', session_id: 's', lines: 1 },
      { id: 'o2', store_date: '2026-12-02', number: '1202-0002', payment: 'installment', session_id: 's', lines: 1 },
    ]);
    for (const index of ['orders_open_pickup_code', 'orders_number', 'orders_request']) expect(schemaObjects(db)).toContain(index);

    const till = (id: string, number: string, applicationId: string | null, payment: string, financed = 0) =>
      db
        .prepare(
          `INSERT INTO orders (id, store_date, number, session_id, payment, application_id, pickup_code, status, fulfilment, lines, total_fen, down_payment_fen, amount_financed_fen, created_at, updated_at)
           VALUES (?, '2026-12-02', ?, 's', ?, ?, ?, 'placed', '{"kind":"pickup"}', '[]', 100, 0, ?, 1, 1)`,
        )
        .run(id, number, payment, applicationId, `9${number.replace('-', '')}`.slice(0, 8), financed);
    till('o3', '1202-0003', null, 'till');
    expect(() => till('o4', '1202-0004', null, 'installment')).toThrow(/CHECK/);
    expect(() => till('o5', '1202-0005', null, 'till', 100)).toThrow(/CHECK/);
    expect(() => till('o6', '1202-0003', null, 'till')).toThrow(/UNIQUE/);
  });
});
