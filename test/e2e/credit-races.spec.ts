import type { APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { CONSENTS } from '../../electron/contract/credit.ts';
import { expect, test } from './fixtures.ts';
import { residentId } from './identities.ts';
import { startKioskHost } from './kiosk-host.ts';

/**
 * Credit decisions under real concurrency: many requests in flight at once against a web host,
 * as a double tap, a retrying network or a second screen would send them. Whatever the order the
 * host takes them in, the outcome must be what the same applications get one after another.
 */

type Json = Record<string, unknown>;

async function post(request: APIRequestContext, channel: string, body: Json): Promise<{ status: number; json: Json }> {
  const response = await request.post(`api/${channel}`, { data: body });
  return { status: response.status(), json: (await response.json()) as Json };
}

/**
 * Node's fetch opens a connection per request in flight, so a burst really arrives at once
 * (Playwright's request context queues them on one connection, which hides every race).
 */
async function burst(url: string, channel: string, bodies: Json[]): Promise<{ status: number; json: Json }[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(`${url}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as Json };
    }),
  );
}

async function data<T>(request: APIRequestContext, channel: string, body: Json): Promise<T> {
  const { status, json } = await post(request, channel, body);
  expect(status, JSON.stringify(json)).toBe(200);
  return (json as { data: T }).data;
}

/** A visit, a fridge of ¥3,000–8,000 and its 12-month plan, as the shopper's screen would find them. */
async function visitWithPlan(request: APIRequestContext) {
  const { sessionId } = await data<{ sessionId: string }>(request, 'startSession', { locale: 'zh-CN' });
  const page = await data<{ items: { id: string; priceFen: number }[] }>(request, 'queryProducts', { categoryId: 'refrigerators', limit: 100 });
  for (const item of page.items.filter((p) => p.priceFen >= 300_000 && p.priceFen <= 800_000)) {
    const { offers } = await data<{ offers: { productId: string; termMonths: number }[] }>(request, 'financeOffers', { productId: item.id });
    const plan = offers.find((o) => o.termMonths === 12);
    if (plan) return { sessionId, productId: item.id, plan: { productId: plan.productId, termMonths: plan.termMonths } };
  }
  throw new Error('no fridge with a 12-month plan in the demo store');
}

function application(v: Awaited<ReturnType<typeof visitWithPlan>>, id: string, mobile: string, requestId = randomUUID()): Json {
  return {
    sessionId: v.sessionId,
    requestId,
    purchase: { productId: v.productId },
    plan: v.plan,
    applicant: { name: '钱七', residentId: id, mobile, employment: 'employed', incomeBand: 'over_20k' },
    consents: { credit_assessment: CONSENTS.credit_assessment.version, personal_data: CONSENTS.personal_data.version },
    locale: 'zh-CN',
  };
}

const statusOf = (json: Json) => (json as { data: { application: { status: string } } }).data.application.status;

test('six simultaneous applications with one ID and phone are decided as if one after another', async ({ request, kiosk, playwright }) => {
  const v = await visitWithPlan(request);
  const id = residentId(41);
  const together = await burst(kiosk.url, 'applyForCredit', Array.from({ length: 6 }, () => application(v, id, '13611112222')));
  expect(together.map((r) => r.status)).toEqual(Array(6).fill(200));

  // The same six, one at a time, on a kiosk of their own.
  const alone = await startKioskHost(`${kiosk.dataDir}-sequential`);
  const other = await playwright.request.newContext({ baseURL: `${alone.url}/` });
  try {
    const w = await visitWithPlan(other);
    const sequential: string[] = [];
    for (let i = 0; i < 6; i++) sequential.push(statusOf((await post(other, 'applyForCredit', application(w, id, '13611112222'))).json));
    const concurrent = together.map((r) => statusOf(r.json));
    expect(concurrent.filter((s) => s === 'approved').length).toBe(sequential.filter((s) => s === 'approved').length);
    expect([...concurrent].sort()).toEqual([...sequential].sort());
    // Velocity stops a run of applications: not every one of six can be approved.
    expect(sequential.filter((s) => s === 'approved').length).toBeLessThan(6);
  } finally {
    await other.dispose();
    await alone.stop();
  }
});

test('two identical submissions at the same moment get the same application', async ({ request, kiosk }) => {
  const v = await visitWithPlan(request);
  const body = application(v, residentId(42), '13622223333', randomUUID());
  const answers = await burst(kiosk.url, 'applyForCredit', [body, body, body, body]);
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  const idOf = (json: Json) => (json as { data: { application: { applicationId: string } } }).data.application.applicationId;
  expect(new Set(answers.map((a) => idOf(a.json))).size).toBe(1);
  const db = kiosk.db();
  try {
    expect(db.prepare('SELECT COUNT(*) FROM credit_applications').pluck().get()).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM outbox WHERE topic = 'credit.application'").pluck().get()).toBe(1);
  } finally {
    db.close();
  }
});

test('an application needs a visit that is going on', async ({ request }) => {
  const v = await visitWithPlan(request);
  const unknown = await post(request, 'applyForCredit', { ...application(v, residentId(43), '13633334444'), sessionId: randomUUID() });
  expect(unknown).toMatchObject({ status: 409, json: { ok: false, error: { code: 'SESSION_ENDED', field: 'sessionId' } } });

  await data(request, 'endSession', { sessionId: v.sessionId, reason: 'idle' });
  const ended = await post(request, 'applyForCredit', application(v, residentId(43), '13633334444'));
  expect(ended).toMatchObject({ status: 409, json: { ok: false, error: { code: 'SESSION_ENDED' } } });
});

test('a staff channel is refused to the shopper screen', async ({ request }) => {
  const refused = await post(request, 'cancelAgreement', { applicationId: randomUUID(), reason: 'shopper_withdrew' });
  expect(refused).toMatchObject({ status: 403, json: { ok: false, error: { code: 'FORBIDDEN' } } });
});
