import type { DecisionOutcome, DecisionReason, DecisionSignal, Employment, IncomeBand } from '../../contract/credit.ts';
import type { FinanceKind } from '../../contract/finance.ts';

/**
 * What the decision graph (resources/decision-models) is given, built only by `decisionInput`
 * (decision-input.ts) from what the kiosk knows: the plan, the applicant's declared profile and
 * the fraud signals from local history. No raw identifiers: the graph sees ages, bands, counts
 * and flags only, so its trace can be stored and sent to HQ.
 */
export interface DecisionInput {
  application: {
    amountFen: number;
    termMonths: number;
    monthlyPaymentFen: number;
    kind: FinanceKind;
  };
  applicant: {
    /** Whole years (周岁) on the store date. */
    age: number;
    /** Whole years on the day the last installment falls due (termMonths after the store date). */
    ageAtLastPayment: number;
    employment: Employment;
    incomeBand: IncomeBand;
  };
  fraud: {
    idBlocklisted: boolean;
    phoneBlocklisted: boolean;
    /** Earlier applications with the same resident ID (HMAC) within the model's idWindowHours. */
    idApplications: number;
    /** Earlier applications with the same mobile (HMAC) within phoneWindowHours. */
    phoneApplications: number;
    /** Earlier applications at this kiosk within kioskWindowMinutes. */
    kioskApplications: number;
    /** Mobiles used with this resident ID within idWindowHours, this application's included (so ≥ 1). */
    idMobiles: number;
  };
  /**
   * The same resident ID's credit already granted or asked for and not yet run its course: what
   * it may still owe, which counts against the limit, and what it pays each month, which counts
   * against the income. Both 0 for someone with nothing outstanding.
   */
  exposure: {
    outstandingFen: number;
    monthlyPaymentsFen: number;
  };
  /**
   * The face check (issue 10), always given by this kiosk: `not_used` when the shopper did not
   * agree to it. `livenessMs`: how long the passed or failed attempt took. `otherIds`: resident IDs
   * other than this application's that the live face applied under at this store.
   */
  face?: FaceFacts;
}

export interface FaceFacts {
  liveness: 'passed' | 'failed' | 'skipped' | 'not_used';
  livenessMs: number;
  otherIds: number;
}

export interface DecisionResult {
  outcome: DecisionOutcome;
  /** What the shopper is told: at most four, most important first, each about their own application. */
  reasons: DecisionReason[];
  /** Why a person must look (refer), or what staff should know about a decline; never shown as a reason. */
  signals: DecisionSignal[];
  score: number;
  /** The most the model lends this applicant now, what they already owe (exposure) taken off; 0 after a hard decline or without a known income. */
  limitFen: number;
  /** counter_offer only: the largest amount it will finance (the rest is a down payment). */
  maxFinancedFen: number | null;
  modelVersion: string;
  /** The graph's per-node trace, JSON-serialisable, stored with the decision. */
  trace: unknown;
}

/** Velocity windows the model's thresholds assume; the core counts local history over them. */
export interface VelocityWindows {
  idWindowHours: number;
  phoneWindowHours: number;
  kioskWindowMinutes: number;
}
