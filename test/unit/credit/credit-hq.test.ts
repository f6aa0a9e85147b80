import { describe, expect, it } from 'vitest';
import { DecisionInputSchema } from '../../../electron/contract/credit-model.ts';
import type { KioskMessageOf } from '../../../electron/contract/sync.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { withCrossStore } from '../../../electron/domain/credit-decision.ts';
import { application, call, count, data, GOOD_ID, kiosks, MORNING, PHONE, productWithPlan, visit } from '../../helpers/credit.ts';

/** The kiosk's half of credit with HQ (issue 9 item 5), without HQ: what goes up, and what it does with what comes down. */

const core = kiosks();
const OFFLINE_HQ = 'http://127.0.0.1:9/';

const payloads = (k: KioskCore, topic: string) =>
  (k.db.prepare('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq').pluck().all(topic) as string[]).map((p) => JSON.parse(p) as Record<string, unknown>);

async function pendingApplication(k: KioskCore) {
  const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
  const view = data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer))).application;
  expect(view).toMatchObject({ status: 'pending', offline: true, reasons: ['OFFLINE_APPROVAL_OFF'] });
  return view;
}

function decided(applicationId: string, id: number, fields: Partial<KioskMessageOf<'credit.decided'>> = {}): KioskMessageOf<'credit.decided'> {
  return { id, kind: 'credit.decided', applicationId, status: 'approved', reasons: [], signals: [], score: 780, limitFen: 5_000_000, maxFinancedFen: null, modelVersion: 'credit-2026.12-2', at: MORNING, ...fields };
}

describe('cross-store signals in the decision input', () => {
  const local = {
    application: { amountFen: 500_000, termMonths: 12, monthlyPaymentFen: 43_000, kind: 'equal_installment' as const },
    applicant: { age: 38, ageAtLastPayment: 39, employment: 'employed' as const, incomeBand: '10k_20k' as const },
    fraud: { idBlocklisted: false, phoneBlocklisted: false, idApplications: 1, phoneApplications: 0, kioskApplications: 2, idMobiles: 2 },
    exposure: { outstandingFen: 0, monthlyPaymentsFen: 0 },
  };

  it('adds HQ’s counts and exposure to the local ones, ORs the blocklist, and stays an input the model accepts', () => {
    const merged = withCrossStore(local, {
      idApplications: 2,
      phoneApplications: 1,
      exposure: { outstandingFen: 300_000, monthlyPaymentsFen: 26_000 },
      idBlocklisted: false,
      phoneBlocklisted: true,
    });
    expect(merged.fraud).toEqual({ idBlocklisted: false, phoneBlocklisted: true, idApplications: 3, phoneApplications: 1, kioskApplications: 2, idMobiles: 2 });
    expect(merged.exposure).toEqual({ outstandingFen: 300_000, monthlyPaymentsFen: 26_000 });
    expect(DecisionInputSchema.safeParse(merged).success).toBe(true);
    // The kiosk's own fields (this kiosk's burst, the mobiles it saw) are HQ's to leave alone.
    expect(merged.application).toEqual(local.application);
  });

  it('the wire schema refuses an input with anything but ages, bands, counts and flags (no ID can ride along to HQ)', () => {
    expect(DecisionInputSchema.safeParse({ ...local, applicant: { ...local.applicant, residentId: GOOD_ID } }).success).toBe(false);
    expect(DecisionInputSchema.safeParse({ ...local, mobile: PHONE }).success).toBe(false);
  });
});

describe('what a kiosk sends HQ about an application', () => {
  it('a pending application goes up with the graph’s input (credit.pending) and the identity as fleet-key HMACs only', async () => {
    const k = core({ hqUrl: OFFLINE_HQ, enrolled: false });
    const view = await pendingApplication(k);
    const [applied] = payloads(k, 'credit.application');
    expect(applied).toMatchObject({ applicationId: view.applicationId, residentIdHmac: expect.stringMatching(/^[0-9a-f]{64}$/), mobileHmac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(applied!.monthlyPaymentFen).toBe(view.requested.monthlyPaymentFen);
    const [pending] = payloads(k, 'credit.pending');
    expect(pending!.applicationId).toBe(view.applicationId);
    expect(DecisionInputSchema.safeParse(pending!.input).success).toBe(true);
    const text = JSON.stringify(payloads(k, 'credit.pending'));
    for (const secret of [GOOD_ID, PHONE, '张三', view.applicant.residentIdMasked, view.applicant.mobileMasked]) expect(text).not.toContain(secret);
  });

  it('a standalone kiosk on the demo key (shipped in the app, so reversible) sends no HMAC, and a decided application no credit.pending', async () => {
    const k = core();
    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    const view = data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer))).application;
    expect(view).toMatchObject({ status: 'approved', offline: false });
    const [applied] = payloads(k, 'credit.application');
    expect(applied).not.toHaveProperty('residentIdHmac');
    expect(applied).not.toHaveProperty('mobileHmac');
    expect(payloads(k, 'credit.pending')).toHaveLength(0);
  });
});

