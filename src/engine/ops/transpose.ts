// Transpose: reverses the axes, like NumPy's `.T`: a matrix swaps rows and
// columns, a vector or scalar is unchanged. Reverse and forward rules are the
// same permutation applied to the gradient / tangent.

import { stridedIndex } from '../broadcast';
import { Tensor } from '../tensor';
import type { OpSpec } from './types';

function permuteReversed(t: Tensor): Tensor {
  const shape = t.shape;
  if (shape.length < 2) return t;
  const out = new Float64Array(t.size);
  const a = t.data;
  if (shape.length === 2) {
    const [n, m] = shape;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a[i * m + j];
    return new Tensor([m, n], out);
  }
  // Any rank: walk the output in order, reading the input through reversed strides.
  const rank = shape.length;
  const outShape = shape.slice().reverse();
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let ax = rank - 1; ax >= 0; ax--) {
    inStrides[ax] = s;
    s *= shape[ax];
  }
  const strides = inStrides.slice().reverse(); // input stride of each output axis
  const map = stridedIndex(outShape, strides, new Int32Array(out.length));
  for (let k = 0; k < out.length; k++) out[k] = a[map[k]];
  return new Tensor(outShape, out);
}

export const transpose: OpSpec = {
  name: 'transpose',
  arity: 1,
  symbol: 'ᵀ',
  derivative: ['∂Xᵀ/∂X: X̄ = Ḡᵀ'],
  shape: ([a]) => a.slice().reverse(),
  forward: ([A]) => permuteReversed(A),
  vjp: (G, _inputs, _out, _attrs, wanted) => [wanted[0] ? permuteReversed(G) : undefined],
  jvp: ([TA]) => permuteReversed(TA!),
};
