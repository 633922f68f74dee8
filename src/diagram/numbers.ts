// Numbers, tensors and shapes as everything prints them (the diagram, the
// table, the renderer's captions, the hovers, the CLI): one module, so a
// number reads the same wherever a person meets it. A few
// significant digits, no float noise (0.1 + 0.2 prints as 0.3), integers
// without a trailing '.0', −0 as 0, and the JSON stand-ins for NaN and the
// infinities (see JsonScalar) as 'NaN', '∞', '-∞'. Negative numbers use the
// ASCII hyphen-minus, not the typographic U+2212: a number read off a graph or
// a hover can be pasted into a cell (or Python) and searched for as typed.
// Formulas (derivative texts like '−1/x²') keep the typographic sign.

import type { JsonScalar, JsonTensor } from './payload';

export const DEFAULT_PRECISION = 4;
const MINUS = '-';

/** One number with `precision` significant digits (1..21). */
export function formatNumber(x: JsonScalar, precision: number = DEFAULT_PRECISION): string {
  if (x === 'NaN') return 'NaN';
  if (x === 'Infinity') return '∞';
  if (x === '-Infinity') return MINUS + '∞';
  if (typeof x !== 'number') return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return MINUS + '∞';
  if (x === 0) return '0'; // also −0
  const digits = Math.min(21, Math.max(1, Math.floor(precision) || DEFAULT_PRECISION));
  const magnitude = Math.abs(x);
  // Integers up to a million print exactly: 123456 reads better than 1.235e5.
  let text = Number.isInteger(x) && magnitude < 1e6
    ? String(magnitude)
    : String(Number(magnitude.toPrecision(digits)));
  // String() keeps the shortest round-trip form, so toPrecision's rounding
  // leaves no noise; it switches to exponents only below 1e-6 and above 1e21.
  text = text.replace('e+', 'e');
  return x < 0 ? MINUS + text : text;
}

export interface TensorFormat {
  precision?: number;
  /** Most elements printed along each axis before an ellipsis (default 6). */
  maxItems?: number;
}

/** A scalar, or a tensor as nested brackets: `[1, 2, …, 9]`, `[[1, 0], [0, 1]]`. */
export function formatTensor(value: JsonTensor, options: TensorFormat = {}): string {
  const precision = options.precision ?? DEFAULT_PRECISION;
  const maxItems = Math.max(2, options.maxItems ?? 6);
  if (!Array.isArray(value)) return formatNumber(value, precision);
  const parts: string[] = [];
  const shown = value.length > maxItems ? maxItems - 1 : value.length;
  for (let i = 0; i < shown; i++) parts.push(formatTensor(value[i], options));
  if (shown < value.length) {
    parts.push('…');
    parts.push(formatTensor(value[value.length - 1], options));
  }
  return '[' + parts.join(', ') + ']';
}

/** '2×3' for a shape, '' for a scalar. */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** 'scalar' for a scalar's shape, '2×3' otherwise: how a sentence names a shape. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : formatShape(shape);
}

/** A value for people ('' when absent): at most `maxItems` elements along each axis. */
export function formatValue(v: JsonTensor | undefined, precision: number = DEFAULT_PRECISION, maxItems = 6): string {
  return v === undefined ? '' : formatTensor(v, { precision, maxItems });
}

export function isScalar(v: JsonTensor | undefined): v is JsonScalar {
  return v !== undefined && !Array.isArray(v);
}

/** A JSON scalar as a number ('NaN', 'Infinity' and '-Infinity' included). */
export function toNumber(x: JsonScalar): number {
  return typeof x === 'number' ? x : Number(x);
}
