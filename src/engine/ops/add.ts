import { binaryOp } from './elementwise';

/** a + b. The lecture's f_c(x) = c + x → df/dx = 1. */
export const add = binaryOp({
  name: 'add',
  symbol: '+',
  derivative: ['∂(a+b)/∂a = 1', '∂(a+b)/∂b = 1'],
  pattern: 'add gate: gradient distributor: each input gets the upstream gradient unchanged',
  f: (a, b) => a + b,
  d0: () => 1,
  d1: () => 1,
  loops: {
    f(a, ma, b, mb, out) {
      for (let k = 0; k < out.length; k++) out[k] = a[ma === undefined ? k : ma[k]] + b[mb === undefined ? k : mb[k]];
    },
    d(which, g, _a, _ma, _b, _mb, full) {
      if (which === 0) full.set(g);
      else full.set(g);
    },
  },
});
