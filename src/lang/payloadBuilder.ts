// Building the GraphPayload a cell shows (src/diagram/payload.ts): the target's
// ancestors, with values, gradients, tangents, source ranges, gate groups,
// edges with local derivatives, and the backward order for playback.
// Deterministic: the same program gives the identical JSON.

import { OPS, type NodeId } from '../engine';
import type { GateGroup, GraphEdge, GraphMode, GraphNode, GraphPayload, JsonScalar } from '../diagram/payload';
import { PAYLOAD_VERSION } from '../diagram/payload';
import { toSourceRange } from './span';
import type { KernelState } from './state';
import { jsonScalar, tensorToJson } from './values';

export interface PayloadRequest {
  target: NodeId;
  mode: GraphMode;
  seed?: NodeId;
  /** Labels for nodes named in the running cell but not committed yet. */
  nameOf: (id: NodeId) => string | undefined;
  /** Cell-level warnings (W_DOMAIN messages) to carry. */
  warnings: string[];
}

export function buildPayload(st: KernelState, req: PayloadRequest): GraphPayload {
  const g = st.graph;
  const all = g.ancestors(req.target);
  const kept = all.length <= st.limits.maxPayloadNodes ? all : nearest(st, req.target, st.limits.maxPayloadNodes);
  const idOf = new Map<NodeId, string>();
  kept.forEach((id, i) => idOf.set(id, `n${i}`));

  // Gradients and tangents are shown when the last sweep is about this picture.
  const showGrads = st.lastBackward !== undefined && st.lastBackward.target === req.target;
  const seed = st.forwardSeed;
  const showTangents = seed !== undefined && idOf.has(seed);

  const includedGroups = collectGroups(st, kept, idOf);
  const groupId = new Map<number, string>();
  [...includedGroups].sort((a, b) => a - b).forEach((gi, k) => groupId.set(gi, `g${k}`));

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const id of kept) {
    const op = g.op(id);
    const name = req.nameOf(id);
    const value = g.value(id);
    let symbol: string;
    if (op === 'leaf') symbol = name ?? 'input';
    else if (op === 'const') symbol = value.shape.length === 0 ? String(value.data[0]) : `const[${value.shape.join('×')}]`;
    else symbol = OPS[op].symbol;
    const node: GraphNode = {
      id: idOf.get(id)!,
      label: name ?? symbol,
      op,
      symbol,
      kind: op === 'leaf' ? 'input' : op === 'const' ? 'const' : 'gate',
      shape: [...value.shape],
      value: tensorToJson(value),
    };
    if (name !== undefined) node.name = name;
    const indices = g.attrs(id)?.indices;
    if (indices !== undefined) node.indices = [...indices];
    const columns = st.columnsOf.size > 0 ? st.columnsOf.get(id) : undefined;
    if (columns !== undefined) node.columns = [...columns];
    if (showGrads) {
      const gr = g.grad(id);
      if (gr !== undefined) node.grad = tensorToJson(gr);
    }
    if (showTangents) {
      const t = g.tangent(id);
      if (t !== undefined) node.tangent = tensorToJson(t);
    }
    const span = st.notes.span(id);
    if (span !== undefined) node.range = toSourceRange(span, st.notes.cell(id));
    const grp = innermostIncluded(st, id, includedGroups);
    if (grp !== undefined) node.group = groupId.get(grp);
    nodes.push(node);

    if (op === 'leaf' || op === 'const') continue;
    const inputs = g.inputs(id);
    const texts = OPS[op].derivative;
    for (let k = 0; k < inputs.length; k++) {
      const from = idOf.get(inputs[k]);
      if (from === undefined) continue;
      const localText = op === 'stack' ? stackText(k, inputs.length) : texts[k] ?? texts[0] ?? '';
      const edge: GraphEdge = { from, to: node.id, index: k, localText };
      const local = g.localDerivative(id, k);
      if (local !== undefined) edge.local = jsonScalar(local);
      edges.push(edge);
    }
  }

  const groups: GateGroup[] = [];
  for (const [gi, gid] of groupId) {
    const rec = st.notes.call(gi);
    const group: GateGroup = { id: gid, name: rec.name, output: idOf.get(rec.output)!, inputs: [] };
    if (rec.parent >= 0 && groupId.has(rec.parent)) group.parent = groupId.get(rec.parent);
    group.range = toSourceRange(rec.span, rec.cell);
    for (const input of rec.inputs) {
      const ref = idOf.get(input);
      if (ref !== undefined) group.inputs.push(ref);
    }
    const local = groupLocals(st, gi);
    if (local !== undefined) group.local = local;
    groups.push(group);
  }

  const backwardOrder: string[] = [];
  if (showGrads) {
    for (const id of st.lastBackward!.order) {
      const ref = idOf.get(id);
      if (ref !== undefined) backwardOrder.push(ref);
    }
  }

  const warnings = [...req.warnings];
  for (const w of g.warnings) {
    if (idOf.has(w.node)) warnings.push(`${req.nameOf(w.node) ?? idOf.get(w.node)}: ${w.message}`);
  }

  const payload: GraphPayload = {
    version: PAYLOAD_VERSION,
    mode: req.mode,
    target: idOf.get(req.target)!,
    nodes,
    edges,
    groups,
    backwardOrder,
    omitted: all.length - kept.length,
    warnings: [...new Set(warnings)],
  };
  const targetName = req.nameOf(req.target);
  if (targetName !== undefined) payload.targetName = targetName;
  if (req.seed !== undefined && idOf.has(req.seed)) payload.seed = idOf.get(req.seed);
  return payload;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

