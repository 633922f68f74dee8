// NumPy broadcasting: shapes are aligned on the right; a dimension of 1 (or a
// missing one) stretches to match. Forward passes read inputs through an index
// map, and every broadcasting op's reverse rule goes through `unbroadcast`,
// which sums the gradient back to the input's shape.

import { EngineError } from './errors';
import { type Shape, sameShape, shapeText, sizeOf } from './tensor';

/**
 * The broadcast shape of a and b, or E_SHAPE naming both (argIndex 1: the
 * second operand is blamed). The message does not name the op: the language
 * points at the operator the user wrote, which our op name may not match.
 */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  if (sameShape(a, b)) return a;
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new EngineError('E_SHAPE', `cannot broadcast shapes ${shapeText(a)} and ${shapeText(b)}`, 1);
  }
  return out;
}

/**
 * For each flat index of `outShape`, the flat index of the element of an input
 * of shape `inShape` that broadcasting reads there. `undefined` when the shapes
 * are equal (the identity map); callers take that fast path. The map may be
 * shared with other callers: read it, never write it.
 */
export function broadcastIndex(outShape: Shape, inShape: Shape): Int32Array | undefined {
  if (sameShape(outShape, inShape)) return undefined;
  const size = sizeOf(outShape);
  // A graph re-run again and again (replay, descend) asks for the same few maps
  // at every step: they are kept, read-only, in a small first-in-first-out memo.
  const key = size <= MEMO_MAX_SIZE ? `${outShape.join(',')}|${inShape.join(',')}` : undefined;
  if (key !== undefined) {
    const known = memo.get(key);
    if (known !== undefined) return known;
  }
  const map = computeIndex(outShape, inShape, size);
  if (key !== undefined) {
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(key, map);
  }
  return map;
}

/** broadcastIndex's memo: at most MEMO_ENTRIES maps of at most MEMO_MAX_SIZE elements (16 MB in all). */
const MEMO_ENTRIES = 64;
const MEMO_MAX_SIZE = 1 << 16;
const memo = new Map<string, Int32Array>();

function computeIndex(outShape: Shape, inShape: Shape, size: number): Int32Array {
  const map = new Int32Array(size);
  if (sizeOf(inShape) === 1) return map; // all zeros
  const rank = outShape.length;
  const offset = rank - inShape.length;
  // Strides of the input laid over the output's axes: 0 where it is stretched.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    strides[i + offset] = inShape[i] === 1 ? 0 : stride;
    stride *= inShape[i];
  }
  return stridedIndex(outShape, strides, map);
}

/**
 * Walks `outShape` in row-major order and writes, for each flat index, the
 * source offset reached through `strides` (the source's stride for each output
 * axis, 0 for a stretched axis). Shared by broadcasting and by transposes.
 */
export function stridedIndex(outShape: Shape, strides: readonly number[], map: Int32Array): Int32Array {
  const rank = outShape.length;
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < map.length; k++) {
    map[k] = src;
    // Advance the multi-index like an odometer, keeping `src` in step.
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += strides[ax];
      if (counter[ax] < outShape[ax]) break;
      src -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return map;
}

/**
 * The reverse of broadcasting: sum a gradient of the broadcast shape back onto
 * the input's shape (every output element adds into the element it read).
 * `map` is `broadcastIndex(outShape, inShape)`; undefined means same shape.
 */
export function unbroadcast(full: Float64Array, map: Int32Array | undefined, inSize: number): Float64Array {
  if (map === undefined) return full;
  const out = new Float64Array(inSize);
  for (let k = 0; k < full.length; k++) out[map[k]] += full[k];
  return out;
}
