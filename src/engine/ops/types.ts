// What one op is: its forward computation, its reverse rule (VJP), its forward
// rule (JVP), the local derivative in words, and how the lecture draws it.
// Each op lives in its own file and exports one OpSpec; ./index.ts collects
// them into the registry.

import type { Shape, Tensor } from '../tensor';

/** Extra, non-differentiable arguments of an op. */
export interface OpAttrs {
  /** `index`: integer indices, one per leading axis; negative counts from the end. */
  readonly indices?: readonly number[];
}

/** What an op may report while computing: numeric edge cases (log(0), x/0, …). */
export interface OpContext {
  warn(message: string): void;
}

/**
 * An element-wise op's scalar function and its local partial derivatives. The
 * tape runs scalar nodes through these directly (no Tensor allocated), and the
 * element-wise factories build the tensor forward, VJP and JVP from them.
 */
export interface ScalarRule {
  /** The value; unary ops ignore b. */
  readonly f: (a: number, b: number) => number;
  /** ∂out/∂a at this point (out is f(a, b), passed so rules like exp and σ reuse it). */
  readonly d0: (a: number, b: number, out: number) => number;
  /** ∂out/∂b (binary ops only). */
  readonly d1: (a: number, b: number, out: number) => number;
  /** A warning for a domain edge (log(0), x/0, 0^0 …), or undefined. Overflow is detected generically. */
  readonly warn?: ((a: number, b: number, out: number) => string | undefined) | undefined;
}

export interface OpSpec {
  readonly name: string;
  /** Number of differentiable inputs (for a variadic op, the fewest it takes). */
  readonly arity: number;
  /** Takes any number of inputs from `arity` up (stack); inputs beyond two live in the tape's side table. */
  readonly variadic?: boolean;
  /** How the lecture draws the gate: '+', '×', 'exp', 'σ', '@' … */
  readonly symbol: string;
  /** The local derivative in words, one entry per input, e.g. ['∂(a·b)/∂a = b', '∂(a·b)/∂b = a']. */
  readonly derivative: readonly string[];
  /** The lecture's one-line pattern for the gate's backward flow (add, max, mul). */
  readonly pattern?: string;
  /** Present for element-wise ops: the scalar rule behind forward, VJP and JVP. */
  readonly scalar?: ScalarRule;
  /** The output shape for these input shapes; throws EngineError (E_SHAPE, E_INDEX) when they do not fit. */
  shape(inputs: readonly Shape[], attrs: OpAttrs | undefined): Shape;
  /** The value. Inputs already passed `shape`. */
  forward(inputs: readonly Tensor[], attrs: OpAttrs | undefined, ctx: OpContext): Tensor;
  /**
   * Reverse rule: given g = ∂L/∂out (shaped like out), ∂L/∂input for every
   * input whose `wanted` flag is set (undefined for the others), each shaped
   * like its input (broadcast widening already summed away).
   */
  vjp(g: Tensor, inputs: readonly Tensor[], out: Tensor, attrs: OpAttrs | undefined, wanted: readonly boolean[]): (Tensor | undefined)[];
  /**
   * Optional, for ops whose reverse rule is sparse (index): add ∂L/∂input
   * straight into the input's gradient `acc` instead of returning a dense
   * tensor, so indexing every element of a vector stays linear, not quadratic.
   */
  vjpInto?(acc: Float64Array, g: Tensor, inputs: readonly Tensor[], attrs: OpAttrs | undefined, inputIndex: number): void;
  /** Forward rule: the tangent of out given the inputs' tangents (undefined = zero tangent, not all undefined). */
  jvp(tangents: readonly (Tensor | undefined)[], inputs: readonly Tensor[], out: Tensor, attrs: OpAttrs | undefined): Tensor;
}
