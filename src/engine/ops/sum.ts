// sum(x): all elements added into one scalar. Every element gets the upstream
// gradient (an add gate with many inputs).

import { Tensor } from '../tensor';
import type { OpSpec } from './types';

export const sum: OpSpec = {
  name: 'sum',
  arity: 1,
  symbol: 'Σ',
  derivative: ['∂Σx/∂xᵢ = 1'],
  shape: () => [],
  forward([A]) {
    let s = 0;
    for (let i = 0; i < A.data.length; i++) s += A.data[i];
    return Tensor.scalar(s);
  },
  vjp: (G, [A], _out, _attrs, wanted) => [wanted[0] ? Tensor.filled(A.shape, G.data[0]) : undefined],
  jvp([TA]) {
    let s = 0;
    for (let i = 0; i < TA!.data.length; i++) s += TA!.data[i];
    return Tensor.scalar(s);
  },
};
