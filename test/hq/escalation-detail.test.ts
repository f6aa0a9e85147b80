import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionInputWire } from '../../electron/contract/credit-model.ts';
import { addUser } from '../../hq/console-users.ts';
import { EscalationDetailResponse } from '../../hq/server/admin-schemas.ts';
import { RESOURCES } from '../helpers/core.ts';
import { outboxItem, startTestHq, testEngine, TestKiosk, type TestHq } from './harness.ts';

/**
 * `GET /v1/admin/escalations/:kioskId/:applicationId`: what HQ's credit team decides an escalated
 * referral on. Real pushes through HQ's ingest, HQ's own model deciding the pending one.
 */

const clock = { at: 1_790_000_000_000 };
const PASSWORD = 'correct horse battery';
const STORE = 'S077';
let hq: TestHq;
let kiosk: TestKiosk;
let seq = 0;

beforeAll(async () => {
  hq = await startTestHq({ now: () => clock.at });
  kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode(STORE));
  kiosk.clock = () => clock.at;
  for (const [username, role] of [
    ['fay', 'finance-ops'],
    ['vic', 'viewer'],
    ['ivy', 'it-admin'],
  ] as const) {
    expect((await addUser(hq.db, { username, role, displayName: username, password: PASSWORD }, clock.at)).ok).toBe(true);
  }
});
afterAll(() => hq.close());

/** A student's application (the model refers students to a person); no identifiers, as the graph's input never holds any. */
const STUDENT_INPUT: DecisionInputWire = {
  application: { amountFen: 450_000, termMonths: 12, monthlyPaymentFen: 39_000, kind: 'equal_installment' },
  applicant: { age: 20, ageAtLastPayment: 21, employment: 'student', incomeBand: '3k_6k' },
  fraud: { idBlocklisted: false, phoneBlocklisted: false, idApplications: 0, phoneApplications: 0, kioskApplications: 0, idMobiles: 1 },
  exposure: { outstandingFen: 0, monthlyPaymentsFen: 0 },
  face: { liveness: 'not_used', livenessMs: 0, otherIds: 0 },
};

async function push(topic: string, payload: unknown): Promise<void> {
  seq += 1;
  const answer = await kiosk.push([outboxItem(seq, topic, payload)]);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(JSON.stringify(answer.body)).not.toContain('rejected');
}

async function applied(applicationId: string): Promise<void> {
  await push('credit.application', {
    applicationId,
    sessionId: randomUUID(),
    requestedAmountFen: STUDENT_INPUT.application.amountFen,
    financeProductId: 'fp-12',
    lenderId: 'bank-a',
    termMonths: 12,
    monthlyPaymentFen: STUDENT_INPUT.application.monthlyPaymentFen,
    consents: { credit_assessment: 'v1' },
    at: clock.at,
  });
}

const escalate = (applicationId: string, input?: DecisionInputWire) =>
  push('credit.staff_decision', { applicationId, staffId: '100201', decision: 'escalate', reason: 'above_authority', ...(input ? { input } : {}), at: clock.at });

async function get(path: string, cookie?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, hq.url), { headers: cookie ? { cookie } : { authorization: `Bearer ${hq.adminToken}` } });
  return { status: response.status, body: await response.json() };
}

