import { binaryOp } from './elementwise';

/** Element-wise max(a, b). Ties route the gradient to the first argument. */
export const max = binaryOp({
  name: 'max',
  symbol: 'max',
  derivative: ['∂max(a,b)/∂a = 1 if a ≥ b, else 0', '∂max(a,b)/∂b = 1 if b > a, else 0'],
  pattern: 'max gate: gradient router: the larger input gets the whole upstream gradient, the other gets 0',
  f: (a, b) => Math.max(a, b),
  d0: (a, b) => (a >= b ? 1 : 0),
  d1: (a, b) => (a >= b ? 0 : 1),
});
