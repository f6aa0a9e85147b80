import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { revokeKiosk } from '../../hq/fleet.ts';
import { RESOURCES } from '../helpers/core.ts';
import { call, data } from '../helpers/credit.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startTestHq, testEngine, type TestHq } from './harness.ts';
import { browsingVisit, creditApplication, drain, enrolKiosk, HOUR, kioskCore, outboxCount, pendingCount, productIds, T0, tillOrder, type Clock } from './kiosk-fixture.ts';
import { checkSync, expectAllHeld } from './sync-checker.ts';

/**
 * A real kiosk core (its SQLite, its services, its sync) against a real HQ (Fastify on loopback,
 * on PGlite or PostgreSQL as the project says): the kiosk side of issue 9 end to end, with no
 * scripted answers on either side.
 */

const tempDir = tempDirs();
const STORE = 'S001';
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function setup(): Promise<{ hq: TestHq; k: KioskCore; clock: Clock; kioskId: string }> {
  const clock: Clock = { at: T0 };
  const hq = await startTestHq({ now: () => clock.at });
  open.push(hq);
  const k = kioskCore(tempDir(), clock);
  open.push(k);
  const enrolled = await enrolKiosk(k, hq.url, await hq.enrolmentCode(STORE));
  expect(enrolled).toMatchObject({ status: 'enrolled', storeId: STORE });
  return { hq, k, clock, kioskId: enrolled.kioskId! };
}

