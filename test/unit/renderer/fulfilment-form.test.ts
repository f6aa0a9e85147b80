import { describe, expect, it } from 'vitest';
import { DELIVERY_ADDRESS_MIN } from '../../../electron/contract/limits.ts';
import { checkAll, checkText, fulfilmentOf, NO_ANSWERS, refusalOf, type FulfilmentValues } from '../../../renderer/features/orders/fulfilment-form.ts';

const DELIVERY: FulfilmentValues = {
  mode: 'delivery',
  slot: { date: '2026-12-03', window: 'morning' },
  districtId: 'chaoyang',
  address: ' 建国路 88 号 ',
  contactMobile: '139 1234 5678',
  services: ['haul_away', 'installation'],
};

describe('the fulfilment form (pickup today or delivery with an address and a contact)', () => {
  it('checks the address and the mobile as the core does, naming the problem as an i18n key', () => {
    expect(checkText('address', ` ${'路'.repeat(DELIVERY_ADDRESS_MIN - 1)} `)).toBe('errors.ADDRESS_INCOMPLETE');
    expect(checkText('address', '路'.repeat(DELIVERY_ADDRESS_MIN))).toBeNull();
    expect(checkText('contactMobile', '1391234')).toBe('errors.MOBILE_FORMAT');
    expect(checkText('contactMobile', '+86 139-1234-5678')).toBeNull();
  });

  it('asks for a way first, nothing more for a pickup, and every part of a delivery', () => {
    expect(checkAll(NO_ANSWERS, null)).toEqual({ mode: 'credit.fulfilment.chooseFirst' });
    expect(checkAll(NO_ANSWERS, 'pickup')).toEqual({});
    expect(checkAll(NO_ANSWERS, 'delivery')).toEqual({
      slot: 'credit.fulfilment.slotFirst',
      districtId: 'credit.fulfilment.districtFirst',
      address: 'errors.ADDRESS_INCOMPLETE',
      contactMobile: 'errors.MOBILE_FORMAT',
    });
    expect(checkAll(DELIVERY, 'delivery')).toEqual({});
  });

  it('sends the address trimmed, the mobile in one spelling, and only the services these goods have', () => {
    expect(fulfilmentOf(DELIVERY, 'delivery', ['installation'])).toEqual({
      kind: 'delivery',
      slot: DELIVERY.slot,
      districtId: 'chaoyang',
      address: '建国路 88 号',
      contactMobile: '13912345678',
      services: ['installation'],
    });
    expect(fulfilmentOf(DELIVERY, 'pickup', [])).toEqual({ kind: 'pickup' });
    expect(fulfilmentOf({ ...DELIVERY, slot: null }, 'delivery', [])).toBeNull();
  });

  it('shows what the core refused at the field it names, and has a gone choice made again', () => {
    const error = (code: string, field?: string) => ({ code, message: 'x', ...(field ? { field } : {}) }) as Parameters<typeof refusalOf>[0];
    expect(refusalOf(error('ADDRESS_INCOMPLETE', 'fulfilment.address'))).toEqual({ marks: { address: 'errors.ADDRESS_INCOMPLETE' }, reload: false });
    expect(refusalOf(error('MOBILE_FORMAT', 'fulfilment.contactMobile'))).toEqual({ marks: { contactMobile: 'errors.MOBILE_FORMAT' }, reload: false });
    expect(refusalOf(error('SLOT_UNAVAILABLE', 'fulfilment.slot'))).toEqual({ marks: { slot: 'errors.SLOT_UNAVAILABLE' }, reload: true });
    expect(refusalOf(error('SLOT_UNAVAILABLE', 'fulfilment'))).toEqual({ marks: { mode: 'credit.fulfilment.pickupGone' }, reload: true });
    expect(refusalOf(error('BAD_REQUEST', 'fulfilment.districtId'))).toEqual({ marks: { districtId: 'credit.fulfilment.districtFirst' }, reload: true });
    expect(refusalOf(error('SESSION_ENDED', 'sessionId'))).toBeNull();
    expect(refusalOf(error('UNAVAILABLE'))).toBeNull();
  });
});
