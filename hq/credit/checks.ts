import { BlocklistDataset } from '../../electron/contract/credit.ts';
import type { CreditCheckResponse } from '../../electron/contract/sync.ts';
import type { Queryable } from '../db/database.ts';

const HOUR = 3_600_000;
/** Statuses whose credit is still held (or asked for): what exposure counts. */
const LIVE = ['approved', 'counter_offer', 'signed', 'ordered', 'pending'];

export interface CrossStoreQuery {
  /** The asking kiosk: it counts its own applications itself, so HQ counts every other kiosk's. */
  kioskId: string;
  storeId: string;
  residentIdHmac: string;
  mobileHmac: string;
  windows: { idWindowHours: number; phoneWindowHours: number };
  now: number;
}

export type CrossStore = Omit<CreditCheckResponse, 'serverTime'>;

/**
 * The newest blocklist publication for a store, parsed once per publication. HMAC entries only
 * (the kiosks' fleet key), so HQ matches without ever holding a number.
 */
export class CentralBlocklist {
  private cached: { id: number; entries: Set<string> } | undefined;

  async hits(q: Queryable, storeId: string, residentIdHmac: string, mobileHmac: string): Promise<{ idBlocklisted: boolean; phoneBlocklisted: boolean }> {
    const [row] = await q.query<{ id: number }>("SELECT id FROM publications WHERE dataset = 'blocklist' AND scope IN ('all', $1) ORDER BY id DESC LIMIT 1", [storeId]);
    if (!row) return { idBlocklisted: false, phoneBlocklisted: false };
    if (this.cached?.id !== row.id) {
      const [{ body }] = (await q.query<{ body: string }>('SELECT body FROM publications WHERE id = $1', [row.id])) as [{ body: string }];
      const parsed = BlocklistDataset.safeParse(JSON.parse(body));
      this.cached = { id: row.id, entries: new Set(parsed.success ? parsed.data.entries.map((e) => `${e.kind}:${e.hmac}`) : []) };
    }
    const { entries } = this.cached;
    return { idBlocklisted: entries.has(`resident_id:${residentIdHmac}`), phoneBlocklisted: entries.has(`mobile:${mobileHmac}`) };
  }
}

/**
 * What HQ knows about one identity from every other kiosk (issue 9 item 5): applications with the
 * same ID / mobile HMAC within the model's windows (at most 30 days, by the request schema), the
 * credit they still hold, and a hit on the central blocklist. Exposure is counted as the kiosk
 * counts its own: a plan in full until its term has run out (HQ sees no repayments either); a
 * pending one at the amount and payment asked for. A plan whose monthly payment HQ never learnt
 * (a kiosk from before HQ credit) is left out rather than counted without one.
 */
export async function crossStore(q: Queryable, blocklist: CentralBlocklist, c: CrossStoreQuery): Promise<CrossStore> {
  const [counts] = (await q.query<{ ids: number; phones: number }>(
    `SELECT (SELECT count(*)::int FROM hq_applications WHERE resident_id_hmac = $1 AND kiosk_id <> $3 AND applied_at >= $4) AS ids,
            (SELECT count(*)::int FROM hq_applications WHERE mobile_hmac = $2 AND kiosk_id <> $3 AND applied_at >= $5) AS phones`,
    [c.residentIdHmac, c.mobileHmac, c.kioskId, c.now - c.windows.idWindowHours * HOUR, c.now - c.windows.phoneWindowHours * HOUR],
  )) as [{ ids: number; phones: number }];
  const plans = await q.query<{ status: string; applied_at: number; term_months: number; requested_amount_fen: number; monthly_payment_fen: number | null; financed: number | null; financed_monthly: number | null }>(
    `SELECT a.status, a.applied_at, a.term_months, a.requested_amount_fen, a.monthly_payment_fen, d.amount_financed_fen AS financed, d.monthly_payment_fen AS financed_monthly
       FROM hq_applications a
       LEFT JOIN LATERAL (
         SELECT amount_financed_fen, monthly_payment_fen FROM hq_decisions d
          WHERE d.kiosk_id = a.kiosk_id AND d.application_id = a.application_id AND d.amount_financed_fen IS NOT NULL
          ORDER BY d.decided_at DESC LIMIT 1) d ON true
      WHERE a.resident_id_hmac = $1 AND a.kiosk_id <> $2 AND a.status = ANY($3::text[])`,
    [c.residentIdHmac, c.kioskId, LIVE],
  );
  let outstandingFen = 0;
  let monthlyPaymentsFen = 0;
  for (const p of plans) {
    if (addMonths(p.applied_at, p.term_months) <= c.now) continue;
    const pending = p.status === 'pending' || p.financed === null;
    const amount = pending ? p.requested_amount_fen : p.financed!;
    const monthly = pending ? p.monthly_payment_fen : (p.financed_monthly ?? p.monthly_payment_fen);
    if (monthly === null || monthly <= 0 || amount <= 0) continue;
    outstandingFen += amount;
    monthlyPaymentsFen += monthly;
  }
  const hits = await blocklist.hits(q, c.storeId, c.residentIdHmac, c.mobileHmac);
  return { idApplications: counts.ids, phoneApplications: counts.phones, exposure: { outstandingFen, monthlyPaymentsFen }, ...hits };
}

function addMonths(at: number, months: number): number {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}
