import { describe, expect, it } from 'vitest';
import { ShopperEvent } from '../../../electron/contract/analytics.ts';
import { channels } from '../../../electron/contract/api.ts';
import { CartLine, Purchase } from '../../../electron/contract/cart.ts';
import { Applicant } from '../../../electron/contract/credit.ts';
import {
  APPLICANT_NAME_MAX,
  APPLICANT_NAME_MIN,
  DELIVERY_ADDRESS_MAX,
  MAX_CART_LINES,
  MAX_COMPARE,
  MAX_QUANTITY,
  MOBILE_MAX_LENGTH,
  RESIDENT_ID_LENGTH,
} from '../../../electron/contract/limits.ts';
import { DeliveryRequest } from '../../../electron/contract/orders.ts';

/**
 * The limits the renderer builds its screens around are the ones the contract enforces: each
 * schema takes a request at the named limit and refuses one past it.
 */
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
const lines = (n: number) => ids(n).map((productId) => ({ productId, quantity: 1 }));
const applicant = (fields: Partial<Record<'name' | 'residentId' | 'mobile', string>>) => ({
  name: '王小明',
  residentId: '110105198808081237',
  mobile: '13912345678',
  employment: 'employed',
  incomeBand: '6k_10k',
  ...fields,
});

describe('contract limits', () => {
  it('compare takes at most MAX_COMPARE products', () => {
    expect(channels.compareProducts.request.safeParse({ ids: ids(MAX_COMPARE) }).success).toBe(true);
    expect(channels.compareProducts.request.safeParse({ ids: ids(MAX_COMPARE + 1) }).success).toBe(false);
    expect(ShopperEvent.safeParse({ type: 'compared', productIds: ids(MAX_COMPARE) }).success).toBe(true);
    expect(ShopperEvent.safeParse({ type: 'compared', productIds: ids(MAX_COMPARE + 1) }).success).toBe(false);
  });

  it('a cart line takes at most MAX_QUANTITY', () => {
    expect(CartLine.safeParse({ productId: 'p', quantity: MAX_QUANTITY }).success).toBe(true);
    expect(CartLine.safeParse({ productId: 'p', quantity: MAX_QUANTITY + 1 }).success).toBe(false);
    expect(ShopperEvent.safeParse({ type: 'cart_added', productId: 'p', quantity: MAX_QUANTITY + 1 }).success).toBe(false);
    expect(Purchase.safeParse({ items: [{ productId: 'p', quantity: MAX_QUANTITY }] }).success).toBe(true);
    expect(Purchase.safeParse({ items: [{ productId: 'p', quantity: MAX_QUANTITY + 1 }] }).success).toBe(false);
  });

  it('a cart has at most MAX_CART_LINES lines, whether quoted, financed or applied for', () => {
    for (const schema of [channels.quoteCart.request, channels.financeOffers.request, Purchase]) {
      expect(schema.safeParse({ items: lines(MAX_CART_LINES) }).success).toBe(true);
      expect(schema.safeParse({ items: lines(MAX_CART_LINES + 1) }).success).toBe(false);
    }
  });

  it('an applicant name is APPLICANT_NAME_MIN to APPLICANT_NAME_MAX characters', () => {
    expect(Applicant.safeParse(applicant({ name: '王'.repeat(APPLICANT_NAME_MIN) })).success).toBe(true);
    expect(Applicant.safeParse(applicant({ name: '王'.repeat(APPLICANT_NAME_MIN - 1) })).success).toBe(false);
    expect(Applicant.safeParse(applicant({ name: '王'.repeat(APPLICANT_NAME_MAX) })).success).toBe(true);
    expect(Applicant.safeParse(applicant({ name: '王'.repeat(APPLICANT_NAME_MAX + 1) })).success).toBe(false);
  });

  it('the resident ID and mobile fields are no longer than their limits', () => {
    expect(Applicant.safeParse(applicant({ residentId: '1'.repeat(RESIDENT_ID_LENGTH + 1) })).success).toBe(false);
    expect(Applicant.safeParse(applicant({ mobile: '1'.repeat(MOBILE_MAX_LENGTH) })).success).toBe(true);
    expect(Applicant.safeParse(applicant({ mobile: '1'.repeat(MOBILE_MAX_LENGTH + 1) })).success).toBe(false);
  });

  it('a delivery address and contact mobile are no longer than their limits', () => {
    const delivery = (fields: Partial<Record<'address' | 'contactMobile', string>>) => ({
      kind: 'delivery',
      slot: { date: '2026-12-02', window: 'morning' },
      districtId: 'chaoyang',
      address: '建国路 88 号',
      contactMobile: '13912345678',
      ...fields,
    });
    expect(DeliveryRequest.safeParse(delivery({ address: '路'.repeat(DELIVERY_ADDRESS_MAX) })).success).toBe(true);
    expect(DeliveryRequest.safeParse(delivery({ address: '路'.repeat(DELIVERY_ADDRESS_MAX + 1) })).success).toBe(false);
    expect(DeliveryRequest.safeParse(delivery({ contactMobile: '1'.repeat(MOBILE_MAX_LENGTH + 1) })).success).toBe(false);
  });
});
