import { binaryOp } from './elementwise';

/** a · b. The lecture's f_a(x) = ax → df/dx = a. */
export const mul = binaryOp({
  name: 'mul',
  symbol: '×',
  derivative: ['∂(a·b)/∂a = b', '∂(a·b)/∂b = a'],
  pattern: 'mul gate: gradient switcher: each input gets the upstream gradient times the other input',
  f: (a, b) => a * b,
  d0: (_a, b) => b,
  d1: (a) => a,
  loops: {
    f(a, ma, b, mb, out) {
      for (let k = 0; k < out.length; k++) out[k] = a[ma === undefined ? k : ma[k]] * b[mb === undefined ? k : mb[k]];
    },
    d(which, g, a, ma, b, mb, full) {
      if (which === 0) for (let k = 0; k < full.length; k++) full[k] = g[k] * b[mb === undefined ? k : mb[k]];
      else for (let k = 0; k < full.length; k++) full[k] = g[k] * a[ma === undefined ? k : ma[k]];
    },
  },
});
