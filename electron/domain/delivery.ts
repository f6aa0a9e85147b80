/**
 * What the store can promise about getting the product home. In stock: take it today or have it
 * delivered and installed from tomorrow; not in stock: it comes from the regional warehouse.
 */
export type DeliveryEstimate = { kind: 'in_store'; deliveryFromDays: number } | { kind: 'warehouse'; minDays: number; maxDays: number };

export const WAREHOUSE_DAYS = { min: 3, max: 5 } as const;

export function deliveryEstimate(stock: number, quantity = 1): DeliveryEstimate {
  return stock >= quantity && quantity > 0 ? { kind: 'in_store', deliveryFromDays: 1 } : { kind: 'warehouse', minDays: WAREHOUSE_DAYS.min, maxDays: WAREHOUSE_DAYS.max };
}

/** The first day the store can deliver the goods: the next day from stock, else after the warehouse's shortest lead time. */
export function firstDeliveryDay(estimate: DeliveryEstimate): number {
  return estimate.kind === 'in_store' ? estimate.deliveryFromDays : estimate.minDays;
}
