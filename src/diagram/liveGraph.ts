// Live inputs (spec §3): the graph a cell drew, evaluated again at new values
// of its scalar leaves, without the kernel. The payload carries everything the
// engine needs (ops, ordered inputs, leaf and constant values, index attrs), so
// the renderer can rebuild the engine graph, sweep it, and paint the numbers in
// place. Pure: no DOM, no VS Code; the renderer calls it on every slider step.
//
// Only the latest value is ever computed: the caller coalesces a drag to one
// call per animation frame. One call rebuilds the graph and sweeps it (a few
// microseconds for the lecture's graphs, well under a millisecond at 150
// nodes). `evaluateGraph` is the one place to switch to the engine's re-run
// of a recorded graph once it exists.

import { Graph, isOpName, Tensor, type NodeId, type OpName } from '../engine';
import type { GateGroup, GraphEdge, GraphNode, GraphPayload, JsonScalar, JsonTensor } from './payload';

/** A payload that cannot be evaluated again (see notLiveReason). */
export class NotLiveError extends Error {
  override readonly name = 'NotLiveError';
}

/** A scalar leaf the person can change: the node, the name the slider carries, its value in the payload. */
export interface LiveInput {
  id: string;
  name: string;
  value: number;
  node: GraphNode;
}

/**
 * Why a payload cannot be evaluated again, or undefined when it can: a cut
 * graph lacks inputs of its kept nodes, and an op this engine does not know
 * (a payload from another version) cannot be re-run.
 */
export function notLiveReason(p: GraphPayload): string | undefined {
  if (p.omitted > 0) return 'the graph is cut to the nodes nearest the target';
  for (const n of p.nodes) {
    if (n.op !== 'leaf' && n.op !== 'const' && !isOpName(n.op)) return `unknown operation '${n.op}'`;
    if (n.op === 'index' && n.indices === undefined) return 'an index gate without its indices (an older output)';
  }
  return undefined;
}

/** The scalar leaves with a finite value, in payload order; none when the graph cannot be evaluated again. */
export function liveInputs(p: GraphPayload): LiveInput[] {
  if (notLiveReason(p) !== undefined) return [];
  const out: LiveInput[] = [];
  for (const n of p.nodes) {
    if (n.op !== 'leaf' || n.shape.length !== 0 || typeof n.value !== 'number') continue;
    out.push({ id: n.id, name: n.name ?? n.label, value: n.value, node: n });
  }
  return out;
}

/**
 * The payload as it would be with some scalar leaves set to new values
 * (payload node id → number): values, gradients (when the payload shows a
 * backward sweep of its target), tangents (when it shows a forward sweep), the
 * edges' local derivatives, the collapsed gates' local derivatives and the
 * domain warnings. Everything else (ids, labels, ranges, the playback order)
 * is the payload's own, so a drawing of it has the same shape.
 * Throws a NotLiveError when the payload cannot be evaluated again (see notLiveReason).
 */
export function evaluateGraph(p: GraphPayload, values: Readonly<Record<string, number>>): GraphPayload {
  const reason = notLiveReason(p);
  if (reason !== undefined) throw new NotLiveError(`this graph cannot be evaluated again: ${reason}`);
  const g = new Graph();
  const idOf = new Map<string, NodeId>();
  const inputsOf = new Map<string, string[]>();
  for (const e of p.edges) {
    const list = inputsOf.get(e.to) ?? [];
    list[e.index] = e.from;
    inputsOf.set(e.to, list);
  }
  for (const n of p.nodes) {
    let id: NodeId;
    if (n.op === 'leaf' || n.op === 'const') {
      const v = n.op === 'leaf' && values[n.id] !== undefined && n.shape.length === 0 ? values[n.id] : undefined;
      const t = v !== undefined ? v : tensorFromJson(n.value, n.shape);
      id = n.op === 'leaf' ? g.leaf(t) : g.constant(t);
    } else {
      const ins = (inputsOf.get(n.id) ?? []).map((from) => idOf.get(from));
      if (ins.some((i) => i === undefined)) throw new NotLiveError(`node ${n.id} has an input outside the graph`);
      id = g.apply(n.op as OpName, ins as NodeId[], n.indices ? { indices: n.indices } : undefined);
    }
    idOf.set(n.id, id);
  }
  const target = idOf.get(p.target);
  const wantsGrads = target !== undefined && p.nodes.some((n) => n.grad !== undefined);
  if (wantsGrads) g.backward(target);
  const seed = p.seed ?? p.nodes.find((n) => n.tangent !== undefined)?.id;
  const seedId = seed === undefined ? undefined : idOf.get(seed);
  if (seedId !== undefined && p.nodes.some((n) => n.tangent !== undefined)) g.forward(seedId);

  const nodes: GraphNode[] = p.nodes.map((n) => {
    const id = idOf.get(n.id)!;
    const out: GraphNode = { ...n, value: tensorToJson(g.value(id)) };
    delete out.grad;
    delete out.tangent;
    if (wantsGrads) {
      const gr = g.grad(id);
      if (gr !== undefined) out.grad = tensorToJson(gr);
    }
    if (seedId !== undefined) {
      const t = g.tangent(id);
      if (t !== undefined) out.tangent = tensorToJson(t);
    }
    return out;
  });
  const edges: GraphEdge[] = p.edges.map((e) => {
    const out: GraphEdge = { ...e };
    delete out.local;
    const local = g.localDerivative(idOf.get(e.to)!, e.index);
    if (local !== undefined) out.local = jsonScalar(local);
    return out;
  });
  const groups: GateGroup[] = p.groups.map((gr) => {
    const out: GateGroup = { ...gr };
    delete out.local;
    const local = groupLocals(p, g, idOf, gr);
    if (local !== undefined) out.local = local;
    return out;
  });
  const labelOf = new Map<NodeId, string>();
  for (const n of p.nodes) labelOf.set(idOf.get(n.id)!, n.name ?? n.id);
  const warnings = [...new Set(g.warnings.map((w) => `${labelOf.get(w.node) ?? 'a node'}: ${w.message}`))];
  return { ...p, nodes, edges, groups, warnings };
}

