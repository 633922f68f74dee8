// Shared helpers for the engine tests: random tensors in a chosen range and
// tolerant comparisons. Not a test file itself.

import assert from 'node:assert/strict';
import { Rng, type Shape, Tensor, sizeOf } from '../../../src/engine';

/** Uniform values in ±[lo, hi] (or [lo, hi] when positive), away from kinks at 0. */
export function randomTensor(rng: Rng, shape: Shape, lo = 0.2, hi = 2, positive = false): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const m = lo + (hi - lo) * rng.next();
    data[i] = positive || rng.next() < 0.5 ? m : -m;
  }
  return new Tensor(shape, data);
}

export function dotData(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length, 'dot of unequal lengths');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** |a − b| ≤ tol · max(1, |a|, |b|) for every element. */
export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tol = 1e-9, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(1, Math.abs(a[i]), Math.abs(e[i]));
    assert.ok(Math.abs(a[i] - e[i]) <= tol * scale, `${what}[${i}]: ${a[i]} vs expected ${e[i]} (tol ${tol})`);
  }
}
