import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import { DecisionInputSchema, DecisionManifest, GraphOutput, type DecisionInputWire } from '../../electron/contract/credit-model.ts';
import { DecisionModelDataset } from '../../electron/contract/datasets.ts';
import { decisionInconsistency } from '../../electron/domain/credit-decision.ts';
import type { Queryable } from '../db/database.ts';

/** A decision model as HQ holds it: what a `decision_models` publication carries (manifest + graph inline). */
export interface ModelContent {
  manifest: unknown;
  graph: unknown;
}

export interface HqDecision extends GraphOutput {
  modelVersion: string;
}

/** One loaded graph, checked as the kiosk checks it: the strict input, the answer's schema and consistency. */
export class HqModel {
  readonly version: string;
  readonly velocity: DecisionManifest['velocity'];
  private readonly engine = new ZenEngine();
  private readonly decision: ZenDecision;

  constructor(content: ModelContent) {
    const manifest = DecisionManifest.parse(content.manifest);
    this.version = manifest.version;
    this.velocity = manifest.velocity;
    try {
      this.decision = this.engine.createDecision(content.graph as object);
      this.decision.validate();
    } catch (error) {
      this.engine.dispose();
      throw new Error(`decision model ${manifest.version}: zen-engine cannot load its graph: ${(error as Error).message ?? String(error)}`, { cause: error });
    }
  }

  async evaluate(input: DecisionInputWire): Promise<HqDecision> {
    const checked = DecisionInputSchema.parse(input);
    const response = await this.decision.evaluate(checked);
    const output = GraphOutput.parse(response.result);
    const broken = decisionInconsistency(output, checked.application.amountFen);
    if (broken) throw new Error(`decision model ${this.version} returned an inconsistent decision: ${broken}`);
    return { ...output, maxFinancedFen: output.maxFinancedFen ?? null, modelVersion: this.version };
  }

  dispose(): void {
    this.engine.dispose();
  }
}

/**
 * The model HQ decides with: the newest `decision_models` publication for the kiosk's store (what
 * that kiosk runs once it pulls), else the bundled default HQ was started with. Loaded models are
 * kept by publication id; a publication that does not load is skipped for the bundled one.
 */
export class HqModels {
  private readonly loaded = new Map<string, HqModel>();
  private fallback: HqModel | null | undefined;

  constructor(private readonly bundled: ModelContent | undefined) {}

  async forStore(q: Queryable, storeId: string): Promise<HqModel | null> {
    const [row] = await q.query<{ id: number; body: string }>(
      "SELECT id, body FROM publications WHERE dataset = 'decision_models' AND scope IN ('all', $1) ORDER BY id DESC LIMIT 1",
      [storeId],
    );
    if (row) {
      const key = `publication:${row.id}`;
      const cached = this.loaded.get(key);
      if (cached) return cached;
      try {
        const data = DecisionModelDataset.parse(JSON.parse(row.body));
        const model = new HqModel({ manifest: data.manifest, graph: data.graph });
        this.loaded.set(key, model);
        return model;
      } catch {
        // Publishing checked it; only a stricter HQ gets here. The bundled model decides meanwhile.
      }
    }
    if (this.fallback === undefined) this.fallback = this.bundled ? new HqModel(this.bundled) : null;
    return this.fallback;
  }

  dispose(): void {
    for (const model of this.loaded.values()) model.dispose();
    this.loaded.clear();
    this.fallback?.dispose();
    this.fallback = undefined;
  }
}

/**
 * The bundled model from a folder laid out as the kiosk's resources/decision-models: the manifest
 * and the graph it names. Checked when first used, exactly as a published one.
 */
export function readBundledModel(dir: string): ModelContent {
  const manifest = JSON.parse(readFileSync(join(dir, 'credit.manifest.json'), 'utf8')) as unknown;
  const parsed = DecisionManifest.parse(manifest);
  return { manifest, graph: JSON.parse(readFileSync(join(dir, parsed.graph), 'utf8')) as unknown };
}
