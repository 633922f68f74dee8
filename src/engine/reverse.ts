// Reverse mode: one descending sweep over the tape.
//
// A node is handled only if a consumer already marked it REACHED (inputs
// always have smaller ids, so every consumer comes first): the sweep finds
// what the target depends on and accumulates gradients in the same pass.
// Gradients add (+=), so a value used twice gets the sum (x·x gives 2x).
// Tensor nodes, and scalar results of tensor ops (sum, dot …), go through
// their op's reverse rule (VJP).

import { CODE, RULE_BY_CODE, SPEC_BY_CODE } from './codes';
import { OPS } from './ops';
import { Code, Flag, type NodeId, type Tape } from './tape';
import { Tensor } from './tensor';

/** Clear the reach marks and tensor gradients of the last backward (none before the first: lastTarget < 0). */
export function clearReverse(t: Tape, lastTarget: NodeId): void {
  if (lastTarget < 0) return;
  const meta = t.meta;
  for (let i = 0; i < t.n; i++) meta[i] &= ~Flag.REACHED;
  t.tgrads.clear();
}

/**
 * Zero the gradients up to the target, seed ∂target/∂target = 1 and sweep
 * down. Fills `order` (when given) with the nodes in the order handled,
 * target first, and returns how many were handled. The caller has cleared the
 * last sweep's marks (clearReverse).
 */
export function reverseSweep(t: Tape, target: NodeId, order: NodeId[] | null): number {
  const fresh = t.grd.length < t.n;
  const grd = t.gradients();
  if (!fresh) grd.fill(0, 0, target + 1);
  const { meta, inA, inB, val } = t;
  meta[target] |= Flag.REACHED;
  grd[target] = 1;
  // Nothing below a target built from constants alone wants a gradient.
  if ((meta[target] & Flag.NEEDS_GRAD) === 0) {
    if (order !== null) order[0] = target;
    return 1;
  }
  let visited = 0;
  for (let id = target; id >= 0; id--) {
    const m = meta[id];
    // The common case in one test: reached, wants a gradient, has a scalar rule.
    if ((m & (Flag.REACHED | Flag.NEEDS_GRAD | Flag.SCALAR_PATH)) !== (Flag.REACHED | Flag.NEEDS_GRAD | Flag.SCALAR_PATH)) {
      if ((m & (Flag.REACHED | Flag.NEEDS_GRAD)) !== (Flag.REACHED | Flag.NEEDS_GRAD)) continue;
      if (order !== null) order[visited] = id;
      visited++;
      if ((m & Code.MASK) >= Code.FIRST_OP) tensorStep(t, id); // else a leaf
      continue;
    }
    if (order !== null) order[visited] = id;
    visited++;
    const a = inA[id];
    const b = inB[id];
    const g = grd[id];
    meta[a] |= Flag.REACHED;
    // ∂node/∂input by the op's own rule. V8 inlines a call only where it has
    // seen one callee, so the commonest ops get call sites of their own and
    // their arithmetic is compiled into this loop (a call site shared by
    // several ops costs a real call and a boxed number per node: 2-3× the
    // whole sweep). Any other op takes `default`: the same rule, through the registry.
    switch (m & Code.MASK) {
      case CODE.add: meta[b] |= Flag.REACHED; grd[a] += g * OPS.add.scalar.d0(val[a], val[b], val[id]); grd[b] += g * OPS.add.scalar.d1(val[a], val[b], val[id]); break;
      case CODE.sub: meta[b] |= Flag.REACHED; grd[a] += g * OPS.sub.scalar.d0(val[a], val[b], val[id]); grd[b] += g * OPS.sub.scalar.d1(val[a], val[b], val[id]); break;
      case CODE.mul: meta[b] |= Flag.REACHED; grd[a] += g * OPS.mul.scalar.d0(val[a], val[b], val[id]); grd[b] += g * OPS.mul.scalar.d1(val[a], val[b], val[id]); break;
      case CODE.div: meta[b] |= Flag.REACHED; grd[a] += g * OPS.div.scalar.d0(val[a], val[b], val[id]); grd[b] += g * OPS.div.scalar.d1(val[a], val[b], val[id]); break;
      default: {
        const rule = RULE_BY_CODE[m & Code.MASK]!;
        const va = val[a];
        const vb = b === Code.NO_INPUT ? 0 : val[b];
        grd[a] += g * rule.d0(va, vb, val[id]);
        if (b !== Code.NO_INPUT) {
          meta[b] |= Flag.REACHED;
          grd[b] += g * rule.d1(va, vb, val[id]);
        }
      }
    }
  }
  return visited;
}
/** One node's reverse step through its op's VJP (tensors, reductions, indexing …). It adds into grd and the tensor side table only. */
function tensorStep(t: Tape, id: NodeId): void {
  const { meta } = t;
  const spec = SPEC_BY_CODE[meta[id] & Code.MASK]!;
  const ins = t.inputs(id);
  const wanted = ins.map((i) => (meta[i] & Flag.NEEDS_GRAD) !== 0);
  if (!wanted.some(Boolean)) return;
  const out = t.value(id);
  const g = meta[id] & Flag.TENSOR ? new Tensor(out.shape, t.tgrads.get(id)!) : Tensor.scalar(t.grd[id]);
  const values = ins.map((i) => t.value(i));
  const attrs = t.attrsOf.get(id);
  if (spec.vjpInto !== undefined && ins.every((i, k) => !wanted[k] || (meta[i] & Flag.TENSOR) !== 0)) {
    for (let k = 0; k < ins.length; k++) {
      if (!wanted[k]) continue;
      let acc = t.tgrads.get(ins[k]);
      if (acc === undefined) t.tgrads.set(ins[k], (acc = new Float64Array(values[k].size)));
      spec.vjpInto(acc, g, values, attrs, k);
      meta[ins[k]] |= Flag.REACHED;
    }
    return;
  }
  const grads = spec.vjp(g, values, out, attrs, wanted);
  for (let k = 0; k < ins.length; k++) {
    const gk = grads[k];
    if (!wanted[k] || gk === undefined) continue;
    const input = ins[k];
    meta[input] |= Flag.REACHED;
    if ((meta[input] & Flag.TENSOR) === 0) {
      t.grd[input] += gk.data[0];
      continue;
    }
    const acc = t.tgrads.get(input);
    if (acc === undefined) t.tgrads.set(input, gk.data.slice()); // a copy: the VJP may hand back g itself
    else for (let j = 0; j < acc.length; j++) acc[j] += gk.data[j];
  }
}
