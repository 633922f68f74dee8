// Matrix-product kernels on flat row-major Float64Arrays. All three keep the
// innermost loop running along contiguous rows (i-k-j order), and the two used
// by the reverse rule read the transposed operand in place instead of building
// a transposed copy.

/** C[n×m] = A[n×k] · B[k×m]. */
export function matmulNN(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      const bp = p * m;
      for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/** dA[n×k] = G[n×m] · Bᵀ where B is k×m: row i of G dotted with row p of B. */
export function matmulNT(g: Float64Array, b: Float64Array, n: number, m: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const gi = i * m;
    for (let p = 0; p < k; p++) {
      const bp = p * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += g[gi + j] * b[bp + j];
      out[i * k + p] = s;
    }
  }
  return out;
}

/** dB[k×m] = Aᵀ · G where A is n×k and G is n×m: row p of dB gathers A[i,p]·G[i,:]. */
export function matmulTN(a: Float64Array, g: Float64Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(k * m);
  for (let i = 0; i < n; i++) {
    const ai = i * k;
    const gi = i * m;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      const op = p * m;
      for (let j = 0; j < m; j++) out[op + j] += aip * g[gi + j];
    }
  }
  return out;
}
