import { unaryOp } from './elementwise';

/**
 * σ(x) = 1/(1 + e⁻ˣ), computed without overflow for large |x|. The slope is
 * the lecture's (1 − σ(x))·σ(x), from the output alone.
 */
export const sigmoid = unaryOp({
  name: 'sigmoid',
  symbol: 'σ',
  derivative: ['∂σ(x)/∂x = (1 − σ(x))·σ(x)'],
  f(x) {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  d: (_x, out) => (1 - out) * out,
});
