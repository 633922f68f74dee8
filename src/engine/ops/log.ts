import { fmt, unaryOp } from './elementwise';

/** Natural log. log(0) = −Infinity, log(x < 0) = NaN, both with a warning. */
export const log = unaryOp({
  name: 'log',
  symbol: 'log',
  derivative: ['∂ln x/∂x = 1/x'],
  f: (x) => Math.log(x),
  d: (x) => 1 / x,
  warn(x) {
    if (x === 0) return 'log(0) is -Infinity';
    if (x < 0) return `log(${fmt(x)}) is NaN (log of a negative number)`;
    return undefined;
  },
});
