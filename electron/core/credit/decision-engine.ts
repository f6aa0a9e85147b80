import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateExpressionSync, evaluateUnaryExpressionSync, ZenEngine, type ZenDecision, type ZenEngineResponse, type ZenEngineTrace } from '@gorules/zen-engine';
import { z } from 'zod';
import { DecisionInputSchema, DecisionManifest, GraphOutput } from '../../contract/credit-model.ts';
import { decisionInconsistency } from '../../domain/credit-decision.ts';
import { isRecord, readableTrace } from '../../domain/decision-trace.ts';
import type { DecisionInput, DecisionResult, VelocityWindows } from './decision-types.ts';

/**
 * The credit decision model (DESIGN.md §5): a manifest naming a JDM graph, evaluated by
 * zen-engine. Everything that can be checked without an applicant is checked at load, so a bad
 * model stops the start (or an HQ model update) instead of failing the first shopper; what can
 * only be checked per decision (the graph's answer) is checked on every evaluation, and a bad
 * answer throws rather than being read as an approval.
 */

export const MANIFEST_FILE = 'credit.manifest.json';

const Manifest = DecisionManifest;
const Input = DecisionInputSchema;
export type { DecisionManifest };

/** One step of the stored trace: what the node added to the context, and which table rows matched. */
export interface DecisionTraceStep {
  output: unknown;
  rules?: string[];
}
/** Node name → step, in evaluation order. */
export type DecisionTrace = Record<string, DecisionTraceStep>;

export interface DecisionModel {
  readonly version: string;
  readonly velocity: VelocityWindows;
  evaluate(input: DecisionInput): Promise<DecisionResult>;
  /** Frees the native engine; evaluate throws afterwards. */
  dispose(): void;
}

/**
 * Graphs whose every expression already compiled in this app version (by hash of the graph):
 * compiling them all takes ~180 ms, at every start, for a graph that has not changed.
 */
export interface CheckedGraphs {
  has(hash: string): boolean;
  add(hash: string): void;
}

/** The bundled model: a manifest file and the graph file beside it. */
export function loadDecisionModel(dir: string, checked?: CheckedGraphs): DecisionModel {
  const manifestFile = join(dir, MANIFEST_FILE);
  const manifest = parseManifest(readJson(manifestFile, 'decision model manifest'), manifestFile);
  const graphFile = join(dir, manifest.graph);
  return buildModel(manifest, readJson(graphFile, `decision graph of ${manifest.version}`), graphFile, checked);
}

/**
 * A model from content (an HQ publication: the manifest and the graph it names, inline), checked
 * exactly as a bundled one; throws naming the problem, and the caller keeps the model it has.
 */
export function decisionModelFromContent(manifest: unknown, graph: unknown, source: string, checked?: CheckedGraphs): DecisionModel {
  const parsed = parseManifest(manifest, `${source} manifest`);
  return buildModel(parsed, graph, `${source} graph ${parsed.graph}`, checked);
}

function parseManifest(json: unknown, where: string): DecisionManifest {
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) throw new Error(`Invalid decision model manifest ${where}: ${issues(parsed.error)}`);
  return parsed.data;
}

function buildModel(manifest: DecisionManifest, graph: unknown, graphFile: string, checked?: CheckedGraphs): DecisionModel {
  const fail = (why: string): never => {
    throw new Error(`Invalid decision graph ${graphFile} (${manifest.version}): ${why}`);
  };
  const hash = createHash('sha256').update(JSON.stringify(graph)).digest('hex');
  const nodes = checkGraph(graph, fail, checked?.has(hash) ?? false);

  const engine = new ZenEngine();
  let decision: ZenDecision;
  try {
    decision = engine.createDecision(graph as object);
    decision.validate();
  } catch (error) {
    engine.dispose();
    return fail(zenMessage(error));
  }
  checked?.add(hash);

  const version = manifest.version;
  const edgeNodes = new Set(nodes.filter((n) => n.type === 'inputNode' || n.type === 'outputNode').map((n) => n.id));
  let disposed = false;

  return {
    version,
    velocity: { ...manifest.velocity },
    async evaluate(input: DecisionInput): Promise<DecisionResult> {
      if (disposed) throw new Error(`Decision model ${version} was disposed`);
      const checked = Input.safeParse(input);
      if (!checked.success) throw new Error(`Decision model ${version}: invalid input: ${issues(checked.error)}`);
      let response: ZenEngineResponse;
      try {
        // As one JSON string the trace crosses from Rust in a third less time than as JS objects.
        response = await decision.evaluate(checked.data, { trace: 'string' });
      } catch (error) {
        throw new Error(`Decision model ${version} failed to evaluate: ${zenMessage(error)}`, { cause: error });
      }
      const output = GraphOutput.safeParse(response.result);
      if (!output.success) throw new Error(`Decision model ${version} returned an invalid decision: ${issues(output.error)}`);
      const broken = decisionInconsistency(output.data, checked.data.application.amountFen);
      if (broken) throw new Error(`Decision model ${version} returned an inconsistent decision: ${broken}`);
      const { outcome, reasons, signals, score, limitFen, maxFinancedFen } = output.data;
      return {
        outcome,
        reasons,
        signals,
        score,
        limitFen,
        maxFinancedFen: maxFinancedFen ?? null,
        modelVersion: version,
        trace: compactTrace(parseTrace(response.trace), edgeNodes),
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      engine.dispose();
    },
  };
}

interface GraphNode {
  id: string;
  name: string;
  type: string;
  content: unknown;
}

const JdmGraph = z.object({
  nodes: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), type: z.string(), content: z.unknown() })).min(2),
  edges: z.array(z.object({ sourceId: z.string(), targetId: z.string() })),
});

