import { unaryOp } from './elementwise';

/** −x, a primitive (not (−1)·x), so the drawn graph shows a unary minus. */
export const neg = unaryOp({
  name: 'neg',
  symbol: '−',
  derivative: ['∂(−x)/∂x = −1'],
  f: (x) => -x,
  d: () => -1,
});
