/**
 * A real kiosk core in-process, speaking to a real HQ (test/hq/harness.ts): what the kiosk ↔ HQ
 * integration tests and the fault suite share. Traffic goes through the kiosk's own channels
 * (dispatch), so every outbox item is one the kiosk's services wrote.
 */
import { randomUUID } from 'node:crypto';
import { SHOPPER, SYSTEM } from '../../electron/contract/channel.ts';
import type { ApiResult } from '../../electron/contract/errors.ts';
import { KioskConfig } from '../../electron/core/config.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { startCore } from '../helpers/core.ts';
import { application, call, data, GOOD_ID, OTHER_ID, productWithPlan, visit } from '../helpers/credit.ts';

export const T0 = Date.parse('2026-12-01T10:00:00+08:00');
export const HOUR = 3_600_000;

/** One clock for a kiosk and the HQ it talks to (a test moves it; both see the same time). */
export interface Clock {
  at: number;
}

export function kioskCore(dataDir: string, clock: Clock, config: Record<string, unknown> = {}): KioskCore {
  return startCore(dataDir, { now: () => clock.at, config: KioskConfig.parse(config) });
}

/** Enrols `k` with HQ at `hqUrl` through its own channel (as store IT's enrol command does). */
export async function enrolKiosk(k: KioskCore, hqUrl: string, code: string) {
  const result = (await k.dispatch('enrolKiosk', { hqUrl, code }, SYSTEM)) as ApiResult<{ status: string; problem?: string; message?: string; kioskId?: string }>;
  return data(result);
}

export interface Traffic {
  sessions: number;
  events: number;
  applications: number;
  tillOrders: number;
}

/**
 * A shopper's visit: start, `events` shopper analytics events, end. Items written: events + 2.
 */
export async function browsingVisit(k: KioskCore, productIds: readonly string[], events: number, i = 0): Promise<void> {
  const sessionId = await visit(k);
  for (let e = 0; e < events; e++) {
    const productId = productIds[(i + e) % productIds.length]!;
    const event = e % 5 === 4 ? { type: 'search' as const, text: `冰箱 ${e}`, resultCount: e } : { type: 'product_viewed' as const, productId };
    data(await call(k, 'track', { sessionId, event }));
  }
  data(await call(k, 'endSession', { sessionId, reason: 'idle' }));
}

export async function productIds(k: KioskCore, limit = 50): Promise<string[]> {
  return data(await call(k, 'queryProducts', { categoryId: 'refrigerators', limit })).items.map((p) => p.id);
}

/** A credit application (and its decision), in a visit of its own. Returns its status. */
export async function creditApplication(k: KioskCore, n = 0): Promise<string> {
  const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
  const sessionId = await visit(k);
  const view = data(await call(k, 'applyForCredit', application(sessionId, product.id, offer, { residentId: n % 2 ? OTHER_ID : GOOD_ID }))).application;
  data(await call(k, 'endSession', { sessionId, reason: 'finished' }));
  return view.status;
}

/** An order paid in full at the till, in a visit of its own. */
export async function tillOrder(k: KioskCore, productId: string): Promise<string> {
  const sessionId = await visit(k);
  const order = data(
    await call(k, 'placeTillOrder', { sessionId, requestId: randomUUID(), purchase: { items: [{ productId, quantity: 1 }] }, fulfilment: { kind: 'pickup' } }),
  ).order;
  data(await call(k, 'endSession', { sessionId, reason: 'finished' }));
  return order.orderId;
}

export const outboxCount = (k: KioskCore): number => k.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
export const pendingCount = (k: KioskCore): number => k.db.prepare('SELECT count(*) FROM outbox WHERE acked_at IS NULL').pluck().get() as number;

/** Runs sync cycles (push, then pull) until nothing is pending or `max` cycles ran; returns the cycles. */
export async function drain(k: KioskCore, max = 100): Promise<number> {
  for (let cycle = 1; cycle <= max; cycle++) {
    await k.sync.syncNow();
    if (pendingCount(k) === 0) return cycle;
  }
  return max;
}

export { SHOPPER };
