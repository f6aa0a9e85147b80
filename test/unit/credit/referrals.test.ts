import { describe, expect, it } from 'vitest';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import { DecisionInputSchema } from '../../../electron/contract/credit-model.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { StaffSignInResponse } from '../../../electron/contract/staff.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { application, call, count, data, productWithPlan, visit } from '../../helpers/credit.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
// The demo roster: an associate (no approval limit) and a supervisor (up to ¥10,000).
const ASSOCIATE = { id: '100201', pin: '2468' };
const SUPERVISOR = { id: '100202', pin: '1357' };

async function staffCaller(k: KioskCore, who: { id: string; pin: string }) {
  const answer = data((await k.dispatch('staffSignIn', { staffId: who.id, pin: who.pin }, SHOPPER)) as ApiResult<StaffSignInResponse>);
  if (answer.status !== 'signed-in') throw new Error('sign-in refused');
  return k.callerFor(answer.token);
}

/** A student's application: the model refers it to a person (STUDENT). */
async function referred(k: KioskCore) {
  const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
  const sessionId = await visit(k);
  const view = data(await call(k, 'applyForCredit', application(sessionId, product.id, offer, { employment: 'student' }))).application;
  expect(view.status).toBe('referred');
  return { sessionId, id: view.applicationId, amountFen: view.requestedAmountFen };
}

describe('staff and referred applications', () => {
  it('lists what needs a person; a supervisor approves within their limit with a reason, an associate may not', async () => {
    const k = startCore(tempDir());
    const app = await referred(k);
    const associate = await staffCaller(k, ASSOCIATE);
    expect(await k.dispatch('staffApplications', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await k.dispatch('staffApplications', {}, associate)).toMatchObject({
      ok: true,
      data: { approvalLimitFen: null, applications: [{ applicationId: app.id, status: 'referred', signals: ['STUDENT'], visitOpen: true, escalatedAt: null, applicant: { name: '张三', mobileMasked: '139****5678' } }] },
    });
    expect(await k.dispatch('staffDecideApplication', { applicationId: app.id, decision: 'approve', reason: 'income_proof_seen' }, associate)).toMatchObject({ ok: false, error: { code: 'ABOVE_AUTHORITY' } });
    // A reason that belongs to another decision is a bad request.
    const supervisor = await staffCaller(k, SUPERVISOR);
    expect(await k.dispatch('staffDecideApplication', { applicationId: app.id, decision: 'approve', reason: 'could_not_verify' }, supervisor)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'reason' } });

    const decided = await k.dispatch('staffDecideApplication', { applicationId: app.id, decision: 'approve', reason: 'income_proof_seen' }, supervisor);
    expect(decided).toMatchObject({ ok: true, data: { application: { status: 'approved' } } });
    // The customer's screen asks again and finds it approved, with the plan to sign.
    expect(data(await call(k, 'applicationStatus', { applicationId: app.id })).application).toMatchObject({ status: 'approved', approved: { amountFinancedFen: app.amountFen, downPaymentFen: 0 } });
    expect(count(k, "SELECT count(*) FROM outbox WHERE topic = 'credit.staff_decision' AND aggregate_id = ?", app.id)).toBe(1);
    expect(JSON.parse(k.db.prepare("SELECT payload FROM outbox WHERE topic = 'credit.decision' AND aggregate_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(app.id) as string)).toMatchObject({ status: 'approved', outcome: 'approve' });
    expect(k.db.prepare("SELECT staff_id AS staffId, detail FROM staff_audit WHERE action = 'application_approved'").all()).toEqual([
      { staffId: SUPERVISOR.id, detail: JSON.stringify({ applicationId: app.id, reason: 'income_proof_seen' }) },
    ]);
    // Decided once: a second decision is refused, and it leaves the list.
    expect(await k.dispatch('staffDecideApplication', { applicationId: app.id, decision: 'decline', reason: 'could_not_verify' }, supervisor)).toMatchObject({ ok: false, error: { code: 'APPLICATION_STATE' } });
    expect(data(await k.dispatch('staffApplications', {}, supervisor) as ApiResult<{ applications: unknown[] }>).applications).toEqual([]);
    k.close();
  });

  it('declines with a reason; an approval needs the customer still here', async () => {
    const k = startCore(tempDir());
    const supervisor = await staffCaller(k, SUPERVISOR);
    const first = await referred(k);
    expect(await k.dispatch('staffDecideApplication', { applicationId: first.id, decision: 'decline', reason: 'could_not_verify' }, supervisor)).toMatchObject({ ok: true, data: { application: { status: 'declined' } } });
    const second = await referred(k);
    await call(k, 'endSession', { sessionId: second.sessionId, reason: 'idle' });
    const again = await staffCaller(k, SUPERVISOR); // the visit's end ended the staff session too
    expect(await k.dispatch('staffDecideApplication', { applicationId: second.id, decision: 'approve', reason: 'identity_confirmed' }, again)).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    k.close();
  });

  it('sends a referral to HQ’s credit team; HQ’s decision comes down and settles it, once', async () => {
    const k = startCore(tempDir());
    const app = await referred(k);
    const associate = await staffCaller(k, ASSOCIATE);
    expect(await k.dispatch('staffDecideApplication', { applicationId: app.id, decision: 'escalate', reason: 'above_authority' }, associate)).toMatchObject({
      ok: true,
      data: { application: { status: 'referred', escalatedAt: expect.any(Number) } },
    });
    expect(await k.dispatch('staffDecideApplication', { applicationId: app.id, decision: 'escalate', reason: 'needs_credit_team' }, associate)).toMatchObject({ ok: false, error: { code: 'APPLICATION_STATE' } });
    // Sent up with the graph's input the model decided on (for HQ's trace), and nothing that names the applicant.
    const sent = JSON.parse(k.db.prepare("SELECT payload FROM outbox WHERE topic = 'credit.staff_decision'").pluck().get() as string) as { input: unknown };
    expect(DecisionInputSchema.parse(sent.input)).toEqual(JSON.parse(k.db.prepare('SELECT input FROM credit_decisions WHERE application_id = ?').pluck().get(app.id) as string));
    expect(JSON.stringify(sent)).not.toMatch(/张三|1391234|residentId|mobile/);

    let handled = 0;
    const message = { id: 1, kind: 'credit.decided' as const, applicationId: app.id, status: 'approved' as const, reasons: [], modelVersion: 'hq-credit-team', at: Date.now() };
    const usage = () => count(k, 'SELECT coalesce(sum(applications), 0) FROM finance_usage');
    const before = usage();
    k.credit.applications.decidedAtHq(message, () => handled++);
    expect(handled).toBe(1);
    expect(data(await call(k, 'applicationStatus', { applicationId: app.id })).application.status).toBe('approved');
    // A referral held no quota; approved, it takes the plan's quota as any approval does.
    expect(usage()).toBe(before + 1);
    // A referral nobody sent up is not HQ's to settle.
    const other = await referred(k);
    k.credit.applications.decidedAtHq({ ...message, id: 2, applicationId: other.id }, () => handled++);
    expect(data(await call(k, 'applicationStatus', { applicationId: other.id })).application.status).toBe('referred');
    k.close();
  });
});
