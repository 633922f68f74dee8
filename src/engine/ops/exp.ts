import { unaryOp } from './elementwise';

/** eˣ; the lecture's f(x) = eˣ → df/dx = eˣ (the output, reused). Overflow warns. */
export const exp = unaryOp({
  name: 'exp',
  symbol: 'exp',
  derivative: ['∂eˣ/∂x = eˣ'],
  f: (x) => Math.exp(x),
  d: (_x, out) => out,
});
