/**
 * A zen-engine trace made readable (the kiosk stores it with each decision; HQ shows it to the
 * credit team): the nodes in the order they ran, each with what it added to the context (zen
 * repeats the whole context at every pass-through node) and the rows a decision table matched.
 * The input and output nodes only echo the request and the result, stored beside the trace.
 */

/** One node of zen's trace, as far as this reads it (zen's own type says more). */
export interface ZenTraceStep {
  id: string;
  name: string;
  order: number;
  input: unknown;
  output: unknown;
  traceData?: unknown;
}

export interface ReadableStep {
  node: string;
  output: unknown;
  /** The rules a decision table matched, by `_id`; absent for a node that is not a table. */
  rules?: string[];
}

export function readableTrace(trace: Record<string, ZenTraceStep>, edgeNodes: ReadonlySet<string>): ReadableStep[] {
  return Object.values(trace)
    .filter((step) => !edgeNodes.has(step.id))
    .sort((a, b) => a.order - b.order)
    .map((step) => {
      const rules = matchedRules(step.traceData);
      return { node: step.name, output: added(step.input, step.output) ?? null, ...(rules ? { rules } : {}) };
    });
}

function added(before: unknown, after: unknown): unknown {
  if (isRecord(before) && isRecord(after)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(after)) {
      const diff = key in before ? added(before[key], value) : value;
      if (diff !== undefined) out[key] = diff;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (before === after) return undefined;
  const structured = typeof before === 'object' && typeof after === 'object' && before !== null && after !== null;
  return structured && JSON.stringify(before) === JSON.stringify(after) ? undefined : after;
}

/** A decision table traces its matched row (first hit) or rows (collect), each with the rule's _id. */
function matchedRules(traceData: unknown): string[] | undefined {
  const hits = Array.isArray(traceData) ? traceData : isRecord(traceData) && 'rule' in traceData ? [traceData] : null;
  if (!hits) return undefined;
  return hits.flatMap((hit) => (isRecord(hit) && isRecord(hit.rule) && typeof hit.rule._id === 'string' ? [hit.rule._id] : []));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
