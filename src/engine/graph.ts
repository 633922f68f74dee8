// The tape. Nodes are appended in creation order, so a node's inputs always
// have smaller ids and ascending id order is a topological order: reverse mode
// is one descending loop, forward mode one ascending loop, no sort, no
// recursion. Scalar nodes live in typed-array columns (no object per node);
// tensor values, tensor gradients/tangents, inputs beyond two and attrs live in
// side tables keyed by id.

import { EngineError } from './errors';
import { OPS, OP_NAMES, isOpName, type OpAttrs, type OpContext, type OpName, type OpSpec, type ScalarRule } from './ops';
import { DEFAULT_MAX_TENSOR_SIZE } from './rng';
import { type Shape, Tensor, sameShape, shapeText, sizeOf } from './tensor';
import { scalarWarning } from './ops/elementwise';

export type NodeId = number;

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

// Tape op codes (0 and 1 are inputs, ops follow in registry order), per-node
// flags and the hot op codes, as const enums: tsc and esbuild write the
// numbers in place. (Module-level consts are context loads with a TDZ check in
// every hot loop when each module is compiled on its own, as tsx does.)
const enum Tape {
  /** the op code's bits in `meta` (the rest are Flag bits) */
  CODE_MASK = 255,
  LEAF = 0,
  CONST = 1,
  FIRST_OP = 2,
  NO_INPUT = -1,
}
const enum Flag {
  /** the value is a tensor (in `tvals`), not a scalar in `val` */
  TENSOR = 256,
  /** a leaf, or depends on one: backward computes its gradient */
  NEEDS_GRAD = 512,
  /** computed by the scalar rule from scalar inputs in `inA`/`inB` */
  SCALAR_PATH = 1024,
  /** reached by the last backward: some consumer of it was handled (or it is the target) */
  REACHED = 2048,
}
const enum Hot {
  C_ADD = 2,
  C_SUB = 3,
  C_MUL = 4,
  C_DIV = 5,
}

if (Tape.FIRST_OP + OP_NAMES.length > Tape.CODE_MASK + 1) throw new Error('engine: too many ops for the op code byte of the tape');
const CODE = Object.fromEntries(OP_NAMES.map((name, i) => [name, Tape.FIRST_OP + i])) as Record<OpName, number>;
const SPEC_BY_CODE: OpSpec[] = [];
const RULE_BY_CODE: (ScalarRule | undefined)[] = [];
for (const name of OP_NAMES) {
  SPEC_BY_CODE[CODE[name]] = OPS[name];
  RULE_BY_CODE[CODE[name]] = (OPS[name] as OpSpec).scalar;
}
// The reverse sweep (sweepScalars) switches on literal op codes (a jump table),
// calling each element-wise op's own rule at a call site of its own so the JIT
// inlines it; tensor nodes go through the registry. The codes are checked here
// against the registry order.
const HOT_CODES = { add: 2, sub: 3, mul: 4, div: 5, pow: 6, max: 7, min: 8, neg: 11, exp: 12, log: 13, sqrt: 14, abs: 15, sin: 16, cos: 17, tanh: 18, sigmoid: 19, relu: 20 } as const;
for (const [name, code] of Object.entries(HOT_CODES)) {
  if (CODE[name as OpName] !== code) throw new Error(`engine: the op code of ${name} no longer matches the registry order`);
}
if (Hot.C_ADD !== HOT_CODES.add || Hot.C_SUB !== HOT_CODES.sub || Hot.C_MUL !== HOT_CODES.mul || Hot.C_DIV !== HOT_CODES.div) {
  throw new Error('engine: the fast paths\' op codes no longer match the registry order');
}
const R_ADD = OPS.add.scalar;
const R_SUB = OPS.sub.scalar;
const R_MUL = OPS.mul.scalar;
const R_DIV = OPS.div.scalar;
const R_POW = OPS.pow.scalar;
const R_MAX = OPS.max.scalar;
const R_MIN = OPS.min.scalar;
const R_NEG = OPS.neg.scalar;
const R_EXP = OPS.exp.scalar;
const R_LOG = OPS.log.scalar;
const R_SQRT = OPS.sqrt.scalar;
const R_ABS = OPS.abs.scalar;
const R_SIN = OPS.sin.scalar;
const R_COS = OPS.cos.scalar;
const R_TANH = OPS.tanh.scalar;
const R_SIGMOID = OPS.sigmoid.scalar;
const R_RELU = OPS.relu.scalar;

const MAX_WARNINGS = 1000;

/**
 * Spare tape columns. When a tape grows, its old columns are dead (they are
 * private, and nothing grows during a sweep), so grow() hands their buffers
 * here and the next growth of any graph of that size takes them back instead
 * of asking for new memory: a new buffer costs a page fault per 4 KB on its
 * first write (about 4.6 ms for 8 MB here, against 0.6 ms to write memory the
 * process already has), and a kernel that runs a cell again grows a graph
 * through the same sizes again. A taken buffer holds old values; the tape
 * writes every node before it reads it. Only buffers of 64 KB and more are
 * kept, and at most SPARE_LIMIT bytes in all. The gradient and tangent
 * columns are not recycled: they rely on a new buffer being zero.
 */