describe(`kiosk ↔ HQ (${testEngine()})`, () => {
  it('enrols with a one-time code; a wrong or used code is refused, naming the problem, and nothing is stored', async () => {
    const clock: Clock = { at: T0 };
    const hq = await startTestHq({ now: () => clock.at });
    open.push(hq);
    const code = await hq.enrolmentCode(STORE);
    const k = kioskCore(tempDir(), clock);
    open.push(k);

    const wrong = code.split('-').reverse().join('-');
    expect(await enrolKiosk(k, hq.url, wrong)).toEqual({ status: 'refused', problem: 'CODE_INVALID', message: expect.stringContaining('does not accept this enrolment code') });
    expect(k.sync.status()).toMatchObject({ enrolled: false, kioskId: null });

    const enrolled = await enrolKiosk(k, hq.url, code);
    expect(enrolled).toMatchObject({ status: 'enrolled', storeId: STORE, hqKeyPinned: false });
    const [row] = await hq.db.query<{ id: string; store_id: string }>('SELECT id, store_id FROM kiosks');
    expect(row).toEqual({ id: enrolled.kioskId, store_id: STORE });

    // The code was used once: another kiosk presenting it is refused.
    const other = kioskCore(tempDir(), clock);
    open.push(other);
    expect(await enrolKiosk(other, hq.url, code)).toMatchObject({ status: 'refused', problem: 'CODE_INVALID' });
  });

  it('drains the outbox to HQ: sessions, analytics, an application with its decision and a till order land in HQ’s tables', async () => {
    const { hq, k, kioskId } = await setup();
    const products = await productIds(k, 10);
    await browsingVisit(k, products, 6);
    const status = await creditApplication(k);
    const orderId = await tillOrder(k, products[0]!);
    const written = outboxCount(k);
    expect(written).toBeGreaterThanOrEqual(6 + 2 + 4 + 3);

    await drain(k);
    expect(k.sync.status()).toMatchObject({ pending: { total: 0 }, lastError: null, rejected: [] });

    const [counts] = await hq.db.query<Record<string, string | number>>(
      `SELECT (SELECT count(*) FROM hq_sessions WHERE kiosk_id = $1) AS sessions,
              (SELECT count(*) FROM hq_sessions WHERE kiosk_id = $1 AND ended_at IS NOT NULL) AS ended,
              (SELECT count(*) FROM hq_shopper_events WHERE kiosk_id = $1) AS events,
              (SELECT count(*) FROM ingested_items WHERE kiosk_id = $1) AS items`,
      [kioskId],
    );
    expect(Object.fromEntries(Object.entries(counts!).map(([key, v]) => [key, Number(v)]))).toEqual({ sessions: 3, ended: 3, events: 6, items: written });

    const [application] = await hq.db.query<{ application_id: string; status: string }>('SELECT application_id, status FROM hq_applications WHERE kiosk_id = $1', [kioskId]);
    const local = k.db.prepare('SELECT id, status FROM credit_applications').get() as { id: string; status: string };
    // Decided online (HQ answered just before), then withdrawn unsigned when the visit ended: HQ follows.
    expect(local.status).toBe('withdrawn');
    expect(application).toEqual({ application_id: local.id, status: 'withdrawn' });
    const [decision] = await hq.db.query<{ application_id: string; status: string; offline: boolean }>('SELECT application_id, status, offline FROM hq_decisions WHERE kiosk_id = $1', [kioskId]);
    expect(decision).toEqual({ application_id: local.id, status, offline: false });
    const [order] = await hq.db.query<{ order_id: string; payment: string; application_id: string | null }>('SELECT order_id, payment, application_id FROM hq_orders WHERE kiosk_id = $1', [kioskId]);
    expect(order).toEqual({ order_id: orderId, payment: 'till', application_id: null });

    expectAllHeld(await checkSync(k.db, hq.db, { kioskId, storeId: STORE, label: 'drain' }));
  });

  it('pulls a catalog HQ published: verifies and applies it (a new price, a new product), and saves the cursor', async () => {
    const { hq, k, kioskId } = await setup();
    const catalog = JSON.parse(readFileSync(join(RESOURCES, 'demo-store', 'catalog.json'), 'utf8')) as { version: string; products: Array<Record<string, unknown>> };
    const first = catalog.products[0]!;
    const firstId = String(first.id);
    const oldPrice = data(await call(k, 'getProduct', { id: firstId })).product.priceFen;
    const newProduct = { ...first, id: '019b5c4d-2b59-789a-a650-ffffffffffff', sku: 'HQ-NEW-1', model: 'HQ-NEW-1', name: { zh: '总部新品 冰箱', en: 'HQ new fridge' } };
    const changed = { ...catalog, version: 'hq-catalog-2', products: [{ ...first, priceFen: oldPrice - 10_000 }, ...catalog.products.slice(1), newProduct] };
    const body = JSON.stringify(changed);
    const published = await hq.publish('catalog', body);

    const status = await k.sync.syncNow();
    expect(status).toMatchObject({ lastError: null, refused: [] });
    expect(status.datasets.find((d) => d.name === 'catalog')).toMatchObject({ version: published.version, appliedAt: T0, confirmedAt: T0 });
    expect(k.sync.store.cursor('catalog')).toMatchObject({ version: published.version, contentHash: published.contentHash });
    expect(data(await call(k, 'getProduct', { id: firstId })).product.priceFen).toBe(oldPrice - 10_000);
    expect(data(await call(k, 'getProduct', { id: newProduct.id })).product).toMatchObject({ id: newProduct.id, name: { en: 'HQ new fridge' } });

    // The next pull brings nothing new and keeps the cursor.
    await k.sync.syncNow();
    expect(k.sync.store.cursor('catalog')?.version).toBe(published.version);
    expectAllHeld(await checkSync(k.db, hq.db, { kioskId, storeId: STORE, label: 'catalog pull' }));
  });

  it('a kiosk that first syncs between two price switches gets the list in effect and the one ahead, and switches on time offline', async () => {
    const { hq, k, clock } = await setup();
    const id = (await productIds(k, 1))[0]!;
    const prices = (version: string, priceFen: number) => JSON.stringify({ dataset: 'prices', version, prices: [{ productId: id, priceFen }] });
    await hq.publish('prices', prices('december', 200_000), { scope: STORE });
    await hq.publish('prices', prices('christmas', 180_000), { scope: STORE, effectiveAt: T0 + 24 * HOUR });

    await k.sync.syncNow();
    expect(data(await call(k, 'getProduct', { id })).product.priceFen).toBe(200_000);
    // HQ out of reach from here on: the Christmas price was brought down ahead of time.
    clock.at = T0 + 25 * HOUR;
    expect(data(await call(k, 'getProduct', { id })).product.priceFen).toBe(180_000);
  });

  it('revoked at HQ: the kiosk gets KIOSK_REVOKED, stops offline approval, and till orders still work', async () => {
    const { hq, k, clock, kioskId } = await setup();
    const products = await productIds(k, 5);
    await tillOrder(k, products[0]!);
    await drain(k);
    await revokeKiosk(hq.db, kioskId, 'kiosk stolen', clock.at);

    const orderId = await tillOrder(k, products[1]!);
    const status = await k.sync.syncNow();
    expect(status).toMatchObject({ revoked: true, health: 'red', offlineApprovalBlocked: 'REVOKED', lastError: { code: 'KIOSK_REVOKED' } });
    expect(k.sync.online()).toBe(false);
    expect(k.sync.offlineApproval()).toEqual({ allowed: false, reason: 'REVOKED' });
    // The order is the kiosk's: kept, and waiting in the outbox (HQ takes nothing from a revoked kiosk).
    expect(k.db.prepare('SELECT count(*) FROM orders WHERE id = ?').pluck().get(orderId)).toBe(1);
    expect(pendingCount(k)).toBeGreaterThan(0);
    const another = await tillOrder(k, products[2]!);
    expect(another).toBeTruthy();
  });

  it('a kiosk clock 3 hours off: HQ refuses its requests and status.lastError names CLOCK_SKEW and the offset', async () => {
    const { hq, k, clock } = await setup();
    await browsingVisit(k, await productIds(k, 3), 2);
    // HQ keeps the true time; only the kiosk's clock runs 3 h ahead.
    const hqNow = clock.at;
    const skewedHq = await startTestHq({ db: hq.db, keys: hq.keys, now: () => hqNow });
    open.push(skewedHq);
    clock.at = hqNow + 3 * HOUR;
    k.sync.store.saveEnrolment({ ...k.sync.store.enrolment()!, hqUrl: skewedHq.url });

    const status = await k.sync.syncNow();
    expect(status.lastError).toMatchObject({ code: 'CLOCK_SKEW', message: expect.stringContaining('3 hours ahead of') });
    expect(status).toMatchObject({ health: 'red', pending: { total: 4 } });
  });
});
