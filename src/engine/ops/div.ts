import { binaryOp, fmt } from './elementwise';

/**
 * a / b, a primitive (not a · b⁻¹). The lecture's f(x) = 1/x → df/dx = −1/x² is
 * its second partial with a = 1. x/0 follows IEEE (±Infinity, 0/0 = NaN) and warns.
 */
export const div = binaryOp({
  name: 'div',
  symbol: '÷',
  derivative: ['∂(a/b)/∂a = 1/b', '∂(a/b)/∂b = −a/b²'],
  f: (a, b) => a / b,
  d0: (_a, b) => 1 / b,
  d1: (a, b) => -a / (b * b),
  warn: (a, b, out) => (b === 0 ? `division by zero: ${fmt(a)}/0 is ${out}` : undefined),
});
