// The matrix-product kernels against a plain triple loop, at sizes that
// exercise every blocked path and every remainder (rows and middle steps not
// a multiple of four, and fewer than four).

import assert from 'node:assert/strict';
import { matmulNN, matmulNT, matmulTN } from '../../../src/engine/kernels';
import { Rng } from '../../../src/engine';

function randomArray(size: number, rng: Rng): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

/** C[n×m] = A[n×k]·B[k×m], reading A or B transposed when asked, the textbook way. */
function reference(a: Float64Array, b: Float64Array, n: number, k: number, m: number, aT: boolean, bT: boolean): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (aT ? a[p * n + i] : a[i * k + p]) * (bT ? b[j * k + p] : b[p * m + j]);
      c[i * m + j] = s;
    }
  }
  return c;
}

function assertClose(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-12 * (1 + Math.abs(expected[i])), `${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

describe('engine: matmul kernels', () => {
  const sizes: [number, number, number][] = [[1, 1, 1], [3, 2, 5], [4, 4, 4], [5, 7, 3], [8, 9, 6], [9, 12, 1], [13, 17, 11]];
  const rng = new Rng(7);
  for (const [n, k, m] of sizes) {
    it(`n=${n} k=${k} m=${m}: C = A·B, Ā = Ḡ·Bᵀ, B̄ = Aᵀ·Ḡ`, () => {
      const a = randomArray(n * k, rng), b = randomArray(k * m, rng), g = randomArray(n * m, rng);
      assertClose(matmulNN(a, b, n, k, m), reference(a, b, n, k, m, false, false), 'A·B');
      // Ā [n×k] = G [n×m] · Bᵀ (B is k×m)
      assertClose(matmulNT(g, b, n, m, k), reference(g, b, n, m, k, false, true), 'G·Bᵀ');
      // B̄ [k×m] = Aᵀ (A is n×k) · G [n×m]
      assertClose(matmulTN(a, g, n, k, m), reference(a, g, k, n, m, true, false), 'Aᵀ·G');
    });
  }
});
