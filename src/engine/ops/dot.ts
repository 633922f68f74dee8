import { matrixProduct } from './matmul';

/**
 * dot(a, b): the inner product of two vectors (a scalar). Like NumPy's dot on
 * vectors and matrices it is the matrix product, so matrices are accepted too.
 */
export const dot = matrixProduct('dot', '·', ['∂(a·b)/∂a = b', '∂(a·b)/∂b = a']);