/**
 * ∂output/∂input of one gate call at the new values, as the payload builder
 * computes it: a reverse walk over the nodes built inside the call (those
 * whose group, or an enclosing group of it, is this one), multiplying local
 * derivatives; undefined unless everything inside is scalar.
 */
function groupLocals(p: GraphPayload, g: Graph, idOf: Map<string, NodeId>, group: GateGroup): JsonScalar[] | undefined {
  const output = idOf.get(group.output);
  if (output === undefined || !g.isScalar(output)) return undefined;
  if (group.inputs.some((i) => !g.isScalar(idOf.get(i)!))) return undefined;
  const parent = new Map(p.groups.map((x) => [x.id, x.parent]));
  const inside = (gid: string | undefined): boolean => {
    for (let at = gid; at !== undefined; at = parent.get(at)) if (at === group.id) return true;
    return false;
  };
  const adjoint = new Map<NodeId, number>([[output, 1]]);
  for (let i = p.nodes.length - 1; i >= 0; i--) {
    const n = p.nodes[i];
    const id = idOf.get(n.id)!;
    if (id > output || !inside(n.group)) continue;
    const a = adjoint.get(id);
    if (a === undefined || a === 0 || n.op === 'leaf' || n.op === 'const') continue;
    const ins = g.inputs(id);
    for (let k = 0; k < ins.length; k++) {
      const local = g.localDerivative(id, k);
      if (local === undefined) return undefined;
      adjoint.set(ins[k], (adjoint.get(ins[k]) ?? 0) + a * local);
    }
  }
  return group.inputs.map((i) => jsonScalar(adjoint.get(idOf.get(i)!) ?? 0));
}

/**
 * Whether two payloads draw the same picture up to their numbers: the same
 * nodes (ids, labels, ops, shapes, groups) and the same edges, so a drawing of
 * one can be repainted with the other's numbers (a re-run cell with new values).
 */
export function sameShape(a: GraphPayload, b: GraphPayload): boolean {
  if (a.mode !== b.mode || a.target !== b.target || a.seed !== b.seed || a.omitted !== b.omitted) return false;
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length || a.groups.length !== b.groups.length) return false;
  if (a.backwardOrder.join() !== b.backwardOrder.join()) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x.id !== y.id || x.label !== y.label || x.op !== y.op || x.symbol !== y.symbol || x.kind !== y.kind || x.group !== y.group) return false;
    if (x.shape.join() !== y.shape.join()) return false;
    if ((x.grad === undefined) !== (y.grad === undefined) || (x.tangent === undefined) !== (y.tangent === undefined)) return false;
  }
  for (let i = 0; i < a.edges.length; i++) {
    const x = a.edges[i];
    const y = b.edges[i];
    if (x.from !== y.from || x.to !== y.to || x.index !== y.index || (x.local === undefined) !== (y.local === undefined)) return false;
  }
  for (let i = 0; i < a.groups.length; i++) {
    const x = a.groups[i];
    const y = b.groups[i];
    if (x.id !== y.id || x.name !== y.name || x.output !== y.output || x.inputs.join() !== y.inputs.join()) return false;
  }
  return true;
}

function jsonScalar(x: number): JsonScalar {
  if (Number.isFinite(x)) return Object.is(x, -0) ? 0 : x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** Row-major data as nested arrays, NumPy's nesting (what the payload builder writes). */
function tensorToJson(t: Tensor): JsonTensor {
  if (t.shape.length === 0) return jsonScalar(t.data[0]);
  let offset = 0;
  const build = (axis: number): JsonTensor[] => {
    const out: JsonTensor[] = new Array(t.shape[axis]);
    for (let i = 0; i < out.length; i++) out[i] = axis === t.shape.length - 1 ? jsonScalar(t.data[offset++]) : build(axis + 1);
    return out;
  };
  return build(0);
}

function scalarFromJson(v: JsonTensor): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  throw new NotLiveError('a scalar node holds an array');
}

function tensorFromJson(v: JsonTensor, shape: readonly number[]): number | Tensor {
  if (shape.length === 0) return scalarFromJson(v);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let k = 0;
  const walk = (x: JsonTensor): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else data[k++] = scalarFromJson(x);
  };
  walk(v);
  if (k !== size) throw new NotLiveError(`a tensor of shape [${shape.join(', ')}] holds ${k} numbers`);
  return new Tensor(shape, data);
}