const SPARE_LIMIT = 64 * 2 ** 20;
const SPARE_MIN = 64 * 1024;
const spare = new Map<number, ArrayBuffer[]>();
let spareBytes = 0;

function takeBuffer(bytes: number): ArrayBuffer {
  const kept = spare.get(bytes)?.pop();
  if (kept === undefined) return new ArrayBuffer(bytes);
  spareBytes -= bytes;
  return kept;
}

function giveBack(buffer: ArrayBufferLike): void {
  const bytes = buffer.byteLength;
  if (!(buffer instanceof ArrayBuffer) || bytes < SPARE_MIN || spareBytes + bytes > SPARE_LIMIT) return;
  let list = spare.get(bytes);
  if (list === undefined) spare.set(bytes, (list = []));
  list.push(buffer);
  spareBytes += bytes;
}

export class Graph {
  readonly maxNodes: number;
  readonly maxTensorSize: number;
  /** Numeric edges met while computing (log(0), x/0, overflow …), in creation order. */
  readonly warnings: EngineWarning[] = [];

  private n = 0;
  private cap = 0;
  private room = 0; // min(cap, maxNodes): appending past it grows or throws
  // One 16-bit word per node: the op code in the low byte, Flag bits above it.
  // One column instead of three (code, flags, reach marks) means one load per
  // node in the sweeps and fewer bytes to write while building.
  private meta = new Uint16Array(0);
  private inA = new Int32Array(0);
  private inB = new Int32Array(0);
  private val = new Float64Array(0);
  private grd = new Float64Array(0); // sized by backward(), not by grow()
  private tng = new Float64Array(0);
  private tmark = new Uint8Array(0); // reached by the last forward
  private readonly tvals = new Map<NodeId, Tensor>();
  private readonly tgrads = new Map<NodeId, Float64Array>();
  private readonly ttans = new Map<NodeId, Float64Array>();
  private readonly moreInputs = new Map<NodeId, NodeId[]>();
  private readonly attrsOf = new Map<NodeId, OpAttrs>();
  private suppressedWarnings = 0;
  // The last backward's target: it has a gradient (1) even if built from constants.
  // -1 until the first backward, which therefore has no REACHED bits to clear.
  private lastTarget: NodeId = -1;
  private readonly ctx: OpContext = { warn: (message) => this.warn(this.n, message) };

  constructor(limits: GraphLimits = {}) {
    this.maxNodes = limits.maxNodes ?? 10_000_000;
    this.maxTensorSize = limits.maxTensorSize ?? DEFAULT_MAX_TENSOR_SIZE;
    this.grow(1024);
  }

  /** Nodes on the tape. */
  get size(): number {
    return this.n;
  }

  // ---------------------------------------------------------------- building

  /** A differentiable input. */
  leaf(value: number | Tensor): NodeId {
    return this.input(Tape.LEAF, value);
  }

  /** A literal: drawn as a constant, and backward computes no gradient for it. */
  constant(value: number | Tensor): NodeId {
    return this.input(Tape.CONST, value);
  }

  /** Append `op` applied to `inputs`. Throws EngineError (E_UNKNOWN_OP, E_ARITY, E_SHAPE, E_INDEX, E_LIMIT, E_NODE). */
  apply(op: OpName, inputs: readonly NodeId[], attrs?: OpAttrs): NodeId {
    if (!isOpName(op)) throw new EngineError('E_UNKNOWN_OP', `unknown operation '${String(op)}'`);
    const spec: OpSpec = OPS[op];
    if (spec.variadic === true ? inputs.length < spec.arity : inputs.length !== spec.arity) {
      const count = `${spec.variadic === true ? 'at least ' : ''}${spec.arity} argument${spec.arity === 1 ? '' : 's'}`;
      throw new EngineError('E_ARITY', `${op} takes ${count}, got ${inputs.length}`);
    }
    let need = 0;
    let anyTensor = 0;
    for (let i = 0; i < inputs.length; i++) {
      this.checkNode(inputs[i], i);
      need |= this.meta[inputs[i]] & Flag.NEEDS_GRAD;
      anyTensor |= this.meta[inputs[i]] & Flag.TENSOR;
    }
    const code = CODE[op];
    const rule = spec.scalar;
    if (rule !== undefined && anyTensor === 0 && attrs === undefined) {
      return this.scalarNode(code, rule, inputs[0], inputs.length > 1 ? inputs[1] : Tape.NO_INPUT, need | Flag.SCALAR_PATH);
    }
    const values = inputs.map((id) => this.value(id));
    const shape = spec.shape(values.map((v) => v.shape), attrs);
    this.checkSize(op, shape);
    if (this.n >= this.room) this.makeRoom();
    const out = spec.forward(values, attrs, this.ctx);
    const id = out.shape.length === 0
      ? this.push(code, inputs[0], inputs.length > 1 ? inputs[1] : Tape.NO_INPUT, out.data[0], need)
      : this.push(code, inputs[0], inputs.length > 1 ? inputs[1] : Tape.NO_INPUT, 0, need | Flag.TENSOR);
    if (out.shape.length !== 0) this.tvals.set(id, out);
    if (inputs.length > 2) this.moreInputs.set(id, inputs.slice(2));
    if (attrs !== undefined) this.attrsOf.set(id, { ...attrs, ...(attrs.indices ? { indices: attrs.indices.slice() } : {}) });
    return id;
  }

