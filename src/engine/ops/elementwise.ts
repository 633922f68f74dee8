// Element-wise ops are defined by a scalar function and its local partial
// derivatives (a ScalarRule). From those alone these factories build the
// tensor forward (with NumPy broadcasting), the reverse rule
//   ∂L/∂a[i] = Σ over outputs reading a[i] of g[k] · ∂out[k]/∂a
// (the Σ is `unbroadcast`), and the forward rule
//   ṫ[k] = ∂out/∂a · ȧ + ∂out/∂b · ḃ.
// So an element-wise op file states only its math and its words.

import { broadcastIndex, broadcastShapes, unbroadcast } from '../broadcast';
import { type Shape, Tensor, sizeOf } from '../tensor';
import type { OpContext, OpSpec, ScalarRule } from './types';

/** A number as a warning prints it: short, exact for integers. */
export function fmt(x: number): string {
  if (Number.isInteger(x) || !Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function finite(x: number): boolean {
  return x - x === 0;
}

/**
 * The warning for one evaluation of an element-wise op, if any: the op's own
 * domain edges first, then overflow (finite inputs, non-finite result). NaN or
 * infinite inputs propagate silently: the warning was given where they arose.
 */
export function scalarWarning(name: string, arity: number, rule: ScalarRule, a: number, b: number, out: number): string | undefined {
  if (!finite(a) || (arity === 2 && !finite(b))) return undefined;
  const own = rule.warn?.(a, b, out);
  if (own !== undefined) return own;
  if (finite(out)) return undefined;
  const args = arity === 2 ? `${fmt(a)}, ${fmt(b)}` : fmt(a);
  return Number.isNaN(out) ? `${name}(${args}) is NaN` : `${name}(${args}) overflows to ${out}`;
}

/** Scan a computed tensor for the first warning and report it once, with its element index. */
function reportFirst(
  ctx: OpContext, name: string, arity: number, rule: ScalarRule, shape: Shape,
  a: Float64Array, ma: Int32Array | undefined, b: Float64Array, mb: Int32Array | undefined, out: Float64Array,
): void {
  let count = 0;
  let first: string | undefined;
  let firstAt = 0;
  for (let k = 0; k < out.length; k++) {
    if (rule.warn === undefined && finite(out[k])) continue;
    const msg = scalarWarning(name, arity, rule, a[ma === undefined ? k : ma[k]], arity === 2 ? b[mb === undefined ? k : mb[k]] : 0, out[k]);
    if (msg === undefined) continue;
    if (count++ === 0) {
      first = msg;
      firstAt = k;
    }
  }
  if (first === undefined) return;
  const where = shape.length === 0 ? '' : ` at element ${elementText(shape, firstAt)}`;
  const more = count > 1 ? ` (and ${count - 1} more element${count > 2 ? 's' : ''})` : '';
  ctx.warn(`${first}${where}${more}`);
}

/** The multi-index of flat position k in shape, as `[i, j]`. */
export function elementText(shape: Shape, k: number): string {
  const idx = new Array<number>(shape.length);
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    idx[ax] = k % shape[ax];
    k = Math.floor(k / shape[ax]);
  }
  return `[${idx.join(', ')}]`;
}

export interface BinaryDef extends ScalarRule {
  readonly name: string;
  readonly symbol: string;
  readonly derivative: readonly [string, string];
  readonly pattern?: string;
  /** Whole-tensor loops for the hottest ops (add, sub, mul); the generic ones otherwise. */
  readonly loops?: TensorLoops;
}

/**
 * The generic tensor loops call `f`, `d0`, `d1` through one call site shared by
 * every op, which V8 stops inlining once it has seen several ops (a real call
 * per element: most of a training step). An op on the hot path of tensor
 * graphs (a descend replays and differentiates the same graph at every step)
 * brings loops of its own instead, written in its file. Index maps as in
 * broadcastIndex (undefined: the same flat index).
 */
export interface TensorLoops {
  /** out[k] = f(a[ia], b[ib]). */
  f(a: Float64Array, ma: Int32Array | undefined, b: Float64Array, mb: Int32Array | undefined, out: Float64Array): void;
  /** full[k] = g[k] · ∂out/∂(input `which`) at element k. */
  d(which: 0 | 1, g: Float64Array, a: Float64Array, ma: Int32Array | undefined, b: Float64Array, mb: Int32Array | undefined, full: Float64Array): void;
}

/** An element-wise op: an OpSpec whose scalar rule is always present. */
export type ElementwiseSpec = OpSpec & { readonly scalar: ScalarRule };

/**
 * Every rule object gets the same four fields in the same order, so the tape's
 * loads of `rule.f`, `rule.d0` … see one object layout whatever the op.
 */
function normalRule(f: ScalarRule['f'], d0: ScalarRule['d0'], d1: ScalarRule['d1'], warn: ScalarRule['warn']): ScalarRule {
  return { f, d0, d1, warn };
}

export function binaryOp(def: BinaryDef): ElementwiseSpec {
  const { name, loops } = def;
  const rule = normalRule(def.f, def.d0, def.d1, def.warn);
  return {
    name,
    arity: 2,
    symbol: def.symbol,
    derivative: def.derivative,
    ...(def.pattern !== undefined ? { pattern: def.pattern } : {}),
    scalar: rule,
    shape: ([a, b]) => broadcastShapes(a, b),
    forward([A, B], _attrs, ctx) {
      const shape = broadcastShapes(A.shape, B.shape);
      const ma = broadcastIndex(shape, A.shape);
      const mb = broadcastIndex(shape, B.shape);
      const a = A.data, b = B.data;
      const out = new Float64Array(sizeOf(shape));
      if (loops !== undefined) {
        loops.f(a, ma, b, mb, out);
      } else if (ma === undefined && mb === undefined) {
        for (let k = 0; k < out.length; k++) out[k] = def.f(a[k], b[k]);
      } else {
        for (let k = 0; k < out.length; k++) out[k] = def.f(a[ma === undefined ? k : ma[k]], b[mb === undefined ? k : mb[k]]);
      }
      reportFirst(ctx, name, 2, rule, shape, a, ma, b, mb, out);
      return new Tensor(shape, out);
    },
    vjp(G, [A, B], O, _attrs, wanted) {
      const ma = broadcastIndex(O.shape, A.shape);
      const mb = broadcastIndex(O.shape, B.shape);
      const a = A.data, b = B.data, g = G.data, o = O.data;
      const grads: (Tensor | undefined)[] = [undefined, undefined];
      if (wanted[0]) {
        const full = new Float64Array(o.length);
        if (loops !== undefined) loops.d(0, g, a, ma, b, mb, full);
        else for (let k = 0; k < o.length; k++) {
          full[k] = g[k] * def.d0(a[ma === undefined ? k : ma[k]], b[mb === undefined ? k : mb[k]], o[k]);
        }
        grads[0] = new Tensor(A.shape, unbroadcast(full, ma, A.size));
      }
      if (wanted[1]) {
        const full = new Float64Array(o.length);
        if (loops !== undefined) loops.d(1, g, a, ma, b, mb, full);
        else for (let k = 0; k < o.length; k++) {
          full[k] = g[k] * def.d1(a[ma === undefined ? k : ma[k]], b[mb === undefined ? k : mb[k]], o[k]);
        }
        grads[1] = new Tensor(B.shape, unbroadcast(full, mb, B.size));
      }
      return grads;
    },
    jvp([TA, TB], [A, B], O) {
      const ma = broadcastIndex(O.shape, A.shape);
      const mb = broadcastIndex(O.shape, B.shape);
      const a = A.data, b = B.data, o = O.data;
      const t = new Float64Array(o.length);
      for (let k = 0; k < o.length; k++) {
        const ia = ma === undefined ? k : ma[k];
        const ib = mb === undefined ? k : mb[k];
        let s = 0;
        if (TA !== undefined) s += def.d0(a[ia], b[ib], o[k]) * TA.data[ia];
        if (TB !== undefined) s += def.d1(a[ia], b[ib], o[k]) * TB.data[ib];
        t[k] = s;
      }
      return new Tensor(O.shape, t);
    },
  };
}

export interface UnaryDef {
  readonly name: string;
  readonly symbol: string;
  readonly derivative: readonly [string];
  f(x: number): number;
  /** ∂out/∂x, given x and out = f(x). */
  d(x: number, out: number): number;
  warn?(x: number, out: number): string | undefined;
  /** Whole-tensor loops for the hottest unary ops (relu), as TensorLoops for binary ones. */
  readonly loops?: UnaryLoops;
}

export interface UnaryLoops {
  /** out[k] = f(a[k]). */
  f(a: Float64Array, out: Float64Array): void;
  /** full[k] = g[k] · ∂out/∂a at element k. */
  d(g: Float64Array, a: Float64Array, o: Float64Array, full: Float64Array): void;
}

export function unaryOp(def: UnaryDef): ElementwiseSpec {
  const { name } = def;
  const { f, d, warn } = def;
  const rule = normalRule(
    (a) => f(a),
    (a, _b, out) => d(a, out),
    () => 0,
    warn === undefined ? undefined : (a, _b, out) => warn(a, out),
  );
  return {
    name,
    arity: 1,
    symbol: def.symbol,
    derivative: def.derivative,
    scalar: rule,
    shape: ([a]) => a,
    forward([A], _attrs, ctx) {
      const a = A.data;
      const out = new Float64Array(a.length);
      if (def.loops !== undefined) def.loops.f(a, out);
      else for (let k = 0; k < a.length; k++) out[k] = def.f(a[k]);
      reportFirst(ctx, name, 1, rule, A.shape, a, undefined, a, undefined, out);
      return new Tensor(A.shape, out);
    },
    vjp(G, [A], O, _attrs, wanted) {
      if (!wanted[0]) return [undefined];
      const a = A.data, g = G.data, o = O.data;
      const out = new Float64Array(a.length);
      if (def.loops !== undefined) def.loops.d(g, a, o, out);
      else for (let k = 0; k < a.length; k++) out[k] = g[k] * def.d(a[k], o[k]);
      return [new Tensor(A.shape, out)];
    },
    jvp([TA], [A], O) {
      const a = A.data, o = O.data, ta = TA!.data;
      const out = new Float64Array(a.length);
      for (let k = 0; k < a.length; k++) out[k] = def.d(a[k], o[k]) * ta[k];
      return new Tensor(A.shape, out);
    },
  };
}
