import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionInput, type DecisionFacts } from '../../../electron/core/credit/decision-input.ts';

const STORE_DATE = '2026-12-01';

function facts(o: { birthDate?: string; storeDate?: string; termMonths?: number; idOtherMobiles?: number } = {}): DecisionFacts {
  return {
    storeDate: o.storeDate ?? STORE_DATE,
    amountFen: 800_000,
    offer: { termMonths: o.termMonths ?? 12, monthlyPaymentFen: 69_000, kind: 'equal_installment' },
    applicant: { birthDate: o.birthDate ?? '1994-06-15', employment: 'employed', incomeBand: '6k_10k' },
    history: { idBlocklisted: false, phoneBlocklisted: true, idApplications: 2, phoneApplications: 1, kioskApplications: 4, idOtherMobiles: o.idOtherMobiles ?? 1 },
    exposure: { outstandingFen: 1_200_000, monthlyPaymentsFen: 104_000 },
    face: { liveness: 'passed', livenessMs: 7_300, otherIds: 0 },
  };
}

describe('decisionInput', () => {
  it('gives the graph the plan, the profile and the counts, and nothing that identifies the applicant', () => {
    expect(decisionInput(facts())).toEqual({
      application: { amountFen: 800_000, termMonths: 12, monthlyPaymentFen: 69_000, kind: 'equal_installment' },
      applicant: { age: 32, ageAtLastPayment: 33, employment: 'employed', incomeBand: '6k_10k' },
      fraud: { idBlocklisted: false, phoneBlocklisted: true, idApplications: 2, phoneApplications: 1, kioskApplications: 4, idMobiles: 2 },
      exposure: { outstandingFen: 1_200_000, monthlyPaymentsFen: 104_000 },
      face: { liveness: 'passed', livenessMs: 7_300, otherIds: 0 },
    });
    expect(JSON.stringify(decisionInput(facts()))).not.toContain('1994');
  });

  it('takes the age at the last installment from the date of birth, not from whole years plus the term', () => {
    // 60 years and eleven months old: whole years plus five years would say 65; on 2031-12-01 they are 65 and eleven months.
    expect(decisionInput(facts({ birthDate: '1965-12-02', termMonths: 60 })).applicant).toMatchObject({ age: 60, ageAtLastPayment: 65 });
    // The same applicant on 48 months is 64 at the end.
    expect(decisionInput(facts({ birthDate: '1965-12-02', termMonths: 48 })).applicant).toMatchObject({ age: 60, ageAtLastPayment: 64 });
    // A birthday on the day of the last installment counts (周岁 turn on the birthday).
    expect(decisionInput(facts({ birthDate: '1966-12-01', termMonths: 60 })).applicant).toMatchObject({ age: 60, ageAtLastPayment: 65 });
    expect(decisionInput(facts({ birthDate: '1966-12-02', termMonths: 60 })).applicant).toMatchObject({ age: 59, ageAtLastPayment: 64 });
  });

  it('dates the last installment as the contract does: a month-end store date ends on a month end', () => {
    // 31 January + 1 month is 28 February 2027, before a 29 February birthday's 1 March.
    expect(decisionInput(facts({ storeDate: '2027-01-31', birthDate: '2008-02-29', termMonths: 1 })).applicant).toMatchObject({ age: 18, ageAtLastPayment: 18 });
    expect(decisionInput(facts({ storeDate: '2027-01-31', birthDate: '2008-02-28', termMonths: 1 })).applicant).toMatchObject({ age: 18, ageAtLastPayment: 19 });
  });

  it("counts this application's mobile among the ID's mobiles", () => {
    expect(decisionInput(facts({ idOtherMobiles: 0 })).fraud.idMobiles).toBe(1);
    expect(decisionInput(facts({ idOtherMobiles: 2 })).fraud.idMobiles).toBe(3);
  });

  it('ages by whole years between the store date and the last installment, never less, never more (property)', () => {
    const day = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1930, 0, 1) / day, max: Date.UTC(2010, 11, 31) / day }),
        fc.integer({ min: Date.UTC(2026, 0, 1) / day, max: Date.UTC(2030, 11, 31) / day }),
        fc.integer({ min: 1, max: 120 }),
        (birth, store, termMonths) => {
          const { age, ageAtLastPayment } = decisionInput(facts({ birthDate: iso(birth * day), storeDate: iso(store * day), termMonths })).applicant;
          expect(ageAtLastPayment - age).toBeGreaterThanOrEqual(Math.floor(termMonths / 12));
          expect(ageAtLastPayment - age).toBeLessThanOrEqual(Math.ceil(termMonths / 12));
        },
      ),
      { numRuns: 500 },
    );
  });
});
