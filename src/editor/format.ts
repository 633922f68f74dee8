// Number formatting for hover text. Pure (no vscode), shared by explain.ts and
// the completion documentation; the numbers themselves come from the diagram's
// formatter so that a hover and the graph print the same digits.

import { formatNumber, formatTensor as formatDiagramTensor } from '../diagram/format';
import type { JsonScalar, JsonTensor } from '../diagram/payload';

/** A scalar with `precision` significant digits: the diagram's formatter, so hovers and graphs agree. */
export function formatScalar(x: JsonScalar, precision: number): string {
  return formatNumber(x, precision);
}

/** A scalar or a tensor; long tensors are shortened to their first elements. */
export function formatTensor(v: JsonTensor, precision: number, maxElements = 6): string {
  return formatDiagramTensor(v, { precision, maxItems: maxElements });
}

/** `(-4)` for negative numbers, `3` otherwise: how a factor is written inside a product. */
export function factor(x: JsonScalar, precision: number): string {
  return `(${formatScalar(x, precision)})`;
}

export function isScalar(v: JsonTensor | undefined): v is JsonScalar {
  return v !== undefined && !Array.isArray(v);
}

export function toNumber(x: JsonScalar): number {
  return typeof x === 'number' ? x : Number(x);
}
