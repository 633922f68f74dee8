// Re-evaluating a recorded graph with new leaf values: forward along the tape,
// in id order, into the existing columns. No parsing, no new nodes, and for
// scalar nodes no allocation: each recomputed node gets its value from its
// op's scalar rule, as when it was built.
// Tensor nodes get a new value tensor from their op's forward rule (the old
// one is replaced, not written over: whoever holds it keeps what it was).
//
// Only nodes downstream of a changed leaf are recomputed: `dirty` marks the
// changed leaves and every node recomputed since, and a node is recomputed
// when one of its inputs is marked. Numeric warnings (log(0) …) are not
// recorded again: a replay explores values, the tape keeps what it was built with.

import { CODE, RULE_BY_CODE, SPEC_BY_CODE } from './codes';
import { EngineError } from './errors';
import { OPS, type OpContext } from './ops';
import { Code, Flag, type NodeId, type Tape } from './tape';
import { Tensor, sameShape, shapeText } from './tensor';

const SILENT: OpContext = { warn: () => undefined };

/** What is pending on a tape between setLeaf and the replay that catches up with it. */
export class Dirty {
  /** 1 for a changed leaf or a node recomputed from one, since the last full replay. */
  marks = new Uint8Array(0);
  /** The first id a replay must look at; Infinity when nothing is pending. */
  from = Infinity;
  /** The smallest marked id (where clearing the marks starts). */
  low = Infinity;

  /** The marks, at least as long as the tape (a tape grows after a mark). */
  sized(t: Tape): Uint8Array {
    if (this.marks.length < t.n) {
      const m = new Uint8Array(t.cap);
      m.set(this.marks);
      this.marks = m;
    }
    return this.marks;
  }

  mark(t: Tape, id: NodeId): void {
    this.sized(t)[id] = 1;
    if (id < this.from) this.from = id;
    if (id < this.low) this.low = id;
  }
}

/** Give a leaf a new value (same shape); the nodes that depend on it wait for replay. */
export function setLeaf(t: Tape, dirty: Dirty, id: NodeId, value: number | Tensor): void {
  if ((t.meta[id] & Code.MASK) !== Code.LEAF) throw new EngineError('E_DOMAIN', 'setLeaf: only an input (a leaf) can be given a new value');
  const shape = t.value(id).shape;
  if (typeof value === 'number') {
    if (shape.length !== 0) throw new EngineError('E_SHAPE', `setLeaf: a number for an input of shape ${shapeText(shape)}`);
    t.val[id] = value;
  } else {
    if (!sameShape(value.shape, shape)) throw new EngineError('E_SHAPE', `setLeaf: a value of shape ${shapeText(value.shape)} for an input of shape ${shapeText(shape)}`);
    if (shape.length === 0) t.val[id] = value.data[0];
    else t.tvals.set(id, new Tensor(shape, value.data.slice())); // a copy: the caller may reuse its own
  }
  dirty.mark(t, id);
}

/**
 * Recompute, in id order up to `upTo` (inclusive), every node that depends on
 * a leaf changed since the last replay. Returns how many nodes were
 * recomputed. Nodes after `upTo` keep their old values until a replay reaches them.
 */
export function replayTape(t: Tape, dirty: Dirty, upTo: NodeId): number {
  if (dirty.from > upTo) return 0;
  const { meta, inA, inB, val } = t;
  const marks = dirty.sized(t);
  const rules = RULE_BY_CODE;
  let count = 0;
  for (let id = dirty.from; id <= upTo; id++) {
    const m = meta[id];
    if ((m & Code.MASK) < Code.FIRST_OP) continue;
    const a = inA[id];
    const b = inB[id];
    if ((m & Flag.SCALAR_PATH) !== 0) {
      if ((marks[a] | (b === Code.NO_INPUT ? 0 : marks[b])) === 0) continue;
      // The commonest ops at call sites of their own, so the JIT inlines their
      // rules (see reverse.ts); any other through the registry.
      switch (m & Code.MASK) {
        case CODE.add: val[id] = OPS.add.scalar.f(val[a], val[b]); break;
        case CODE.sub: val[id] = OPS.sub.scalar.f(val[a], val[b]); break;
        case CODE.mul: val[id] = OPS.mul.scalar.f(val[a], val[b]); break;
        case CODE.div: val[id] = OPS.div.scalar.f(val[a], val[b]); break;
        default: val[id] = rules[m & Code.MASK]!.f(val[a], b === Code.NO_INPUT ? 0 : val[b]);
      }
    } else {
      const ins = t.inputs(id);
      if (!ins.some((i) => marks[i] !== 0)) continue;
      const out = SPEC_BY_CODE[m & Code.MASK]!.forward(ins.map((i) => t.value(i)), t.attrsOf.get(id), SILENT);
      if (m & Flag.TENSOR) t.tvals.set(id, out);
      else val[id] = out.data[0];
    }
    marks[id] = 1;
    count++;
  }
  if (upTo >= t.n - 1) {
    marks.fill(0, dirty.low, t.n);
    dirty.from = dirty.low = Infinity;
  } else {
    dirty.from = upTo + 1;
  }
  return count;
}

/**
 * Evaluate `target` with some nodes' values replaced, without changing the
 * tape (no value, mark or warning is written): only nodes downstream of an
 * override are recomputed, into a map.
 */
export function recompute(t: Tape, ancestors: readonly NodeId[], overrides: ReadonlyMap<NodeId, Tensor>, target: NodeId): Tensor {
  const changed = new Map<NodeId, Tensor>();
  for (const [id, v] of overrides) {
    const shape = t.value(id).shape;
    if (!sameShape(v.shape, shape)) {
      throw new EngineError('E_SHAPE', `recompute: an override of shape ${shapeText(v.shape)} for a node of shape ${shapeText(shape)}`);
    }
  }
  for (const id of ancestors) {
    const o = overrides.get(id);
    if (o !== undefined) {
      changed.set(id, o);
      continue;
    }
    if ((t.meta[id] & Code.MASK) < Code.FIRST_OP) continue;
    const ins = t.inputs(id);
    if (!ins.some((i) => changed.has(i))) continue;
    const values = ins.map((i) => changed.get(i) ?? t.value(i));
    changed.set(id, SPEC_BY_CODE[t.meta[id] & Code.MASK]!.forward(values, t.attrsOf.get(id), SILENT));
  }
  return changed.get(target) ?? t.value(target);
}
