import { unaryOp } from './elementwise';

export const cos = unaryOp({
  name: 'cos',
  symbol: 'cos',
  derivative: ['∂cos x/∂x = −sin x'],
  f: (x) => Math.cos(x),
  d: (x) => -Math.sin(x),
});
