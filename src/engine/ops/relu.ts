import { unaryOp } from './elementwise';

/** max(0, x). The slope at 0 is taken as 0, as in PyTorch and tfjs. NaN stays NaN. */
export const relu = unaryOp({
  name: 'relu',
  symbol: 'relu',
  derivative: ['∂relu(x)/∂x = 1 if x > 0, else 0'],
  f: (x) => (x > 0 ? x : x <= 0 ? 0 : x),
  d: (x) => (x > 0 ? 1 : 0),
  loops: {
    f(a, out) {
      for (let k = 0; k < a.length; k++) {
        const x = a[k];
        out[k] = x > 0 ? x : x <= 0 ? 0 : x;
      }
    },
    d(g, a, _o, full) {
      for (let k = 0; k < a.length; k++) full[k] = g[k] * (a[k] > 0 ? 1 : 0); // 0 · ∞ stays NaN, as in the scalar rule
    },
  },
});
