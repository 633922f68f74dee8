import { binaryOp } from './elementwise';

/**
 * Element-wise comparison ==: 1 where a = b, else 0 (NaN compares false), as
 * NumPy's and PyTorch's comparisons with a 0/1 result. A step function: its
 * derivative is 0 everywhere (taken as 0 at the jump too), so it passes no gradient.
 */
export const eq = binaryOp({
  name: 'eq',
  symbol: '==',
  derivative: ['∂(a == b)/∂a = 0 (a step: flat on either side of the jump)', '∂(a == b)/∂b = 0'],
  f: (a, b) => (a === b ? 1 : 0),
  d0: () => 0,
  d1: () => 0,
});
