import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHOPPER } from '../../electron/contract/channel.ts';
import type { ApiResult } from '../../electron/contract/errors.ts';
import type { StaffSignInResponse } from '../../electron/contract/staff.ts';
import { sha256Hex } from '../../electron/core/sha256.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { verifyAuditChain, type AuditEntry } from '../../electron/domain/audit-chain.ts';
import { publish } from '../../hq/publish.ts';
import { RESOURCES } from '../helpers/core.ts';
import { application, approvedApplication, call, data, PNG, productWithPlan, visit } from '../helpers/credit.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startTestHq, testEngine } from './harness.ts';
import { drain, enrolKiosk, kioskCore, T0, type Clock } from './kiosk-fixture.ts';

/** Staff with HQ: the roster comes down to its store, staff actions and assisted applications go up. */
const tempDir = tempDirs();
const STORE = 'S001';
const ROSTER = readFileSync(join(RESOURCES, 'demo-store', 'staff.json'), 'utf8');
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});


/** HQ and an enrolled kiosk (started standalone, so seeded with the demo roster) that pulled the store's roster from HQ. */
async function kioskWithRoster(at = T0) {
  const clock: Clock = { at };
  const hq = await startTestHq({ now: () => clock.at });
  open.push(hq);
  const k = kioskCore(tempDir(), clock);
  open.push(k);
  const { kioskId } = await enrolKiosk(k, hq.url, await hq.enrolmentCode(STORE));
  await hq.publish('staff', ROSTER, { scope: STORE });
  await drain(k);
  return { clock, hq, k, kioskId: kioskId! };
}

async function staffCaller(k: KioskCore, staffId: string, pin: string) {
  const answer = data((await k.dispatch('staffSignIn', { staffId, pin }, SHOPPER)) as ApiResult<StaffSignInResponse>);
  return k.callerFor(answer.status === 'signed-in' ? answer.token : undefined);
}

