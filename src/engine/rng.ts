// A small seedable PRNG (xoshiro128**, 32-bit state words, seeded through
// splitmix32) so `seed 42` makes randn/rand reproducible on every machine.
// Not cryptographic. Plus the tensor constructors the language offers.

import { EngineError } from './errors';
import { type Shape, Tensor, shapeText, sizeOf } from './tensor';

/** Default limit on the elements of one tensor, shared with Graph. */
export const DEFAULT_MAX_TENSOR_SIZE = 10_000_000;

/** An Rng's whole state, as a value (Rng.snapshot / Rng.restore). */
export interface RngState {
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly s3: number;
  readonly spare: number | undefined;
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Second Box–Muller value, kept for the next normal() call. */
  private spare: number | undefined;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restart the sequence from `n` (any number; non-integers are truncated to 32 bits). */
  seed(n: number): void {
    let x = (Math.trunc(n) | 0) >>> 0;
    const next = (): number => {
      // splitmix32: spreads one seed into well-mixed state words
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = undefined;
  }

  /** The state now: restore(snapshot()) later continues the sequence from here. */
  snapshot(): RngState {
    return { s0: this.s0, s1: this.s1, s2: this.s2, s3: this.s3, spare: this.spare };
  }

  restore(state: RngState): void {
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.s3 = state.s3;
    this.spare = state.spare;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Checks constructor dimensions: non-negative integers, total within the limit. */
export function checkShape(name: string, shape: Shape, maxSize = DEFAULT_MAX_TENSOR_SIZE): void {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!Number.isInteger(d) || d < 0) {
      throw new EngineError('E_SHAPE', `${name}: dimension ${d} is not a non-negative integer`, i);
    }
  }
  const size = sizeOf(shape);
  if (size > maxSize) {
    throw new EngineError('E_LIMIT', `${name}: a tensor of shape ${shapeText(shape)} has ${size} elements, more than the limit of ${maxSize}`);
  }
}

export function zeros(shape: Shape, maxSize?: number): Tensor {
  checkShape('zeros', shape, maxSize);
  return Tensor.zeros(shape);
}

export function ones(shape: Shape, maxSize?: number): Tensor {
  checkShape('ones', shape, maxSize);
  return Tensor.filled(shape, 1);
}

/** Uniform in [0, 1). */
export function rand(shape: Shape, rng: Rng, maxSize?: number): Tensor {
  checkShape('rand', shape, maxSize);
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.next();
  return t;
}

/** Standard normal. */
export function randn(shape: Shape, rng: Rng, maxSize?: number): Tensor {
  checkShape('randn', shape, maxSize);
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal();
  return t;
}
