// The tape's storage, in one place. Nodes are appended in creation order, so a
// node's inputs always have smaller ids and ascending id order is a
// topological order. Scalar nodes live in typed-array columns (no object per
// node); tensor values, tensor gradients/tangents, inputs beyond two and attrs
// live in side tables keyed by id.
//
// Columns, one entry per node:
//   meta    16 bits: the op code in the low byte, Flag bits above it. One column
//           instead of three (code, flags, reach marks): one load per node in the
//           sweeps, one store per node while building.
//   inA/inB the first two inputs (NO_INPUT when absent).
//   val     the value of a scalar node. Its local derivatives are not stored:
//           the sweeps compute them from the inputs' values by the op's scalar
//           rule (two more columns doubled a node's bytes and slowed building;
//           see "How the sweeps work" in README.md).
//   grd     gradients (sized by the first backward, not by growth).
//   tng/tmark  tangents and "reached by the last forward" (sized by the first forward).

import type { OpAttrs } from './ops';
import { Tensor } from './tensor';

export type NodeId = number;

/**
 * Op codes in `meta`'s low byte: 0 and 1 are inputs, an op's code is its
 * position in the registry plus FIRST_OP (see CODE in codes.ts). Nothing in
 * the sweeps depends on which op has which code. A const enum: tsc and esbuild
 * write the numbers in place (a module-level const is a context load in every
 * hot loop when modules are compiled one at a time, as tsx does).
 */
export const enum Code {
  MASK = 255,
  LEAF = 0,
  CONST = 1,
  FIRST_OP = 2,
  NO_INPUT = -1,
}

export const enum Flag {
  /** the value is a tensor (in `tvals`), not a scalar in `val` */
  TENSOR = 256,
  /** a leaf, or depends on one: backward computes its gradient */
  NEEDS_GRAD = 512,
  /** computed by an element-wise op's scalar rule from scalar inputs: the sweeps use that rule's local derivatives */
  SCALAR_PATH = 1024,
  /** reached by the last backward: some consumer of it was handled (or it is the target) */
  REACHED = 2048,
}

/**
 * Spare tape columns. When a tape grows, its old columns are dead (they are
 * private, and nothing grows during a sweep), so grow() hands their buffers
 * here and the next growth of any tape of that size takes them back instead
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

function growFloats(old: Float64Array, cap: number, n: number): Float64Array<ArrayBuffer> {
  const col = new Float64Array(takeBuffer(cap * 8));
  col.set(old.subarray(0, n));
  giveBack(old.buffer);
  return col;
}

/**
 * The columns and side tables of one graph. Internal to the engine: Graph
 * builds and reads it, reverse.ts and forward.ts sweep it, replay.ts
 * re-evaluates it. Sweeps never grow it, so a sweep may hold its columns in locals.
 */
export class Tape {
  n = 0;
  cap = 0;
  /** min(cap, maxNodes): appending past it grows or throws */
  room = 0;
  meta = new Uint16Array(0);
  inA = new Int32Array(0);
  inB = new Int32Array(0);
  val = new Float64Array(0);
  grd = new Float64Array(0);
  tng = new Float64Array(0);
  tmark = new Uint8Array(0);
  readonly tvals = new Map<NodeId, Tensor>();
  readonly tgrads = new Map<NodeId, Float64Array>();
  readonly ttans = new Map<NodeId, Float64Array>();
  readonly moreInputs = new Map<NodeId, NodeId[]>();
  readonly attrsOf = new Map<NodeId, OpAttrs>();

  constructor(readonly maxNodes: number) {
    this.grow(1024);
  }

  /** Append a node; the caller has made room (n < room). */
  push(code: number, a: NodeId, b: NodeId, value: number, flags: number): NodeId {
    const id = this.n++;
    this.meta[id] = code | flags;
    this.inA[id] = a;
    this.inB[id] = b;
    this.val[id] = value;
    return id;
  }

  /** The value as a tensor (scalars wrapped). Shared with the tape: do not modify its data. */
  value(id: NodeId): Tensor {
    return this.meta[id] & Flag.TENSOR ? this.tvals.get(id)! : Tensor.scalar(this.val[id]);
  }

  /** The node's inputs in order (a fresh array). */
  inputs(id: NodeId): NodeId[] {
    if ((this.meta[id] & Code.MASK) < Code.FIRST_OP) return [];
    const out: NodeId[] = [this.inA[id]];
    if (this.inB[id] !== Code.NO_INPUT) out.push(this.inB[id]);
    const more = this.moreInputs.get(id);
    if (more !== undefined) for (const m of more) out.push(m); // not push(...more): a 200k-input stack would overflow the call stack
    return out;
  }

  /** Every id `target` depends on, itself included, ascending (a topological order). */
  ancestors(target: NodeId): NodeId[] {
    const { meta, inA, inB } = this;
    const mark = new Uint8Array(target + 1);
    mark[target] = 1;
    let count = 0;
    for (let id = target; id >= 0; id--) {
      if (mark[id] === 0) continue;
      count++;
      if ((meta[id] & Code.MASK) < Code.FIRST_OP) continue;
      mark[inA[id]] = 1;
      if (inB[id] !== Code.NO_INPUT) mark[inB[id]] = 1;
      const more = this.moreInputs.get(id);
      if (more !== undefined) for (const m of more) mark[m] = 1;
    }
    const out = new Array<NodeId>(count);
    let k = 0;
    for (let id = 0; id <= target; id++) if (mark[id]) out[k++] = id;
    return out;
  }

  /** Double the columns (up to cap). */
  grow(cap: number): void {
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
    this.val = growFloats(this.val, cap, n);
    if (this.tmark.length > 0) this.growTangents(cap);
    this.cap = cap;
    this.room = Math.min(cap, this.maxNodes);
  }

  /** The gradient column, at least n long. New memory is zero, so a new column needs no clearing. */
  gradients(): Float64Array {
    if (this.grd.length < this.n) this.grd = new Float64Array(this.cap);
    return this.grd;
  }

  /** The tangent columns exist only once forward mode is used: most graphs never need them. */
  growTangents(cap: number): void {
    const tng = new Float64Array(cap);
    tng.set(this.tng.subarray(0, Math.min(this.n, this.tng.length)));
    const tmark = new Uint8Array(cap);
    tmark.set(this.tmark.subarray(0, Math.min(this.n, this.tmark.length)));
    this.tng = tng;
    this.tmark = tmark;
  }
}
