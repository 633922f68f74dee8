// Matrix-product kernels on flat row-major Float64Arrays. All three keep the
// innermost loop running along contiguous rows (i-k-j order), and the two used
// by the reverse rule read the transposed operand in place instead of building
// a transposed copy. Each handles four rows of the left operand per pass, so a
// row of the right operand is loaded once for four uses: the operands of a
// 784×128 layer do not fit in cache, and this cuts their memory traffic by 4.

/** C[n×m] = A[n×k] · B[k×m]. */
export function matmulNN(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = i * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      const bp = p * m;
      for (let j = 0; j < m; j++) {
        const bj = b[bp + j];
        c[c0 + j] += x0 * bj;
        c[c1 + j] += x1 * bj;
        c[c2 + j] += x2 * bj;
        c[c3 + j] += x3 * bj;
      }
    }
  }
  for (; i < n; i++) {
    const ci = i * m;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const x = a[ai + p];
      const bp = p * m;
      for (let j = 0; j < m; j++) c[ci + j] += x * b[bp + j];
    }
  }
  return c;
}

/** dA[n×k] = G[n×m] · Bᵀ where B is k×m: row i of G dotted with row p of B. */
export function matmulNT(g: Float64Array, b: Float64Array, n: number, m: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const g0 = i * m, g1 = g0 + m, g2 = g1 + m, g3 = g2 + m;
    for (let p = 0; p < k; p++) {
      const bp = p * m;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < m; j++) {
        const bj = b[bp + j];
        s0 += g[g0 + j] * bj;
        s1 += g[g1 + j] * bj;
        s2 += g[g2 + j] * bj;
        s3 += g[g3 + j] * bj;
      }
      out[i * k + p] = s0;
      out[(i + 1) * k + p] = s1;
      out[(i + 2) * k + p] = s2;
      out[(i + 3) * k + p] = s3;
    }
  }
  for (; i < n; i++) {
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
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const g0 = i * m, g1 = g0 + m, g2 = g1 + m, g3 = g2 + m;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      const op = p * m;
      for (let j = 0; j < m; j++) {
        out[op + j] += x0 * g[g0 + j] + x1 * g[g1 + j] + x2 * g[g2 + j] + x3 * g[g3 + j];
      }
    }
  }
  for (; i < n; i++) {
    const ai = i * k;
    const gi = i * m;
    for (let p = 0; p < k; p++) {
      const x = a[ai + p];
      const op = p * m;
      for (let j = 0; j < m; j++) out[op + j] += x * g[gi + j];
    }
  }
  return out;
}
