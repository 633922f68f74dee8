// logsumexp(x) = log Σ exp(xⱼ) along the last axis, computed stably by
// factoring out the max. A vector (or scalar) gives a scalar; a matrix [n, m]
// gives [n, 1], keeping the axis so that `Z - logsumexp(Z)` broadcasts to the
// row-wise log-softmax (softmax(Z) = exp(Z − logsumexp(Z)) for every rank).
//   reverse  x̄ⱼ = ḡ · softmax(x)ⱼ      forward  ẏ = Σⱼ softmax(x)ⱼ ẋⱼ

import { Tensor, type Shape, sizeOf } from '../tensor';
import { rowLength } from './softmax';
import type { OpSpec } from './types';

function outShape(a: Shape): Shape {
  return a.length <= 1 ? [] : [...a.slice(0, -1), 1];
}

function lseRows(x: Float64Array, len: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  if (len === 0) return out.fill(-Infinity); // log of an empty sum
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let j = r * len; j < (r + 1) * len; j++) if (x[j] > m || Number.isNaN(x[j])) m = x[j];
    if (m === Infinity || m === -Infinity || Number.isNaN(m)) {
      out[r] = m;
      continue;
    }
    let s = 0;
    for (let j = r * len; j < (r + 1) * len; j++) s += Math.exp(x[j] - m);
    out[r] = m + Math.log(s);
  }
  return out;
}

/** softmax weights exp(xⱼ − lse(row)) for every element. */
function weights(x: Float64Array, lse: Float64Array, len: number): Float64Array {
  const w = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) w[j] = Math.exp(x[j] - lse[Math.floor(j / len)]);
  return w;
}

export const logsumexp: OpSpec = {
  name: 'logsumexp',
  arity: 1,
  symbol: 'logsumexp',
  derivative: ['∂logsumexp(x)/∂xᵢ = softmax(x)ᵢ'],
  shape: ([a]) => outShape(a),
  forward([A]) {
    const shape = outShape(A.shape);
    return new Tensor(shape, lseRows(A.data, rowLength(A), sizeOf(shape)));
  },
  vjp(G, [A], O, _attrs, wanted) {
    if (!wanted[0]) return [undefined];
    const len = rowLength(A);
    const w = weights(A.data, O.data, len);
    for (let j = 0; j < w.length; j++) w[j] *= G.data[Math.floor(j / len)];
    return [new Tensor(A.shape, w)];
  },
  jvp([TA], [A], O) {
    const len = rowLength(A);
    const w = weights(A.data, O.data, len);
    const out = new Float64Array(O.size);
    for (let j = 0; j < w.length; j++) out[Math.floor(j / len)] += w[j] * TA!.data[j];
    return new Tensor(O.shape, out);
  },
};
