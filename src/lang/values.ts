// Tensor values as JSON (NaN and the infinities as strings, which JSON cannot
// carry as numbers) and as short text for messages.

import type { Tensor } from '../engine';
import type { JsonScalar, JsonTensor } from '../diagram/payload';

export function jsonScalar(x: number): JsonScalar {
  if (Number.isFinite(x)) return Object.is(x, -0) ? 0 : x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** A tensor as nested arrays, NumPy's nesting; a scalar as a number. */
export function tensorToJson(t: Tensor): JsonTensor {
  return dataToJson(t.data, t.shape);
}

export function dataToJson(data: ArrayLike<number>, shape: readonly number[]): JsonTensor {
  if (shape.length === 0) return jsonScalar(data[0]);
  let offset = 0;
  const build = (axis: number): JsonTensor[] => {
    const n = shape[axis];
    const out: JsonTensor[] = new Array(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = jsonScalar(data[offset++]);
    } else {
      for (let i = 0; i < n; i++) out[i] = build(axis + 1);
    }
    return out;
  };
  return build(0);
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A value for a message line: '-12', '[1, 2, 3]', or the shape for a big tensor. */
export function formatValue(t: Tensor): string {
  if (t.shape.length === 0) return String(t.data[0]);
  if (t.data.length > 24) return `tensor of shape ${shapeText(t.shape)}`;
  return JSON.stringify(tensorToJson(t)).replace(/,/g, ', ').replace(/"/g, '');
}
