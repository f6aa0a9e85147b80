import { z } from 'zod';
import { Fen } from './catalog.ts';
import { DecisionOutcome, DecisionReason, DecisionSignal, Employment, IncomeBand } from './credit.ts';
import { FinanceKind } from './finance.ts';

/**
 * The credit decision model's wire shapes (DESIGN.md §5), shared by the kiosk (core/credit's
 * decision engine) and HQ, which decides applications the kiosk left pending with the same JDM
 * graph (issue 9 item 5). Both load the same manifest, check the same input and the same answer.
 */

export const DecisionManifest = z
  .object({
    model: z.literal('credit'),
    version: z.string().regex(/^credit-\d{4}\.\d{2}-\d+$/, 'expected credit-YYYY.MM-N'),
    /** A file beside the manifest: a bare name, so a manifest from HQ cannot point elsewhere on disk. */
    graph: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.jdm\.json$/, 'expected a file name ending in .jdm.json, no folders'),
    velocity: z
      .object({
        idWindowHours: z.number().int().min(1).max(24 * 30),
        phoneWindowHours: z.number().int().min(1).max(24 * 30),
        kioskWindowMinutes: z.number().int().min(1).max(24 * 60),
      })
      .strict(),
  })
  .strict();
export type DecisionManifest = z.infer<typeof DecisionManifest>;

const Count = z.number().int().nonnegative();

/**
 * The graph's input. Strict on purpose: the trace is stored and the input is sent to HQ (a
 * pending application, `credit.pending`), so a field nobody vetted (a raw ID, a mobile number, a
 * name) cannot ride along. The refinements reject combinations the kiosk's decisionInput cannot
 * produce, so no test (or caller) can show the graph a situation that never happens at a kiosk.
 */
export const DecisionInputSchema = z
  .object({
    application: z
      .object({
        amountFen: Fen.positive(),
        termMonths: z.number().int().min(1).max(120),
        monthlyPaymentFen: Fen.positive(),
        kind: FinanceKind,
      })
      .strict(),
    applicant: z
      .object({ age: z.number().int().min(0).max(150), ageAtLastPayment: z.number().int().min(0).max(160), employment: Employment, incomeBand: IncomeBand })
      .strict(),
    fraud: z
      .object({
        idBlocklisted: z.boolean(),
        phoneBlocklisted: z.boolean(),
        idApplications: Count,
        phoneApplications: Count,
        kioskApplications: Count,
        idMobiles: Count.positive(),
      })
      .strict(),
    exposure: z.object({ outstandingFen: Fen.max(Number.MAX_SAFE_INTEGER), monthlyPaymentsFen: Fen.max(Number.MAX_SAFE_INTEGER) }).strict(),
    /**
     * The face check (issue 10): `not_used` when the shopper did not agree to it. Absent in inputs
     * from kiosks before credit-2026.12-3, which HQ may still decide.
     */
    face: z.object({ liveness: z.enum(['passed', 'failed', 'skipped', 'not_used']), livenessMs: Count, otherIds: Count }).strict().optional(),
  })
  .strict()
  .superRefine(({ application, applicant, fraud, exposure, face }, ctx) => {
    if (face && face.liveness !== 'passed' && face.liveness !== 'failed' && (face.livenessMs > 0 || face.otherIds > 0)) {
      ctx.addIssue({ code: 'custom', path: ['face'], message: 'no face was seen without a check' });
    }
    const years = application.termMonths / 12;
    const aged = applicant.ageAtLastPayment - applicant.age;
    if (aged < Math.floor(years) || aged > Math.ceil(years)) {
      ctx.addIssue({ code: 'custom', path: ['applicant', 'ageAtLastPayment'], message: `${aged} years older over ${application.termMonths} months` });
    }
    if (fraud.idMobiles > fraud.idApplications + 1) {
      ctx.addIssue({ code: 'custom', path: ['fraud', 'idMobiles'], message: 'more mobiles than applications with the ID' });
    }
    if ((exposure.outstandingFen === 0) !== (exposure.monthlyPaymentsFen === 0)) {
      ctx.addIssue({ code: 'custom', path: ['exposure'], message: 'outstanding credit and its monthly payments come together' });
    }
  });
export type DecisionInputWire = z.infer<typeof DecisionInputSchema>;

/** Whether the kiosk was online is core/credit's to say: a model cannot give an offline reason. */
export const ModelReason = DecisionReason.exclude(['OFFLINE_PRODUCT_NOT_ELIGIBLE', 'OFFLINE_AMOUNT_OVER_CAP', 'OFFLINE_DAILY_CAP_REACHED', 'OFFLINE_APPROVAL_OFF']);

/** The graph's answer. zen leaves a null field out of the result, so an absent maxFinancedFen means null. */
export const GraphOutput = z.object({
  outcome: DecisionOutcome,
  reasons: z.array(ModelReason).max(4),
  signals: z.array(DecisionSignal),
  score: z.number().int(),
  limitFen: Fen.max(Number.MAX_SAFE_INTEGER),
  maxFinancedFen: Fen.positive().max(Number.MAX_SAFE_INTEGER).nullish(),
});
export type GraphOutput = z.infer<typeof GraphOutput>;

/**
 * What a challenger model decided on an application, in shadow (DESIGN.md §5, issue 14): kept with
 * the decision and sent to HQ for the champion/challenger comparison, never shown to the shopper
 * or acted on. `error`: the challenger failed on this input (the champion's decision stands).
 */
export const ShadowDecision = z.discriminatedUnion('outcome', [
  z.object({
    modelVersion: z.string().min(1).max(64),
    outcome: DecisionOutcome,
    reasons: z.array(DecisionReason).max(4),
    score: z.number().int(),
    limitFen: Fen.max(Number.MAX_SAFE_INTEGER),
  }),
  z.object({ modelVersion: z.string().min(1).max(64), outcome: z.literal('error') }),
]);
export type ShadowDecision = z.infer<typeof ShadowDecision>;
