import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionModelDataset } from '../../electron/contract/datasets.ts';
import { ComparisonResponse, ModelPublished, ModelsResponse } from '../../hq/server/model-schemas.ts';
import { bundledModel, stricterModel } from '../helpers/challenger.ts';
import { outboxItem, startTestHq, TestKiosk, type TestHq } from './harness.ts';

/**
 * Champion and challenger at HQ (issue 14 item 7): a challenger published beside the champion, the
 * shadow decisions kiosks push compared by store and amount band, promotion and withdrawal, each a
 * signed decision_models publication the kiosks pull.
 */

const clock = { at: 1_790_000_000_000 };
const CHAMPION = bundledModel().version;
const CHALLENGER = 'credit-2027.01-1';
let hq: TestHq;

beforeAll(async () => {
  hq = await startTestHq({ now: () => clock.at });
});
afterAll(() => hq.close());

async function admin<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(path, hq.url), {
    method,
    headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The kiosk's own decision on an application, as core/credit sends it: champion, and the challenger when in its share. */
async function decided(kiosk: TestKiosk, seq: { n: number }, amountFen: number, champion: string, challenger?: unknown) {
  const applicationId = randomUUID();
  const at = clock.at;
  const items = [
    outboxItem(++seq.n, 'credit.application', { applicationId, sessionId: randomUUID(), requestedAmountFen: amountFen, financeProductId: 'fp-12', lenderId: 'bank-a', termMonths: 12, monthlyPaymentFen: 40_000, consents: { credit_assessment: 'v1' }, at }),
    outboxItem(++seq.n, 'credit.decision', {
      applicationId,
      status: champion === 'approve' ? 'approved' : 'declined',
      offline: false,
      outcome: champion,
      reasons: champion === 'approve' ? [] : ['LOW_SCORE'],
      signals: [],
      score: 700,
      limitFen: 5_000_000,
      amountFinancedFen: champion === 'approve' ? amountFen : null,
      downPaymentFen: champion === 'approve' ? 0 : null,
      modelVersion: CHAMPION,
      ...(challenger ? { challenger } : {}),
      at,
    }),
  ];
  const answer = await kiosk.push(items);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(JSON.stringify(answer.body)).not.toContain('rejected');
  return items;
}

const shadow = (outcome: string) => (outcome === 'error' ? { modelVersion: CHALLENGER, outcome } : { modelVersion: CHALLENGER, outcome, reasons: outcome === 'decline' ? ['LOW_SCORE'] : [], score: 690, limitFen: 5_000_000 });

describe('champion and challenger at HQ', () => {
  it('lists the bundled champion before anything is published, and refuses to promote or withdraw what does not run', async () => {
    const models = ModelsResponse.parse((await admin('GET', 'v1/admin/models')).body);
    expect(models.scopes).toEqual([{ scope: 'all', publication: null, champion: CHAMPION, challenger: null, publishedAt: null, publishedBy: null }]);
    expect((await admin('POST', 'v1/admin/models/promote', { scope: 'all' })).status).toBe(409);
    expect((await admin('POST', 'v1/admin/models/withdraw', { scope: 'all' })).status).toBe(409);
  });

  it('refuses a challenger file that is not a model, or one whose graph zen cannot load, and publishes nothing', async () => {
    const before = await hq.db.query("SELECT id FROM publications WHERE dataset = 'decision_models'");
    expect((await admin('POST', 'v1/admin/models/challenger', { body: '{"version": "credit-2027.01-1"', sharePercent: 20 })).status).toBe(400);
    const noGraph = { ...stricterModel(CHALLENGER, 720), graph: { nodes: 'none' } };
    const refused = await admin<{ error: { message: string } }>('POST', 'v1/admin/models/challenger', { body: JSON.stringify(noGraph), sharePercent: 20 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/challenger\.graph/);
    expect((await admin('POST', 'v1/admin/models/challenger', { body: JSON.stringify(stricterModel(CHALLENGER, 720)), sharePercent: 0 })).status).toBe(400);
    expect(await hq.db.query("SELECT id FROM publications WHERE dataset = 'decision_models'")).toEqual(before);
  });

  it('publishes a challenger beside the champion, compares what kiosks decided in shadow by store and amount band, then promotes it', async () => {
    const started = await admin('POST', 'v1/admin/models/challenger', { scope: 'all', body: JSON.stringify(stricterModel(CHALLENGER, 720)), sharePercent: 30 });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(ModelPublished.parse(started.body)).toMatchObject({ scope: 'all', champion: CHAMPION, challenger: { version: CHALLENGER, sharePercent: 30 } });
    // What the kiosks pull: the champion as it was, and the challenger with its share.
    const [row] = await hq.db.query<{ body: string; published_by: string }>("SELECT body, published_by FROM publications WHERE dataset = 'decision_models' ORDER BY id DESC LIMIT 1");
    const pulled = DecisionModelDataset.parse(JSON.parse(row!.body));
    expect(pulled.version).toBe(CHAMPION);
    expect(pulled.graph).toEqual(bundledModel().graph);
    expect(pulled.challenger).toMatchObject({ version: CHALLENGER, sharePercent: 30 });
    expect(row!.published_by).toBe('admin-api');

    const north = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S101'));
    const south = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S102'));
    north.clock = south.clock = () => clock.at;
    const n = { n: 0 };
    const s = { n: 0 };
    await decided(north, n, 250_000, 'approve', shadow('approve'));
    await decided(north, n, 500_000, 'approve', shadow('decline'));
    await decided(north, n, 500_000, 'decline', shadow('decline'));
    await decided(north, n, 500_000, 'approve'); // outside the share: not compared
    await decided(south, s, 1_200_000, 'approve', shadow('decline'));
    const last = await decided(south, s, 2_000_000, 'approve', shadow('error'));

    const comparison = ComparisonResponse.parse((await admin('GET', `v1/admin/models/comparison?challenger=${CHALLENGER}`)).body);
    expect(comparison.champions).toEqual([CHAMPION]);
    expect(comparison.total).toEqual({
      applications: 5,
      champion: { approve: 4, counter_offer: 0, refer: 0, decline: 1 },
      challenger: { approve: 1, counter_offer: 0, refer: 0, decline: 3, error: 1 },
      agree: 2,
    });
    expect(comparison.byStore.map((g) => [g.storeId, g.applications, g.champion.approve, g.challenger.decline])).toEqual([
      ['S101', 3, 2, 2],
      ['S102', 2, 2, 1],
    ]);
    // Bands: under ¥3,000 (0), ¥3,000–8,000 (1), ¥8,000–15,000 (2), ¥15,000 and more (3).
    expect(comparison.byBand.map((g) => [g.band, g.applications, g.agree])).toEqual([
      [0, 1, 1],
      [1, 2, 1],
      [2, 1, 0],
      [3, 1, 0],
    ]);
    const models = ModelsResponse.parse((await admin('GET', 'v1/admin/models')).body);
    expect(models.challengers).toEqual([{ version: CHALLENGER, applications: 5, firstAt: clock.at, lastAt: clock.at }]);
    // A push the kiosk retries (its answer was lost) does not count twice.
    expect((await south.push(last)).status).toBe(200);
    expect(ComparisonResponse.parse((await admin('GET', `v1/admin/models/comparison?challenger=${CHALLENGER}`)).body).total.applications).toBe(5);

    const promoted = await admin('POST', 'v1/admin/models/promote', { scope: 'all' });
    expect(ModelPublished.parse(promoted.body)).toMatchObject({ champion: CHALLENGER, challenger: null });
    const [latest] = await hq.db.query<{ body: string }>("SELECT body FROM publications WHERE dataset = 'decision_models' ORDER BY id DESC LIMIT 1");
    const now = DecisionModelDataset.parse(JSON.parse(latest!.body));
    expect(now).toMatchObject({ version: CHALLENGER });
    expect(now.challenger).toBeUndefined();
    expect(now.graph).toEqual(stricterModel(CHALLENGER, 720).graph);
  });

  it('withdraws a store’s challenger and leaves its champion; a store scope runs its own models', async () => {
    const other = stricterModel('credit-2027.02-1', 740);
    expect((await admin('POST', 'v1/admin/models/challenger', { scope: 'S102', body: JSON.stringify(other), sharePercent: 100 })).status).toBe(200);
    let models = ModelsResponse.parse((await admin('GET', 'v1/admin/models')).body);
    expect(models.scopes.map((s) => [s.scope, s.champion, s.challenger?.version ?? null])).toEqual([
      ['all', CHALLENGER, null],
      ['S102', CHALLENGER, 'credit-2027.02-1'],
    ]);
    expect((await admin('POST', 'v1/admin/models/withdraw', { scope: 'S102' })).status).toBe(200);
    models = ModelsResponse.parse((await admin('GET', 'v1/admin/models')).body);
    expect(models.scopes.find((s) => s.scope === 'S102')).toMatchObject({ champion: CHALLENGER, challenger: null });
  });
});