describe(`staff with HQ (${testEngine()})`, () => {
  it('a roster published to the store signs its staff in; the assisted application and the audit log reach HQ, and the chain checks out there', async () => {
    const clock: Clock = { at: T0 };
    const hq = await startTestHq({ now: () => clock.at });
    open.push(hq);
    // Started standalone (the demo roster is seeded), then enrolled.
    const k = kioskCore(tempDir(), clock);
    open.push(k);
    const { kioskId } = await enrolKiosk(k, hq.url, await hq.enrolmentCode(STORE));
    const signIn = async () => data((await k.dispatch('staffSignIn', { staffId: '100201', pin: '2468' }, SHOPPER)) as ApiResult<StaffSignInResponse>);

    // Enrolled, and no roster from HQ yet: the demo roster (store S001 too) signs nobody in.
    expect(await signIn()).toMatchObject({ status: 'refused', problem: 'NOT_RECOGNISED' });
    await hq.publish('staff', ROSTER, { scope: STORE });
    await drain(k);
    const answer = await signIn();
    expect(answer).toMatchObject({ status: 'signed-in', staff: { id: '100201' } });
    const staff = k.callerFor(answer.status === 'signed-in' ? answer.token : undefined);

    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    const sessionId = await visit(k);
    const applied = data((await k.dispatch('applyForCredit', { ...application(sessionId, product.id, offer), assist: { idCardSeen: true } }, staff)) as ApiResult<{ application: { applicationId: string } }>);
    await k.dispatch('syncNow', {}, staff);
    await drain(k);

    const [row] = await hq.db.query<{ assisted_by: string; id_card_seen: boolean }>('SELECT assisted_by, id_card_seen FROM hq_applications WHERE application_id = $1', [applied.application.applicationId]);
    expect(row).toEqual({ assisted_by: '100201', id_card_seen: true });
    const listed = (await (await fetch(new URL(`v1/admin/applications?storeId=${STORE}`, hq.url), { headers: { authorization: `Bearer ${hq.adminToken}` } })).json()) as { applications: unknown[] };
    expect(listed.applications).toEqual([expect.objectContaining({ kioskId, storeId: STORE, applicationId: applied.application.applicationId, assistedBy: '100201', idCardSeen: true })]);

    const entries = (
      await hq.db.query<{ seq: string; entry_id: string; at: string; staff_id: string; action: string; detail: AuditEntry['detail']; prev_hash: string; hash: string }>(
        'SELECT seq, entry_id, at, staff_id, action, detail, prev_hash, hash FROM hq_staff_audit WHERE kiosk_id = $1 ORDER BY seq',
        [kioskId],
      )
    ).map((r) => ({ seq: Number(r.seq), id: r.entry_id, at: Number(r.at), staffId: r.staff_id, action: r.action, detail: r.detail, prevHash: r.prev_hash, hash: r.hash }));
    expect(entries.map((e) => e.action)).toEqual(['sign_in_refused', 'signed_in', 'assisted_application', 'sync_now']);
    // HQ checks the kiosk's chain with what it received alone; a changed entry would show.
    expect(verifyAuditChain(entries, sha256Hex)).toBeNull();
    expect(verifyAuditChain(entries.map((e, i) => (i === 2 ? { ...e, staffId: '100203' } : e)), sha256Hex)).toEqual({ seq: 3, problem: 'HASH_MISMATCH' });
    // HQ's own check, over the admin API: the chain holds; an entry changed in HQ's table, then one
    // removed, shows where.
    const audit = async () => ((await (await fetch(new URL('v1/admin/staff-audit', hq.url), { headers: { authorization: `Bearer ${hq.adminToken}` } })).json()) as { kiosks: unknown[] }).kiosks;
    expect(await audit()).toEqual([{ kioskId, storeId: STORE, entries: 4, broken: null }]);
    await hq.db.query("UPDATE hq_staff_audit SET staff_id = '100203' WHERE kiosk_id = $1 AND seq = 3", [kioskId]);
    expect(await audit()).toEqual([{ kioskId, storeId: STORE, entries: 4, broken: { seq: 3, problem: 'HASH_MISMATCH' } }]);
    await hq.db.query('DELETE FROM hq_staff_audit WHERE kiosk_id = $1 AND seq = 3', [kioskId]);
    expect(await audit()).toEqual([{ kioskId, storeId: STORE, entries: 3, broken: { seq: 4, problem: 'SEQ_GAP' } }]);
  });

  it('a referral sent up by staff waits for HQ’s credit team; its decision comes down to the kiosk and back up, once', async () => {
    const { hq, k, kioskId } = await kioskWithRoster();
    const associate = await staffCaller(k, '100201', '2468');

    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    const sessionId = await visit(k);
    const { application: referred } = data((await k.dispatch('applyForCredit', application(sessionId, product.id, offer, { employment: 'student' }), SHOPPER)) as ApiResult<{ application: { applicationId: string; status: string } }>);
    expect(referred.status).toBe('referred');
    expect(await k.dispatch('staffDecideApplication', { applicationId: referred.applicationId, decision: 'escalate', reason: 'above_authority' }, associate)).toMatchObject({ ok: true });
    await drain(k);

    const admin = (path: string, body?: unknown) =>
      fetch(new URL(path, hq.url), {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const listed = (await (await admin('v1/admin/escalations')).json()) as { escalations: unknown[] };
    expect(listed.escalations).toEqual([expect.objectContaining({ kioskId, storeId: STORE, applicationId: referred.applicationId, staffId: '100201', reason: 'above_authority', signals: ['STUDENT'] })]);
    const decision = { kioskId, applicationId: referred.applicationId, status: 'approved', reason: 'income_proof_seen', by: 'credit-team-1' };
    expect((await admin('v1/admin/escalations/decide', { ...decision, reason: 'could_not_verify' })).status).toBe(400);
    expect((await admin('v1/admin/escalations/decide', decision)).status).toBe(200);
    expect((await admin('v1/admin/escalations/decide', decision)).status).toBe(409);

    await drain(k); // the message comes down; the kiosk's settlement goes back up
    await drain(k);
    expect(data((await k.dispatch('applicationStatus', { applicationId: referred.applicationId }, SHOPPER)) as ApiResult<{ application: { status: string } }>).application.status).toBe('approved');
    const [row] = await hq.db.query<{ status: string }>('SELECT status FROM hq_applications WHERE application_id = $1', [referred.applicationId]);
    expect(row).toEqual({ status: 'approved' });
    expect(((await (await admin('v1/admin/escalations')).json()) as { escalations: unknown[] }).escalations).toEqual([]);
  });

  it('a cancellation after the order: HQ holds the refund due T+1, sends it in the lender’s file, and the kiosk follows it to settled', async () => {
    const { clock, hq, k, kioskId } = await kioskWithRoster(Date.parse('2026-12-04T15:00:00+08:00')); // a Friday: due Monday
    const view = await approvedApplication(k);
    const terms = data(await call(k, 'keyTerms', { applicationId: view.applicationId, locale: 'zh-CN' }));
    data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
    data(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'pickup' } }));
    const staff = await staffCaller(k, '100202', '1357');
    expect(await k.dispatch('cancelAgreement', { applicationId: view.applicationId, reason: 'goods_returned' }, staff)).toMatchObject({ ok: true });
    await drain(k);

    const admin = async (path: string, body?: unknown) => {
      const response = await fetch(new URL(path, hq.url), {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const lenderId = view.approved!.offer.lenderId;
    const financed = view.approved!.amountFinancedFen;
    expect((await admin('v1/admin/refunds?state=requested')).body).toEqual({
      refunds: [{ kioskId, storeId: STORE, applicationId: view.applicationId, lenderId, amountFen: financed, dueOn: '2026-12-07', state: 'requested', requestedAt: clock.at }],
    });
    // Friday's file has nothing yet; Monday's has it, once.
    expect((await admin('v1/admin/refunds/send', { lenderId, dueOn: '2026-12-04' })).body).toMatchObject({ sent: 0 });
    const file = await admin('v1/admin/refunds/send', { lenderId, dueOn: '2026-12-07' });
    expect(file.body).toMatchObject({ sent: 1 });
    expect(String(file.body.csv).split('\r\n')).toEqual([
      'storeId,kioskId,applicationId,lenderId,amountFen,amountYuan,dueOn',
      `${STORE},${kioskId},${view.applicationId},${lenderId},${financed},${(financed / 100).toFixed(2)},2026-12-07`,
      '',
    ]);
    expect((await admin('v1/admin/refunds/send', { lenderId, dueOn: '2026-12-07' })).body).toMatchObject({ sent: 0 });
    const refundState = () => k.db.prepare('SELECT state FROM credit_refunds WHERE application_id = ?').pluck().get(view.applicationId);
    await drain(k);
    expect(refundState()).toBe('sent');
    expect((await admin('v1/admin/refunds/settle', { kioskId, applicationId: view.applicationId })).status).toBe(200);
    expect((await admin('v1/admin/refunds/settle', { kioskId, applicationId: view.applicationId })).status).toBe(409);
    await drain(k);
    expect(refundState()).toBe('settled');
  });

  it('publishes a roster only to its own store', async () => {
    const hq = await startTestHq({ now: () => T0 });
    open.push(hq);
    for (const scope of ['all', 'S002']) {
      const outcome = await publish(hq.db, hq.keys, { dataset: 'staff', body: ROSTER, scope, by: 'test' }, T0);
      expect(outcome).toEqual({ ok: false, message: "staff: the roster is store S001's; publish it to that store (--store S001)" });
    }
    expect(await hq.db.query("SELECT 1 FROM publications WHERE dataset = 'staff'")).toEqual([]);
  });
});
