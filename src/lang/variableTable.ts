// The namespace after a cell, as columns: every name (sorted) with its value,
// gradient and tangent. Scalars, nearly every name of a long cell, are kept as
// raw doubles in typed arrays, so a 100,000-name table is three arrays rather
// than 100,000 objects; the rare tensor (or tangent) entry keeps its
// VariableInfo as it is. CellResult.variables (the contract every reader uses)
// is built from it on first use; the CLI's JSON writer reads the columns
// directly. A table is a snapshot: it never changes once made.

import type { NodeId, Tensor } from '../engine';
import type { Graph, SweepState } from '../engine';
import type { JsonTensor } from '../diagram/payload';
import type { VariableInfo } from './result';
import { jsonScalar, tensorToJson } from './values';

/** Bits of VariableTable's per-name kind. */
const SCALAR_GRAD = 1;
/** The entry is not a plain scalar (a tensor, or it has a tangent): its VariableInfo is in `others`. */
const OTHER = 2;

export class VariableTable {
  private record: Record<string, VariableInfo> | undefined;

  private constructor(
    /** Every name, sorted. */
    readonly names: readonly string[],
    private readonly values: Float64Array,
    private readonly grads: Float64Array,
    private readonly kinds: Uint8Array,
    private readonly others: ReadonlyMap<number, VariableInfo>,
  ) {}

  /**
   * The table of `names` (sorted), the i-th bound to `nodeOf(i)`, in graph `g`
   * with its sweeps `sweeps`; `columnsOf` names the columns of data read by csv(…).
   */
  static build(g: Graph, sweeps: SweepState, names: readonly string[], nodeOf: (i: number) => NodeId,
    columnsOf?: ReadonlyMap<NodeId, readonly string[]>): VariableTable {
    const n = names.length;
    const values = new Float64Array(n);
    const grads = new Float64Array(n);
    const kinds = new Uint8Array(n);
    const others = new Map<number, VariableInfo>();
    const backward = sweeps.backward !== undefined;
    const forward = sweeps.forward !== undefined;
    for (let i = 0; i < n; i++) {
      const node = nodeOf(i);
      const tangent = forward ? g.tangent(node) : undefined;
      if (g.isScalar(node) && tangent === undefined) {
        values[i] = g.scalar(node);
        const d = backward ? g.scalarGrad(node) : undefined;
        if (d !== undefined) {
          grads[i] = d;
          kinds[i] = SCALAR_GRAD;
        }
        continue;
      }
      kinds[i] = OTHER;
      const info = tensorInfo(g, node, backward, tangent);
      const columns = columnsOf !== undefined && columnsOf.size > 0 ? columnsOf.get(node) : undefined;
      if (columns) info.columns = [...columns];
      others.set(i, info);
    }
    return new VariableTable(names, values, grads, kinds, others);
  }

  /** The i-th name's value as JSON. */
  value(i: number): JsonTensor {
    return this.kinds[i] & OTHER ? this.others.get(i)!.value : jsonScalar(this.values[i]);
  }

  /** The i-th name's gradient as JSON, if the last backward reached it. */
  grad(i: number): JsonTensor | undefined {
    const k = this.kinds[i];
    if (k & OTHER) return this.others.get(i)!.grad;
    return k & SCALAR_GRAD ? jsonScalar(this.grads[i]) : undefined;
  }

  /** The i-th name's tangent as JSON, if the last forward reached it. */
  tangent(i: number): JsonTensor | undefined {
    return this.kinds[i] & OTHER ? this.others.get(i)!.tangent : undefined;
  }

  /** The table as CellResult.variables: built once, then the same object every time. */
  toRecord(): Record<string, VariableInfo> {
    if (this.record !== undefined) return this.record;
    const out: Record<string, VariableInfo> = {};
    for (let i = 0; i < this.names.length; i++) {
      const k = this.kinds[i];
      if (k & OTHER) {
        out[this.names[i]] = this.others.get(i)!;
        continue;
      }
      const value = jsonScalar(this.values[i]);
      // One literal with every field (same key order as adding grad after): no map transition per entry.
      out[this.names[i]] = k & SCALAR_GRAD ? { value, shape: [], grad: jsonScalar(this.grads[i]) } : { value, shape: [] };
    }
    this.record = out;
    return out;
  }
}

/** A name that is not a plain scalar: a tensor, or a scalar with a tangent. */
function tensorInfo(g: Graph, node: NodeId, backward: boolean, tangent: Tensor | undefined): VariableInfo {
  const scalar = g.isScalar(node);
  const value = scalar ? jsonScalar(g.scalar(node)) : tensorToJson(g.value(node));
  const shape = scalar ? [] : [...g.shape(node)];
  let grad: JsonTensor | undefined;
  if (backward) {
    if (scalar) {
      const d = g.scalarGrad(node);
      if (d !== undefined) grad = jsonScalar(d);
    } else {
      const t = g.grad(node);
      if (t) grad = tensorToJson(t);
    }
  }
  const info: VariableInfo = grad !== undefined ? { value, shape, grad } : { value, shape };
  if (tangent !== undefined) info.tangent = toJson(tangent);
  return info;
}

/** tensorToJson, with scalars taken directly. */
function toJson(t: Tensor): JsonTensor {
  return t.shape.length === 0 ? jsonScalar(t.data[0]) : tensorToJson(t);
}
