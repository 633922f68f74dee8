// Matrix-product kernels on flat row-major Float64Arrays. All three keep the
// innermost loop running along contiguous rows (i-k-j order), and the two used
// by the reverse rule read the transposed operand in place instead of building
// a transposed copy. Each handles four rows of the left operand per pass, so a
// row of the right operand is loaded once for four uses: the operands of a
// 784×128 layer do not fit in cache, and this cuts their memory traffic by 4.
// matmulNN and matmulTN also take four steps of the middle loop per pass (a
// 4×4 block of scalars in registers), so each element they accumulate into is
// loaded and stored once per four products: about twice as fast again.

/** C[n×m] = A[n×k] · B[k×m]. */
export function matmulNN(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = i * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    let p = 0;
    // Four steps of p at once: each element of C's four rows is loaded and
    // stored once per four products instead of once per product.
    for (; p + 4 <= k; p += 4) {
      const x00 = a[a0 + p], x01 = a[a0 + p + 1], x02 = a[a0 + p + 2], x03 = a[a0 + p + 3];
      const x10 = a[a1 + p], x11 = a[a1 + p + 1], x12 = a[a1 + p + 2], x13 = a[a1 + p + 3];
      const x20 = a[a2 + p], x21 = a[a2 + p + 1], x22 = a[a2 + p + 2], x23 = a[a2 + p + 3];
      const x30 = a[a3 + p], x31 = a[a3 + p + 1], x32 = a[a3 + p + 2], x33 = a[a3 + p + 3];
      const b0 = p * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
      for (let j = 0; j < m; j++) {
        const u = b[b0 + j], v = b[b1 + j], w = b[b2 + j], z = b[b3 + j];
        c[c0 + j] += x00 * u + x01 * v + x02 * w + x03 * z;
        c[c1 + j] += x10 * u + x11 * v + x12 * w + x13 * z;
        c[c2 + j] += x20 * u + x21 * v + x22 * w + x23 * z;
        c[c3 + j] += x30 * u + x31 * v + x32 * w + x33 * z;
      }
    }
    for (; p < k; p++) {
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
    let p = 0;
    // Four rows of dB at once: the four rows of G are loaded once for all four.
    for (; p + 4 <= k; p += 4) {
      const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      const y0 = a[a0 + p + 1], y1 = a[a1 + p + 1], y2 = a[a2 + p + 1], y3 = a[a3 + p + 1];
      const z0 = a[a0 + p + 2], z1 = a[a1 + p + 2], z2 = a[a2 + p + 2], z3 = a[a3 + p + 2];
      const w0 = a[a0 + p + 3], w1 = a[a1 + p + 3], w2 = a[a2 + p + 3], w3 = a[a3 + p + 3];
      const o0 = p * m, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
      for (let j = 0; j < m; j++) {
        const h0 = g[g0 + j], h1 = g[g1 + j], h2 = g[g2 + j], h3 = g[g3 + j];
        out[o0 + j] += x0 * h0 + x1 * h1 + x2 * h2 + x3 * h3;
        out[o1 + j] += y0 * h0 + y1 * h1 + y2 * h2 + y3 * h3;
        out[o2 + j] += z0 * h0 + z1 * h1 + z2 * h2 + z3 * h3;
        out[o3 + j] += w0 * h0 + w1 * h1 + w2 * h2 + w3 * h3;
      }
    }
    for (; p < k; p++) {
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
