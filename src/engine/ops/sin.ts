import { unaryOp } from './elementwise';

export const sin = unaryOp({
  name: 'sin',
  symbol: 'sin',
  derivative: ['∂sin x/∂x = cos x'],
  f: (x) => Math.sin(x),
  d: (x) => Math.cos(x),
});
