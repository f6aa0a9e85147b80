import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDataset } from '../../electron/contract/catalog.ts';
import { addUser } from '../../hq/console-users.ts';
import { createEnrolmentCode } from '../../hq/fleet.ts';
import { PublicationsResponse } from '../../hq/server/admin-schemas.ts';
import { startTestHq, TestKiosk, type TestHq } from './harness.ts';

let hq: TestHq;
const PASSWORD = 'correct horse battery';
beforeAll(async () => {
  hq = await startTestHq();
  for (const [username, role] of [
    ['fay', 'finance-ops'],
    ['vic', 'viewer'],
  ] as const) {
    expect((await addUser(hq.db, { username, role, displayName: username, password: PASSWORD }, Date.now())).ok).toBe(true);
  }
});
afterAll(() => hq?.close());

const demo = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo-store/catalog.json'), 'utf8')) as CatalogDataset;

async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, hq.url), {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
const asAdmin = () => ({ authorization: `Bearer ${hq.adminToken}` });

async function session(username: string): Promise<Record<string, string>> {
  const response = await fetch(new URL('v1/console/session', hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

describe('GET /v1/admin/publications: the stores a file may go to and what each scope has now', () => {
  it('lists every store with its kiosks in service, and the newest publication of each dataset per scope', async () => {
    await TestKiosk.enrol(hq.url, (await createEnrolmentCode(hq.db, 'S001', 1, Date.now())).code);
    await createEnrolmentCode(hq.db, 'S002', 1, Date.now());
    const first = await call('POST', 'v1/admin/publications', asAdmin(), { dataset: 'catalog', body: JSON.stringify(demo) });
    const prices = (version: string, priceFen: number) => ({ dataset: 'prices', version, prices: [{ productId: demo.products[0]!.id, priceFen }] });
    await call('POST', 'v1/admin/publications', asAdmin(), { dataset: 'prices', body: JSON.stringify(prices('p-1', 100_000)), scope: 'S001' });
    const newest = await call('POST', 'v1/admin/publications', asAdmin(), { dataset: 'prices', body: JSON.stringify(prices('p-2', 90_000)), scope: 'S001' });
    // A store that only a publication named (no enrolment code, no kiosk) is a store too.
    await call('POST', 'v1/admin/publications', asAdmin(), { dataset: 'prices', body: JSON.stringify(prices('p-3', 95_000)), scope: 'S003' });

    const answer = await call('GET', 'v1/admin/publications', asAdmin());
    expect(answer.status).toBe(200);
    const listed = PublicationsResponse.parse(answer.body);
    expect(listed.stores).toEqual([
      { id: 'S001', region: null, kiosks: 1 },
      { id: 'S002', region: null, kiosks: 0 },
      { id: 'S003', region: null, kiosks: 0 },
    ]);
    expect(listed.current.map(({ dataset, scope, version, publishedBy }) => ({ dataset, scope, version, publishedBy }))).toEqual([
      { dataset: 'catalog', scope: 'all', version: (first.body as { version: number }).version, publishedBy: 'admin-api' },
      { dataset: 'prices', scope: 'S001', version: (newest.body as { version: number }).version, publishedBy: 'admin-api' },
      { dataset: 'prices', scope: 'S003', version: expect.any(Number), publishedBy: 'admin-api' },
    ]);
    expect(listed.current[1]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is for those who may publish: finance operations yes, a viewer no', async () => {
    expect((await call('GET', 'v1/admin/publications', await session('fay'))).status).toBe(200);
    const refused = await call('GET', 'v1/admin/publications', await session('vic'));
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });
});
