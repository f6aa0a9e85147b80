import { describe, expect, it } from 'vitest';
import { auditPath, describeChange, statusKind } from '../../../hq/console/features/audit/audit-view.ts';
import { busiestDay, dayRates, defaultFilter, figuresPaths, rangeProblem, sortReps } from '../../../hq/console/features/figures/figures-view.ts';

describe('the console figures page', () => {
  it('opens on the last 30 store days, China’s date, today included (HQ’s own default)', () => {
    // 23:30 UTC on 30 November is already 1 December in China.
    expect(defaultFilter(Date.parse('2026-11-30T23:30:00Z'))).toEqual({ from: '2026-11-02', to: '2026-12-01', region: '', storeId: '' });
  });

  it('says why HQ would refuse a range before asking', () => {
    expect(rangeProblem({ from: '2026-11-02', to: '2026-12-01' })).toBeNull();
    expect(rangeProblem({ from: '2026-12-01', to: '2026-12-01' })).toBeNull();
    expect(rangeProblem({ from: '', to: '2026-12-01' })).toBe('missing');
    expect(rangeProblem({ from: '2026-12-02', to: '2026-12-01' })).toBe('reversed');
    expect(rangeProblem({ from: '2025-12-01', to: '2026-12-01' })).toBeNull(); // 366 days
    expect(rangeProblem({ from: '2025-11-30', to: '2026-12-01' })).toBe('tooLong');
  });

  it('asks for a store’s figures when one is chosen, else its region’s; grades by region, representatives by store', () => {
    const range = { from: '2026-11-02', to: '2026-12-01' };
    expect(figuresPaths({ ...range, region: '', storeId: '' })).toEqual({
      figures: '/v1/admin/figures?from=2026-11-02&to=2026-12-01',
      regions: '/v1/admin/figures/regions?from=2026-11-02&to=2026-12-01',
      grades: '/v1/admin/figures/stores?from=2026-11-02&to=2026-12-01',
      reps: '/v1/admin/figures/reps?from=2026-11-02&to=2026-12-01',
    });
    expect(figuresPaths({ ...range, region: 'north', storeId: 'S201' })).toMatchObject({
      figures: '/v1/admin/figures?from=2026-11-02&to=2026-12-01&storeId=S201',
      grades: '/v1/admin/figures/stores?from=2026-11-02&to=2026-12-01&region=north',
      reps: '/v1/admin/figures/reps?from=2026-11-02&to=2026-12-01&storeId=S201',
    });
    expect(figuresPaths({ ...range, region: 'north', storeId: '' }).figures).toBe('/v1/admin/figures?from=2026-11-02&to=2026-12-01&region=north');
  });

  it('draws each day’s rates over that day’s sales, applications and the scope’s stores, with a gap where there is nothing to divide', () => {
    const day = { cashFen: 0, financedFen: 0, orders: 0, financedOrders: 0, activeStores: 0, applications: 0, approved: 0, declined: 0 };
    expect(
      dayRates({
        stores: 4,
        days: [
          { ...day, date: '2026-12-01', cashFen: 600_000, financedFen: 400_000, applications: 8, approved: 6, activeStores: 1 },
          { ...day, date: '2026-12-02' },
        ],
      }),
    ).toEqual([
      { date: '2026-12-01', salesFen: 1_000_000, financedFen: 400_000, penetration: 0.4, applications: 8, approve: 0.75, activeStores: 1, activity: 0.25 },
      { date: '2026-12-02', salesFen: 0, financedFen: 0, penetration: null, applications: 0, approve: null, activeStores: 0, activity: 0 },
    ]);
  });

  it('lists flagged representatives first, then the busiest, and finds each one’s busiest day', () => {
    const totals = { applications: 0, approved: 0, referred: 0, declined: 0, idNotSeen: 0, cancelled: 0 };
    const rep = (storeId: string, staffId: string, applications: number, flags: Array<'BURST'> = []) => ({ storeId, staffId, totals: { ...totals, applications }, days: [], flags });
    expect(sortReps([rep('S1', 'a', 5), rep('S2', 'b', 30), rep('S1', 'c', 2, ['BURST']), rep('S1', 'd', 30)]).map((r) => r.staffId)).toEqual(['c', 'd', 'b', 'a']);
    expect(busiestDay({ days: [] })).toBeNull();
    expect(busiestDay({ days: [{ date: '2026-12-01', applications: 3, declined: 0 }, { date: '2026-12-02', applications: 11, declined: 9 }, { date: '2026-12-03', applications: 11, declined: 0 }] })).toEqual({ date: '2026-12-02', applications: 11 });
  });
});

describe('the console audit page', () => {
  it('names a change by its route as HQ records it, and shows any other as it is', () => {
    expect(describeChange('PUT', '/v1/admin/stores/:id')).toBe('storeRegion');
    expect(describeChange('PUT', '/v1/admin/stores/:id/ring')).toBe('storeRing');
    expect(describeChange('POST', '/v1/console/session')).toBe('signIn');
    expect(describeChange('DELETE', '/v1/admin/somewhere-new')).toBeNull();
  });

  it('reads the answer’s status: done, refused, or not finished', () => {
    expect([200, 204, 0, 400, 403, 409, 500].map(statusKind)).toEqual(['ok', 'ok', 'open', 'refused', 'refused', 'refused', 'refused']);
  });

  it('asks HQ for one actor’s rows, encoded', () => {
    expect(auditPath('')).toBe('/v1/admin/audit');
    expect(auditPath('console:ivy.admin')).toBe('/v1/admin/audit?actor=console%3Aivy.admin');
  });
});
