// The Graph: the engine's public face over a tape (tape.ts). Building appends
// nodes (creation order is a topological order); reading answers questions
// about a node; the sweeps (reverse.ts, forward.ts) fill gradients and
// tangents, and the sweeps it holds (sweeps.ts) can be put back exactly as
// they were after exploring (sweepState / restoreSweeps); replay (replay.ts)
// re-evaluates the recorded graph with new leaf values.

import { checkDirection, checkNode, checkOp, checkRoom, checkScalar, checkSize, checkTarget, checkValue } from './checks';
import { CODE, SPEC_BY_CODE, opName } from './codes';
import { OPS, type OpAttrs, type OpContext, type OpName, type OpSpec, type ScalarRule } from './ops';
import { scalarWarning } from './ops/elementwise';
import { localDerivative } from './forward';
import { Dirty, recompute, replayTape, setLeaf } from './replay';
import { DEFAULT_MAX_TENSOR_SIZE } from './rng';
import { type SweepState, Sweeps } from './sweeps';
import { Code, Flag, type NodeId, Tape } from './tape';
import { type Shape, Tensor } from './tensor';

export type { NodeId } from './tape';

export interface GraphLimits {
  /** Most nodes on the tape (default 10,000,000). */
  maxNodes?: number;
  /** Most elements in one tensor (default 10,000,000). */
  maxTensorSize?: number;
}

export interface EngineWarning {
  node: NodeId;
  message: string;
}

const MAX_WARNINGS = 1000;

export class Graph {
  readonly maxNodes: number;
  readonly maxTensorSize: number;
  /** Numeric edges met while computing (log(0), x/0, overflow …), in creation order. */
  readonly warnings: EngineWarning[] = [];
  private elements = 0;

  private readonly t: Tape;
  private readonly dirty = new Dirty();
  private suppressedWarnings = 0;
  private readonly sweeps: Sweeps;
  private readonly ctx: OpContext = { warn: (message) => this.warn(this.t.n, message) };

  constructor(limits: GraphLimits = {}) {
    this.maxNodes = limits.maxNodes ?? 10_000_000;
    this.maxTensorSize = limits.maxTensorSize ?? DEFAULT_MAX_TENSOR_SIZE;
    this.t = new Tape(this.maxNodes);
    this.sweeps = new Sweeps(this.t);
  }

  /** Nodes on the tape. */
  get size(): number {
    return this.t.n;
  }

  /** Elements of every tensor value on the tape, for callers that bound memory. */
  get tensorElements(): number {
    return this.elements;
  }

  // ---------------------------------------------------------------- building

  /** A differentiable input. */
  leaf(value: number | Tensor): NodeId {
    return this.input(Code.LEAF, value);
  }

  /** A literal: drawn as a constant, and backward computes no gradient for it. */
  constant(value: number | Tensor): NodeId {
    return this.input(Code.CONST, value);
  }

  /** Append `op` applied to `inputs`. Throws EngineError (E_UNKNOWN_OP, E_ARITY, E_SHAPE, E_INDEX, E_LIMIT, E_NODE). */
  apply(op: OpName, inputs: readonly NodeId[], attrs?: OpAttrs): NodeId {
    const spec = checkOp(op, inputs.length);
    const t = this.t;
    let need = 0;
    let anyTensor = 0;
    for (let i = 0; i < inputs.length; i++) {
      checkNode(t, inputs[i], i);
      need |= t.meta[inputs[i]] & Flag.NEEDS_GRAD;
      anyTensor |= t.meta[inputs[i]] & Flag.TENSOR;
    }
    const code = CODE[op];
    const rule = spec.scalar;
    if (rule !== undefined && anyTensor === 0 && attrs === undefined) {
      const va = t.val[inputs[0]];
      return inputs.length > 1 ? this.binary(code, rule, inputs[0], inputs[1], rule.f(va, t.val[inputs[1]])) : this.unary(code, rule, inputs[0], rule.f(va, 0));
    }
    const values = inputs.map((id) => t.value(id));
    const shape = spec.shape(values.map((v) => v.shape), attrs);
    checkSize(op, shape, this.maxTensorSize);
    if (t.n >= t.room) this.makeRoom();
    const out = spec.forward(values, attrs, this.ctx);
    const b = inputs.length > 1 ? inputs[1] : Code.NO_INPUT;
    const id = out.shape.length === 0 ? t.push(code, inputs[0], b, out.data[0], need) : t.push(code, inputs[0], b, 0, need | Flag.TENSOR);
    if (out.shape.length !== 0) {
      t.tvals.set(id, out);
      this.elements += out.size;
    }
    if (inputs.length > 2) t.moreInputs.set(id, inputs.slice(2));
    if (attrs !== undefined) t.attrsOf.set(id, { ...attrs, ...(attrs.indices ? { indices: attrs.indices.slice() } : {}) });
    return id;
  }

