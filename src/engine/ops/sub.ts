import { binaryOp } from './elementwise';

/** a − b, a primitive (not a + (−1)·b) so the drawn graph shows what was written. */
export const sub = binaryOp({
  name: 'sub',
  symbol: '−',
  derivative: ['∂(a−b)/∂a = 1', '∂(a−b)/∂b = −1'],
  f: (a, b) => a - b,
  d0: () => 1,
  d1: () => -1,
});
