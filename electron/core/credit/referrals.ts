import { DecisionReason, DecisionSignal, type StaffApplicationItem, type StaffDecision, type StaffDecisionReason } from '../../contract/credit.ts';
import { DecisionInputSchema } from '../../contract/credit-model.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { Offer } from '../../contract/finance.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { FinanceStore } from '../finance/finance-store.ts';
import type { Sessions } from '../session/sessions.ts';
import type { StaffAudit } from '../staff/audit.ts';
import { reference } from './applications.ts';
import { recordSettlement, type CreditStore, type ReferralRow } from './credit-store.ts';

/** How far back the staff list reaches: a referral older than this week is HQ's to chase. */
const LIST_DAYS = 7;
const LIST_MAX = 50;

export interface ReferralDeps {
  db: Db;
  now: () => number;
  store: CreditStore;
  sessions: Sessions;
  catalog: CatalogStore;
  finance: FinanceStore;
  audit: StaffAudit;
}

/** Who decides: the signed-in staff member and the most they may approve (null: nothing). */
export interface Approver {
  staffId: string;
  approvalLimitFen: number | null;
}

const ACTION = { approve: 'application_approved', decline: 'application_declined', escalate: 'application_escalated' } as const;

/**
 * Floor staff and the applications the model did not settle (issue 11): the list of referred and
 * pending ones of this store, with declines whose customer asked for a person; and staff's own
 * decisions, within the authority the roster gives them, or sent up to HQ's credit team.
 */
export class Referrals {
  constructor(private readonly d: ReferralDeps) {}

  list(): StaffApplicationItem[] {
    return this.d.store.referrals(this.d.now() - LIST_DAYS * 86_400_000, LIST_MAX).map(item);
  }

  decide(applicationId: string, approver: Approver, decision: StaffDecision, reason: StaffDecisionReason): ApiResult<{ application: StaffApplicationItem }> {
    const { d } = this;
    const result = writeWithOutbox(d.db, d.now, (emit): ApiResult<null> => {
      const row = d.store.referral(applicationId);
      const a = row && d.store.application(applicationId);
      if (!row || !a) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
      // Referred: the model asked for a person. Declined: only when the customer asked for one.
      const open = a.status === 'referred' || (a.status === 'declined' && row.review === 1);
      if (!open || a.escalatedAt !== null) return fail('APPLICATION_STATE', `application is ${a.status}${a.escalatedAt !== null ? ', with HQ' : ''}`, 'applicationId');
      const at = d.now();
      if (decision === 'escalate') {
        d.store.escalate(a.id, at);
      } else {
        let approved = null;
        if (decision === 'approve') {
          if (approver.approvalLimitFen === null || a.requestedAmountFen > approver.approvalLimitFen) {
            return fail('ABOVE_AUTHORITY', `¥${a.requestedAmountFen / 100} is over this staff member's limit`, 'applicationId');
          }
          // The customer signs next, at this screen: not once their visit is over.
          if (!d.sessions.isOpen(a.sessionId)) return fail('SESSION_ENDED', 'the customer’s visit has ended', 'applicationId');
          const categoryIds = [...new Set(d.catalog.sellable(a.purchase.lines.map((l) => l.productId)).map((p) => p.categoryId))];
          const offer = d.finance.offer(a.requestedAmountFen, categoryIds, a.requested.productId, a.requested.termMonths);
          if (!offer) return fail('PLAN_UNAVAILABLE', 'the plan is no longer offered for this amount', 'applicationId');
          d.finance.recordApplication(offer.productId, a.subsidyFen);
          approved = { amountFinancedFen: a.requestedAmountFen, downPaymentFen: 0, offer };
        }
        const status = decision === 'approve' ? 'approved' : 'declined';
        const signals = (JSON.parse(row.signals) as string[]).filter((s): s is DecisionSignal => DecisionSignal.safeParse(s).success);
        const settled = { outcome: decision, status, approved, reasons: a.reasons, signals, score: 0, limitFen: approver.approvalLimitFen ?? 0, modelVersion: a.modelVersion, at } as const;
        recordSettlement(d.store, emit, a.id, settled, { decidedBy: 'staff', staffId: approver.staffId, reason });
      }
      // Sent up, the model's input goes too (its strict schema keeps any identifier out): HQ's credit team reads the trace.
      const input = decision === 'escalate' ? DecisionInputSchema.safeParse(d.store.decisionInput(a.id)) : null;
      emit({ topic: 'credit.staff_decision', aggregateId: a.id, payload: { applicationId: a.id, staffId: approver.staffId, decision, reason, ...(input?.success ? { input: input.data } : {}), at } });
      d.audit.record(emit, at, approver.staffId, ACTION[decision], { applicationId: a.id, reason });
      return ok(null);
    });
    if (!result.ok) return result;
    return ok({ application: item(d.store.referral(applicationId)!) });
  }
}

function item(r: ReferralRow): StaffApplicationItem {
  const offer = Offer.parse(JSON.parse(r.requested_offer));
  return {
    applicationId: r.id,
    reference: reference(r.id),
    status: r.status,
    requestedAmountFen: r.requested_amount_fen,
    termMonths: offer.termMonths,
    monthlyPaymentFen: offer.monthlyPaymentFen,
    applicant: { name: r.applicant_name, mobileMasked: r.mobile_masked },
    reasons: (JSON.parse(r.reasons) as string[]).filter((x): x is DecisionReason => DecisionReason.safeParse(x).success),
    signals: (JSON.parse(r.signals) as string[]).filter((x): x is DecisionSignal => DecisionSignal.safeParse(x).success),
    createdAt: r.created_at,
    visitOpen: r.visit_open === 1,
    reviewRequested: r.review === 1,
    escalatedAt: r.escalated_at,
    assistedBy: r.assisted_by,
  };
}
