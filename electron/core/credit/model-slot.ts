import { DecisionModelDataset } from '../../contract/datasets.ts';
import type { Dataset } from '../db/datasets.ts';
import type { DatasetDocuments } from '../db/documents.ts';
import type { Logger } from '../logger.ts';
import { decisionModelFromContent, type CheckedGraphs, type DecisionModel } from './decision-engine.ts';
import type { DecisionInput, DecisionResult } from './decision-types.ts';

/**
 * The decision model in use, replaceable while the kiosk runs (an HQ publication). A model being
 * evaluated when it is replaced is disposed once its evaluations finish, never under them.
 */
export class ModelSlot implements DecisionModel {
  private readonly running = new Map<DecisionModel, number>();
  private readonly retired = new Set<DecisionModel>();

  constructor(private current: DecisionModel) {}

  get version(): string {
    return this.current.version;
  }

  get velocity() {
    return this.current.velocity;
  }

  async evaluate(input: DecisionInput): Promise<DecisionResult> {
    const model = this.current;
    this.running.set(model, (this.running.get(model) ?? 0) + 1);
    try {
      return await model.evaluate(input);
    } finally {
      const left = (this.running.get(model) ?? 1) - 1;
      if (left > 0) this.running.set(model, left);
      else {
        this.running.delete(model);
        if (this.retired.delete(model)) model.dispose();
      }
    }
  }

  replace(next: DecisionModel): void {
    const old = this.current;
    if (old === next) return;
    this.current = next;
    if (this.running.has(old)) this.retired.add(old);
    else old.dispose();
  }

  dispose(): void {
    this.current.dispose();
    for (const model of this.retired) model.dispose();
    this.retired.clear();
  }
}

/** The decision model the kiosk starts with: HQ's last published one, else the bundled one. */
export function startingModel(documents: DatasetDocuments, bundled: () => DecisionModel, log: Logger, checked?: CheckedGraphs): DecisionModel {
  const stored = documents.get('decision_models');
  if (stored) {
    try {
      const data = DecisionModelDataset.parse(JSON.parse(stored.body));
      return decisionModelFromContent(data.manifest, data.graph, `published model ${data.version}`, checked);
    } catch (error) {
      // Checked when it was applied, so only an app update that tightened the checks gets here.
      log.error({ err: error, version: stored.version }, 'the published decision model no longer loads; using the bundled one');
    }
  }
  return bundled();
}

/**
 * The decision_models dataset: HQ's model replaces the one in use. It is loaded (and so checked
 * exactly as the bundled one) inside the registry's transaction: a model that fails is refused,
 * nothing is stored, and the model in use stays.
 */
export function decisionModelDataset(slot: ModelSlot, documents: DatasetDocuments, log: Logger, checked?: CheckedGraphs): Dataset<DecisionModelDataset> {
  let candidate: DecisionModel | undefined;
  return {
    name: 'decision_models',
    schema: DecisionModelDataset,
    apply(data, now) {
      candidate?.dispose();
      candidate = undefined;
      const loaded = decisionModelFromContent(data.manifest, data.graph, `published model ${data.version}`, checked);
      documents.put('decision_models', data.version, JSON.stringify(data), now);
      candidate = loaded;
    },
    invalidate(data) {
      if (!candidate) return;
      slot.replace(candidate);
      candidate = undefined;
      log.info({ version: data.version }, 'decision model replaced by HQ publication');
    },
  };
}
