import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HQ_ROUTES, type HqError, type PullResponse } from '../../electron/contract/sync.ts';
import { importEd25519PublicKey, verifyPublication } from '../../electron/domain/sync-signing.ts';
import { sha256, startTestHq, TestKiosk, type TestHq } from './harness.ts';

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq();
});
afterAll(() => hq?.close());

const resource = (file: string) => readFileSync(join(import.meta.dirname, '../../resources', file), 'utf8');
const pulled = (answer: { status: number; body: PullResponse | HqError }) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as PullResponse;
};
const admin = (path: string, body?: unknown) =>
  fetch(new URL(path, hq.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('pull', () => {
  it('gives each dataset newest first by version, store-specific or for all, only past the cursor, signed by HQ', async () => {
    // Stores of their own, so other tests' publications for 'all' do not matter: compare versions relatively.
    const a = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S101'));
    const b = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S102'));
    const blocklist = resource('credit/blocklist.json');
    const v1 = await hq.publish('blocklist', blocklist);
    const v2 = await hq.publish('blocklist', blocklist.replace('demo-blocklist-20261201-1', 'store-101'), { scope: 'S101' });

    const first = pulled(await a.pull());
    const mine = first.publications.find((p) => p.dataset === 'blocklist')!;
    expect(mine).toMatchObject({ version: v2.version, scope: 'S101' });
    expect(first.current.blocklist).toBe(v2.version);
    const key = await importEd25519PublicKey(a.enrolment.hqPublicKey);
    expect(await verifyPublication(mine, key, sha256(mine.body))).toEqual({ ok: true });
    expect(await verifyPublication({ ...mine, body: `${mine.body} ` }, key, sha256(`${mine.body} `))).toEqual({ ok: false, reason: 'CONTENT_HASH_MISMATCH' });

    // The other store never sees S101's list.
    expect(pulled(await b.pull()).publications.find((p) => p.dataset === 'blocklist')).toMatchObject({ version: v1.version, scope: 'all' });

    // Nothing newer: no publications, but `current` still says what HQ has.
    const cursors = Object.fromEntries(first.publications.map((p) => [p.dataset, p.version]));
    const idle = pulled(await a.pull({ cursors }));
    expect(idle.publications).toEqual([]);
    expect(idle.current.blocklist).toBe(v2.version);

    // A newer list for everyone wins over the store's older one.
    const v3 = await hq.publish('blocklist', blocklist.replace('demo-blocklist-20261201-1', 'chain-2'));
    const next = pulled(await a.pull({ cursors }));
    expect(next.publications.map((p) => [p.dataset, p.version])).toEqual([['blocklist', v3.version]]);
  });

  it('sends the price list in effect and each future-dated one still ahead; a newer list taking effect sooner makes them moot', async () => {
    const kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S105'));
    const productId = (JSON.parse(resource('demo-store/catalog.json')) as { products: Array<{ id: string }> }).products[0]!.id;
    const prices = (version: string, priceFen: number) => JSON.stringify({ dataset: 'prices', version, prices: [{ productId, priceFen }] });
    const DAY = 86_400_000;
    const inEffect = await hq.publish('prices', prices('now', 250_000), { scope: 'S105' });
    const christmas = await hq.publish('prices', prices('christmas', 230_000), { scope: 'S105', effectiveAt: Date.now() + DAY });
    const newYear = await hq.publish('prices', prices('new-year', 240_000), { scope: 'S105', effectiveAt: Date.now() + 2 * DAY });

    // A kiosk enrolled before Christmas needs today's list and both switches ahead, in version order.
    const pricesOf = (answer: PullResponse) => answer.publications.filter((p) => p.dataset === 'prices').map((p) => p.version);
    expect(pricesOf(pulled(await kiosk.pull()))).toEqual([inEffect.version, christmas.version, newYear.version]);
    // One that holds today's list gets the two ahead; one that holds all three, nothing.
    expect(pricesOf(pulled(await kiosk.pull({ cursors: { prices: inEffect.version } })))).toEqual([christmas.version, newYear.version]);
    expect(pricesOf(pulled(await kiosk.pull({ cursors: { prices: newYear.version } })))).toEqual([]);

    // A new list from now on replaces both switches (the kiosk drops what was scheduled after it).
    const correction = await hq.publish('prices', prices('correction', 245_000), { scope: 'S105' });
    const after = pulled(await kiosk.pull());
    expect(pricesOf(after)).toEqual([correction.version]);
    expect(after.current.prices).toBe(correction.version);
  });

  it('returns messages after the cursor for this kiosk only', async () => {
    const a = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S103'));
    const b = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S103'));
    const decided = (applicationId: string) => JSON.stringify({ applicationId, status: 'approved', reasons: [], modelVersion: 'credit-2026.12-2', at: 1 });
    const rows = await hq.db.query<{ id: number }>(
      "INSERT INTO kiosk_messages (kiosk_id, kind, payload, created_at) VALUES ($1, 'credit.decided', $2::jsonb, 1), ($1, 'credit.decided', $3::jsonb, 2), ($4, 'credit.decided', $2::jsonb, 3) RETURNING id",
      [a.kioskId, decided('app-1'), decided('app-2'), b.kioskId],
    );
    const all = pulled(await a.pull());
    expect(all.messages.map((m) => ('applicationId' in m ? m.applicationId : m.kind))).toEqual(['app-1', 'app-2']);
    expect(all.messages[0]).toMatchObject({ id: rows[0]!.id, kind: 'credit.decided', status: 'approved' });
    expect(pulled(await a.pull({ messageCursor: rows[0]!.id })).messages.map((m) => ('applicationId' in m ? m.applicationId : m.kind))).toEqual(['app-2']);
  });
});

describe('publishing', () => {
  it('publishes the demo files over the admin API, and a decision model as manifest plus inline graph', async () => {
    for (const [dataset, file] of [
      ['catalog', 'demo-store/catalog.json'],
      ['finance', 'finance/finance.json'],
    ] as const) {
      const answer = await admin('v1/admin/publications', { dataset, body: resource(file), scope: 'S104', effectiveAt: '2026-12-24T00:00:00+08:00' });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ dataset, scope: 'S104', effectiveAt: Date.parse('2026-12-24T00:00:00+08:00'), contentHash: sha256(resource(file)) });
    }
    const manifest = JSON.parse(resource('decision-models/credit.manifest.json')) as { version: string; velocity: unknown; graph: string };
    const model = JSON.stringify({ dataset: 'decision_models', version: manifest.version, manifest, graph: JSON.parse(resource(`decision-models/${manifest.graph}`)) });
    expect((await hq.publish('decision_models', model, { scope: 'S104' })).version).toBeGreaterThan(0);
  });

  it('refuses bad JSON with its line, a schema-invalid catalog naming the field, and stores nothing', async () => {
    const before = await hq.db.query<{ n: number }>('SELECT count(*)::int AS n FROM publications');
    const syntax = await admin('v1/admin/publications', { dataset: 'catalog', body: '{\n  "dataset": "catalog",\n  oops\n}' });
    expect(syntax.status).toBe(400);
    expect(((await syntax.json()) as HqError).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not valid JSON at line 3') });

    const catalog = JSON.parse(resource('demo-store/catalog.json')) as { products: Array<Record<string, unknown>> };
    catalog.products[1]!.priceFen = 'cheap';
    const invalid = await admin('v1/admin/publications', { dataset: 'catalog', body: JSON.stringify(catalog) });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as HqError).error.message).toContain('products.1.priceFen');

    const wrongDataset = await admin('v1/admin/publications', { dataset: 'finance', body: resource('credit/blocklist.json') });
    expect(wrongDataset.status).toBe(400);
    const badGraph = await admin('v1/admin/publications', {
      dataset: 'decision_models',
      body: JSON.stringify({ dataset: 'decision_models', version: 'credit-2026.12-9', manifest: { model: 'credit', version: 'credit-2026.12-9', graph: 'x.jdm.json', velocity: { idWindowHours: 1, phoneWindowHours: 1, kioskWindowMinutes: 1 } }, graph: { nodes: [{ id: 'x', type: 'nonsense' }], edges: [] } }),
    });
    expect(badGraph.status).toBe(400);
    expect(await hq.db.query('SELECT count(*)::int AS n FROM publications')).toEqual(before);
  });

  it('protects the admin API with the admin token', async () => {
    const answer = await fetch(new URL('v1/admin/kiosks', hq.url), { headers: { authorization: 'Bearer wrong' } });
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as HqError).error.code).toBe('UNAUTHENTICATED');
    const listed = (await (await admin('v1/admin/kiosks?storeId=S101')).json()) as { kiosks: Array<{ storeId: string }> };
    expect(listed.kiosks.map((k) => k.storeId)).toEqual(['S101']);
    expect((await admin('v1/admin/kiosks/01890a5d-ac96-774b-bcce-b302099a8057/revoke', {})).status).toBe(404);
  });
});

