// npm run bench: credit decisions — the decision (database reads for blocklist and velocity +
// the zen-engine graph), the whole application (with its synchronous=FULL write), the model
// (input check, graph, trace) and zen-engine alone on the same graph, against a kiosk with a
// year of application history.
import { ZenEngine } from '@gorules/zen-engine';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ChannelRequest } from '../../electron/contract/api.ts';
import { ApplyRequest, CONSENTS } from '../../electron/contract/credit.ts';
import { loadDecisionModel } from '../../electron/core/credit/decision-engine.ts';
import type { Offer } from '../../electron/contract/finance.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { bundledModel, stricterModel, withChallenger } from '../helpers/challenger.ts';
import { RESOURCES, startCore } from '../helpers/core.ts';
import { report, timeAsync } from './stats.ts';
import { SHOPPER } from '../../electron/contract/channel.ts';

let dir = '';
let core: KioskCore;
const model = loadDecisionModel(join(RESOURCES, 'decision-models'));
// The same graph in a bare engine: what zen-engine itself costs, without our checks and trace.
const manifest = JSON.parse(readFileSync(join(RESOURCES, 'decision-models', 'credit.manifest.json'), 'utf8')) as { graph: string };
const engine = new ZenEngine();
const bareGraph = engine.createDecision(JSON.parse(readFileSync(join(RESOURCES, 'decision-models', manifest.graph), 'utf8')) as object);
const clock = { at: Date.parse('2026-12-01T10:00:00+08:00') };
const HISTORY = 20_000;
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A synthetic resident ID with a valid check digit, different for each n. */
function residentId(n: number): string {
  const body = `110105${1970 + (n % 30)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (W[i] ?? 0), 0);
  return body + '10X98765432'.charAt(sum % 11);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-credit-'));
  core = startCore(join(dir, 'data'), { now: () => clock.at });
  // A busy kiosk's year: ~55 applications a day, spread over the last 365 days.
  const anyProduct = core.db.prepare('SELECT id, lender_id FROM finance_products LIMIT 1').get() as { id: string; lender_id: string };
  const insert = core.db.prepare(
    `INSERT INTO credit_applications (id, session_id, request_id, locale, status, offline, applicant_name, resident_id_hmac, resident_id_masked,
       mobile_hmac, mobile_masked, age, employment, income_band, purchase, requested_amount_fen, finance_product_id, lender_id,
       term_months, requested_offer, approved, store_date, subsidy_fen, created_at, updated_at)
     VALUES (?, 's', ?, 'zh-CN', 'ordered', 0, '王五', ?, 'x', ?, 'x', 35, 'employed', '6k_10k', '[]', 500000, ?, ?, 12, '{}', NULL, ?, 0, ?, ?)`,
  );
  core.db.transaction(() => {
    for (let i = 0; i < HISTORY; i++) {
      const at = clock.at - Math.floor((i / HISTORY) * 365 * 86_400_000) - 3_600_000;
      const hmac = (i * 2_654_435_761).toString(16).padStart(64, '0').slice(-64);
      insert.run(uuidv7(), `history-${i}`, hmac, hmac.split('').reverse().join(''), anyProduct.id, anyProduct.lender_id, new Date(at).toISOString().slice(0, 10), at, at);
    }
  })();
});

afterAll(() => {
  engine.dispose();
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plan(productId: string): Promise<Offer> {
  const offers = await core.dispatch('financeOffers', { productId }, SHOPPER);
  if (!offers.ok) throw new Error(offers.error.message);
  const offer = (offers.data as { offers: Offer[] }).offers.find((o) => o.termMonths === 12);
  if (!offer) throw new Error(`no 12-month plan for ${productId}`);
  return offer;
}

test('credit decision latency', { timeout: 180_000 }, async () => {
  const products = core.db
    .prepare("SELECT id FROM products WHERE active = 1 AND category_id = 'refrigerators' AND price_fen BETWEEN 300000 AND 800000 ORDER BY id LIMIT 5")
    .pluck()
    .all() as string[];
  const plans = await Promise.all(products.map(plan));
  const request = (i: number, offer = plans[i % plans.length] as Offer): ChannelRequest<'applyForCredit'> => {
    return {
      sessionId: `bench-${i}`,
      requestId: `request-${i}`,
      purchase: { productId: products[i % products.length] as string },
      plan: { productId: offer.productId, termMonths: 12 },
      applicant: { name: '李四', residentId: residentId(i), mobile: `139${String(10_000_000 + i).slice(-8)}`, employment: 'employed', incomeBand: '10k_20k' },
      consents: { credit_assessment: CONSENTS.credit_assessment.version, personal_data: CONSENTS.personal_data.version },
      locale: 'zh-CN',
    };
  };

  const decision: number[] = [];
  const modelOnly: number[] = [];
  const engineOnly: number[] = [];
  const application: number[] = [];
  const outcomes = new Map<string, number>();
  for (let i = 0; i < 1_200; i++) {
    // The same parse the dispatcher does, so the service gets what it gets in production.
    const input = ApplyRequest.parse(request(i));
    let assessed: Awaited<ReturnType<typeof core.credit.applications.assess>> | undefined;
    const ms = await timeAsync(async () => {
      assessed = await core.credit.applications.assess(input);
    });
    if (!assessed?.ok) throw new Error('assessment failed');
    const { decision: result, input: graphInput } = assessed.data;
    outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
    const m = await timeAsync(() => model.evaluate(graphInput));
    const e = await timeAsync(() => bareGraph.evaluate(graphInput));
    if (i >= 200) {
      decision.push(ms);
      modelOnly.push(m);
      engineOnly.push(e);
    }
  }
  // Whole applications through the dispatcher, each committed with synchronous=FULL; a new
  // applicant every 15 minutes of store time so velocity does not decline them all.
  for (let i = 0; i < 300; i++) {
    clock.at += 15 * 60_000;
    // Re-quoted outside the timing: applications use up plans' daily quotas, as in a real store.
    const productId = products[i % products.length] as string;
    // An application belongs to a visit that is going on; the visit starts outside the timing.
    const visit = await core.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER);
    if (!visit.ok) throw new Error(visit.error.message);
    const req = { ...request(10_000 + i, await plan(productId)), sessionId: (visit.data as { sessionId: string }).sessionId };
    const ms = await timeAsync(async () => {
      const result = await core.dispatch('applyForCredit', req, SHOPPER);
      if (!result.ok) throw new Error(result.error.message);
    });
    if (i >= 50) application.push(ms);
  }
  // Champion and challenger (issue 14 item 7): the same decisions with a challenger in shadow on
  // every application, in alternating blocks so the machine's drift falls on both alike.
  const champion = bundledModel();
  // Quoted again: the applications above used up some plans' daily quotas.
  const plansNow = await Promise.all(products.map(plan));
  const alone: number[] = [];
  const shadowed: number[] = [];
  for (let block = 0; block < 8; block++) {
    const shadow = block % 2 === 1;
    const published = core.datasets.apply('decision_models', JSON.stringify(shadow ? withChallenger(stricterModel('credit-2027.01-1', 720), 100) : champion));
    if (!published.ok) throw new Error(published.message);
    for (let i = 0; i < 250; i++) {
      const n = 20_000 + block * 250 + i;
      const input = ApplyRequest.parse(request(n, plansNow[n % plansNow.length]));
      let assessed: Awaited<ReturnType<typeof core.credit.applications.assess>> | undefined;
      const ms = await timeAsync(async () => {
        assessed = await core.credit.applications.assess(input);
      });
      if (!assessed?.ok) throw new Error(`assessment failed: ${assessed ? assessed.error.message : 'no answer'}`);
      expect(assessed.data.challenger?.modelVersion).toBe(shadow ? 'credit-2027.01-1' : undefined);
      if (i >= 50) (shadow ? shadowed : alone).push(ms);
    }
  }
  expect(outcomes.get('approve') ?? 0).toBeGreaterThan(0);
  report(`Credit decisions (${HISTORY.toLocaleString('en')} past applications; outcomes ${JSON.stringify(Object.fromEntries(outcomes))})`, [
    { name: 'decision: checks + pricing + DB reads + graph', samples: decision },
    { name: 'decision model (input check + graph + trace)', samples: modelOnly },
    { name: 'zen-engine alone (same graph, no trace)', samples: engineOnly },
    { name: 'applyForCredit end to end, durable write (FULL)', samples: application },
  ]);
  report('Champion alone, and with a challenger in shadow on every application (alternating blocks; aim: p99 < 20 ms)', [
    { name: 'decision, champion alone', samples: alone },
    { name: 'decision, champion + challenger in shadow (100 %)', samples: shadowed },
  ]);
});
