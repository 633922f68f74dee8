import { unaryOp } from './elementwise';

export const tanh = unaryOp({
  name: 'tanh',
  symbol: 'tanh',
  derivative: ['∂tanh x/∂x = 1 − tanh²x'],
  f: (x) => Math.tanh(x),
  d: (_x, out) => 1 - out * out,
});
