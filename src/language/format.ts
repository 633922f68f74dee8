// Number formatting for hover text. Pure (no vscode), shared by explain.ts and
// the completion documentation. Uses the typographic minus sign (−) the lecture
// slides use, so `−4` reads as a number and not as an operator.

import type { JsonScalar, JsonTensor } from '../diagram/payload';

const MINUS = '\u2212';

/** A scalar with `precision` significant digits, trailing zeros dropped: 0.7311, −4, 1e−7. */
export function formatScalar(x: JsonScalar, precision: number): string {
  if (typeof x === 'string') return x === '-Infinity' ? `${MINUS}∞` : x === 'Infinity' ? '∞' : 'NaN';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : `${MINUS}∞`;
  if (Object.is(x, -0) || x === 0) return '0';
  const p = Math.max(1, Math.min(21, Math.round(precision)));
  const abs = Math.abs(x);
  let text: string;
  if (abs >= 1e-4 && abs < 10 ** Math.max(p, 6)) {
    text = String(Number(x.toPrecision(p)));
  } else {
    const [mantissa, exponent] = x.toExponential(p - 1).split('e');
    text = `${String(Number(mantissa))}e${Number(exponent)}`;
  }
  return text.replace(/-/g, MINUS);
}

/** A scalar or a tensor; long tensors are shortened to their first elements. */
export function formatTensor(v: JsonTensor, precision: number, maxElements = 6): string {
  let count = 0;
  const walk = (t: JsonTensor): string => {
    if (!Array.isArray(t)) {
      count++;
      return formatScalar(t, precision);
    }
    const parts: string[] = [];
    for (const item of t) {
      if (count >= maxElements) {
        parts.push('…');
        break;
      }
      parts.push(walk(item));
    }
    return `[${parts.join(', ')}]`;
  };
  return walk(v);
}

/** `(−4)` for negative numbers, `3` otherwise: how a factor is written inside a product. */
export function factor(x: JsonScalar, precision: number): string {
  return `(${formatScalar(x, precision)})`;
}

export function isScalar(v: JsonTensor | undefined): v is JsonScalar {
  return v !== undefined && !Array.isArray(v);
}

export function toNumber(x: JsonScalar): number {
  return typeof x === 'number' ? x : Number(x);
}
