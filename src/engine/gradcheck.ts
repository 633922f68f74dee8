// Independent checks of the reverse sweep: central differences by re-running
// the recorded graph (setLeaf + replay), and the full Jacobian through forward mode.

import { EngineError } from './errors';
import type { Graph, NodeId } from './graph';
import { Tensor } from './tensor';

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
 * with the central difference (f(x + ε) − f(x − ε)) / 2ε, re-running the
 * graph up to the target with the leaf nudged each way. Each element costs two
 * replays, so `maxPerLeaf` caps how many elements of each leaf are checked
 * (the first ones, row-major). Afterwards every value is as it was, the
 * gradients are those of backward(target), and the tangents of the last
 * forward are back as they were.
 */
export function gradcheck(g: Graph, target: NodeId, leaves: readonly NodeId[], eps = 1e-6, maxPerLeaf = Infinity): GradcheckEntry[] {
  if (!(eps > 0)) throw new EngineError('E_DOMAIN', `gradcheck: eps must be positive, got ${eps}`);
  g.backward(target);
  const sweeps = g.sweepState();
  const analytics = leaves.map((leaf) => g.grad(leaf)); // before replay clears them
  const out: GradcheckEntry[] = [];
  try {
    for (const [k, leaf] of leaves.entries()) {
      const base = g.value(leaf);
      const analytic = analytics[k];
      const count = Math.min(base.size, maxPerLeaf);
      const nudged = new Tensor(base.shape, base.data.slice());
      const at = (i: number, delta: number): number => {
        nudged.data[i] = base.data[i] + delta;
        g.setLeaf(leaf, base.shape.length === 0 ? nudged.data[0] : nudged);
        g.replay(target);
        return g.scalar(target);
      };
      for (let i = 0; i < count; i++) {
        const numeric = (at(i, eps) - at(i, -eps)) / (2 * eps);
        nudged.data[i] = base.data[i];
        const a = analytic === undefined ? 0 : analytic.data[i];
        out.push({ leaf, index: i, analytic: a, numeric, relError: relativeError(a, numeric) });
      }
      g.setLeaf(leaf, base.shape.length === 0 ? base.data[0] : base);
      g.replay();
    }
  } finally {
    g.restoreSweeps(sweeps);
  }
  return out;
}

/**
 * ∂y/∂x as a [size(y), size(x)] matrix (rows = outputs), one forward-mode
 * sweep per element of x. Zeros where y does not depend on x (as when x was
 * created after y). The tangents of the last forward are put back as they were.
 */
export function jacobian(g: Graph, y: NodeId, x: NodeId): Tensor {
  const ySize = g.value(y).size;
  const xShape = g.shape(x);
  const xSize = g.value(x).size;
  const J = new Float64Array(ySize * xSize);
  if (x > y) return new Tensor([ySize, xSize], J); // y was computed before x existed
  const sweeps = g.sweepState();
  try {
    const e = Tensor.zeros(xShape);
    for (let j = 0; j < xSize; j++) {
      e.data.fill(0);
      e.data[j] = 1;
      g.forward(x, e, y + 1);
      const t = g.tangent(y);
      if (t === undefined) continue;
      for (let i = 0; i < ySize; i++) J[i * xSize + j] = t.data[i];
    }
  } finally {
    g.restoreSweeps(sweeps);
  }
  return new Tensor([ySize, xSize], J);
}