/**
 * Checks what zen's validate() leaves to evaluation time: unique node names (the trace is keyed
 * by them) and expression syntax. A typo in one cell would otherwise surface as an error on every
 * application that reaches that node, possibly days after the model shipped.
 */
function checkGraph(graph: unknown, fail: (why: string) => never, compiledBefore: boolean): GraphNode[] {
  const parsed = JdmGraph.safeParse(graph);
  if (!parsed.success) return fail(issues(parsed.error));
  const { nodes, edges } = parsed.data;
  const ids = new Set(nodes.map((n) => n.id));
  const names = new Set<string>();
  for (const node of nodes) {
    if (names.has(node.name)) fail(`two nodes are named "${node.name}"`);
    names.add(node.name);
  }
  for (const edge of edges) {
    if (!ids.has(edge.sourceId) || !ids.has(edge.targetId)) fail(`edge ${edge.sourceId} → ${edge.targetId} names a missing node`);
  }
  if (nodes.filter((n) => n.type === 'inputNode').length !== 1) fail('expected exactly one inputNode');
  if (!nodes.some((n) => n.type === 'outputNode')) fail('no outputNode');
  for (const node of nodes) {
    const sources = expressionsOf(node, fail);
    if (compiledBefore) continue;
    for (const { where, source, unary } of sources) {
      const error = syntaxError(source, unary);
      if (error) fail(`node "${node.name}", ${where}: ${error} in ${JSON.stringify(source)}`);
    }
  }
  return nodes;
}

const Expressions = z.object({ expressions: z.array(z.object({ key: z.string(), value: z.string() })) });
const Table = z.object({
  inputs: z.array(z.object({ id: z.string(), field: z.string().nullish() })),
  outputs: z.array(z.object({ id: z.string() })),
  rules: z.array(z.record(z.string(), z.unknown())),
});
const Switch = z.object({ statements: z.array(z.object({ condition: z.string().nullish() })) });

interface Source {
  where: string;
  source: string;
  /** A table cell under a column with a field: a unary test against that field. */
  unary: boolean;
}

function expressionsOf(node: GraphNode, fail: (why: string) => never): Source[] {
  const malformed = (error: z.ZodError) => fail(`node "${node.name}" is not a well-formed ${node.type}: ${issues(error)}`);
  if (node.type === 'expressionNode') {
    const content = Expressions.safeParse(node.content);
    if (!content.success) return malformed(content.error);
    return content.data.expressions.map((e) => ({ where: `expression ${e.key}`, source: e.value, unary: false }));
  }
  if (node.type === 'decisionTableNode') {
    const content = Table.safeParse(node.content);
    if (!content.success) return malformed(content.error);
    const { inputs, outputs, rules } = content.data;
    const found: Source[] = inputs.flatMap((c) => (c.field ? [{ where: `input column ${c.id}`, source: c.field, unary: false }] : []));
    rules.forEach((rule, i) => {
      const cell = (id: string) => {
        const value = rule[id];
        return typeof value === 'string' ? value.trim() : '';
      };
      for (const c of inputs) {
        const source = cell(c.id);
        if (source) found.push({ where: `row ${i + 1}, column ${c.id}`, source, unary: Boolean(c.field) });
      }
      for (const c of outputs) {
        const source = cell(c.id);
        if (source) found.push({ where: `row ${i + 1}, output ${c.id}`, source, unary: false });
      }
    });
    return found;
  }
  if (node.type === 'switchNode') {
    const content = Switch.safeParse(node.content);
    if (!content.success) return malformed(content.error);
    return content.data.statements.flatMap((s, i) => (s.condition?.trim() ? [{ where: `statement ${i + 1}`, source: s.condition, unary: false }] : []));
  }
  return [];
}

const SYNTAX = new Set(['lexerError', 'parserError', 'compilerError']);

/**
 * Compiles by evaluating against an empty context: runtime errors (null arithmetic, a missing `$`)
 * are expected and ignored, only the compile stages count. A table cell in a column with a field
 * is a unary test, but zen also accepts a full expression there, so it fails only if both fail.
 */
function syntaxError(source: string, unary: boolean): string | null {
  const attempt = (run: () => unknown): string | null => {
    try {
      run();
      return null;
    } catch (error) {
      const message = zenMessage(error);
      const type = /"type":"(\w+)"/.exec(message)?.[1];
      return type !== undefined && SYNTAX.has(type) ? message : null;
    }
  };
  const asExpression = attempt(() => evaluateExpressionSync(source, {}));
  if (!unary || asExpression === null) return asExpression;
  return attempt(() => evaluateUnaryExpressionSync(source, { $: null })) === null ? null : asExpression;
}

/** The readable trace, keyed by node name (names are unique: checkGraph) as it is stored. */
function compactTrace(trace: Record<string, ZenEngineTrace>, edgeNodes: Set<string>): DecisionTrace {
  const compact: DecisionTrace = {};
  for (const { node, ...step } of readableTrace(trace, edgeNodes)) compact[node] = step;
  return compact;
}

/** zen types the trace as objects whatever the mode; in 'string' mode it is a JSON string. */
function parseTrace(trace: unknown): Record<string, ZenEngineTrace> {
  const value: unknown = typeof trace === 'string' ? JSON.parse(trace) : trace;
  return isRecord(value) ? (value as Record<string, ZenEngineTrace>) : {};
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${what} ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** zen's errors carry a JSON summary on the first line and a native backtrace after it. */
function zenMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() ?? text;
}
