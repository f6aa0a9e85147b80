import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionOutcome, DecisionReason, Employment, IncomeBand } from '../../../electron/contract/credit.ts';
import { FinanceKind } from '../../../electron/contract/finance.ts';
import { loadDecisionModel, MANIFEST_FILE, type DecisionModel, type DecisionTrace } from '../../../electron/core/credit/decision-engine.ts';
import type { DecisionInput } from '../../../electron/core/credit/decision-types.ts';
import { RESOURCES } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const MODELS = join(RESOURCES, 'decision-models');
const MANIFEST = JSON.parse(readFileSync(join(MODELS, MANIFEST_FILE), 'utf8')) as { version: string; graph: string; velocity: unknown };
const GRAPH = JSON.parse(readFileSync(join(MODELS, MANIFEST.graph), 'utf8')) as JdmGraph;
const tempDir = tempDirs();

interface JdmGraph {
  nodes: { id: string; name: string; type: string; content: { expressions?: { key: string; value: string }[] } & Record<string, unknown> }[];
  edges: unknown[];
}

const yuan = (n: number) => Math.round(n * 100);

/** An equal-installment payment at 0.6 %/month, the seed lenders' typical rate. */
function payment(amountFen: number, termMonths: number, monthlyRate = 0.006): number {
  return Math.round((amountFen * monthlyRate) / (1 - (1 + monthlyRate) ** -termMonths));
}

interface Applying {
  amountFen?: number;
  termMonths?: number;
  age?: number;
  employment?: Employment;
  incomeBand?: IncomeBand;
  fraud?: Partial<DecisionInput['fraud']>;
}

/** A typical applicant (32, employed, ¥6–10k) buying ¥8,000 over 12 months, clean history. */
function applying(o: Applying = {}): DecisionInput {
  const amountFen = o.amountFen ?? yuan(8_000);
  const termMonths = o.termMonths ?? 12;
  return {
    application: { amountFen, termMonths, monthlyPaymentFen: payment(amountFen, termMonths), kind: 'equal_installment' },
    applicant: { age: o.age ?? 32, employment: o.employment ?? 'employed', incomeBand: o.incomeBand ?? '6k_10k' },
    fraud: {
      idBlocklisted: false,
      phoneBlocklisted: false,
      idApplications: 0,
      phoneApplications: 0,
      kioskApplications: 0,
      idDistinctPhones: 0,
      ...o.fraud,
    },
  };
}

let model: DecisionModel;
beforeAll(() => {
  model = loadDecisionModel(MODELS);
});
afterAll(() => model.dispose());

