import { DecisionModelDataset } from '../../contract/datasets.ts';
import type { Dataset } from '../db/datasets.ts';
import type { DatasetDocuments } from '../db/documents.ts';
import type { Logger } from '../logger.ts';
import type { ShadowDecision } from '../../contract/credit-model.ts';
import { inChallengerShare } from '../../domain/credit-decision.ts';
import { decisionModelFromContent, type CheckedGraphs, type DecisionModel } from './decision-engine.ts';
import type { DecisionInput, DecisionResult } from './decision-types.ts';

/** A challenger model and the share of applications it is evaluated on (in shadow). */
export interface Challenger {
  model: DecisionModel;
  sharePercent: number;
}

/** The models a publication (or the bundle) gives: the champion decides; a challenger only shadows. */
export interface Models {
  champion: DecisionModel;
  challenger: Challenger | null;
}

/**
 * The decision models in use, replaceable while the kiosk runs (an HQ publication). A model being
 * evaluated when it is replaced is disposed once its evaluations finish, never under them.
 */
export class ModelSlot implements DecisionModel {
  private readonly running = new Map<DecisionModel, number>();
  private readonly retired = new Set<DecisionModel>();
  private current: Models;

  constructor(models: Models, private readonly log?: Logger) {
    this.current = models;
  }

  get version(): string {
    return this.current.champion.version;
  }

  get velocity() {
    return this.current.champion.velocity;
  }

  /** The challenger's version and share, if one is published. */
  get challenger(): { version: string; sharePercent: number } | null {
    const c = this.current.challenger;
    return c && { version: c.model.version, sharePercent: c.sharePercent };
  }

  evaluate(input: DecisionInput): Promise<DecisionResult> {
    return this.using(this.current.champion, (model) => model.evaluate(input));
  }

  /**
   * The challenger's decision on the same input, when `key` falls in its share; null otherwise.
   * Never throws: a failing challenger is recorded as `error` and logged, and the champion's
   * decision stands. Callers run it beside the champion, so it adds no time to the answer.
   */
  async shadow(input: DecisionInput, key: string): Promise<ShadowDecision | null> {
    const challenger = this.current.challenger;
    if (!challenger || !inChallengerShare(key, challenger.sharePercent)) return null;
    const modelVersion = challenger.model.version;
    try {
      const { outcome, reasons, score, limitFen } = await this.using(challenger.model, (model) => model.evaluate(input));
      return { modelVersion, outcome, reasons, score, limitFen };
    } catch (error) {
      this.log?.warn({ err: error, modelVersion }, 'the challenger model failed on an application (in shadow; the champion decided)');
      return { modelVersion, outcome: 'error' };
    }
  }

  private async using<T>(model: DecisionModel, work: (model: DecisionModel) => Promise<T>): Promise<T> {
    this.running.set(model, (this.running.get(model) ?? 0) + 1);
    try {
      return await work(model);
    } finally {
      const left = (this.running.get(model) ?? 1) - 1;
      if (left > 0) this.running.set(model, left);
      else {
        this.running.delete(model);
        if (this.retired.delete(model)) model.dispose();
      }
    }
  }

  replace(next: Models): void {
    const old = this.current;
    this.current = next;
    const kept = new Set([next.champion, next.challenger?.model]);
    for (const model of [old.champion, old.challenger?.model]) {
      if (!model || kept.has(model)) continue;
      if (this.running.has(model)) this.retired.add(model);
      else model.dispose();
    }
  }

  dispose(): void {
    this.current.champion.dispose();
    this.current.challenger?.model.dispose();
    for (const model of this.retired) model.dispose();
    this.retired.clear();
  }
}

/** The decision models the kiosk starts with: HQ's last published ones, else the bundled one. */
export function startingModels(documents: DatasetDocuments, bundled: () => DecisionModel, log: Logger, checked?: CheckedGraphs): Models {
  const stored = documents.get('decision_models');
  if (stored) {
    try {
      return modelsOf(DecisionModelDataset.parse(JSON.parse(stored.body)), checked);
    } catch (error) {
      // Checked when it was applied, so only an app update that tightened the checks gets here.
      log.error({ err: error, version: stored.version }, 'the published decision model no longer loads; using the bundled one');
    }
  }
  return { champion: bundled(), challenger: null };
}

/** Loads (and so checks) a publication's champion and challenger; throws naming the problem, loading nothing. */
function modelsOf(data: DecisionModelDataset, checked?: CheckedGraphs): Models {
  const champion = decisionModelFromContent(data.manifest, data.graph, `published model ${data.version}`, checked);
  if (!data.challenger) return { champion, challenger: null };
  try {
    const { version, manifest, graph, sharePercent } = data.challenger;
    return { champion, challenger: { model: decisionModelFromContent(manifest, graph, `published challenger ${version}`, checked), sharePercent } };
  } catch (error) {
    champion.dispose();
    throw error;
  }
}

/**
 * The decision_models dataset: HQ's models replace the ones in use. They are loaded (and so checked
 * exactly as the bundled one) inside the registry's transaction: a publication whose champion or
 * challenger fails is refused, nothing is stored, and the models in use stay.
 */
export function decisionModelDataset(slot: ModelSlot, documents: DatasetDocuments, log: Logger, checked?: CheckedGraphs): Dataset<DecisionModelDataset> {
  let candidate: Models | undefined;
  const drop = () => {
    candidate?.champion.dispose();
    candidate?.challenger?.model.dispose();
    candidate = undefined;
  };
  return {
    name: 'decision_models',
    schema: DecisionModelDataset,
    apply(data, now) {
      drop();
      const loaded = modelsOf(data, checked);
      documents.put('decision_models', data.version, JSON.stringify(data), now);
      candidate = loaded;
    },
    invalidate(data) {
      if (!candidate) return;
      slot.replace(candidate);
      candidate = undefined;
      log.info({ version: data.version, challenger: data.challenger ? { version: data.challenger.version, sharePercent: data.challenger.sharePercent } : null }, 'decision models replaced by HQ publication');
    },
  };
}
