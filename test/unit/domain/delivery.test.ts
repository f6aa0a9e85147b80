import { describe, expect, it } from 'vitest';
import { deliveryEstimate, firstDeliveryDay, WAREHOUSE_DAYS } from '../../../electron/domain/delivery.ts';

describe('delivery estimate', () => {
  it('delivers from the store tomorrow only when it holds the quantity bought', () => {
    expect(deliveryEstimate(3)).toEqual({ kind: 'in_store', deliveryFromDays: 1 });
    expect(deliveryEstimate(3, 3)).toEqual({ kind: 'in_store', deliveryFromDays: 1 });
    expect(deliveryEstimate(2, 3)).toEqual({ kind: 'warehouse', minDays: WAREHOUSE_DAYS.min, maxDays: WAREHOUSE_DAYS.max });
    expect(deliveryEstimate(0)).toMatchObject({ kind: 'warehouse' });
  });

  it('the first delivery day is tomorrow from stock, else the warehouse minimum', () => {
    expect(firstDeliveryDay(deliveryEstimate(5, 2))).toBe(1);
    expect(firstDeliveryDay(deliveryEstimate(1, 2))).toBe(WAREHOUSE_DAYS.min);
  });
});