  // Fast paths: same semantics as apply(), no array allocated for scalar inputs.
  // The four commonest call their op's rule at a call site of their own, so
  // the JIT inlines the arithmetic (a shared call site sees every op's rule).
  add(a: NodeId, b: NodeId): NodeId {
    const flags = this.scalarPair(a, b);
    if (flags < 0) return this.apply('add', [a, b]);
    return this.pushScalar(Hot.C_ADD, R_ADD, a, b, R_ADD.f(this.val[a], this.val[b]), flags);
  }
  sub(a: NodeId, b: NodeId): NodeId {
    const flags = this.scalarPair(a, b);
    if (flags < 0) return this.apply('sub', [a, b]);
    return this.pushScalar(Hot.C_SUB, R_SUB, a, b, R_SUB.f(this.val[a], this.val[b]), flags);
  }
  mul(a: NodeId, b: NodeId): NodeId {
    const flags = this.scalarPair(a, b);
    if (flags < 0) return this.apply('mul', [a, b]);
    return this.pushScalar(Hot.C_MUL, R_MUL, a, b, R_MUL.f(this.val[a], this.val[b]), flags);
  }
  div(a: NodeId, b: NodeId): NodeId {
    const flags = this.scalarPair(a, b);
    if (flags < 0) return this.apply('div', [a, b]);
    return this.pushScalar(Hot.C_DIV, R_DIV, a, b, R_DIV.f(this.val[a], this.val[b]), flags);
  }
  pow(a: NodeId, b: NodeId): NodeId { return this.binary(CODE.pow, RULE_BY_CODE[CODE.pow]!, a, b); }
  max(a: NodeId, b: NodeId): NodeId { return this.binary(CODE.max, RULE_BY_CODE[CODE.max]!, a, b); }
  min(a: NodeId, b: NodeId): NodeId { return this.binary(CODE.min, RULE_BY_CODE[CODE.min]!, a, b); }
  neg(a: NodeId): NodeId { return this.unary(CODE.neg, RULE_BY_CODE[CODE.neg]!, a); }
  exp(a: NodeId): NodeId { return this.unary(CODE.exp, RULE_BY_CODE[CODE.exp]!, a); }
  log(a: NodeId): NodeId { return this.unary(CODE.log, RULE_BY_CODE[CODE.log]!, a); }
  sqrt(a: NodeId): NodeId { return this.unary(CODE.sqrt, RULE_BY_CODE[CODE.sqrt]!, a); }
  abs(a: NodeId): NodeId { return this.unary(CODE.abs, RULE_BY_CODE[CODE.abs]!, a); }
  sin(a: NodeId): NodeId { return this.unary(CODE.sin, RULE_BY_CODE[CODE.sin]!, a); }
  cos(a: NodeId): NodeId { return this.unary(CODE.cos, RULE_BY_CODE[CODE.cos]!, a); }
  tanh(a: NodeId): NodeId { return this.unary(CODE.tanh, RULE_BY_CODE[CODE.tanh]!, a); }
  sigmoid(a: NodeId): NodeId { return this.unary(CODE.sigmoid, RULE_BY_CODE[CODE.sigmoid]!, a); }
  relu(a: NodeId): NodeId { return this.unary(CODE.relu, RULE_BY_CODE[CODE.relu]!, a); }
  matmul(a: NodeId, b: NodeId): NodeId { return this.apply('matmul', [a, b]); }

  // ---------------------------------------------------------------- reading

  op(id: NodeId): OpName | 'leaf' | 'const' {
    this.checkNode(id);
    const code = (this.meta[id] & Tape.CODE_MASK);
    return code === Tape.LEAF ? 'leaf' : code === Tape.CONST ? 'const' : OP_NAMES[code - Tape.FIRST_OP];
  }

  /** The op's registry entry (symbol, derivative text, pattern); undefined for leaves and constants. */
  spec(id: NodeId): OpSpec | undefined {
    this.checkNode(id);
    return SPEC_BY_CODE[(this.meta[id] & Tape.CODE_MASK)];
  }

  inputs(id: NodeId): NodeId[] {
    this.checkNode(id);
    if ((this.meta[id] & Tape.CODE_MASK) < Tape.FIRST_OP) return [];
    const out: NodeId[] = [this.inA[id]];
    if (this.inB[id] !== Tape.NO_INPUT) out.push(this.inB[id]);
    const more = this.moreInputs.get(id);
    if (more !== undefined) for (const m of more) out.push(m); // not push(...more): a 200k-input stack would overflow the call stack
    return out;
  }

  attrs(id: NodeId): OpAttrs | undefined {
    this.checkNode(id);
    return this.attrsOf.get(id);
  }

  shape(id: NodeId): Shape {
    this.checkNode(id);
    return this.meta[id] & Flag.TENSOR ? this.tvals.get(id)!.shape : [];
  }

  isScalar(id: NodeId): boolean {
    this.checkNode(id);
    return (this.meta[id] & Flag.TENSOR) === 0;
  }

