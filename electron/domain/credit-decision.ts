import type { DecisionInputWire, GraphOutput } from '../contract/credit-model.ts';
import type { CreditCheckResponse } from '../contract/sync.ts';

/**
 * What the schema cannot say: the rules the renderer and the contract builder rely on, checked on
 * every answer of the decision graph, at the kiosk and at HQ alike. A model that breaks one is
 * wrong, and guessing which half to believe could lend money nobody decided to. A shopper who is
 * declined or offered less is told why; a referral tells staff why; a signal routes to a person,
 * so an approval or a counter-offer cannot carry one.
 */
export function decisionInconsistency(out: GraphOutput, amountFen: number): string | null {
  if (new Set(out.reasons).size !== out.reasons.length) return `duplicate reasons ${out.reasons.join(', ')}`;
  if (new Set(out.signals).size !== out.signals.length) return `duplicate signals ${out.signals.join(', ')}`;
  if ((out.outcome === 'decline' || out.outcome === 'counter_offer') && out.reasons.length === 0) return `${out.outcome} without a reason`;
  if (out.outcome === 'refer' && out.signals.length === 0) return 'refer without a signal';
  if (out.outcome === 'approve' && out.reasons.length > 0) return `approve with reasons ${out.reasons.join(', ')}`;
  if ((out.outcome === 'approve' || out.outcome === 'counter_offer') && out.signals.length > 0) return `${out.outcome} with signals ${out.signals.join(', ')}`;
  if (out.outcome === 'counter_offer') {
    const max = out.maxFinancedFen;
    if (max == null || max >= amountFen) return `counter_offer must finance less than the ${amountFen} fen asked (got ${String(max)})`;
    if (max > out.limitFen) return `counter_offer of ${max} fen is above the limit of ${out.limitFen} fen`;
  } else if (out.maxFinancedFen != null) {
    return `maxFinancedFen is for counter_offer only (outcome ${out.outcome})`;
  }
  if (out.outcome === 'approve' && out.limitFen < amountFen) return `approve of ${amountFen} fen above the limit of ${out.limitFen} fen`;
  return null;
}

/**
 * The kiosk's local signals with HQ's cross-store ones added (the kiosk deciding online, HQ
 * deciding a pending application): the same fields the graph already has, now across stores, so
 * no rule changes meaning. HQ counts every other kiosk over the model's own windows, so a count
 * here is still "earlier applications within idWindowHours", and exposure is still "credit this
 * identity holds", as issue 8 item 3 asked once HQ exists.
 */
export function withCrossStore(input: DecisionInputWire, remote: Omit<CreditCheckResponse, 'serverTime'>): DecisionInputWire {
  return {
    ...input,
    fraud: {
      ...input.fraud,
      idBlocklisted: input.fraud.idBlocklisted || remote.idBlocklisted,
      phoneBlocklisted: input.fraud.phoneBlocklisted || remote.phoneBlocklisted,
      idApplications: input.fraud.idApplications + remote.idApplications,
      phoneApplications: input.fraud.phoneApplications + remote.phoneApplications,
    },
    exposure: {
      outstandingFen: input.exposure.outstandingFen + remote.exposure.outstandingFen,
      monthlyPaymentsFen: input.exposure.monthlyPaymentsFen + remote.exposure.monthlyPaymentsFen,
    },
  };
}

/**
 * Whether an application falls in a challenger's share: a stable hash (FNV-1a, 32 bits) of its
 * key, so the same application — a retry included — always falls on the same side, and shares
 * split applications evenly without any state to keep.
 */
export function inChallengerShare(key: string, sharePercent: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100 < sharePercent;
}