  // Fast paths: same semantics as apply(), no array allocated for scalar inputs.
  // Each computes its value at a call site of its own (`r.f`), so the JIT
  // inlines the op's arithmetic here whether or not it inlines binary()/unary()
  // (a shared call site would make a real call and box the number). With a bad
  // id or a tensor input that value is garbage, and apply() takes over.
  add(a: NodeId, b: NodeId): NodeId { const r = OPS.add.scalar; return this.binary(CODE.add, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  sub(a: NodeId, b: NodeId): NodeId { const r = OPS.sub.scalar; return this.binary(CODE.sub, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  mul(a: NodeId, b: NodeId): NodeId { const r = OPS.mul.scalar; return this.binary(CODE.mul, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  div(a: NodeId, b: NodeId): NodeId { const r = OPS.div.scalar; return this.binary(CODE.div, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  pow(a: NodeId, b: NodeId): NodeId { const r = OPS.pow.scalar; return this.binary(CODE.pow, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  max(a: NodeId, b: NodeId): NodeId { const r = OPS.max.scalar; return this.binary(CODE.max, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  min(a: NodeId, b: NodeId): NodeId { const r = OPS.min.scalar; return this.binary(CODE.min, r, a, b, r.f(this.t.val[a], this.t.val[b])); }
  neg(a: NodeId): NodeId { const r = OPS.neg.scalar; return this.unary(CODE.neg, r, a, r.f(this.t.val[a], 0)); }
  exp(a: NodeId): NodeId { const r = OPS.exp.scalar; return this.unary(CODE.exp, r, a, r.f(this.t.val[a], 0)); }
  log(a: NodeId): NodeId { const r = OPS.log.scalar; return this.unary(CODE.log, r, a, r.f(this.t.val[a], 0)); }
  sqrt(a: NodeId): NodeId { const r = OPS.sqrt.scalar; return this.unary(CODE.sqrt, r, a, r.f(this.t.val[a], 0)); }
  abs(a: NodeId): NodeId { const r = OPS.abs.scalar; return this.unary(CODE.abs, r, a, r.f(this.t.val[a], 0)); }
  sin(a: NodeId): NodeId { const r = OPS.sin.scalar; return this.unary(CODE.sin, r, a, r.f(this.t.val[a], 0)); }
  cos(a: NodeId): NodeId { const r = OPS.cos.scalar; return this.unary(CODE.cos, r, a, r.f(this.t.val[a], 0)); }
  tanh(a: NodeId): NodeId { const r = OPS.tanh.scalar; return this.unary(CODE.tanh, r, a, r.f(this.t.val[a], 0)); }
  sigmoid(a: NodeId): NodeId { const r = OPS.sigmoid.scalar; return this.unary(CODE.sigmoid, r, a, r.f(this.t.val[a], 0)); }
  relu(a: NodeId): NodeId { const r = OPS.relu.scalar; return this.unary(CODE.relu, r, a, r.f(this.t.val[a], 0)); }
  matmul(a: NodeId, b: NodeId): NodeId { return this.apply('matmul', [a, b]); }

  // ---------------------------------------------------------------- reading

  op(id: NodeId): OpName | 'leaf' | 'const' {
    checkNode(this.t, id);
    const code = this.t.meta[id] & Code.MASK;
    return code === Code.LEAF ? 'leaf' : code === Code.CONST ? 'const' : opName(code);
  }

  /** The op's registry entry (symbol, derivative text, pattern); undefined for leaves and constants. */
  spec(id: NodeId): OpSpec | undefined {
    checkNode(this.t, id);
    return SPEC_BY_CODE[this.t.meta[id] & Code.MASK];
  }

  inputs(id: NodeId): NodeId[] {
    checkNode(this.t, id);
    return this.t.inputs(id);
  }

  attrs(id: NodeId): OpAttrs | undefined {
    checkNode(this.t, id);
    return this.t.attrsOf.get(id);
  }

  shape(id: NodeId): Shape {
    checkNode(this.t, id);
    return this.t.meta[id] & Flag.TENSOR ? this.t.tvals.get(id)!.shape : [];
  }

  isScalar(id: NodeId): boolean {
    checkNode(this.t, id);
    return (this.t.meta[id] & Flag.TENSOR) === 0;
  }

  /** Whether backward computes a gradient for this node (a leaf or something depending on one). */
  requiresGrad(id: NodeId): boolean {
    checkNode(this.t, id);
    return (this.t.meta[id] & Flag.NEEDS_GRAD) !== 0;
  }

  /** The value of a scalar node; E_NOT_SCALAR for a tensor. */
  scalar(id: NodeId): number {
    checkScalar(this.t, id);
    return this.t.val[id];
  }

  /** The value as a tensor (scalars wrapped). Shared with the tape: do not modify its data. */
  value(id: NodeId): Tensor {
    checkNode(this.t, id);
    return this.t.value(id);
  }

  /** ∂target/∂node from the last backward; undefined if it did not reach the node. */
  grad(id: NodeId): Tensor | undefined {
    checkNode(this.t, id);
    if (!this.sweeps.hasGrad(id)) return undefined;
    return this.t.meta[id] & Flag.TENSOR ? new Tensor(this.shape(id), this.t.tgrads.get(id)!.slice()) : Tensor.scalar(this.t.grd[id]);
  }

  /**
   * ∂target/∂node as a number, for a scalar node the last backward reached;
   * undefined otherwise (a tensor node's gradient: grad). What grad gives
   * without a Tensor per call: the language lists every name's gradient.
   */
  scalarGrad(id: NodeId): number | undefined {
    checkNode(this.t, id);
    if ((this.t.meta[id] & Flag.TENSOR) !== 0 || !this.sweeps.hasGrad(id)) return undefined;
    return this.t.grd[id];
  }

  /** ∂node/∂seed from the last forward; undefined if the node does not depend on the seed. */
  tangent(id: NodeId): Tensor | undefined {
    checkNode(this.t, id);
    const t = this.t;
    if (id >= t.tmark.length || t.tmark[id] === 0) return undefined;
    return t.meta[id] & Flag.TENSOR ? new Tensor(this.shape(id), t.ttans.get(id)!.slice()) : Tensor.scalar(t.tng[id]);
  }

  /**
   * ∂node/∂input at the current values, when both are scalars (the number on
   * an edge of the drawn graph); undefined otherwise. For `x*x` both inputs are
   * x and each edge's local derivative is x.
   */
  localDerivative(id: NodeId, inputIndex: number): number | undefined {
    checkNode(this.t, id);
    return localDerivative(this.t, id, inputIndex);
  }

  /** Every id `target` depends on, itself included, ascending (a topological order). */
  ancestors(target: NodeId): NodeId[] {
    checkNode(this.t, target);
    return this.t.ancestors(target);
  }

  // ---------------------------------------------------------------- sweeps

  /**
   * Reverse mode from a scalar target: forget the last backward, seed
   * ∂target/∂target = 1, then one descending sweep (reverse.ts); a value used
   * twice gets the sum and running it again gives the same result. Returns the
   * nodes in the order the sweep handled them, target first.
   */
  backward(target: NodeId): NodeId[] {
    checkTarget(this.t, target);
    // Sized up front and trimmed after: growing an array a push at a time costs more than the sweep.
    const order = new Array<NodeId>(target + 1);
    order.length = this.sweeps.backward(target, order);
    return order;
  }

  /**
   * The same reverse sweep as `backward`, with the same gradients, without
   * recording the visiting order (an array as long as the graph, which costs
   * about as much to allocate and fill as the sweep itself on a long chain).
   * Returns how many nodes the sweep handled (the length of backward's order).
   */
  backwardCount(target: NodeId): number {
    checkTarget(this.t, target);
    return this.sweeps.backward(target, null);
  }

  /** Forget the last backward: no node has a gradient. */
  clearGradients(): void {
    this.sweeps.clearGradients();
  }

  /**
   * Forward mode (JVP): seed's tangent is `direction` (default: ones, i.e.
   * dseed = 1), then one ascending sweep fills ∂node/∂seed for every node
   * after the seed, up to `end` (default: the whole tape), that depends on it.
   * Earlier tangents are cleared first. Returns how many nodes got a tangent, the seed included.
   */
  forward(seed: NodeId, direction?: Tensor, end?: number): number {
    checkNode(this.t, seed);
    if (direction !== undefined) checkDirection(direction, this.shape(seed));
    const upTo = end === undefined ? this.t.n : Math.min(Math.max(end, seed + 1), this.t.n);
    return this.sweeps.forward(seed, direction, upTo);
  }

  /** Forget the last forward: no node has a tangent. */
  clearTangents(): void {
    this.sweeps.clearTangents();
  }

  /** The sweeps the graph holds now (what restoreSweeps puts back). */
  sweepState(): SweepState {
    return this.sweeps.state;
  }

  /**
   * Put the gradients and tangents back as they were when `state` was taken:
   * each sweep that changed since is run again over the nodes it covered then
   * (or cleared), so nodes created later get nothing. Values are read as they
   * are now: after a replay, restore the leaves first.
   */
  restoreSweeps(state: SweepState): void {
    this.sweeps.restore(state);
  }

  // ---------------------------------------------------------------- re-evaluating

  /**
   * Give an input a new value (same shape). Nothing is recomputed until
   * `replay`; until then the values of the nodes that depend on it are stale.
   */
  setLeaf(id: NodeId, value: number | Tensor): void {
    checkNode(this.t, id);
    setLeaf(this.t, this.dirty, id, value);
  }

  /**
   * Re-evaluate, in tape order up to `upTo` (default: the whole tape), every
   * node that depends on an input changed by setLeaf since the last replay:
   * values and local derivatives, into the existing columns, with no new node.
   * Gradients and tangents describe the old values, so both are cleared: sweep
   * again (backward, forward) for the new ones. Returns how many nodes were
   * recomputed. Nodes after `upTo` keep their old values until a replay reaches them.
   */
  replay(upTo: NodeId = this.t.n - 1): number {
    if (this.t.n === 0) return 0;
    checkNode(this.t, upTo);
    const count = replayTape(this.t, this.dirty, upTo);
    this.sweeps.clearStale();
    return count;
  }

  /**
   * Evaluate target with some nodes' values replaced, leaving the tape as it
   * is (no value, sweep or warning changes). For a one-off question; to
   * re-evaluate again and again, use setLeaf and replay.
   */
  recompute(overrides: ReadonlyMap<NodeId, Tensor>, target: NodeId): Tensor {
    for (const id of overrides.keys()) checkNode(this.t, id);
    return recompute(this.t, this.ancestors(target), overrides, target);
  }

  // ---------------------------------------------------------------- internals

  private input(code: number, value: number | Tensor): NodeId {
    const need = code === Code.LEAF ? Flag.NEEDS_GRAD : 0;
    checkValue(value);
    if (typeof value !== 'number') checkSize(code === Code.LEAF ? 'leaf' : 'constant', value.shape, this.maxTensorSize);
    if (this.t.n >= this.t.room) this.makeRoom();
    if (typeof value === 'number') return this.t.push(code, Code.NO_INPUT, Code.NO_INPUT, value, need);
    if (value.shape.length === 0) return this.t.push(code, Code.NO_INPUT, Code.NO_INPUT, value.data[0], need);
    const id = this.t.push(code, Code.NO_INPUT, Code.NO_INPUT, 0, need | Flag.TENSOR);
    this.t.tvals.set(id, value);
    this.elements += value.size;
    return id;
  }

  /**
   * A binary element-wise op on two scalar nodes, straight onto the tape; any
   * other case (a tensor input, a bad id) goes to apply(), with its checks and
   * messages. Kept small in bytecode: V8 inlines only within a budget, and this
   * and unary() are inlined into every fast path (add, mul …) and their callers.
   */
  private binary(code: number, rule: ScalarRule, a: NodeId, b: NodeId, v: number): NodeId {
    const t = this.t;
    if ((a >>> 0) >= t.n || (b >>> 0) >= t.n) return this.apply(opName(code), [a, b]);
    const both = t.meta[a] | t.meta[b];
    if ((both & Flag.TENSOR) !== 0) return this.apply(opName(code), [a, b]);
    if (t.n >= t.room) this.makeRoom();
    const id = t.push(code, a, b, v, (both & Flag.NEEDS_GRAD) | Flag.SCALAR_PATH);
    if (rule.warn !== undefined || v - v !== 0) this.scalarEdge(id, rule);
    return id;
  }

  private unary(code: number, rule: ScalarRule, a: NodeId, v: number): NodeId {
    const t = this.t;
    if ((a >>> 0) >= t.n || (t.meta[a] & Flag.TENSOR) !== 0) return this.apply(opName(code), [a]);
    if (t.n >= t.room) this.makeRoom();
    const id = t.push(code, a, Code.NO_INPUT, v, (t.meta[a] & Flag.NEEDS_GRAD) | Flag.SCALAR_PATH);
    if (rule.warn !== undefined || v - v !== 0) this.scalarEdge(id, rule);
    return id;
  }

  /** The rare path of binary() and unary(), kept out of them so that they stay small enough to inline. */
  private scalarEdge(id: NodeId, rule: ScalarRule): void {
    const t = this.t;
    const b = t.inB[id];
    const va = t.val[t.inA[id]];
    const vb = b === Code.NO_INPUT ? 0 : t.val[b];
    const msg = scalarWarning(opName(t.meta[id] & Code.MASK), b === Code.NO_INPUT ? 1 : 2, rule, va, vb, t.val[id]);
    if (msg !== undefined) this.warn(id, msg);
  }

  private makeRoom(): void {
    checkRoom(this.t, this.maxNodes);
    this.t.grow(Math.min(this.t.cap * 2, this.maxNodes));
  }

  private warn(node: NodeId, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ node, message });
    else if (this.suppressedWarnings++ === 0) this.warnings.push({ node, message: 'further warnings suppressed' });
  }
}