  /** Whether backward computes a gradient for this node (a leaf or something depending on one). */
  requiresGrad(id: NodeId): boolean {
    this.checkNode(id);
    return (this.meta[id] & Flag.NEEDS_GRAD) !== 0;
  }

  /** The value of a scalar node; E_NOT_SCALAR for a tensor. */
  scalar(id: NodeId): number {
    this.checkNode(id);
    if (this.meta[id] & Flag.TENSOR) {
      throw new EngineError('E_NOT_SCALAR', `expected a scalar, got a tensor of shape ${shapeText(this.shape(id))}`);
    }
    return this.val[id];
  }

  /** The value as a tensor (scalars wrapped). Shared with the tape: do not modify its data. */
  value(id: NodeId): Tensor {
    this.checkNode(id);
    return this.meta[id] & Flag.TENSOR ? this.tvals.get(id)! : Tensor.scalar(this.val[id]);
  }

  /** ∂target/∂node from the last backward; undefined if it did not reach the node. */
  grad(id: NodeId): Tensor | undefined {
    this.checkNode(id);
    if (!this.hasGrad(id)) return undefined;
    return this.meta[id] & Flag.TENSOR ? new Tensor(this.shape(id), this.tgrads.get(id)!.slice()) : Tensor.scalar(this.grd[id]);
  }

  /**
   * ∂target/∂node as a number, for a scalar node the last backward reached;
   * undefined otherwise (a tensor node's gradient: grad). What grad gives
   * without a Tensor per call: the language lists every name's gradient.
   */
  scalarGrad(id: NodeId): number | undefined {
    this.checkNode(id);
    if ((this.meta[id] & Flag.TENSOR) !== 0 || !this.hasGrad(id)) return undefined;
    return this.grd[id];
  }

  /** Whether the last backward reached the node and computed its gradient. */
  private hasGrad(id: NodeId): boolean {
    if ((this.meta[id] & Flag.REACHED) === 0) return false;
    return (this.meta[id] & Flag.NEEDS_GRAD) !== 0 || id === this.lastTarget;
  }

  /** ∂node/∂seed from the last forward; undefined if the node does not depend on the seed. */
  tangent(id: NodeId): Tensor | undefined {
    this.checkNode(id);
    if (id >= this.tmark.length || this.tmark[id] === 0) return undefined;
    return this.meta[id] & Flag.TENSOR ? new Tensor(this.shape(id), this.ttans.get(id)!.slice()) : Tensor.scalar(this.tng[id]);
  }

  // ---------------------------------------------------------------- reverse mode

  /**
   * Reverse mode from a scalar target: zero every gradient, seed ∂target/∂target
   * = 1, then one descending sweep over the ids; each reached node adds (+=) its
   * upstream gradient times its local derivative into its inputs, so a value
   * used twice gets the sum and running it again gives the same result.
   * Returns the nodes in the order the sweep handled them, target first.
   */
  backward(target: NodeId): NodeId[] {
    this.checkTarget(target);
    // Sized up front and trimmed after: growing an array a push at a time costs more than the sweep.
    const order = new Array<NodeId>(target + 1);
    order.length = this.reverse(target, order);
    return order;
  }

  /**
   * The same reverse sweep as `backward`, with the same gradients, without
   * recording the visiting order (an array as long as the graph, which costs
   * about as much to allocate and fill as the sweep itself on a long chain).
   * Returns how many nodes the sweep handled (the length of backward's order).
   */
  backwardCount(target: NodeId): number {
    this.checkTarget(target);
    return this.reverse(target, null);
  }

  private checkTarget(target: NodeId): void {
    this.checkNode(target);
    if (this.meta[target] & Flag.TENSOR) {
      throw new EngineError('E_NOT_SCALAR', `backward needs a scalar target, got a tensor of shape ${shapeText(this.shape(target))}; reduce it first, e.g. with sum(…) or mean(…)`);
    }
  }

  /** Zero, seed and sweep from target; fills `order` (when given) and returns how many nodes were handled. */
  private reverse(target: NodeId, order: NodeId[] | null): number {
    if (this.grd.length < this.n) {
      // The gradient column is sized here rather than grown with the tape: its
      // old contents are never needed, so building a graph copies nothing for
      // it; and a new one is already zero.
      this.grd = new Float64Array(this.cap);
    } else {
      this.grd.fill(0, 0, target + 1);
    }
    const { meta, grd } = this;
    if (this.lastTarget >= 0) for (let i = 0; i < this.n; i++) meta[i] &= ~Flag.REACHED;
    this.tgrads.clear();
    this.lastTarget = target;
    meta[target] |= Flag.REACHED;
    grd[target] = 1;
    // Nothing below a target built from constants alone wants a gradient.
    if ((meta[target] & Flag.NEEDS_GRAD) === 0) {
      if (order !== null) order[0] = target;
      return 1;
    }
    // Scalar nodes are swept by sweepScalars, a loop with no calls the JIT
    // cannot inline; it stops at each reached tensor node, handled here.
    const { inA, inB, val } = this;
    let visited = 0;
    for (let id = target; ; id--) {
      id = sweepScalars(id, meta, inA, inB, val, grd, order, visited);
      visited = swept;
      if (id < 0) return visited;
      if (order !== null) order[visited] = id;
      visited++;
      this.tensorVjp(id); // may replace no column: it only adds into grd and the tensor side table
    }
  }

