// x[i], M[i, j], M[i]: integer indices on the leading axes, NumPy-style
// (negative counts from the end). The result is the addressed element or
// sub-tensor; its gradient lands back in that slot, zeros elsewhere.

import { EngineError } from '../errors';
import { type Shape, Tensor, shapeText, sizeOf } from '../tensor';
import type { OpAttrs, OpSpec } from './types';

interface Slot {
  offset: number;
  shape: Shape;
}

/** Validates the indices against the shape; E_INDEX (argIndex = the index's position) when one does not fit. */
function locate(shape: Shape, attrs: OpAttrs | undefined): Slot {
  const idx = attrs?.indices ?? [];
  if (idx.length === 0) throw new EngineError('E_INDEX', 'indexing needs at least one index');
  if (idx.length > shape.length) {
    const what = shape.length === 0 ? 'a scalar cannot be indexed' : `too many indices: ${idx.length} for shape ${shapeText(shape)}`;
    throw new EngineError('E_INDEX', what, shape.length);
  }
  let offset = 0;
  for (let ax = 0; ax < idx.length; ax++) {
    const raw = idx[ax];
    const n = shape[ax];
    if (!Number.isInteger(raw)) throw new EngineError('E_INDEX', `index ${raw} is not an integer`, ax);
    const i = raw < 0 ? raw + n : raw;
    if (i < 0 || i >= n) {
      const range = n === 0 ? 'the axis is empty' : `valid: ${-n} to ${n - 1}`;
      throw new EngineError('E_INDEX', `index ${raw} is out of range for axis ${ax} of shape ${shapeText(shape)} (${range})`, ax);
    }
    offset = offset * n + i;
  }
  const rest = shape.slice(idx.length);
  return { offset: offset * sizeOf(rest), shape: rest };
}

export const index: OpSpec = {
  name: 'index',
  arity: 1,
  symbol: '[]',
  derivative: ['∂x[i]/∂x = 1 at i, 0 elsewhere'],
  shape: ([a], attrs) => locate(a, attrs).shape,
  forward([A], attrs) {
    const { offset, shape } = locate(A.shape, attrs);
    return new Tensor(shape, A.data.slice(offset, offset + sizeOf(shape)));
  },
  vjp(G, [A], _out, attrs, wanted) {
    if (!wanted[0]) return [undefined];
    const { offset } = locate(A.shape, attrs);
    const g = Tensor.zeros(A.shape);
    g.data.set(G.data, offset);
    return [g];
  },
  vjpInto(acc, G, [A], attrs) {
    const { offset } = locate(A.shape, attrs);
    for (let k = 0; k < G.data.length; k++) acc[offset + k] += G.data[k];
  },
  jvp([TA], [A], _out, attrs) {
    const { offset, shape } = locate(A.shape, attrs);
    return new Tensor(shape, TA!.data.slice(offset, offset + sizeOf(shape)));
  },
};
