import type { DecisionOutcome, DecisionReason, Employment, IncomeBand } from '../../contract/credit.ts';
import type { FinanceKind } from '../../contract/finance.ts';

/**
 * What core/credit assembles for the decision graph (resources/decision-models): the plan, the
 * applicant's declared profile and the fraud signals from local history. No raw identifiers:
 * the graph sees ages, bands, counts and flags only, so its trace can be stored and sent to HQ.
 */
export interface DecisionInput {
  application: {
    amountFen: number;
    termMonths: number;
    monthlyPaymentFen: number;
    kind: FinanceKind;
  };
  applicant: {
    age: number;
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
    /** Distinct mobile numbers the same ID applied with within idWindowHours (one person, many phones). */
    idDistinctPhones: number;
  };
}

export interface DecisionResult {
  outcome: DecisionOutcome;
  /** At most four, most important first. */
  reasons: DecisionReason[];
  score: number;
  /** The most the model lends this applicant for this plan. */
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