describe('credit decision model (the shipped graph)', () => {
  it('carries the manifest version and velocity windows', async () => {
    expect(model.version).toBe(MANIFEST.version);
    expect(model.velocity).toEqual(MANIFEST.velocity);
    expect((await model.evaluate(applying())).modelVersion).toBe(MANIFEST.version);
  });

  it.each([
    { age: 30, incomeBand: '6k_10k', amountFen: yuan(3_000) },
    { age: 30, incomeBand: '6k_10k', amountFen: yuan(10_000) },
    { age: 45, incomeBand: '6k_10k', amountFen: yuan(10_000) },
    { age: 38, incomeBand: '10k_20k', amountFen: yuan(6_000) },
    { age: 42, incomeBand: 'over_20k', amountFen: yuan(10_000) },
    { age: 35, incomeBand: '10k_20k', amountFen: yuan(20_000) },
  ] as const)('approves a typical applicant: $age, $incomeBand, $amountFen fen over 12 months', async (o) => {
    const result = await model.evaluate(applying(o));
    expect(result).toMatchObject({ outcome: 'approve', reasons: [], maxFinancedFen: null });
    expect(result.limitFen).toBeGreaterThanOrEqual(o.amountFen);
    expect(result.score).toBeGreaterThanOrEqual(700);
  });

  it('declines an applicant under 18', async () => {
    expect(await model.evaluate(applying({ age: 17 }))).toMatchObject({ outcome: 'decline', reasons: ['UNDER_MIN_AGE'], limitFen: 0 });
  });

  it('declines an applicant over 60', async () => {
    expect(await model.evaluate(applying({ age: 61 }))).toMatchObject({ outcome: 'decline', reasons: ['OVER_MAX_AGE'] });
    expect((await model.evaluate(applying({ age: 60, termMonths: 36 }))).outcome).toBe('approve');
  });

  it('declines an applicant without income', async () => {
    expect(await model.evaluate(applying({ employment: 'unemployed' }))).toMatchObject({ outcome: 'decline', reasons: ['NO_INCOME'] });
  });

  it('refers a student above ¥3,000 and approves a small purchase', async () => {
    const student = { age: 20, employment: 'student', incomeBand: '3k_6k' } as const;
    expect(await model.evaluate(applying({ ...student, amountFen: yuan(5_000) }))).toMatchObject({ outcome: 'refer', reasons: ['MANUAL_REVIEW'] });
    expect((await model.evaluate(applying({ ...student, amountFen: yuan(3_000) }))).outcome).toBe('approve');
  });

  it('declines a blocklisted ID or mobile with BLOCKLISTED first', async () => {
    for (const fraud of [{ idBlocklisted: true }, { phoneBlocklisted: true }, { idBlocklisted: true, kioskApplications: 9 }]) {
      const result = await model.evaluate(applying({ fraud }));
      expect(result.outcome).toBe('decline');
      expect(result.reasons[0]).toBe('BLOCKLISTED');
      expect(result.limitFen).toBe(0);
    }
    const minor = await model.evaluate(applying({ age: 17, fraud: { phoneBlocklisted: true } }));
    expect(minor.reasons).toEqual(['BLOCKLISTED', 'UNDER_MIN_AGE']);
  });

  it('declines on ID and mobile velocity from the third earlier application', async () => {
    expect((await model.evaluate(applying({ fraud: { phoneApplications: 2, idApplications: 2 } }))).outcome).toBe('approve');
    expect(await model.evaluate(applying({ fraud: { phoneApplications: 3 } }))).toMatchObject({ outcome: 'decline', reasons: ['PHONE_VELOCITY'] });
    expect(await model.evaluate(applying({ fraud: { idApplications: 3 } }))).toMatchObject({ outcome: 'decline', reasons: ['ID_VELOCITY'] });
  });

  it('refers one ID used with several mobiles, without naming ID_VELOCITY twice', async () => {
    expect(await model.evaluate(applying({ fraud: { idDistinctPhones: 3 } }))).toMatchObject({ outcome: 'refer', reasons: ['ID_VELOCITY'] });
    expect(await model.evaluate(applying({ fraud: { idApplications: 4, idDistinctPhones: 4 } }))).toMatchObject({ outcome: 'decline', reasons: ['ID_VELOCITY'] });
  });

  it('refers a burst of applications at one kiosk', async () => {
    expect((await model.evaluate(applying({ fraud: { kioskApplications: 5 } }))).outcome).toBe('approve');
    expect(await model.evaluate(applying({ fraud: { kioskApplications: 6 } }))).toMatchObject({ outcome: 'refer', reasons: ['KIOSK_VELOCITY'] });
  });

  it('counter-offers when the limit covers at least half the amount', async () => {
    const amountFen = yuan(15_000);
    const result = await model.evaluate(applying({ incomeBand: '3k_6k', amountFen, termMonths: 24 }));
    expect(result).toMatchObject({ outcome: 'counter_offer', reasons: ['AMOUNT_OVER_LIMIT', 'DOWN_PAYMENT_REQUIRED'] });
    const max = result.maxFinancedFen ?? 0;
    expect(max).toBeLessThan(amountFen);
    expect(max).toBeGreaterThanOrEqual(amountFen / 2);
    expect(max % yuan(100)).toBe(0);
    expect(max).toBeLessThanOrEqual(result.limitFen);
  });

  it('declines an amount more than twice the limit', async () => {
    expect(await model.evaluate(applying({ incomeBand: '3k_6k', amountFen: yuan(40_000), termMonths: 36 }))).toMatchObject({
      outcome: 'decline',
      reasons: ['AMOUNT_OVER_LIMIT'],
    });
  });

  it('declines a payment above half the income (low income, large amount)', async () => {
    const result = await model.evaluate(applying({ incomeBand: 'under_3k', amountFen: yuan(15_000), termMonths: 6 }));
    expect(result.outcome).toBe('decline');
    expect(result.reasons[0]).toBe('PAYMENT_TOO_HIGH_FOR_INCOME');
  });

  it('declines a score below the floor', async () => {
    const result = await model.evaluate(applying({ age: 19, employment: 'student', incomeBand: 'under_3k', amountFen: yuan(2_800), termMonths: 6 }));
    expect(result).toMatchObject({ outcome: 'decline', reasons: ['LOW_SCORE'], limitFen: 0 });
    expect(result.score).toBeLessThan(560);
  });

  it('names at most four reasons, the most important first', async () => {
    const result = await model.evaluate(
      applying({
        age: 17,
        employment: 'unemployed',
        fraud: { idBlocklisted: true, idApplications: 5, phoneApplications: 5, kioskApplications: 9, idDistinctPhones: 2 },
      }),
    );
    expect(result.outcome).toBe('decline');
    expect(result.reasons).toEqual(['BLOCKLISTED', 'UNDER_MIN_AGE', 'NO_INCOME', 'ID_VELOCITY']);
  });

  it('returns a compact, JSON-serialisable trace of every node', async () => {
    const result = await model.evaluate(applying({ fraud: { kioskApplications: 6 } }));
    const trace = JSON.parse(JSON.stringify(result.trace)) as DecisionTrace;
    expect(trace).toEqual(result.trace);
    const names = GRAPH.nodes.filter((n) => n.type !== 'inputNode' && n.type !== 'outputNode').map((n) => n.name);
    expect(Object.keys(trace).sort()).toEqual([...names].sort());
    expect(trace['fraud signals']).toEqual({ output: { fraudHits: [{ code: 'KIOSK_VELOCITY', action: 'refer', rank: 4 }] }, rules: ['fraud-kiosk-velocity'] });
    expect(trace['points: income']).toEqual({ output: { points: { income: 110 } }, rules: ['inc-6k-10k'] });
    expect(JSON.stringify(trace)).not.toContain('performance');
    expect(JSON.stringify(trace).length).toBeLessThan(4_000);
  });

  it('rejects input the graph was not built for', async () => {
    const extra = { ...applying(), residentId: '110101199003070011' } as DecisionInput;
    await expect(model.evaluate(extra)).rejects.toThrow(/invalid input/);
    const fractional = applying();
    fractional.application.amountFen = 100.5;
    await expect(model.evaluate(fractional)).rejects.toThrow(/application\.amountFen/);
  });

  it('holds its invariants for any applicant', async () => {
    // Mostly clean histories, so the scorecard paths are reached as often as the fraud ones.
    const rarely = fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
    const fewMostly = (max: number) => fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(max) });
    const anyInput = fc
      .record({
        // Mostly what appliances cost, so the narrow counter-offer band is reached too.
        amountFen: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 8_000_000 }) }, { weight: 3, arbitrary: fc.integer({ min: 200_000, max: 2_000_000 }) }),
        termMonths: fc.constantFrom(3, 6, 12, 24, 36),
        rate: fc.constantFrom(0, 0.005, 0.008),
        kind: fc.constantFrom(...FinanceKind.options),
        age: fc.integer({ min: 14, max: 80 }),
        employment: fc.constantFrom(...Employment.options),
        incomeBand: fc.constantFrom(...IncomeBand.options),
        idBlocklisted: rarely,
        phoneBlocklisted: rarely,
        idApplications: fewMostly(6),
        phoneApplications: fewMostly(6),
        kioskApplications: fewMostly(10),
        idDistinctPhones: fewMostly(5),
      })
      .map(({ amountFen, termMonths, rate, kind, age, employment, incomeBand, ...fraud }): DecisionInput => ({
        application: {
          amountFen,
          termMonths,
          monthlyPaymentFen: Math.max(1, rate === 0 ? Math.ceil(amountFen / termMonths) : payment(amountFen, termMonths, rate)),
          kind,
        },
        applicant: { age, employment, incomeBand },
        fraud,
      }));
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(anyInput, async (input) => {
        const result = await model.evaluate(input);
        const amount = input.application.amountFen;
        seen.add(result.outcome);
        expect(DecisionOutcome.options).toContain(result.outcome);
        expect(result.reasons.length).toBeLessThanOrEqual(4);
        expect(new Set(result.reasons).size).toBe(result.reasons.length);
        for (const reason of result.reasons) expect(DecisionReason.options).toContain(reason);
        expect(Number.isInteger(result.score) && Number.isInteger(result.limitFen)).toBe(true);
        if (result.outcome === 'approve') expect(result.limitFen).toBeGreaterThanOrEqual(amount);
        if (result.outcome === 'counter_offer') {
          expect(result.maxFinancedFen).toBeGreaterThan(0);
          expect(result.maxFinancedFen).toBeLessThan(amount);
        } else {
          expect(result.maxFinancedFen).toBeNull();
        }
        if (result.outcome !== 'approve') expect(result.reasons.length).toBeGreaterThan(0);
      }),
      // A fixed seed: the check below that every outcome was reached must not depend on luck.
      { numRuns: 500, seed: 20_261_201 },
    );
    expect([...seen].sort()).toEqual([...DecisionOutcome.options].sort());
  });
});

