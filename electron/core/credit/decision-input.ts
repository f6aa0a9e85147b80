import type { Employment, IncomeBand } from '../../contract/credit.ts';
import type { Offer } from '../../contract/finance.ts';
import { addMonths } from '../../domain/calendar.ts';
import { ageOn } from '../../domain/identity.ts';
import type { DecisionInput, FaceFacts } from './decision-types.ts';

/** What the kiosk knows when it decides an application; everything the graph sees is derived from it. */
export interface DecisionFacts {
  /** The store's local date (YYYY-MM-DD) the application is decided on. */
  storeDate: string;
  /** What is financed, after promotions. */
  amountFen: number;
  /** The plan as re-quoted for that amount. */
  offer: Pick<Offer, 'termMonths' | 'monthlyPaymentFen' | 'kind'>;
  applicant: {
    /** From the checked resident ID (checkResidentId's birthDate). */
    birthDate: string;
    employment: Employment;
    incomeBand: IncomeBand;
  };
  /** Local history over the model's velocity windows, this application not included. */
  history: {
    idBlocklisted: boolean;
    phoneBlocklisted: boolean;
    /** Earlier applications with the same resident ID (HMAC) within idWindowHours. */
    idApplications: number;
    /** Earlier applications with the same mobile (HMAC) within phoneWindowHours. */
    phoneApplications: number;
    /** Earlier applications at this kiosk within kioskWindowMinutes. */
    kioskApplications: number;
    /** Distinct mobiles other than this application's used with the same resident ID within idWindowHours. */
    idOtherMobiles: number;
  };
  /**
   * The same resident ID's other applications that are approved, counter_offer, signed, ordered or
   * pending and whose last installment is not yet due, read in the transaction that records this
   * one: the amounts financed (a pending one's requested amount) and their monthly payments. The
   * kiosk sees no repayments, so a plan counts in full until its term ends.
   */
  exposure: { outstandingFen: number; monthlyPaymentsFen: number };
  /** The face check as core/face judged it (`not_used` without the shopper's agreement). */
  face: FaceFacts;
}

/**
 * The graph's input, the one place it is assembled. Ages come from the date of birth rather than
 * from whole years plus the term, because whole years lose up to eleven months: someone of 60 and
 * eleven months on a 60-month plan is nearly 66 at the last installment, not 65. The count of
 * mobiles includes this application's: counting only earlier ones, two earlier applications can
 * never show three mobiles, and that is exactly the pattern the rule is for.
 */
export function decisionInput(facts: DecisionFacts): DecisionInput {
  const { storeDate, amountFen, offer, applicant, history, exposure, face } = facts;
  const { idOtherMobiles, ...counts } = history;
  return {
    application: { amountFen, termMonths: offer.termMonths, monthlyPaymentFen: offer.monthlyPaymentFen, kind: offer.kind },
    applicant: {
      age: ageOn(applicant.birthDate, storeDate),
      // Installment k falls due k months after the store date, as the contract's schedule says.
      ageAtLastPayment: ageOn(applicant.birthDate, addMonths(storeDate, offer.termMonths)),
      employment: applicant.employment,
      incomeBand: applicant.incomeBand,
    },
    fraud: { ...counts, idMobiles: idOtherMobiles + 1 },
    exposure: { outstandingFen: exposure.outstandingFen, monthlyPaymentsFen: exposure.monthlyPaymentsFen },
    face: { ...face },
  };
}
