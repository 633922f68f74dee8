import { binaryOp } from './elementwise';

/** a − b, a primitive (not a + (−1)·b) so the drawn graph shows what was written. */
export const sub = binaryOp({
  name: 'sub',
  symbol: '−',
  derivative: ['∂(a−b)/∂a = 1', '∂(a−b)/∂b = −1'],
  f: (a, b) => a - b,
  d0: () => 1,
  d1: () => -1,
  loops: {
    f(a, ma, b, mb, out) {
      for (let k = 0; k < out.length; k++) out[k] = a[ma === undefined ? k : ma[k]] - b[mb === undefined ? k : mb[k]];
    },
    d(which, g, _a, _ma, _b, _mb, full) {
      if (which === 0) full.set(g);
      else for (let k = 0; k < full.length; k++) full[k] = -g[k];
    },
  },
});
