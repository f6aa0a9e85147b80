import { DELIVERY_ADDRESS_MIN } from '../../../electron/contract/limits.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import { describe, expect, it } from 'vitest';
import {
  approvedApplication,
  productWithPlan,
  visit,
  DAY,
  MORNING,
  PNG,
  call,
  kiosks,
  count,
  data,
} from '../../helpers/credit.ts';

const core = kiosks();

describe('contract, order and cooling-off', () => {
  it('signs exactly the text shown, then places an order with a pickup code, each with its outbox row', async () => {
    const k = core();
    const view = await approvedApplication(k);
    const terms = data(await call(k, 'keyTerms', { applicationId: view.applicationId, locale: 'en' }));
    // The annualised rate comes before the total cost, and both before the schedule and the rights.
    const order = ['Annualised rate', 'Total cost of credit', 'Repayment schedule', 'Cooling-off', 'Early repayment'].map((s) => terms.html.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(terms.html).not.toMatch(/<script|style=/i);
    expect(terms.html).toContain('1101**********1237');

    expect(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'en', htmlHash: '0'.repeat(64), signature: PNG })).toMatchObject({
      ok: false,
      error: { code: 'CONTRACT_CHANGED' },
    });
    // The shell prints its PDF copy when the core says a contract was signed (only then, and once).
    const told: Array<{ contractId: string; applicationId: string }> = [];
    k.events.on('contract.signed', (signedEvent) => told.push(signedEvent));
    const signed = data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'en', htmlHash: terms.htmlHash, signature: PNG }));
    expect(told).toEqual([{ contractId: signed.contractId, applicationId: view.applicationId }]);
    const stored = k.db.prepare('SELECT html, html_hash, signature_png, contract_hash FROM credit_contracts WHERE id = ?').get(signed.contractId) as {
      html: string;
      html_hash: string;
      signature_png: Buffer;
      contract_hash: string;
    };
    expect(stored.html).toBe(terms.html);
    expect(stored.html_hash).toBe(terms.htmlHash);
    expect(stored.signature_png.subarray(1, 4).toString()).toBe('PNG');
    expect(stored.contract_hash).toBe(signed.contractHash);
    expect(k.credit.contracts.signedContract(signed.contractId)).toMatchObject({ html: terms.html, locale: 'en' });
    // Signed once only.
    expect(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'en', htmlHash: terms.htmlHash, signature: PNG })).toMatchObject({
      ok: false,
      error: { code: 'APPLICATION_STATE' },
    });
    expect(told).toHaveLength(1);

    const productId = (JSON.parse(k.db.prepare('SELECT purchase FROM credit_applications WHERE id = ?').pluck().get(view.applicationId) as string) as { lines: { productId: string }[] }).lines[0]?.productId ?? '';
    const options = data(await call(k, 'deliveryOptions', { purchase: { productId } }));
    expect(options.days[0]).toEqual({ date: '2026-12-02', windows: ['morning', 'afternoon', 'evening'] });
    const address = { districtId: 'chaoyang', address: '建国路 88 号 3 单元 1201', contactMobile: '139 1234 5678' };
    expect(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'delivery', slot: { date: '2026-11-30', window: 'morning' }, ...address } })).toMatchObject({
      ok: false,
      error: { code: 'SLOT_UNAVAILABLE' },
    });
    const slot = { date: options.days[1]?.date ?? '', window: 'afternoon' as const };
    // Refusals name the field, so the screen can show each at its field.
    const short = ` ${'路'.repeat(DELIVERY_ADDRESS_MIN - 1)} `;
    expect(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'delivery', slot, ...address, address: short } })).toMatchObject({
      ok: false,
      error: { code: 'ADDRESS_INCOMPLETE', field: 'fulfilment.address' },
    });
    expect(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'delivery', slot, ...address, contactMobile: '1391234' } })).toMatchObject({
      ok: false,
      error: { code: 'MOBILE_FORMAT', field: 'fulfilment.contactMobile' },
    });
    const placed = data(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'delivery', slot, ...address } })).order;
    // The same request again (its answer lost, a double tap) gets the same order.
    expect(data(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'delivery', slot, ...address } })).order.orderId).toBe(placed.orderId);
    expect(count(k, 'SELECT COUNT(*) FROM orders')).toBe(1);
    expect(placed).toMatchObject({
      orderNumber: '1201-0001',
      payment: 'installment',
      fulfilment: { kind: 'delivery', slot, district: { zh: '朝阳区', en: 'Chaoyang' }, address: address.address, contactMasked: '139****5678', services: [] },
    });
    expect(placed.pickupCode).toMatch(/^\d{8}$/);
    expect(placed.pickupQr).toContain(placed.pickupCode);
    expect(placed.coolingOffUntil).toBe('2026-12-08');
    const topics = pendingOutbox(k.db).map((m) => m.topic);
    expect(topics).toEqual(expect.arrayContaining(['credit.application', 'credit.contract_signed', 'order.placed']));
    expect(k.credit.applications.view(view.applicationId)?.status).toBe('ordered');
    k.close();
  });

  it('cancels within the cooling-off period and gives the quota back; not after it', async () => {
    const clock = { at: MORNING };
    const k = core({ clock });
    const signedIn = async () => {
      const view = await approvedApplication(k);
      const terms = data(await call(k, 'keyTerms', { applicationId: view.applicationId, locale: 'zh-CN' }));
      data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
      return view;
    };
    const view = await signedIn();
    const productId = view.requested.productId;
    expect(count(k, 'SELECT applications FROM finance_usage WHERE product_id = ?', productId)).toBe(1);
    clock.at += 6 * DAY;
    expect(k.orders.cancelAgreement(view.applicationId, 'shopper_withdrew')).toEqual({ ok: true, data: { cancelled: true } });
    expect(k.credit.applications.view(view.applicationId)?.status).toBe('cancelled');
    expect(count(k, 'SELECT applications FROM finance_usage WHERE product_id = ?', productId)).toBe(0);
    expect(pendingOutbox(k.db).some((m) => m.topic === 'credit.cancelled')).toBe(true);
    expect(k.orders.cancelAgreement(view.applicationId, 'shopper_withdrew')).toMatchObject({ ok: false, error: { code: 'APPLICATION_STATE' } });

    const late = await signedIn();
    clock.at += 8 * DAY;
    expect(k.orders.cancelAgreement(late.applicationId, 'shopper_withdrew')).toMatchObject({ ok: false, error: { code: 'COOLING_OFF_OVER' } });
    k.close();
  });

  it('cancels an agreement signed for goods nobody ordered when the visit ends, and gives the quota back', async () => {
    const k = core();
    const view = await approvedApplication(k);
    const terms = data(await call(k, 'keyTerms', { applicationId: view.applicationId, locale: 'zh-CN' }));
    data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
    const sessionId = k.db.prepare('SELECT session_id FROM credit_applications WHERE id = ?').pluck().get(view.applicationId) as string;
    data(await call(k, 'endSession', { sessionId, reason: 'idle' }));
    expect(k.credit.applications.view(view.applicationId)?.status).toBe('cancelled');
    expect(count(k, 'SELECT applications FROM finance_usage WHERE product_id = ?', view.requested.productId)).toBe(0);
    const cancelled = pendingOutbox(k.db).find((m) => m.topic === 'credit.cancelled');
    expect(cancelled?.payload).toMatchObject({ applicationId: view.applicationId, reason: 'not_ordered' });
    k.close();
  });

  it('places an order paid at the till, once per submission, only during the visit', async () => {
    const k = core();
    const sessionId = await visit(k);
    const { product } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    const request = { sessionId, requestId: 'till-request-1', purchase: { items: [{ productId: product.id, quantity: 2 }] }, fulfilment: { kind: 'pickup' as const } };
    const quote = data(await call(k, 'quoteCart', { items: request.purchase.items }));
    const order = data(await call(k, 'placeTillOrder', request)).order;
    expect(order).toMatchObject({ payment: 'till', applicationId: null, totalFen: quote.totalFen, payAtTillFen: quote.totalFen, amountFinancedFen: 0, coolingOffUntil: null });
    expect(order.orderNumber).toMatch(/^\d{4}-0001$/);
    expect(data(await call(k, 'placeTillOrder', request)).order.orderId).toBe(order.orderId);
    expect(count(k, 'SELECT COUNT(*) FROM orders')).toBe(1);
    const placed = pendingOutbox(k.db).find((m) => m.topic === 'order.placed');
    expect(placed?.payload).toMatchObject({ payment: 'till', applicationId: null, orderNumber: order.orderNumber });

    const delivery = { kind: 'delivery' as const, slot: { date: '2026-12-03', window: 'evening' as const }, districtId: 'haidian', address: '中关村 1 号', contactMobile: '13912345678' };
    expect(await call(k, 'placeTillOrder', { ...request, requestId: 'till-request-2', fulfilment: { ...delivery, address: '1号' } })).toMatchObject({
      ok: false,
      error: { code: 'ADDRESS_INCOMPLETE', field: 'fulfilment.address' },
    });
    expect(await call(k, 'placeTillOrder', { ...request, requestId: 'till-request-3', fulfilment: { ...delivery, contactMobile: '12345' } })).toMatchObject({
      ok: false,
      error: { code: 'MOBILE_FORMAT', field: 'fulfilment.contactMobile' },
    });
    expect(await call(k, 'placeTillOrder', { ...request, requestId: 'till-request-4', fulfilment: { ...delivery, districtId: 'shanghai' } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'fulfilment.districtId' },
    });
    // A fridge can have the old one taken away, but is not installed by the store's team.
    expect(await call(k, 'placeTillOrder', { ...request, requestId: 'till-request-5', fulfilment: { ...delivery, services: ['installation'] } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'fulfilment.services' },
    });
    const second = data(await call(k, 'placeTillOrder', { ...request, requestId: 'till-request-6', fulfilment: { ...delivery, services: ['haul_away'] } })).order;
    expect(second.orderNumber).toMatch(/^\d{4}-0002$/);
    expect(second.fulfilment).toMatchObject({ kind: 'delivery', district: { en: 'Haidian' }, contactMasked: '139****5678', services: ['haul_away'] });
    // Where and when go to HQ, never who: no address, no mobile.
    const secondRow = pendingOutbox(k.db).find((m) => m.topic === 'order.placed' && m.aggregateId === second.orderId);
    expect(JSON.stringify(secondRow?.payload)).not.toMatch(/中关村|5678/);

    data(await call(k, 'endSession', { sessionId, reason: 'finished' }));
    expect(await call(k, 'placeTillOrder', { ...request, requestId: 'till-request-7' })).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    k.close();
  });
});