async function signIn(username: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(new URL('v1/console/session', hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken };
}

describe(`an escalation's detail for HQ's credit team (${testEngine()})`, () => {
  it('a pending application HQ’s model referred: the detail has the model’s reasons, signals, score, input and its trace, node by node', async () => {
    const applicationId = randomUUID();
    await applied(applicationId);
    await push('credit.decision', { applicationId, status: 'pending', offline: true, outcome: 'refer', reasons: ['OFFLINE_APPROVAL_OFF'], signals: [], score: 0, limitFen: 0, amountFinancedFen: null, downPaymentFen: null, modelVersion: 'credit-2026.12-3', at: clock.at - 600_000 });
    await push('credit.pending', { applicationId, input: STUDENT_INPUT, at: clock.at });
    const [decided] = await hq.db.query<{ outcome: string; model_version: string }>("SELECT outcome, model_version FROM hq_decisions WHERE application_id = $1 AND decided_by = 'hq'", [applicationId]);
    expect(decided?.outcome).toBe('refer');
    clock.at += 60_000;
    await escalate(applicationId);

    const answer = await get(`v1/admin/escalations/${kiosk.kioskId}/${applicationId}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const detail = EscalationDetailResponse.parse(answer.body);
    expect(detail.escalation).toMatchObject({ kioskId: kiosk.kioskId, storeId: STORE, applicationId, staffId: '100201', reason: 'above_authority', signals: ['STUDENT'] });
    expect(detail.decision).toMatchObject({ outcome: 'refer', decidedBy: 'hq', modelVersion: decided!.model_version, signals: ['STUDENT'] });
    expect(detail.application).toMatchObject({ financeProductId: 'fp-12', lenderId: 'bank-a', monthlyPaymentFen: 39_000 });
    expect(detail.input).toEqual(STUDENT_INPUT);
    expect(detail.traceMissing).toBeNull();
    // The model run again on the same input: its nodes in order, each with what it added; some
    // decision table matched rows, and the last word is the referral the model gave.
    const trace = detail.trace!;
    expect(trace.length).toBeGreaterThan(1);
    expect(trace.some((step) => step.rules.length > 0)).toBe(true);
    expect(JSON.stringify(trace)).toContain('STUDENT');
    expect(new Set(trace.map((s) => s.node)).size).toBe(trace.length);
  });

  it('a referral the kiosk decided, sent up without its input (a kiosk before this version): its reasons and signals, and no trace; no identifier in the answer', async () => {
    const applicationId = randomUUID();
    await applied(applicationId);
    await push('credit.decision', { applicationId, status: 'referred', offline: false, outcome: 'refer', reasons: [], signals: ['INCOME_UNVERIFIED'], score: 540, limitFen: 300_000, amountFinancedFen: null, downPaymentFen: null, modelVersion: 'credit-2026.12-3', at: clock.at });
    await escalate(applicationId);
    const answer = await get(`v1/admin/escalations/${kiosk.kioskId}/${applicationId}`);
    const detail = EscalationDetailResponse.parse(answer.body);
    expect(detail.decision).toMatchObject({ decidedBy: 'kiosk', score: 540, limitFen: 300_000, signals: ['INCOME_UNVERIFIED'] });
    expect(detail).toMatchObject({ input: null, trace: null, traceMissing: 'no_input' });
    expect(JSON.stringify(answer.body)).not.toMatch(/hmac|residentId|mobile/i);
  });

  it('a referral the kiosk decided and sent up with its input: the trace is the kiosk’s model version run again on it', async () => {
    const applicationId = randomUUID();
    await applied(applicationId);
    await push('credit.decision', { applicationId, status: 'referred', offline: false, outcome: 'refer', reasons: [], signals: ['STUDENT'], score: 600, limitFen: 400_000, amountFinancedFen: null, downPaymentFen: null, modelVersion: 'credit-2026.12-3', at: clock.at });
    await escalate(applicationId, STUDENT_INPUT);
    const detail = EscalationDetailResponse.parse((await get(`v1/admin/escalations/${kiosk.kioskId}/${applicationId}`)).body);
    expect(detail.decision).toMatchObject({ decidedBy: 'kiosk', signals: ['STUDENT'] });
    expect(detail).toMatchObject({ input: STUDENT_INPUT, traceMissing: null });
    expect(JSON.stringify(detail.trace)).toContain('STUDENT');
  });

  it('finance operations read and decide it; a viewer and store IT may not; once decided it is gone (404), and an unknown one is 404', async () => {
    const applicationId = randomUUID();
    await applied(applicationId);
    await push('credit.decision', { applicationId, status: 'referred', offline: false, outcome: 'refer', reasons: [], signals: ['STUDENT'], score: 600, limitFen: 400_000, amountFinancedFen: null, downPaymentFen: null, modelVersion: 'credit-2026.12-3', at: clock.at });
    await escalate(applicationId);
    const path = `v1/admin/escalations/${kiosk.kioskId}/${applicationId}`;
    const fay = await signIn('fay');
    for (const who of ['vic', 'ivy']) expect((await get(path, (await signIn(who)).cookie)).status).toBe(403);
    expect((await get(path, fay.cookie)).status).toBe(200);

    const decide = await fetch(new URL('v1/admin/escalations/decide', hq.url), {
      method: 'POST',
      headers: { cookie: fay.cookie, 'x-csrf-token': fay.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ kioskId: kiosk.kioskId, applicationId, status: 'declined', reason: 'affordability_concern' }),
    });
    expect(decide.status).toBe(200);
    const [row] = await hq.db.query<{ hq_status: string; hq_reason: string }>('SELECT hq_status, hq_reason FROM hq_staff_decisions WHERE application_id = $1', [applicationId]);
    expect(row).toEqual({ hq_status: 'declined', hq_reason: 'affordability_concern' });
    expect((await get(path, fay.cookie)).status).toBe(404);
    expect((await get(`v1/admin/escalations/${kiosk.kioskId}/${randomUUID()}`)).status).toBe(404);
    expect((await get(`v1/admin/escalations/not-a-kiosk/${applicationId}`)).status).toBe(400);
  });
});

describe(`pending applications HQ's model did not decide (${testEngine()})`, () => {
  it('are listed for a person when HQ has no model; one HQ decided is not, and neither is a pending one whose input has not arrived', async () => {
    const bare = await startTestHq({ now: () => clock.at, creditModel: null });
    try {
      const k = await TestKiosk.enrol(bare.url, await bare.enrolmentCode(STORE));
      k.clock = () => clock.at;
      let n = 0;
      const send = async (topic: string, payload: unknown) => {
        n += 1;
        const answer = await k.push([outboxItem(n, topic, payload)]);
        expect(JSON.stringify(answer.body)).not.toContain('rejected');
      };
      const pending = async (applicationId: string, withInput: boolean) => {
        await send('credit.application', { applicationId, sessionId: randomUUID(), requestedAmountFen: 450_000, financeProductId: 'fp-12', lenderId: 'bank-a', termMonths: 12, consents: {}, at: clock.at });
        await send('credit.decision', { applicationId, status: 'pending', offline: true, outcome: 'approve', reasons: ['OFFLINE_AMOUNT_OVER_CAP'], signals: [], score: 700, limitFen: 500_000, amountFinancedFen: null, downPaymentFen: null, modelVersion: 'credit-2026.12-3', at: clock.at });
        if (withInput) await send('credit.pending', { applicationId, input: { ...STUDENT_INPUT, applicant: { ...STUDENT_INPUT.applicant, employment: 'employed' } }, at: clock.at });
      };
      const stuck = randomUUID();
      const noInputYet = randomUUID();
      await pending(stuck, true);
      await pending(noInputYet, false);
      const list = async () => {
        const response = await fetch(new URL('v1/admin/applications/undecided', bare.url), { headers: { authorization: `Bearer ${bare.adminToken}` } });
        return ((await response.json()) as { applications: Array<{ applicationId: string }> }).applications.map((a) => a.applicationId);
      };
      expect(await list()).toEqual([stuck]);

      // Once HQ has a model, the next pending one is decided as it arrives and is not listed.
      await bare.publish('decision_models', JSON.stringify(demoModel()));
      const decided = randomUUID();
      await pending(decided, true);
      const [row] = await bare.db.query("SELECT 1 FROM hq_decisions WHERE application_id = $1 AND decided_by = 'hq'", [decided]);
      expect(row).toBeDefined();
      expect(await list()).toEqual([stuck]);
    } finally {
      await bare.close();
    }
  });
});

/** The bundled model as a `decision_models` publication (what scripts/demo.mjs publishes). */
function demoModel() {
  const dir = join(RESOURCES, 'decision-models');
  const manifest = JSON.parse(readFileSync(join(dir, 'credit.manifest.json'), 'utf8')) as { version: string; graph: string };
  return { dataset: 'decision_models', version: manifest.version, manifest, graph: JSON.parse(readFileSync(join(dir, manifest.graph), 'utf8')) as unknown };
}