  /** One node's reverse step through its op's VJP (tensors, reductions, indexing …). */
  private tensorVjp(id: NodeId): void {
    const spec = SPEC_BY_CODE[(this.meta[id] & Tape.CODE_MASK)];
    const ins = this.inputs(id);
    const wanted = ins.map((i) => (this.meta[i] & Flag.NEEDS_GRAD) !== 0);
    if (!wanted.some(Boolean)) return;
    const out = this.value(id);
    const g = this.meta[id] & Flag.TENSOR ? new Tensor(out.shape, this.tgrads.get(id)!) : Tensor.scalar(this.grd[id]);
    const values = ins.map((i) => this.value(i));
    if (spec.vjpInto !== undefined && ins.every((i, k) => !wanted[k] || (this.meta[i] & Flag.TENSOR) !== 0)) {
      for (let k = 0; k < ins.length; k++) {
        if (!wanted[k]) continue;
        let acc = this.tgrads.get(ins[k]);
        if (acc === undefined) this.tgrads.set(ins[k], (acc = new Float64Array(values[k].size)));
        spec.vjpInto(acc, g, values, this.attrsOf.get(id), k);
        this.meta[ins[k]] |= Flag.REACHED;
      }
      return;
    }
    const grads = spec.vjp(g, values, out, this.attrsOf.get(id), wanted);
    for (let k = 0; k < ins.length; k++) {
      const gk = grads[k];
      if (!wanted[k] || gk === undefined) continue;
      const input = ins[k];
      this.meta[input] |= Flag.REACHED;
      if ((this.meta[input] & Flag.TENSOR) === 0) {
        this.grd[input] += gk.data[0];
        continue;
      }
      const acc = this.tgrads.get(input);
      if (acc === undefined) this.tgrads.set(input, gk.data.slice()); // a copy: the VJP may hand back g itself
      else for (let j = 0; j < acc.length; j++) acc[j] += gk.data[j];
    }
  }

  // ---------------------------------------------------------------- forward mode

  /**
   * Forward mode (JVP): seed's tangent is `direction` (default: ones, i.e.
   * dseed = 1), then one ascending sweep fills ∂node/∂seed for every node that
   * depends on the seed. Earlier tangents are cleared first.
   */
  forward(seed: NodeId, direction?: Tensor): void {
    this.checkNode(seed);
    const seedShape = this.shape(seed);
    if (direction !== undefined && !sameShape(direction.shape, seedShape)) {
      throw new EngineError('E_SHAPE', `forward: direction has shape ${shapeText(direction.shape)} but the seed has shape ${shapeText(seedShape)}`);
    }
    if (this.tmark.length < this.cap) this.growTangents(this.cap);
    const { meta, inA, inB, val, tng, tmark } = this;
    tmark.fill(0, 0, this.n);
    this.ttans.clear();
    tmark[seed] = 1;
    if (meta[seed] & Flag.TENSOR) this.ttans.set(seed, direction ? direction.data.slice() : new Float64Array(sizeOf(seedShape)).fill(1));
    else tng[seed] = direction ? direction.data[0] : 1;
    for (let id = seed + 1; id < this.n; id++) {
      const code = meta[id] & Tape.CODE_MASK;
      if (code < Tape.FIRST_OP) continue;
      if ((meta[id] & Flag.SCALAR_PATH) === 0) {
        this.tensorJvp(id);
        continue;
      }
      const a = inA[id];
      const b = inB[id];
      const ma = tmark[a];
      const mb = b === Tape.NO_INPUT ? 0 : tmark[b];
      if ((ma | mb) === 0) continue;
      const rule = RULE_BY_CODE[code]!;
      const va = val[a];
      const vb = b === Tape.NO_INPUT ? 0 : val[b];
      let t = 0;
      if (ma) t += rule.d0(va, vb, val[id]) * tng[a];
      if (mb) t += rule.d1(va, vb, val[id]) * tng[b];
      tng[id] = t;
      tmark[id] = 1;
    }
  }

  private tensorJvp(id: NodeId): void {
    const ins = this.inputs(id);
    if (!ins.some((i) => this.tmark[i] !== 0)) return;
    // Views, not copies (tangent() copies): a vector indexed n times must not be copied n times.
    const tangents = ins.map((i): Tensor | undefined => {
      if (this.tmark[i] === 0) return undefined;
      return this.meta[i] & Flag.TENSOR ? new Tensor(this.shape(i), this.ttans.get(i)!) : Tensor.scalar(this.tng[i]);
    });
    const t = SPEC_BY_CODE[(this.meta[id] & Tape.CODE_MASK)].jvp(tangents, ins.map((i) => this.value(i)), this.value(id), this.attrsOf.get(id));
    this.tmark[id] = 1;
    if (this.meta[id] & Flag.TENSOR) this.ttans.set(id, t.data);
    else this.tng[id] = t.data[0];
  }

