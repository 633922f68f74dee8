// mean(x): the average of all elements, a scalar; each element's slope is 1/n.
// The mean of an empty tensor is NaN (0/0), with a warning.

import { Tensor } from '../tensor';
import type { OpSpec } from './types';

function average(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  return s / d.length;
}

export const mean: OpSpec = {
  name: 'mean',
  arity: 1,
  symbol: 'mean',
  derivative: ['∂mean(x)/∂xᵢ = 1/n'],
  shape: () => [],
  forward([A], _attrs, ctx) {
    if (A.size === 0) ctx.warn('mean of an empty tensor is NaN');
    return Tensor.scalar(average(A.data));
  },
  vjp: (G, [A], _out, _attrs, wanted) => [wanted[0] ? Tensor.filled(A.shape, G.data[0] / A.size) : undefined],
  jvp: ([TA]) => Tensor.scalar(average(TA!.data)),
};
