import { unaryOp } from './elementwise';

/** |x|. The slope at 0 is taken as 0 (a subgradient, as in PyTorch and tfjs). */
export const abs = unaryOp({
  name: 'abs',
  symbol: 'abs',
  derivative: ['∂|x|/∂x = sign(x) (0 at x = 0)'],
  f: (x) => Math.abs(x),
  d: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
});
