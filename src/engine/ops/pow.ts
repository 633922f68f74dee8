import { binaryOp, fmt } from './elementwise';

/**
 * a ^ b (Math.pow: 0^0 = 1, like NumPy). ∂/∂a = b·a^(b−1), taken as 0 when
 * b = 0 (so 0^0 has slope 0 in a, not 0·∞). ∂/∂b = a^b·ln a only where a > 0,
 * else 0, like tfjs: ln a is undefined there.
 */
export const pow = binaryOp({
  name: 'pow',
  symbol: '^',
  derivative: ['∂(aᵇ)/∂a = b·aᵇ⁻¹', '∂(aᵇ)/∂b = aᵇ·ln a (0 where a ≤ 0)'],
  f: (a, b) => Math.pow(a, b),
  d0: (a, b) => (b === 0 ? 0 : b * Math.pow(a, b - 1)),
  d1: (a, _b, out) => (a > 0 ? out * Math.log(a) : 0),
  warn(a, b, out) {
    if (a === 0 && b === 0) return '0^0 is taken as 1';
    if (a === 0 && b < 0) return `division by zero: 0^${fmt(b)} is ${out}`;
    if (a < 0 && !Number.isInteger(b)) return `(${fmt(a)})^${fmt(b)} is NaN (a negative base needs an integer exponent)`;
    return undefined;
  },
});
