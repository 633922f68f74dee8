import { fmt, unaryOp } from './elementwise';

/** √x. sqrt(x < 0) = NaN; at 0 the value is 0 but the slope is +Infinity: both warn. */
export const sqrt = unaryOp({
  name: 'sqrt',
  symbol: '√',
  derivative: ['∂√x/∂x = 1/(2√x)'],
  f: (x) => Math.sqrt(x),
  d: (_x, out) => 1 / (2 * out),
  warn(x) {
    if (x === 0) return 'sqrt(0): its derivative 1/(2√x) is +Infinity';
    if (x < 0) return `sqrt(${fmt(x)}) is NaN (square root of a negative number)`;
    return undefined;
  },
});
