// max(x) with one argument: the largest element, a scalar. The gradient goes
// to that element alone (the max gate's router, over many inputs); on ties to
// the first one. A NaN anywhere makes the result NaN (like NumPy) and takes
// the gradient.

import { EngineError } from '../errors';
import { Tensor, shapeText } from '../tensor';
import type { OpSpec } from './types';

/** Index of the first largest element (the first NaN, if any). */
export function argmax(d: Float64Array): number {
  let best = 0;
  for (let i = 1; i < d.length; i++) {
    const v = d[i];
    if (Number.isNaN(d[best])) break;
    if (v > d[best] || Number.isNaN(v)) best = i;
  }
  return best;
}

export const maxReduce: OpSpec = {
  name: 'maxReduce',
  arity: 1,
  symbol: 'max',
  derivative: ['∂max(x)/∂xᵢ = 1 for the (first) largest xᵢ, else 0'],
  shape([a]) {
    if (a.includes(0)) throw new EngineError('E_SHAPE', `max of an empty tensor (shape ${shapeText(a)}) has no value`, 0);
    return [];
  },
  forward: ([A]) => Tensor.scalar(A.data[argmax(A.data)]),
  vjp(G, [A], _out, _attrs, wanted) {
    if (!wanted[0]) return [undefined];
    const g = Tensor.zeros(A.shape);
    g.data[argmax(A.data)] = G.data[0];
    return [g];
  },
  jvp: ([TA], [A]) => Tensor.scalar(TA!.data[argmax(A.data)]),
};
