import { unaryOp } from './elementwise';

/** max(0, x). The slope at 0 is taken as 0, as in PyTorch and tfjs. NaN stays NaN. */
export const relu = unaryOp({
  name: 'relu',
  symbol: 'relu',
  derivative: ['∂relu(x)/∂x = 1 if x > 0, else 0'],
  f: (x) => (x > 0 ? x : x <= 0 ? 0 : x),
  d: (x) => (x > 0 ? 1 : 0),
});
