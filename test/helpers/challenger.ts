/** A challenger decision model for the champion/challenger tests: the bundled model with a stricter score floor. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionModelDataset } from '../../electron/contract/datasets.ts';

const MODELS = join(import.meta.dirname, '..', '..', 'resources', 'decision-models');

/** A model as a publication carries it (the champion's part, or the challenger's). */
export interface ModelParts {
  version: string;
  manifest: Record<string, unknown>;
  graph: Record<string, unknown>;
}

/** The bundled model: its manifest and graph. */
export function bundledModel(): ModelParts {
  const manifest = JSON.parse(readFileSync(join(MODELS, 'credit.manifest.json'), 'utf8')) as Record<string, unknown> & { version: string; graph: string };
  const graph = JSON.parse(readFileSync(join(MODELS, manifest.graph), 'utf8')) as Record<string, unknown>;
  return { version: manifest.version, manifest, graph };
}

/**
 * The bundled model with its score floor raised to `floor` (560 in the bundle), as another version:
 * the same applicants, more of them declined for LOW_SCORE. `broken`: an expression that fails
 * on every evaluation (it loads; only its answers are wrong).
 */
export function stricterModel(version: string, floor: number, options: { broken?: boolean } = {}): ModelParts {
  const { manifest, graph } = bundledModel();
  let text = JSON.stringify(graph).replace('$.scorecard.score < 560', `$.scorecard.score < ${floor}`);
  if (!text.includes(`< ${floor}`)) throw new Error('the bundled model has no score floor of 560 to raise');
  // An outcome the contract does not know: the graph loads, and every answer is refused.
  if (options.broken) text = text.replace('"key":"outcome","value":"verdict.outcome"', '"key":"outcome","value":"\\"maybe\\""');
  return { version, manifest: { ...manifest, version }, graph: JSON.parse(text) as Record<string, unknown> };
}

/** A decision_models publication: the bundled champion, and this challenger on `sharePercent` of applications. */
export function withChallenger(challenger: ModelParts, sharePercent: number, champion: ModelParts = bundledModel()): DecisionModelDataset {
  return { version: champion.version, manifest: champion.manifest, graph: champion.graph, challenger: { ...challenger, sharePercent } };
}
