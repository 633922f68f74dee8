// Independent checks of the reverse sweep: central differences through
// `recompute`, and the full Jacobian through forward mode.

import { EngineError } from './errors';
import type { Graph, NodeId } from './graph';
import { Tensor, shapeText } from './tensor';

export interface GradcheckEntry {
  leaf: NodeId;
  /** Flat (row-major) element index within the leaf. */
  index: number;
  analytic: number;
  numeric: number;
  relError: number;
}

/** |a − n| / max(|a|, |n|, 1e-12), and 0 when both are 0. */
export function relativeError(analytic: number, numeric: number): number {
  if (analytic === 0 && numeric === 0) return 0;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-12);
}

/**
 * Runs backward(target), then compares each element of each leaf's gradient
 * with the central difference (f(x + ε) − f(x − ε)) / 2ε. Each element costs
 * two re-evaluations of the target's graph, so `maxPerLeaf` caps how many
 * elements of each leaf are checked (the first ones, row-major). Leaves the
 * tape's gradients as that backward left them.
 */
export function gradcheck(g: Graph, target: NodeId, leaves: readonly NodeId[], eps = 1e-6, maxPerLeaf = Infinity): GradcheckEntry[] {
  if (!(eps > 0)) throw new EngineError('E_DOMAIN', `gradcheck: eps must be positive, got ${eps}`);
  g.backward(target);
  const out: GradcheckEntry[] = [];
  for (const leaf of leaves) {
    const base = g.value(leaf);
    const analytic = g.grad(leaf);
    const count = Math.min(base.size, maxPerLeaf);
    for (let i = 0; i < count; i++) {
      const at = (delta: number): number => {
        const data = base.data.slice();
        data[i] += delta;
        return g.recompute(new Map([[leaf, new Tensor(base.shape, data)]]), target).data[0];
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      const a = analytic === undefined ? 0 : analytic.data[i];
      out.push({ leaf, index: i, analytic: a, numeric, relError: relativeError(a, numeric) });
    }
  }
  return out;
}

/**
 * ∂y/∂x as a [size(y), size(x)] matrix (rows = outputs), one forward-mode
 * sweep per element of x. Leaves the tape's tangents as the last sweep left them.
 */
export function jacobian(g: Graph, y: NodeId, x: NodeId): Tensor {
  const ySize = g.value(y).size;
  const xShape = g.shape(x);
  const xSize = g.value(x).size;
  if (x > y) throw new EngineError('E_DOMAIN', `jacobian: node ${y} cannot depend on node ${x}, created after it (shape ${shapeText(xShape)})`);
  const J = new Float64Array(ySize * xSize);
  for (let j = 0; j < xSize; j++) {
    const e = Tensor.zeros(xShape);
    e.data[j] = 1;
    g.forward(x, e);
    const t = g.tangent(y);
    if (t === undefined) continue;
    for (let i = 0; i < ySize; i++) J[i * xSize + j] = t.data[i];
  }
  return new Tensor([ySize, xSize], J);
}
