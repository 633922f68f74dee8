// Dense float64 tensors, row-major, any rank. A Tensor is a shape plus a flat
// Float64Array; it owns no autodiff state (that lives on the Graph's tape).

import { EngineError } from './errors';

/** [] scalar, [n] vector, [n, m] matrix, any rank. */
export type Shape = readonly number[];
export type NestedArray = (number | NestedArray)[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** A shape as people read it in messages: `[2, 3]`, `[]`. */
export function shapeText(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const SCALAR_SHAPE: Shape = Object.freeze([]);

export class Tensor {
  readonly shape: Shape;
  readonly data: Float64Array;

  constructor(shape: Shape, data: Float64Array) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new EngineError('E_SHAPE', `a tensor of shape ${shapeText(shape)} needs ${size} elements, got ${data.length}`);
    }
    // A frozen shape (another tensor's) can be shared as it is: no copy per tensor made.
    this.shape = shape.length === 0 ? SCALAR_SHAPE : Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.data = data;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  static scalar(x: number): Tensor {
    const data = new Float64Array(1);
    data[0] = x;
    return new Tensor(SCALAR_SHAPE, data);
  }

  static zeros(shape: Shape): Tensor {
    return new Tensor(shape, new Float64Array(sizeOf(shape)));
  }

  static filled(shape: Shape, x: number): Tensor {
    return new Tensor(shape, new Float64Array(sizeOf(shape)).fill(x));
  }

  /** From a number or nested arrays (NumPy nesting). Ragged input throws E_RAGGED naming where. */
  static fromNested(v: number | NestedArray): Tensor {
    if (typeof v === 'number') return Tensor.scalar(v);
    const shape: number[] = [];
    let probe: number | NestedArray = v;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0];
    }
    const data = new Float64Array(sizeOf(shape));
    let k = 0;
    const walk = (node: number | NestedArray, depth: number, path: number[]): void => {
      if (depth === shape.length) {
        if (typeof node !== 'number') {
          throw new EngineError('E_RAGGED', `ragged array: element ${pathText(path)} is a list where a number was expected (shape ${shapeText(shape)})`);
        }
        data[k++] = node;
        return;
      }
      if (!Array.isArray(node)) {
        throw new EngineError('E_RAGGED', `ragged array: element ${pathText(path)} is a number where a list of ${shape[depth]} was expected`);
      }
      if (node.length !== shape[depth]) {
        throw new EngineError('E_RAGGED', `ragged array: row ${pathText(path)} has ${node.length} elements, expected ${shape[depth]}`);
      }
      for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, [...path, i]);
    };
    walk(v, 0, []);
    return new Tensor(shape, data);
  }

  /** A number for a scalar, else nested arrays. */
  toNested(): number | NestedArray {
    if (this.shape.length === 0) return this.data[0];
    let k = 0;
    const build = (depth: number): NestedArray => {
      const n = this.shape[depth];
      const out: NestedArray = new Array(n);
      if (depth === this.shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = this.data[k++];
      } else {
        for (let i = 0; i < n; i++) out[i] = build(depth + 1);
      }
      return out;
    };
    return build(0);
  }

  /** Same data, another shape of the same size. */
  reshape(shape: Shape): Tensor {
    return new Tensor(shape, this.data);
  }

  /** The single element of a size-1 tensor. */
  item(): number {
    if (this.data.length !== 1) {
      throw new EngineError('E_NOT_SCALAR', `expected a single number, got a tensor of shape ${shapeText(this.shape)}`);
    }
    return this.data[0];
  }

  toString(): string {
    return JSON.stringify(this.toNested());
  }
}

function pathText(path: number[]): string {
  return path.length === 0 ? '(top level)' : `[${path.join(', ')}]`;
}