describe('HQ’s decision on a pending application (credit.decided)', () => {
  it('approves: the plan applied for becomes signable, reported up once, and the message is handled once', async () => {
    const k = core({ hqUrl: OFFLINE_HQ, enrolled: false });
    const view = await pendingApplication(k);
    k.sync.store.saveMessages([decided(view.applicationId, 1)], MORNING);
    expect(k.sync.consumeMessages()).toBe(1);
    const shown = data(await call(k, 'applicationStatus', { applicationId: view.applicationId })).application;
    expect(shown).toMatchObject({ status: 'approved', offline: false, reasons: [], approved: { amountFinancedFen: view.requestedAmountFen, downPaymentFen: 0 } });
    expect(payloads(k, 'credit.decision').at(-1)).toMatchObject({ applicationId: view.applicationId, status: 'approved', offline: false, outcome: 'approve' });
    // Nothing left to handle; the same decision again changes nothing.
    expect(k.sync.consumeMessages()).toBe(0);
    k.sync.store.saveMessages([decided(view.applicationId, 2, { status: 'declined', reasons: ['LOW_SCORE'] })], MORNING);
    k.sync.consumeMessages();
    expect(data(await call(k, 'applicationStatus', { applicationId: view.applicationId })).application.status).toBe('approved');
    expect(payloads(k, 'credit.decision')).toHaveLength(2);
  });

  it('a counter-offer is re-quoted at the smaller amount; a referral gives back the quota and offers review', async () => {
    const k = core({ hqUrl: OFFLINE_HQ, enrolled: false });
    const first = await pendingApplication(k);
    const financed = Math.floor(first.requestedAmountFen / 2 / 100) * 100;
    k.sync.store.saveMessages([decided(first.applicationId, 1, { status: 'counter_offered', reasons: ['AMOUNT_OVER_LIMIT', 'DOWN_PAYMENT_REQUIRED'], maxFinancedFen: financed })], MORNING);
    k.sync.consumeMessages();
    const counter = data(await call(k, 'applicationStatus', { applicationId: first.applicationId })).application;
    expect(counter).toMatchObject({ status: 'counter_offer', reasons: ['AMOUNT_OVER_LIMIT', 'DOWN_PAYMENT_REQUIRED'], approved: { amountFinancedFen: financed, downPaymentFen: first.requestedAmountFen - financed } });

    const second = await pendingApplication(k);
    const used = () => count(k, 'SELECT coalesce(sum(applications), 0) FROM finance_usage');
    const before = used();
    k.sync.store.saveMessages([decided(second.applicationId, 2, { status: 'referred', signals: ['STUDENT'] })], MORNING);
    k.sync.consumeMessages();
    const referred = data(await call(k, 'applicationStatus', { applicationId: second.applicationId })).application;
    expect(referred).toMatchObject({ status: 'referred', humanReviewAvailable: true, reasons: [] });
    expect(used()).toBe(before - 1);
  });

  it('a message for an application this kiosk does not hold is handled and ignored; an unknown one is NOT_FOUND to the shopper', async () => {
    const k = core({ hqUrl: OFFLINE_HQ, enrolled: false });
    k.sync.store.saveMessages([decided('01937c00-0000-7000-8000-00000000dead', 1)], MORNING);
    expect(k.sync.consumeMessages()).toBe(1);
    expect(k.sync.store.messages()[0]!.handledAt).not.toBeNull();
    const missing = await call(k, 'applicationStatus', { applicationId: '01937c00-0000-7000-8000-00000000dead' });
    expect(missing.ok).toBe(false);
  });
});
