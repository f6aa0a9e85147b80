import { describe, expect, it } from 'vitest';
import { ShadowDecision } from '../../../electron/contract/credit-model.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { inChallengerShare } from '../../../electron/domain/credit-decision.ts';
import { bundledModel, stricterModel, withChallenger } from '../../helpers/challenger.ts';
import { application, call, data, kiosks, productWithPlan, visit } from '../../helpers/credit.ts';

/** Champion and challenger at the kiosk (issue 14 item 7): the challenger decides in shadow only. */

const core = kiosks();
const CHALLENGER = 'credit-2027.01-1';

const decisions = (k: KioskCore) =>
  (k.db.prepare("SELECT payload FROM outbox WHERE topic = 'credit.decision' ORDER BY seq").pluck().all() as string[]).map((p) => JSON.parse(p) as Record<string, unknown>);

function publish(k: KioskCore, body: unknown) {
  return k.datasets.apply('decision_models', JSON.stringify(body));
}

/** Applicants the stricter floor declines and the champion approves: 18–21, self-employed, ¥6,000–10,000 (score 705). */
async function apply(k: KioskCore) {
  const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
  const request = application(await visit(k), product.id, offer, { residentId: '110105200505051233', employment: 'self_employed', incomeBand: '6k_10k' });
  return { request, view: data(await call(k, 'applyForCredit', request)).application };
}

describe('the challenger share', () => {
  it('is stable for a key and splits keys evenly', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `session-${i}/request-${i * 7}`);
    expect(keys.map((key) => inChallengerShare(key, 30))).toEqual(keys.map((key) => inChallengerShare(key, 30)));
    const share = keys.filter((key) => inChallengerShare(key, 30)).length / keys.length;
    expect(share).toBeGreaterThan(0.27);
    expect(share).toBeLessThan(0.33);
    expect(keys.every((key) => inChallengerShare(key, 100))).toBe(true);
    // A key in a smaller share stays in a larger one: raising the share only adds applications.
    expect(keys.filter((key) => inChallengerShare(key, 10)).every((key) => inChallengerShare(key, 30))).toBe(true);
  });
});

describe('a challenger in shadow', () => {
  it('is evaluated on the same input, recorded with the decision and sent to HQ, and changes nothing the shopper sees', async () => {
    const k = core();
    expect(publish(k, withChallenger(stricterModel(CHALLENGER, 720), 100))).toMatchObject({ ok: true, applied: true });
    const { view } = await apply(k);
    // The champion decided: approved, as without a challenger.
    expect(view.status).toBe('approved');
    const [sent] = decisions(k);
    expect(sent).toMatchObject({ outcome: 'approve', modelVersion: bundledModel().version });
    const challenger = ShadowDecision.parse(sent!.challenger);
    expect(challenger).toMatchObject({ modelVersion: CHALLENGER, outcome: 'decline', reasons: ['LOW_SCORE'] });
    const stored = k.db.prepare('SELECT challenger FROM credit_decisions WHERE application_id = ?').pluck().get(view.applicationId) as string;
    expect(JSON.parse(stored)).toEqual(challenger);
    // The shopper's answer carries no trace of the challenger.
    expect(JSON.stringify(view)).not.toContain(CHALLENGER);
  });

  it('is not evaluated outside its share, and a retry of the same request falls on the same side', async () => {
    const k = core();
    publish(k, withChallenger(stricterModel(CHALLENGER, 720), 50));
    const outcomes: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const { request } = await apply(k);
      const inShare = inChallengerShare(`${request.sessionId}/${request.requestId}`, 50);
      outcomes.push(inShare);
      expect(decisions(k).at(-1)!.challenger !== undefined).toBe(inShare);
    }
    // 12 random requests at 50 %: both sides happen (1 in 2,048 that they all fall on one).
    expect(new Set(outcomes).size).toBe(2);
  });

  it('that fails on an application is recorded as an error and the champion’s decision stands', async () => {
    const k = core();
    publish(k, withChallenger(stricterModel(CHALLENGER, 720, { broken: true }), 100));
    const { view } = await apply(k);
    expect(view.status).toBe('approved');
    expect(decisions(k)[0]!.challenger).toEqual({ modelVersion: CHALLENGER, outcome: 'error' });
  });

  it('that does not load refuses the whole publication: the models in use stay', async () => {
    const k = core();
    publish(k, withChallenger(stricterModel(CHALLENGER, 720), 100));
    const broken = withChallenger({ ...stricterModel('credit-2027.01-3', 720), graph: { nodes: [] } }, 100);
    expect(publish(k, { ...broken, version: 'credit-2027.01-2', manifest: { ...broken.manifest, version: 'credit-2027.01-2' } })).toMatchObject({ ok: false });
    await apply(k);
    expect(decisions(k)[0]).toMatchObject({ modelVersion: bundledModel().version, challenger: { modelVersion: CHALLENGER } });
  });

  it('promoted (published as the champion, with no challenger) decides, and nothing shadows any more', async () => {
    const k = core();
    publish(k, withChallenger(stricterModel(CHALLENGER, 720), 100));
    const { manifest, graph, version } = stricterModel(CHALLENGER, 720);
    expect(publish(k, { version, manifest, graph })).toMatchObject({ ok: true, applied: true });
    const { view } = await apply(k);
    expect(view).toMatchObject({ status: 'declined', reasons: ['LOW_SCORE'] });
    expect(decisions(k)[0]).toMatchObject({ modelVersion: CHALLENGER });
    expect(decisions(k)[0]).not.toHaveProperty('challenger');
  });

  it('the publication refuses a challenger of the champion’s own version or a share outside 1–100', () => {
    const k = core();
    const same = withChallenger(bundledModel(), 20);
    expect(publish(k, same)).toMatchObject({ ok: false });
    expect(publish(k, withChallenger(stricterModel(CHALLENGER, 720), 0))).toMatchObject({ ok: false });
    expect(publish(k, withChallenger(stricterModel(CHALLENGER, 720), 101))).toMatchObject({ ok: false });
  });
});
