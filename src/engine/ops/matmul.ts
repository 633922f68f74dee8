// Matrix product with NumPy's rules for vectors: matrix@matrix, matrix@vector,
// vector@matrix, vector@vector (a scalar). A vector on the left is read as a
// row [1×k], on the right as a column [k×1]; the result drops those axes again.
//   forward  C = A·B
//   reverse  Ā = Ḡ·Bᵀ, B̄ = Aᵀ·Ḡ (kernels read the transposes in place)
//   forward  Ċ = Ȧ·B + A·Ḃ

import { EngineError } from '../errors';
import { matmulNN, matmulNT, matmulTN } from '../kernels';
import { type Shape, Tensor, shapeText } from '../tensor';
import type { OpSpec } from './types';

interface Dims {
  n: number;
  k: number;
  m: number;
  out: Shape;
}

function dims(name: string, a: Shape, b: Shape): Dims {
  for (const [i, s] of [a, b].entries()) {
    if (s.length === 0) {
      throw new EngineError('E_SHAPE', `${name} needs vectors or matrices, got a scalar (shape []) as argument ${i + 1}; use * to scale`, i);
    }
    if (s.length > 2) {
      throw new EngineError('E_SHAPE', `${name} needs vectors or matrices, got shape ${shapeText(s)} as argument ${i + 1}`, i);
    }
  }
  const n = a.length === 2 ? a[0] : 1;
  const k = a[a.length - 1];
  const kb = b[0];
  const m = b.length === 2 ? b[1] : 1;
  if (k !== kb) {
    throw new EngineError(
      'E_SHAPE',
      `${name}: shapes ${shapeText(a)} and ${shapeText(b)} do not fit (${k} ${a.length === 2 ? 'columns' : 'elements'} vs ${kb} ${b.length === 2 ? 'rows' : 'elements'})`,
      1,
    );
  }
  const out: number[] = [];
  if (a.length === 2) out.push(n);
  if (b.length === 2) out.push(m);
  return { n, k, m, out };
}

/** The matrix-product op under a name (matmul `@`, dot `·` share the math). */
export function matrixProduct(name: string, symbol: string, derivative: readonly [string, string]): OpSpec {
  return {
    name,
    arity: 2,
    symbol,
    derivative,
    shape: ([a, b]) => dims(name, a, b).out,
    forward([A, B]) {
      const { n, k, m, out } = dims(name, A.shape, B.shape);
      return new Tensor(out, matmulNN(A.data, B.data, n, k, m));
    },
    vjp(G, [A, B], _O, _attrs, wanted) {
      const { n, k, m } = dims(name, A.shape, B.shape);
      return [
        wanted[0] ? new Tensor(A.shape, matmulNT(G.data, B.data, n, m, k)) : undefined,
        wanted[1] ? new Tensor(B.shape, matmulTN(A.data, G.data, n, k, m)) : undefined,
      ];
    },
    jvp([TA, TB], [A, B], O) {
      const { n, k, m } = dims(name, A.shape, B.shape);
      const t = new Float64Array(O.size);
      if (TA !== undefined) {
        const p = matmulNN(TA.data, B.data, n, k, m);
        for (let i = 0; i < t.length; i++) t[i] += p[i];
      }
      if (TB !== undefined) {
        const p = matmulNN(A.data, TB.data, n, k, m);
        for (let i = 0; i < t.length; i++) t[i] += p[i];
      }
      return new Tensor(O.shape, t);
    },
  };
}

export const matmul = matrixProduct('matmul', '@', ['∂(A@B)/∂A: Ā = Ḡ·Bᵀ', '∂(A@B)/∂B: B̄ = Aᵀ·Ḡ']);
