import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiosksAnswer } from '../../hq/console/api/schemas.ts';
import { prepare, sortFleet } from '../../hq/console/features/fleet/fleet-view.ts';
import { seedFleet } from '../e2e/console-hq.ts';
import { startTestHq, type TestHq } from './harness.ts';

/**
 * `GET /v1/admin/kiosks?first=N` (issue 14): the screenful the console paints while the whole list
 * is on its way. It must be exactly the head of what the console shows once the whole list is in
 * (its opening sort, status then store, label, id), or rows would jump when the list arrives.
 */

let hq: TestHq;
const now = Date.parse('2026-12-03T10:00:00+08:00');

beforeAll(async () => {
  hq = await startTestHq({ now: () => now });
  await seedFleet({ sql: (text, values) => hq.db.query(text, values) as never }, { kiosks: 240, stores: 30, now });
  // Labels that sort differently by locale than by code unit, and kiosks without one.
  await hq.db.query(`UPDATE kiosks SET label = CASE WHEN right(label, 1) = '3' THEN NULL WHEN right(label, 1) = '7' THEN '自助机 ' || label ELSE lower(label) END WHERE right(label, 1) IN ('3', '7', '1')`);
}, 60_000);
afterAll(() => hq?.close());

const get = async (query: string) => {
  const response = await fetch(new URL(`v1/admin/kiosks${query}`, hq.url), { headers: { authorization: `Bearer ${hq.adminToken}` } });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('the fleet list, head first', () => {
  it('gives the first kiosks in the order the console opens on, and how many there are', async () => {
    const whole = KiosksAnswer.parse((await get('')).body);
    expect(whole.total).toBeUndefined();
    const opening = sortFleet(prepare(whole.kiosks), { key: 'status', descending: false }).map((item) => item.row);
    for (const first of [1, 25, 500]) {
      const head = KiosksAnswer.parse((await get(`?first=${first}`)).body);
      expect(head.total).toBe(240);
      expect(head.kiosks).toEqual(opening.slice(0, first));
    }
    // The head starts with the silent kiosks, as the page does (every 10th and every 25th in the seed).
    expect(opening[0]?.silent).toBe(true);
  });

  it('keeps to one store when asked, and refuses a size it does not serve', async () => {
    const head = KiosksAnswer.parse((await get('?first=5&storeId=S1003')).body);
    expect(head.total).toBe(8);
    expect(head.kiosks).toHaveLength(5);
    expect(new Set(head.kiosks.map((k) => k.storeId))).toEqual(new Set(['S1003']));
    for (const bad of ['0', '501', 'ten']) expect((await get(`?first=${bad}`)).status).toBe(400);
  });
});
