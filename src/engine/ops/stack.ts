// stack(a₀, …, aₙ₋₁): n inputs of one shape S become one tensor of shape
// [n, ...S], input i being row i — NumPy's np.stack along axis 0. It is how a
// bracket literal like [x, y*3] is built when an element depends on an input,
// so the drawn graph is exactly what the user wrote. Any number of inputs
// (n ≥ 1): the tape keeps inputs beyond two in its side table.
//   reverse  āᵢ = Ḡ[i]  (row i of the upstream gradient)
//   forward  Ṫ[i] = ȧᵢ  (a missing tangent is a zero row)

import { EngineError } from '../errors';
import { Tensor, sameShape, shapeText, sizeOf } from '../tensor';
import type { OpSpec } from './types';

/** Row i of t (shape [n, ...S]) as a tensor of shape S; its data is a view, not a copy. */
function row(t: Tensor, i: number, inner: readonly number[], size: number): Tensor {
  return new Tensor(inner, t.data.subarray(i * size, (i + 1) * size));
}

export const stack: OpSpec = {
  name: 'stack',
  arity: 1,
  variadic: true,
  symbol: '[ ]',
  derivative: ['∂[a₀, …, aₙ₋₁]/∂aᵢ = eᵢ: aᵢ gets row i of the upstream gradient'],
  pattern: 'stack gate: gradient slicer: each input gets its own row of the upstream gradient',
  shape(inputs) {
    const s = inputs[0];
    for (let i = 1; i < inputs.length; i++) {
      if (!sameShape(inputs[i], s)) {
        throw new EngineError('E_SHAPE', `stack: every input must have the same shape, but input 0 has shape ${shapeText(s)} and input ${i} has shape ${shapeText(inputs[i])}`, i);
      }
    }
    return [inputs.length, ...s];
  },
  forward(inputs) {
    const inner = inputs[0].shape;
    const size = sizeOf(inner);
    const out = new Float64Array(inputs.length * size);
    for (let i = 0; i < inputs.length; i++) out.set(inputs[i].data, i * size);
    return new Tensor([inputs.length, ...inner], out);
  },
  vjp(G, inputs, _out, _attrs, wanted) {
    const inner = inputs[0].shape;
    const size = sizeOf(inner);
    return inputs.map((_, i) => (wanted[i] ? row(G, i, inner, size) : undefined));
  },
  jvp(tangents, inputs, out) {
    const size = sizeOf(inputs[0].shape);
    const t = new Float64Array(out.size);
    for (let i = 0; i < tangents.length; i++) {
      const ti = tangents[i];
      if (ti !== undefined) t.set(ti.data, i * size);
    }
    return new Tensor(out.shape, t);
  },
};
