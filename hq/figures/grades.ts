import type { Queryable } from '../db/database.ts';

/**
 * How HQ grades a store A/B/C for its lenders, and which sales representatives' patterns it
 * points out: the rules are published (this object is in every answer and in the README), so a
 * store manager can see why their store has its grade. A changed rule is a new version.
 *
 * - volume: financed orders in the range;
 * - customer quality: declines ÷ applications (a store sending many applicants the model turns
 *   down is sending the lender poor applications, or fishing);
 * - cancellations: cooling-off cancellations ÷ financed orders.
 * A store gets the first grade whose every threshold it meets, else C.
 */
export const GRADING_RULES = {
  version: 'grades-2026.12-1',
  grades: [
    { grade: 'A', minFinancedOrders: 30, maxDeclineRate: 0.3, maxCancellationRate: 0.05 },
    { grade: 'B', minFinancedOrders: 10, maxDeclineRate: 0.5, maxCancellationRate: 0.1 },
  ],
  otherwise: 'C',
} as const;

/**
 * A representative's pattern is pointed out (never acted on by itself: a person looks) when, over
 * the range, with at least `minApplications` assisted applications: declines are over
 * `maxDeclineRate` of them; the ID card was not marked seen on over `maxIdNotSeenRate`; over
 * `maxCancellationRate` of the approved were cancelled; or on some day they helped with more than
 * `maxPerDay` (a burst, whatever the total).
 */
export const REP_RULES = {
  version: 'reps-2026.12-1',
  minApplications: 10,
  maxDeclineRate: 0.5,
  maxIdNotSeenRate: 0.2,
  maxCancellationRate: 0.2,
  maxPerDay: 10,
} as const;

export type Grade = 'A' | 'B' | 'C';
type Threshold = 'VOLUME' | 'DECLINE_RATE' | 'CANCELLATION_RATE';
export type RepFlag = 'HIGH_DECLINE_RATE' | 'ID_NOT_SEEN' | 'HIGH_CANCELLATIONS' | 'BURST';

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The grade of one store's figures, and what kept it from an A. */
export function gradeOf(m: { financedOrders: number; applications: number; declined: number; cancellations: number }): { grade: Grade; shortOfA: Threshold[] } {
  const misses = (g: (typeof GRADING_RULES.grades)[number]): Threshold[] => [
    ...(m.financedOrders < g.minFinancedOrders ? (['VOLUME'] as const) : []),
    ...(rate(m.declined, m.applications) > g.maxDeclineRate ? (['DECLINE_RATE'] as const) : []),
    ...(rate(m.cancellations, m.financedOrders) > g.maxCancellationRate ? (['CANCELLATION_RATE'] as const) : []),
  ];
  const [a] = GRADING_RULES.grades;
  const shortOfA = misses(a);
  const met = GRADING_RULES.grades.find((g) => misses(g).length === 0);
  return { grade: met?.grade ?? GRADING_RULES.otherwise, shortOfA };
}

/** Every store in scope with its figures over the range and its grade. */
export async function storeGrades(db: Queryable, region: string | undefined, from: string, to: string) {
  const rows = await db.query<{ storeId: string; region: string | null; financedOrders: number; financedFen: number; salesFen: number; applications: number; declined: number; cancellations: number; activeDays: number }>(
    `SELECT s.id AS "storeId", s.region, coalesce(sum(d.financed_orders), 0)::int AS "financedOrders", coalesce(sum(d.financed_fen), 0)::bigint AS "financedFen",
            coalesce(sum(d.sales_fen), 0)::bigint AS "salesFen", coalesce(sum(d.applications), 0)::int AS applications, coalesce(sum(d.declined), 0)::int AS declined,
            coalesce(sum(d.cancellations), 0)::int AS cancellations, count(*) FILTER (WHERE d.financed_orders > 0)::int AS "activeDays"
       FROM stores s LEFT JOIN hq_store_days d ON d.store_id = s.id AND d.day BETWEEN $1::date AND $2::date
      WHERE ($3::text IS NULL OR s.region = $3) AND EXISTS (SELECT 1 FROM kiosks k WHERE k.store_id = s.id)
      GROUP BY s.id ORDER BY s.id`,
    [from, to, region ?? null],
  );
  return {
    rules: GRADING_RULES,
    stores: rows.map((r) => ({
      ...r,
      penetrationByAmount: r.salesFen === 0 ? null : r.financedFen / r.salesFen,
      declineRate: r.applications === 0 ? null : r.declined / r.applications,
      cancellationRate: r.financedOrders === 0 ? null : r.cancellations / r.financedOrders,
      ...gradeOf(r),
    })),
  };
}

/** Each sales representative's assisted applications in the range, day by day, with what stands out. */
export async function repPatterns(db: Queryable, storeId: string | undefined, from: string, to: string) {
  const rows = await db.query<{ storeId: string; staffId: string; date: string; applications: number; approved: number; referred: number; declined: number; idNotSeen: number; cancelled: number }>(
    `SELECT store_id AS "storeId", staff_id AS "staffId", to_char(day, 'YYYY-MM-DD') AS date, applications, approved, referred, declined, id_not_seen AS "idNotSeen", cancelled
       FROM hq_rep_days WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR store_id = $3)
      ORDER BY store_id, staff_id, day`,
    [from, to, storeId ?? null],
  );
  const reps = new Map<string, { storeId: string; staffId: string; days: Array<{ date: string; applications: number; declined: number }>; totals: Omit<(typeof rows)[number], 'storeId' | 'staffId' | 'date'> }>();
  for (const r of rows) {
    const key = `${r.storeId}/${r.staffId}`;
    const rep = reps.get(key) ?? { storeId: r.storeId, staffId: r.staffId, days: [], totals: { applications: 0, approved: 0, referred: 0, declined: 0, idNotSeen: 0, cancelled: 0 } };
    rep.days.push({ date: r.date, applications: r.applications, declined: r.declined });
    for (const k of ['applications', 'approved', 'referred', 'declined', 'idNotSeen', 'cancelled'] as const) rep.totals[k] += r[k];
    reps.set(key, rep);
  }
  return {
    rules: REP_RULES,
    reps: [...reps.values()].map((rep) => ({ ...rep, flags: flagsOf(rep.totals, rep.days) })),
  };
}

function flagsOf(t: { applications: number; approved: number; declined: number; idNotSeen: number; cancelled: number }, days: ReadonlyArray<{ applications: number }>): RepFlag[] {
  const flags: RepFlag[] = [];
  if (t.applications >= REP_RULES.minApplications) {
    if (rate(t.declined, t.applications) > REP_RULES.maxDeclineRate) flags.push('HIGH_DECLINE_RATE');
    if (rate(t.idNotSeen, t.applications) > REP_RULES.maxIdNotSeenRate) flags.push('ID_NOT_SEEN');
    if (rate(t.cancelled, t.approved) > REP_RULES.maxCancellationRate) flags.push('HIGH_CANCELLATIONS');
  }
  if (days.some((d) => d.applications > REP_RULES.maxPerDay)) flags.push('BURST');
  return flags;
}
