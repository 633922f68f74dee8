// softmax(x) along the last axis (each row of a matrix separately; a scalar
// gives 1). Computed stably by subtracting each row's max.
//   reverse  x̄ = y ⊙ (ḡ − Σⱼ ḡⱼyⱼ)     forward  ẏ = y ⊙ (ẋ − Σⱼ ẋⱼyⱼ)

import { Tensor } from '../tensor';
import type { OpSpec } from './types';

/** Row length along the last axis (1 for a scalar). */
export function rowLength(t: Tensor): number {
  return t.shape.length === 0 ? 1 : t.shape[t.shape.length - 1];
}

function softmaxRows(x: Float64Array, len: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < x.length; r += len) {
    let m = -Infinity;
    for (let j = r; j < r + len; j++) if (x[j] > m || Number.isNaN(x[j])) m = x[j];
    if (m === Infinity || m === -Infinity) m = 0; // all -Inf, or +Inf present: no shift helps; IEEE decides
    let s = 0;
    for (let j = r; j < r + len; j++) {
      y[j] = Math.exp(x[j] - m);
      s += y[j];
    }
    for (let j = r; j < r + len; j++) y[j] /= s;
  }
  return y;
}

/** y ⊙ (v − Σ vⱼyⱼ) row by row: the softmax Jacobian (symmetric) applied to v. */
function applyJacobian(y: Float64Array, v: Float64Array, len: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let r = 0; r < y.length; r += len) {
    let s = 0;
    for (let j = r; j < r + len; j++) s += v[j] * y[j];
    for (let j = r; j < r + len; j++) out[j] = y[j] * (v[j] - s);
  }
  return out;
}

export const softmax: OpSpec = {
  name: 'softmax',
  arity: 1,
  symbol: 'softmax',
  derivative: ['∂softmax(x)ᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ)'],
  shape: ([a]) => a,
  forward: ([A]) => new Tensor(A.shape, softmaxRows(A.data, rowLength(A))),
  vjp: (G, [A], O, _attrs, wanted) => [wanted[0] ? new Tensor(A.shape, applyJacobian(O.data, G.data, rowLength(A))) : undefined],
  jvp: ([TA], [A], O) => new Tensor(A.shape, applyJacobian(O.data, TA!.data, rowLength(A))),
};