describe('loading a decision model', () => {
  /** The shipped model with its manifest and graph edited, in a fresh folder. */
  function modelDir(edit: { manifest?: (m: Record<string, unknown>) => unknown; graph?: (g: JdmGraph) => unknown; graphText?: string; manifestText?: string } = {}): string {
    const dir = tempDir();
    const manifest = structuredClone(MANIFEST) as unknown as Record<string, unknown>;
    const graph = structuredClone(GRAPH);
    writeFileSync(join(dir, MANIFEST_FILE), edit.manifestText ?? JSON.stringify(edit.manifest ? edit.manifest(manifest) : manifest));
    writeFileSync(join(dir, MANIFEST.graph), edit.graphText ?? JSON.stringify(edit.graph ? edit.graph(graph) : graph));
    return dir;
  }
  function expression(graph: JdmGraph, nodeName: string, key: string, value: string): JdmGraph {
    const node = graph.nodes.find((n) => n.name === nodeName);
    const entry = node?.content.expressions?.find((e) => e.key === key);
    if (!entry) throw new Error(`no expression ${key} in ${nodeName}`);
    entry.value = value;
    return graph;
  }

  it('loads an intact copy', async () => {
    const copy = loadDecisionModel(modelDir());
    expect((await copy.evaluate(applying())).outcome).toBe('approve');
    copy.dispose();
    await expect(copy.evaluate(applying())).rejects.toThrow(/disposed/);
  });

  it.each([
    ['a missing manifest', () => tempDir(), /Cannot read decision model manifest/],
    ['a manifest that is not JSON', () => modelDir({ manifestText: '{ "model": "credit",' }), /decision model manifest .* is not valid JSON/],
    ['a manifest without velocity windows', () => modelDir({ manifest: ({ velocity: _, ...m }) => m }), /Invalid decision model manifest .*velocity/],
    ['a manifest pointing outside its folder', () => modelDir({ manifest: (m) => ({ ...m, graph: '../credit.jdm.json' }) }), /Invalid decision model manifest .*graph/],
    ['a manifest naming a missing graph', () => modelDir({ manifest: (m) => ({ ...m, graph: 'credit-0000.00-0.jdm.json' }) }), /Cannot read decision graph/],
    ['a graph that is not JSON', () => modelDir({ graphText: '{"nodes": [' }), /is not valid JSON/],
    ['a graph without nodes', () => modelDir({ graph: () => ({ edges: [] }) }), /Invalid decision graph .*nodes/],
    ['a graph with an unknown node type', () => modelDir({ graph: (g) => ({ ...g, nodes: g.nodes.map((n) => (n.name === 'verdict' ? { ...n, type: 'guessNode' } : n)) }) }), /Invalid decision graph .*guessNode/],
    ['a graph with a malformed table', () => modelDir({ graph: (g) => ({ ...g, nodes: g.nodes.map((n) => (n.name === 'points: term' ? { ...n, content: { ...n.content, rules: 'none' } } : n)) }) }), /node "points: term" is not a well-formed decisionTableNode: rules/],
    ['a graph with an expression typo', () => modelDir({ graph: (g) => expression(g, 'verdict', 'verdict.overLimit', 'application.amountFen >> limit.fen (') }), /node "verdict", expression verdict\.overLimit/],
    ['a graph with two nodes of one name', () => modelDir({ graph: (g) => ({ ...g, nodes: g.nodes.map((n) => (n.name === 'points: age' ? { ...n, name: 'points: term' } : n)) }) }), /two nodes are named "points: term"/],
  ])('throws a clear error for %s', (_what, dir, message) => {
    expect(() => loadDecisionModel(dir())).toThrow(message);
  });

  it('throws instead of returning a decision the graph got wrong', async () => {
    const garbage = loadDecisionModel(modelDir({ graph: (g) => expression(g, 'outcome', 'outcome', '"maybe"') }));
    await expect(garbage.evaluate(applying())).rejects.toThrow(/returned an invalid decision: outcome/);
    garbage.dispose();

    const overLimit = loadDecisionModel(modelDir({ graph: (g) => expression(g, 'outcome', 'limitFen', '100') }));
    await expect(overLimit.evaluate(applying())).rejects.toThrow(/approve of 800000 fen above the limit of 100 fen/);
    overLimit.dispose();

    const fractional = loadDecisionModel(modelDir({ graph: (g) => expression(g, 'outcome', 'limitFen', 'limit.fen + 0.5') }));
    await expect(fractional.evaluate(applying())).rejects.toThrow(/limitFen/);
    fractional.dispose();

    const tooMany = loadDecisionModel(modelDir({ graph: (g) => expression(g, 'outcome', 'reasons', 'verdict.allReasons') }));
    await expect(tooMany.evaluate(applying({ age: 17, employment: 'unemployed', fraud: { idBlocklisted: true, phoneApplications: 3, idApplications: 3 } }))).rejects.toThrow(/reasons/);
    tooMany.dispose();
  });
});
