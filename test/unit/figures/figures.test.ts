import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { StoreFigures } from '../../../electron/contract/figures.ts';
import type { StaffSignInResponse } from '../../../electron/contract/staff.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { application, call, data, DAY, kiosks, MORNING, PNG, productWithPlan, visit, BLOCKED_ID } from '../../helpers/credit.ts';

const core = kiosks();

async function tillOrder(k: KioskCore, productId: string) {
  const sessionId = await visit(k);
  return data(await call(k, 'placeTillOrder', { sessionId, requestId: randomUUID(), purchase: { productId }, fulfilment: { kind: 'pickup' } })).order;
}

async function figures(k: KioskCore, days: 1 | 30): Promise<StoreFigures> {
  const answer = data((await k.dispatch('staffSignIn', { staffId: '100202', pin: '1357' }, SHOPPER)) as ApiResult<StaffSignInResponse>);
  const staff = k.callerFor(answer.status === 'signed-in' ? answer.token : undefined);
  return data((await k.dispatch('storeFigures', { days }, staff)) as ApiResult<StoreFigures>);
}

describe('store figures', () => {
  it('pins each figure on a fixed day: visits, outcomes and their rates, sales, penetration by amount and count, baskets, categories, staff', async () => {
    const clock = { at: MORNING - DAY };
    const k = core({ clock });
    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    // Yesterday: one till order (inside the 30 days, outside today).
    const yesterday = await tillOrder(k, product.id);

    clock.at = MORNING;
    // Today: a visit that only browses, one that looks at a product, and five applications.
    await visit(k);
    const looked = await visit(k);
    data(await call(k, 'track', { sessionId: looked, event: { type: 'product_viewed', productId: product.id } }));
    // It opened the plans twice: one visit that viewed offers.
    for (let i = 0; i < 2; i++) data(await call(k, 'track', { sessionId: looked, event: { type: 'offers_viewed', source: 'product' } }));
    const approvedVisit = await visit(k);
    const approved = data(await call(k, 'applyForCredit', application(approvedVisit, product.id, offer))).application;
    const terms = data(await call(k, 'keyTerms', { applicationId: approved.applicationId, locale: 'zh-CN' }));
    data(await call(k, 'signContract', { applicationId: approved.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
    const financed = data(await call(k, 'placeOrder', { applicationId: approved.applicationId, fulfilment: { kind: 'pickup' } })).order;
    expect(data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer, { residentId: BLOCKED_ID, mobile: '13912340001' }))).application.status).toBe('declined');
    expect(data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer, { employment: 'student', mobile: '13912340002', residentId: '110101199003071233' }))).application.status).toBe('referred');
    const cash = await tillOrder(k, product.id);

    const today = await figures(k, 1);
    const priceFen = cash.totalFen;
    expect(today).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-01',
      // 2 + the approved, declined and referred applicants' visits + the till order's visit.
      visits: 6,
      engagedVisits: 1,
      offersViewed: 1,
      applications: 3,
      rates: { approve: 1 / 3, counterOffer: 0, refer: 1 / 3, decline: 1 / 3, pending: 0 },
      sales: {
        all: { orders: 2, amountFen: financed.totalFen + priceFen },
        financed: { orders: 1, amountFen: financed.totalFen },
        cash: { orders: 1, amountFen: priceFen },
      },
      penetration: { byAmount: financed.totalFen / (financed.totalFen + priceFen), byCount: 0.5 },
      basketFen: { financed: financed.totalFen, cash: priceFen },
      byCategory: [{ categoryId: k.db.prepare('SELECT category_id FROM products WHERE id = ?').pluck().get(product.id) as string, allFen: financed.totalFen + priceFen, financedFen: financed.totalFen, penetration: financed.totalFen / (financed.totalFen + priceFen) }],
      byStaff: [],
    });
    expect(today.days).toEqual([{ date: '2026-12-01', cashFen: priceFen, financedFen: financed.totalFen, orders: 2, financedOrders: 1 }]);

    const month = await figures(k, 30);
    expect(month).toMatchObject({ from: '2026-11-02', to: '2026-12-01', visits: 7, applications: 3, sales: { all: { orders: 3 }, cash: { orders: 2, amountFen: priceFen + yesterday.totalFen } } });
    expect(month.penetration.byCount).toBe(1 / 3);
    expect(month.days).toHaveLength(30);
    expect(month.days.filter((d) => d.orders > 0).map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01']);
    k.close();
  });

  it('are for staff only, and divide by nothing as null rather than as zero', async () => {
    const k = core();
    expect(await k.dispatch('storeFigures', { days: 1 }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const empty = await figures(k, 1);
    expect(empty).toMatchObject({ visits: 0, applications: 0, rates: { approve: null }, penetration: { byAmount: null, byCount: null }, basketFen: { financed: null, cash: null }, byCategory: [] });
    k.close();
  });
});
