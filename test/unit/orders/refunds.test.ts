import { describe, expect, it } from 'vitest';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { StaffAgreement } from '../../../electron/contract/orders.ts';
import type { StaffSignInResponse } from '../../../electron/contract/staff.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { nextBusinessDay } from '../../../electron/domain/calendar.ts';
import { approvedApplication, call, count, data, kiosks, PNG } from '../../helpers/credit.ts';

const core = kiosks();
const FRIDAY = Date.parse('2026-12-04T15:00:00+08:00');

async function signed(k: KioskCore, order: boolean) {
  const view = await approvedApplication(k);
  const terms = data(await call(k, 'keyTerms', { applicationId: view.applicationId, locale: 'zh-CN' }));
  data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
  if (order) data(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'pickup' } }));
  return view;
}

async function staff(k: KioskCore) {
  const answer = data((await k.dispatch('staffSignIn', { staffId: '100202', pin: '1357' }, SHOPPER)) as ApiResult<StaffSignInResponse>);
  return k.callerFor(answer.status === 'signed-in' ? answer.token : undefined);
}

const agreements = async (k: KioskCore, caller: ReturnType<KioskCore['callerFor']>) => data((await k.dispatch('staffAgreements', {}, caller)) as ApiResult<{ agreements: StaffAgreement[] }>).agreements;

describe('cancellations and refunds to the lender', () => {
  it('T+1 is the next weekday', () => {
    expect(nextBusinessDay('2026-12-01')).toBe('2026-12-02'); // Tuesday → Wednesday
    expect(nextBusinessDay('2026-12-04')).toBe('2026-12-07'); // Friday → Monday
    expect(nextBusinessDay('2026-12-05')).toBe('2026-12-07'); // Saturday → Monday
    expect(nextBusinessDay('2026-12-31')).toBe('2027-01-01');
  });

  it('a staff cancellation of ordered goods schedules the lender’s money back for T+1, names the staff member, and HQ’s messages move it on', async () => {
    const clock = { at: FRIDAY };
    const k = core({ clock });
    const view = await signed(k, true);
    const caller = await staff(k);
    expect(await agreements(k, caller)).toEqual([expect.objectContaining({ applicationId: view.applicationId, status: 'ordered', orderNumber: expect.stringMatching(/^\d{4}-\d{4}$/), refund: null })]);
    expect(await k.dispatch('staffAgreements', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await k.dispatch('cancelAgreement', { applicationId: view.applicationId, reason: 'goods_returned' }, caller)).toEqual({ ok: true, data: { cancelled: true } });
    const financed = view.approved!.amountFinancedFen;
    const [listed] = await agreements(k, caller);
    expect(listed).toMatchObject({ status: 'cancelled', refund: { amountFen: financed, dueOn: '2026-12-07', state: 'requested' } });
    const sent = JSON.parse(k.db.prepare("SELECT payload FROM outbox WHERE topic = 'credit.cancelled'").pluck().get() as string);
    expect(sent).toMatchObject({ applicationId: view.applicationId, reason: 'goods_returned', staffId: '100202', refund: { lenderId: view.approved!.offer.lenderId, amountFen: financed, dueOn: '2026-12-07' } });
    expect(count(k, "SELECT count(*) FROM staff_audit WHERE action = 'agreement_cancelled' AND staff_id = '100202'")).toBe(1);

    // HQ's messages: sent, settled; a late copy of "sent" does not undo "settled".
    const message = (id: number, state: 'sent' | 'settled') => ({ id, kind: 'refund.updated' as const, applicationId: view.applicationId, state, at: clock.at });
    k.sync.store.saveMessages([message(1, 'sent')], clock.at);
    k.sync.consumeMessages();
    expect((await agreements(k, caller))[0]!.refund!.state).toBe('sent');
    k.sync.store.saveMessages([message(2, 'settled'), message(3, 'sent')], clock.at);
    k.sync.consumeMessages();
    expect((await agreements(k, caller))[0]!.refund!.state).toBe('settled');
    k.close();
  });

  it('an agreement cancelled before anything was ordered owes the lender nothing', async () => {
    const k = core({ clock: { at: FRIDAY } });
    const view = await signed(k, false);
    const caller = await staff(k);
    expect(await k.dispatch('cancelAgreement', { applicationId: view.applicationId, reason: 'shopper_withdrew' }, caller)).toMatchObject({ ok: true });
    expect((await agreements(k, caller))[0]).toMatchObject({ status: 'cancelled', refund: null });
    expect(count(k, 'SELECT count(*) FROM credit_refunds')).toBe(0);
    k.close();
  });
});