function subscript(k: number): string {
  return String(k).replace(/[0-9]/g, (d) => SUBSCRIPTS[Number(d)]);
}

/** A stack gate's edge k of n: the one derivative text, with the input's own index. */
function stackText(k: number, n: number): string {
  const all = n === 1 ? 'a₀' : n === 2 ? 'a₀, a₁' : `a₀, …, a${subscript(n - 1)}`;
  return `∂[${all}]/∂a${subscript(k)} = e${subscript(k)} (picks row ${k} of the gradient)`;
}

/** The `limit` ancestors nearest the target (breadth-first over inputs), ascending. */
function nearest(st: KernelState, target: NodeId, limit: number): NodeId[] {
  const g = st.graph;
  const seen = new Set<NodeId>([target]);
  const queue: NodeId[] = [target];
  for (let head = 0; head < queue.length && seen.size < limit; head++) {
    for (const input of g.inputs(queue[head])) {
      if (seen.has(input)) continue;
      seen.add(input);
      queue.push(input);
      if (seen.size >= limit) break;
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/** Gate calls worth drawing: they built their output inside the call and it is in the payload. */
function collectGroups(st: KernelState, kept: NodeId[], idOf: Map<NodeId, string>): Set<number> {
  const out = new Set<number>();
  const ok = (gi: number) => {
    const rec = st.notes.call(gi);
    return rec.output >= rec.start && rec.output < rec.end && idOf.has(rec.output);
  };
  for (const id of kept) {
    let gi = st.notes.callIndexOf(id);
    while (gi !== undefined && gi >= 0 && !out.has(gi)) {
      if (ok(gi)) out.add(gi);
      gi = st.notes.call(gi).parent;
    }
  }
  return out;
}

function innermostIncluded(st: KernelState, id: NodeId, included: Set<number>): number | undefined {
  let gi = st.notes.callIndexOf(id);
  while (gi !== undefined && gi >= 0) {
    if (included.has(gi)) return gi;
    gi = st.notes.call(gi).parent;
  }
  return undefined;
}

/**
 * ∂output/∂input for each argument of one gate call: a reverse sweep over the
 * nodes the call built, multiplying local derivatives along every path and
 * summing over paths. Only when everything inside is scalar.
 */
function groupLocals(st: KernelState, gi: number): JsonScalar[] | undefined {
  const g = st.graph;
  const rec = st.notes.call(gi);
  if (!g.isScalar(rec.output) || rec.inputs.some((i) => !g.isScalar(i))) return undefined;
  const adjoint = new Map<NodeId, number>([[rec.output, 1]]);
  for (let id = rec.output; id >= rec.start; id--) {
    const a = adjoint.get(id);
    if (a === undefined || a === 0) continue;
    const op = g.op(id);
    if (op === 'leaf' || op === 'const') continue;
    const inputs = g.inputs(id);
    for (let k = 0; k < inputs.length; k++) {
      const local = g.localDerivative(id, k);
      if (local === undefined) return undefined;
      adjoint.set(inputs[k], (adjoint.get(inputs[k]) ?? 0) + a * local);
    }
  }
  return rec.inputs.map((i) => jsonScalar(adjoint.get(i) ?? 0));
}
