import { binaryOp } from './elementwise';

/** Element-wise min(a, b). Ties route the gradient to the first argument. */
export const min = binaryOp({
  name: 'min',
  symbol: 'min',
  derivative: ['∂min(a,b)/∂a = 1 if a ≤ b, else 0', '∂min(a,b)/∂b = 1 if b < a, else 0'],
  f: (a, b) => Math.min(a, b),
  d0: (a, b) => (a <= b ? 1 : 0),
  d1: (a, b) => (a <= b ? 0 : 1),
});
