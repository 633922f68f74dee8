// Forward mode (JVP): one ascending sweep from the seed. A node gets a tangent
// ∂node/∂seed when one of its inputs has one: ṫ = ∂node/∂a·ṫa + ∂node/∂b·ṫb
// for scalar nodes, by their op's scalar rule; tensor nodes go through their
// op's forward rule.

import { RULE_BY_CODE, SPEC_BY_CODE } from './codes';
import { Code, Flag, type NodeId, type Tape } from './tape';
import { Tensor, sizeOf } from './tensor';

/**
 * Clear the last forward's tangents, give `seed` the tangent `direction`
 * (default: ones, i.e. dseed = 1) and sweep ids seed+1 … end−1. `end` (default:
 * the whole tape) lets a sweep be repeated exactly as it was, over the nodes
 * that existed then. Returns how many nodes got a tangent, the seed included.
 */
export function forwardSweep(t: Tape, seed: NodeId, direction: Tensor | undefined, end: number): number {
  if (t.tmark.length < t.cap) t.growTangents(t.cap);
  const { meta, inA, inB, val, tng, tmark } = t;
  clearForward(t);
  tmark[seed] = 1;
  if (meta[seed] & Flag.TENSOR) t.ttans.set(seed, direction ? direction.data.slice() : new Float64Array(sizeOf(t.value(seed).shape)).fill(1));
  else tng[seed] = direction ? direction.data[0] : 1;
  let reached = 1;
  for (let id = seed + 1; id < end; id++) {
    const m = meta[id];
    if ((m & Code.MASK) < Code.FIRST_OP) continue;
    if ((m & Flag.SCALAR_PATH) === 0) {
      reached += tensorStep(t, id);
      continue;
    }
    const a = inA[id];
    const b = inB[id];
    const ma = tmark[a];
    const mb = b === Code.NO_INPUT ? 0 : tmark[b];
    if ((ma | mb) === 0) continue;
    const rule = RULE_BY_CODE[m & Code.MASK]!;
    const va = val[a];
    const vb = b === Code.NO_INPUT ? 0 : val[b];
    let s = 0;
    if (ma) s += rule.d0(va, vb, val[id]) * tng[a];
    if (mb) s += rule.d1(va, vb, val[id]) * tng[b];
    tng[id] = s;
    tmark[id] = 1;
    reached++;
  }
  return reached;
}

/** Forget every tangent. */
export function clearForward(t: Tape): void {
  t.tmark.fill(0, 0, Math.min(t.n, t.tmark.length));
  t.ttans.clear();
}

/** One node's tangent through its op's forward rule; 1 if it got one, else 0. */
function tensorStep(t: Tape, id: NodeId): number {
  const ins = t.inputs(id);
  if (!ins.some((i) => t.tmark[i] !== 0)) return 0;
  // Views, not copies: a vector indexed n times must not be copied n times.
  const tangents = ins.map((i): Tensor | undefined => {
    if (t.tmark[i] === 0) return undefined;
    return t.meta[i] & Flag.TENSOR ? new Tensor(t.value(i).shape, t.ttans.get(i)!) : Tensor.scalar(t.tng[i]);
  });
  const out = SPEC_BY_CODE[t.meta[id] & Code.MASK]!.jvp(tangents, ins.map((i) => t.value(i)), t.value(id), t.attrsOf.get(id));
  t.tmark[id] = 1;
  if (t.meta[id] & Flag.TENSOR) t.ttans.set(id, out.data);
  else t.tng[id] = out.data[0];
  return 1;
}

/**
 * ∂node/∂input at the current values, when both are scalars (the number on
 * an edge of the drawn graph); undefined otherwise. For `x*x` both inputs are
 * x and each edge's local derivative is x.
 */
export function localDerivative(t: Tape, id: NodeId, inputIndex: number): number | undefined {
  const ins = t.inputs(id);
  if (inputIndex < 0 || inputIndex >= ins.length) return undefined;
  if ((t.meta[id] & Flag.TENSOR) || (t.meta[ins[inputIndex]] & Flag.TENSOR)) return undefined;
  if (t.meta[id] & Flag.SCALAR_PATH) {
    const rule = RULE_BY_CODE[t.meta[id] & Code.MASK]!;
    const va = t.val[t.inA[id]];
    const vb = t.inB[id] === Code.NO_INPUT ? 0 : t.val[t.inB[id]];
    return inputIndex === 0 ? rule.d0(va, vb, t.val[id]) : rule.d1(va, vb, t.val[id]);
  }
  // Any other op: its forward rule with a unit tangent on that input alone.
  const values = ins.map((i) => t.value(i));
  const tangents = ins.map((_, k) => (k === inputIndex ? Tensor.scalar(1) : undefined));
  return SPEC_BY_CODE[t.meta[id] & Code.MASK]!.jvp(tangents, values, t.value(id), t.attrsOf.get(id)).data[0];
}