describe('service', () => {
  it('answers /health after asking the database', async () => {
    const answer = await fetch(new URL(HQ_ROUTES.health, hq.url));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'ok' });
  });

  it('lists every route in /openapi.json with schemas from zod', async () => {
    const doc = (await (await fetch(new URL(HQ_ROUTES.openapi, hq.url))).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual([
      'GET /health',
      'GET /openapi.json',
      'GET /v1/admin/applications',
      'GET /v1/admin/applications/undecided',
      'GET /v1/admin/audit',
      'GET /v1/admin/escalations',
      'GET /v1/admin/escalations/{kioskId}/{applicationId}',
      'GET /v1/admin/figures',
      'GET /v1/admin/figures/regions',
      'GET /v1/admin/figures/reps',
      'GET /v1/admin/figures/stores',
      'GET /v1/admin/kiosks',
      'GET /v1/admin/kiosks/{id}/commands',
      'GET /v1/admin/kiosks/{id}/commands/{commandId}',
      'GET /v1/admin/kiosks/{id}/commands/{commandId}/logs',
      'GET /v1/admin/kiosks/{id}/heartbeats',
      'GET /v1/admin/models',
      'GET /v1/admin/models/comparison',
      'GET /v1/admin/publications',
      'GET /v1/admin/reconciliation',
      'GET /v1/admin/refunds',
      'GET /v1/admin/refusals',
      'GET /v1/admin/releases',
      'GET /v1/admin/rollouts',
      'GET /v1/admin/rollouts/{id}',
      'GET /v1/admin/staff-audit',
      'GET /v1/fleet/feed/{token}/{file}',
      'POST /v1/admin/enrolment-codes',
      'POST /v1/admin/escalations/decide',
      'POST /v1/admin/kiosks/{id}/commands',
      'POST /v1/admin/kiosks/{id}/revoke',
      'POST /v1/admin/models/challenger',
      'POST /v1/admin/models/promote',
      'POST /v1/admin/models/withdraw',
      'POST /v1/admin/publications',
      'POST /v1/admin/publications/preview',
      'POST /v1/admin/refunds/send',
      'POST /v1/admin/refunds/settle',
      'POST /v1/admin/releases',
      'POST /v1/admin/rollouts',
      'POST /v1/admin/rollouts/{id}/{action}',
      'POST /v1/admin/stores/{id}/commands',
      'POST /v1/credit/check',
      'POST /v1/enrol',
      'POST /v1/fleet/heartbeat',
      'POST /v1/fleet/logs',
      'POST /v1/fleet/update-check',
      'POST /v1/members/mobile-codes',
      'POST /v1/members/mobile-codes/check',
      'POST /v1/sync/pull',
      'POST /v1/sync/push',
      'PUT /v1/admin/kiosks/{id}/hold',
      'PUT /v1/admin/kiosks/{id}/pin',
      'PUT /v1/admin/stores/{id}',
      'PUT /v1/admin/stores/{id}/ring',
    ]);
    // …and every one listed is one the server really serves.
    for (const route of routes) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT', string];
      expect(hq.app.hasRoute({ method, url: path.replaceAll(/\{(\w+)\}/g, ':$1') }), route).toBe(true);
    }
    expect(Object.keys(doc.paths['/v1/sync/push']!.post!.requestBody!.content['application/json']!.schema.properties!)).toEqual(['items']);
  });

  it('answers an unknown route 404 and a broken body 400 in the HqError shape', async () => {
    const missing = await fetch(new URL('v1/nothing', hq.url));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as HqError).error.code).toBe('NOT_FOUND');
    const broken = await fetch(new URL(HQ_ROUTES.enrol, hq.url), { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as HqError).error).toEqual({ code: 'BAD_REQUEST', message: 'body: not valid JSON' });
  });
});