  /**
   * ∂node/∂input at the current values, when both are scalars (the number on
   * an edge of the drawn graph); undefined otherwise. For `x*x` both inputs are
   * x and each edge's local derivative is x.
   */
  localDerivative(id: NodeId, inputIndex: number): number | undefined {
    this.checkNode(id);
    const ins = this.inputs(id);
    if (inputIndex < 0 || inputIndex >= ins.length) return undefined;
    if ((this.meta[id] & Flag.TENSOR) || (this.meta[ins[inputIndex]] & Flag.TENSOR)) return undefined;
    const code = (this.meta[id] & Tape.CODE_MASK);
    if (this.meta[id] & Flag.SCALAR_PATH) {
      const rule = RULE_BY_CODE[code]!;
      const va = this.val[this.inA[id]];
      const vb = this.inB[id] === Tape.NO_INPUT ? 0 : this.val[this.inB[id]];
      return inputIndex === 0 ? rule.d0(va, vb, this.val[id]) : rule.d1(va, vb, this.val[id]);
    }
    // Any other op: its forward rule with a unit tangent on that input alone.
    const values = ins.map((i) => this.value(i));
    const tangents = ins.map((_, k) => (k === inputIndex ? Tensor.scalar(1) : undefined));
    return SPEC_BY_CODE[code].jvp(tangents, values, this.value(id), this.attrsOf.get(id)).data[0];
  }

  // ---------------------------------------------------------------- traversal

  /** Every id `target` depends on, itself included, ascending (a topological order). */
  ancestors(target: NodeId): NodeId[] {
    this.checkNode(target);
    const mark = new Uint8Array(target + 1);
    mark[target] = 1;
    let count = 0;
    for (let id = target; id >= 0; id--) {
      if (mark[id] === 0) continue;
      count++;
      if ((this.meta[id] & Tape.CODE_MASK) < Tape.FIRST_OP) continue;
      mark[this.inA[id]] = 1;
      if (this.inB[id] !== Tape.NO_INPUT) mark[this.inB[id]] = 1;
      const more = this.moreInputs.get(id);
      if (more !== undefined) for (const m of more) mark[m] = 1;
    }
    const out = new Array<NodeId>(count);
    let k = 0;
    for (let id = 0; id <= target; id++) if (mark[id]) out[k++] = id;
    return out;
  }

  /**
   * Re-evaluate target with some nodes' values replaced (gradcheck, jacobian).
   * Only nodes downstream of an override are recomputed; the tape is not
   * changed and no warnings are recorded.
   */
  recompute(overrides: ReadonlyMap<NodeId, Tensor>, target: NodeId): Tensor {
    const changed = new Map<NodeId, Tensor>();
    const silent: OpContext = { warn: () => undefined };
    for (const [id, t] of overrides) {
      this.checkNode(id);
      if (!sameShape(t.shape, this.shape(id))) {
        throw new EngineError('E_SHAPE', `recompute: override for node ${id} has shape ${shapeText(t.shape)}, expected ${shapeText(this.shape(id))}`);
      }
    }
    for (const id of this.ancestors(target)) {
      const o = overrides.get(id);
      if (o !== undefined) {
        changed.set(id, o);
        continue;
      }
      if ((this.meta[id] & Tape.CODE_MASK) < Tape.FIRST_OP) continue;
      const ins = this.inputs(id);
      if (!ins.some((i) => changed.has(i))) continue;
      const values = ins.map((i) => changed.get(i) ?? this.value(i));
      changed.set(id, SPEC_BY_CODE[(this.meta[id] & Tape.CODE_MASK)].forward(values, this.attrsOf.get(id), silent));
    }
    return changed.get(target) ?? this.value(target);
  }

  // ---------------------------------------------------------------- internals

  private input(code: number, value: number | Tensor): NodeId {
    if (typeof value === 'number') return this.push(code, Tape.NO_INPUT, Tape.NO_INPUT, value, code === Tape.LEAF ? Flag.NEEDS_GRAD : 0);
    if (!(value instanceof Tensor)) throw new EngineError('E_DOMAIN', 'a node value must be a number or a Tensor');
    this.checkSize(code === Tape.LEAF ? 'leaf' : 'constant', value.shape);
    const need = code === Tape.LEAF ? Flag.NEEDS_GRAD : 0;
    if (value.shape.length === 0) return this.push(code, Tape.NO_INPUT, Tape.NO_INPUT, value.data[0], need);
    const id = this.push(code, Tape.NO_INPUT, Tape.NO_INPUT, 0, need | Flag.TENSOR);
    this.tvals.set(id, value);
    return id;
  }

  private binary(code: number, rule: ScalarRule, a: NodeId, b: NodeId): NodeId {
    const flags = this.scalarPair(a, b);
    if (flags < 0) return this.apply(OP_NAMES[code - Tape.FIRST_OP], [a, b]);
    return this.scalarNode(code, rule, a, b, flags);
  }

  private unary(code: number, rule: ScalarRule, a: NodeId): NodeId {
    if ((a >>> 0) < this.n && (this.meta[a] & Flag.TENSOR) === 0) {
      return this.scalarNode(code, rule, a, Tape.NO_INPUT, (this.meta[a] & Flag.NEEDS_GRAD) | Flag.SCALAR_PATH);
    }
    return this.apply(OP_NAMES[code - Tape.FIRST_OP], [a]);
  }

