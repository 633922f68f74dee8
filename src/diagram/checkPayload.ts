// Whether a value read from an output or a file is a GraphPayload this
// version can read: one check for every reader (the renderer, the Markdown
// export, the command line), so a stale or foreign output gets a sentence
// instead of a crash, and optional lists are lists.
import type { GraphPayload } from './payload';

/**
 * Checks that an output's JSON is a GraphPayload this renderer can draw, so a
 * stale or foreign output gets a sentence instead of a crash.
 */
export function checkPayload(x: unknown): { ok: true; payload: GraphPayload } | { ok: false; message: string } {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return { ok: false, message: 'the output is not a JSON object' };
  const p = x as Partial<GraphPayload>;
  if (p.version !== 1) return { ok: false, message: `unsupported graph version ${JSON.stringify(p.version)} (this renderer reads version 1)` };
  if (!Array.isArray(p.nodes) || !Array.isArray(p.edges)) return { ok: false, message: 'the graph has no node or edge list' };
  for (const [i, n] of p.nodes.entries()) {
    if (typeof n !== 'object' || n === null || typeof n.id !== 'string' || typeof n.label !== 'string') {
      return { ok: false, message: `node ${i} has no id or label` };
    }
  }
  for (const [i, e] of p.edges.entries()) {
    if (typeof e !== 'object' || e === null || typeof e.from !== 'string' || typeof e.to !== 'string') {
      return { ok: false, message: `edge ${i} has no endpoints` };
    }
  }
  const payload: GraphPayload = {
    ...(p as GraphPayload),
    groups: Array.isArray(p.groups) ? p.groups : [],
    backwardOrder: Array.isArray(p.backwardOrder) ? p.backwardOrder.filter((s) => typeof s === 'string') : [],
    warnings: Array.isArray(p.warnings) ? p.warnings.map(String) : [],
    omitted: typeof p.omitted === 'number' && p.omitted > 0 ? p.omitted : 0,
    mode: p.mode === 'reverse' || p.mode === 'forward' || p.mode === 'check' || p.mode === 'show' ? p.mode : 'show',
    target: typeof p.target === 'string' ? p.target : '',
  };
  return { ok: true, payload };
}

