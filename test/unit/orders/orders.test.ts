import { DELIVERY_ADDRESS_MIN } from '../../../electron/contract/limits.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import { describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import {
  approvedApplication,
  DAY,
  MORNING,
  PNG,
  call,
  core as creditCore,
  count,
  data,
} from '../../helpers/credit.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const core = (options: Parameters<typeof creditCore>[1] = {}): KioskCore => creditCore(tempDir(), options);

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
    const signed = data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'en', htmlHash: terms.htmlHash, signature: PNG }));
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
});