  /**
   * The flags of a scalar op node on a and b (Flag.SCALAR_PATH, plus Flag.NEEDS_GRAD if
   * either input has it), or -1 when an id is invalid or an input is a tensor:
   * then apply() takes over, with its checks and messages.
   */
  private scalarPair(a: NodeId, b: NodeId): number {
    if ((a >>> 0) >= this.n || (b >>> 0) >= this.n) return -1;
    const both = this.meta[a] | this.meta[b];
    return (both & Flag.TENSOR) === 0 ? (both & Flag.NEEDS_GRAD) | Flag.SCALAR_PATH : -1;
  }

  /** Append a scalar op node computed by its scalar rule (inputs already checked to be scalars). */
  private scalarNode(code: number, rule: ScalarRule, a: NodeId, b: NodeId, flags: number): NodeId {
    const va = this.val[a];
    const vb = b === Tape.NO_INPUT ? 0 : this.val[b];
    return this.pushScalar(code, rule, a, b, rule.f(va, vb), flags);
  }

  /** Append a computed scalar node; a domain edge (rule.warn) or a non-finite result is checked for a warning. */
  private pushScalar(code: number, rule: ScalarRule, a: NodeId, b: NodeId, v: number, flags: number): NodeId {
    const id = this.push(code, a, b, v, flags);
    if (rule.warn !== undefined || v - v !== 0) this.scalarEdge(id, rule);
    return id;
  }

  /** The rare path of pushScalar, kept out of it so the JIT can inline pushScalar into every fast path. */
  private scalarEdge(id: NodeId, rule: ScalarRule): void {
    const code = this.meta[id] & Tape.CODE_MASK;
    const b = this.inB[id];
    const va = this.val[this.inA[id]];
    const vb = b === Tape.NO_INPUT ? 0 : this.val[b];
    const msg = scalarWarning(OP_NAMES[code - Tape.FIRST_OP], b === Tape.NO_INPUT ? 1 : 2, rule, va, vb, this.val[id]);
    if (msg !== undefined) this.warn(id, msg);
  }

  private push(code: number, a: NodeId, b: NodeId, value: number, flags: number): NodeId {
    if (this.n >= this.room) this.makeRoom();
    const id = this.n++;
    this.meta[id] = code | flags;
    this.inA[id] = a;
    this.inB[id] = b;
    this.val[id] = value;
    return id;
  }

  private makeRoom(): void {
    if (this.n >= this.maxNodes) {
      throw new EngineError('E_LIMIT', `the graph has reached its limit of ${this.maxNodes} nodes`);
    }
    this.grow(Math.min(this.cap * 2, this.maxNodes));
  }

  private grow(cap: number): void {
    const n = this.n;
    const meta = new Uint16Array(takeBuffer(cap * 2));
    meta.set(this.meta.subarray(0, n));
    giveBack(this.meta.buffer);
    this.meta = meta;
    const inA = new Int32Array(takeBuffer(cap * 4));
    inA.set(this.inA.subarray(0, n));
    giveBack(this.inA.buffer);
    this.inA = inA;
    const inB = new Int32Array(takeBuffer(cap * 4));
    inB.set(this.inB.subarray(0, n));
    giveBack(this.inB.buffer);
    this.inB = inB;
    const val = new Float64Array(takeBuffer(cap * 8));
    val.set(this.val.subarray(0, n));
    giveBack(this.val.buffer);
    this.val = val;
    if (this.tmark.length > 0) this.growTangents(cap);
    this.cap = cap;
    this.room = Math.min(cap, this.maxNodes);
  }

  /** The tangent columns exist only once forward mode is used: most graphs never need them. */
  private growTangents(cap: number): void {
    const tng = new Float64Array(cap);
    tng.set(this.tng.subarray(0, Math.min(this.n, this.tng.length)));
    const tmark = new Uint8Array(cap);
    tmark.set(this.tmark.subarray(0, Math.min(this.n, this.tmark.length)));
    this.tng = tng;
    this.tmark = tmark;
  }

  private checkSize(what: string, shape: Shape): void {
    const size = sizeOf(shape);
    if (size > this.maxTensorSize) {
      throw new EngineError('E_LIMIT', `${what}: a result of shape ${shapeText(shape)} would have ${size} elements, more than the limit of ${this.maxTensorSize}`);
    }
  }

  private checkNode(id: NodeId, argIndex?: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.n) {
      throw new EngineError('E_NODE', `node ${id} is not on this graph (it has ${this.n} nodes)`, argIndex);
    }
  }

  private warn(node: NodeId, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ node, message });
    else if (this.suppressedWarnings++ === 0) this.warnings.push({ node, message: 'further warnings suppressed' });
  }
}

/** How many nodes the last sweepScalars call had visited in all (its second result). */
let swept = 0;

