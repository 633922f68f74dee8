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
});