/**
 * The reverse sweep over scalar nodes, from `from` down: a node with
 * Flag.REACHED has had some consumer handled. Inputs are marked without
 * looking at their flags; a marked node that needs no gradient (a constant, or
 * built from constants) is skipped when the sweep reaches it. Visited nodes go
 * in `order` unless it is null; `visited` is the count so far, and the new
 * count is left in `swept`. Returns the id of the first reached node that
 * needs its op's tensor rule (not yet visited), or -1 when the sweep is done.
 *
 * A function of the columns rather than a method: its optimized code then
 * holds nothing of one graph (such code is thrown away, and recompiled, when
 * that graph is collected, which happened once per graph).
 */
function sweepScalars(
  from: NodeId, meta: Uint16Array, inA: Int32Array, inB: Int32Array,
  val: Float64Array, grd: Float64Array, order: NodeId[] | null, visited: number,
): NodeId {
  // The rules in locals: read from the module scope inside the loop, each use
  // would be a context load and a TDZ check.
  const rAdd = R_ADD, rSub = R_SUB, rMul = R_MUL, rDiv = R_DIV, rPow = R_POW, rMax = R_MAX, rMin = R_MIN;
  const rNeg = R_NEG, rExp = R_EXP, rLog = R_LOG, rSqrt = R_SQRT, rAbs = R_ABS, rSin = R_SIN, rCos = R_COS;
  const rTanh = R_TANH, rSigmoid = R_SIGMOID, rRelu = R_RELU, ruleByCode = RULE_BY_CODE;
  let id = from;
  for (; id >= 0; id--) {
    const m = meta[id];
    // The common case in one test: reached, wants a gradient, has a scalar rule.
    if ((m & (Flag.REACHED | Flag.NEEDS_GRAD | Flag.SCALAR_PATH)) !== (Flag.REACHED | Flag.NEEDS_GRAD | Flag.SCALAR_PATH)) {
      if ((m & (Flag.REACHED | Flag.NEEDS_GRAD)) !== (Flag.REACHED | Flag.NEEDS_GRAD)) continue;
      if ((m & Tape.CODE_MASK) >= Tape.FIRST_OP) break; // its op's tensor rule
      if (order !== null) order[visited] = id; // a leaf
      visited++;
      continue;
    }
    if (order !== null) order[visited] = id;
    visited++;
    const a = inA[id];
    const b = inB[id];
    const g = grd[id];
    meta[a] |= Flag.REACHED;
    // One call site per op, so the JIT inlines each rule's arithmetic (and
    // drops the loads of values a rule does not use); a case never met
    // stays a deoptimization exit, not a call.
    switch (m & Tape.CODE_MASK) {
      case 2: meta[b] |= Flag.REACHED; grd[a] += g * rAdd.d0(val[a], val[b], val[id]); grd[b] += g * rAdd.d1(val[a], val[b], val[id]); break;
      case 3: meta[b] |= Flag.REACHED; grd[a] += g * rSub.d0(val[a], val[b], val[id]); grd[b] += g * rSub.d1(val[a], val[b], val[id]); break;
      case 4: meta[b] |= Flag.REACHED; grd[a] += g * rMul.d0(val[a], val[b], val[id]); grd[b] += g * rMul.d1(val[a], val[b], val[id]); break;
      case 5: meta[b] |= Flag.REACHED; grd[a] += g * rDiv.d0(val[a], val[b], val[id]); grd[b] += g * rDiv.d1(val[a], val[b], val[id]); break;
      case 6: meta[b] |= Flag.REACHED; grd[a] += g * rPow.d0(val[a], val[b], val[id]); grd[b] += g * rPow.d1(val[a], val[b], val[id]); break;
      case 7: meta[b] |= Flag.REACHED; grd[a] += g * rMax.d0(val[a], val[b], val[id]); grd[b] += g * rMax.d1(val[a], val[b], val[id]); break;
      case 8: meta[b] |= Flag.REACHED; grd[a] += g * rMin.d0(val[a], val[b], val[id]); grd[b] += g * rMin.d1(val[a], val[b], val[id]); break;
      case 11: grd[a] += g * rNeg.d0(val[a], 0, val[id]); break;
      case 12: grd[a] += g * rExp.d0(val[a], 0, val[id]); break;
      case 13: grd[a] += g * rLog.d0(val[a], 0, val[id]); break;
      case 14: grd[a] += g * rSqrt.d0(val[a], 0, val[id]); break;
      case 15: grd[a] += g * rAbs.d0(val[a], 0, val[id]); break;
      case 16: grd[a] += g * rSin.d0(val[a], 0, val[id]); break;
      case 17: grd[a] += g * rCos.d0(val[a], 0, val[id]); break;
      case 18: grd[a] += g * rTanh.d0(val[a], 0, val[id]); break;
      case 19: grd[a] += g * rSigmoid.d0(val[a], 0, val[id]); break;
      case 20: grd[a] += g * rRelu.d0(val[a], 0, val[id]); break;
      default: {
        // An element-wise op added later: its rule through the registry.
        const rule = ruleByCode[m & Tape.CODE_MASK]!;
        const va = val[a];
        const vb = b === Tape.NO_INPUT ? 0 : val[b];
        grd[a] += g * rule.d0(va, vb, val[id]);
        if (b !== Tape.NO_INPUT) {
          grd[b] += g * rule.d1(va, vb, val[id]);
          meta[b] |= Flag.REACHED;
        }
      }
    }
  }
  swept = visited;
  return id;
}
