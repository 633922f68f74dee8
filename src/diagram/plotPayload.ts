// What a `plot`, a `descend` or a `boundary` shows, as plain JSON: the contract between the
// language session (which computes it, in CellResult.plots / .descents / .boundaries), the
// kernel and the CLI (which put each one in a cell output under PLOT_MIME and
// in `bpnb run --json`, spec §4), and the renderer (which draws it).
// Pure data: JSON round-trips it unchanged; numbers follow payload.ts
// (JsonScalar: NaN and the infinities as strings).

import type { JsonScalar } from './payload';

export const PLOT_MIME = 'application/vnd.bpnb.plot+json';

/** `plot f wrt x [from A to B] [points N]`: f and ∂f/∂x while the leaf x sweeps [A, B]. */
export interface CurvePlot {
  kind: 'curve';
  /** The plotted name (`f`). */
  target: string;
  /** The swept scalar leaf (`x`). */
  wrt: string;
  /** The sweep, ascending: `points` values from A to B. */
  x: number[];
  /** f at each x. */
  value: JsonScalar[];
  /** ∂f/∂x at each x. */
  grad: JsonScalar[];
  /** The current point: the leaf's own value, f and ∂f/∂x there (the mark and the tangent line). */
  at: { x: number; value: JsonScalar; grad: JsonScalar };
  /** Said to the reader beside the plot, e.g. that f does not depend on x. */
  warning?: string;
}

/** `descend L [wrt a, b, …] [lr A [to B]] [steps N]`: the loss curve of a gradient descent. */
export interface DescentPlot {
  kind: 'descent';
  target: string;
  /** The leaves that moved, in the order given (or the order of creation). */
  wrt: string[];
  steps: number;
  /** The learning rate at the first and at the last step (equal when constant). */
  lr: [number, number];
  /** steps + 1 entries: L before the first step and after each step. */
  loss: JsonScalar[];
  /**
   * Present while the descent runs (a live update); absent once it ended.
   * `every`: a long curve sent thinned, `loss` holding the loss every `every`
   * steps (steps 0, every, 2·every, …) and last the loss at step `done`;
   * absent: every step.
   */
  running?: { done: number; every?: number };
}

/**
 * `boundary s over X [labels y] [grid N]`: the decision boundary of a model
 * of two inputs, s computed from the data X [n, 2], evaluated over a grid
 * that covers X's points, with the points on top.
 */
export interface BoundaryPlot {
  kind: 'boundary';
  /** The model's output (`s`): n values, one per row of X. */
  target: string;
  /** The data it is computed from (`X`, shape [n, 2]). */
  over: string;
  /** The name of the labels the points are coloured by, when given. */
  labels?: string;
  /** The grid's cell centres along X's first column, ascending (the cells tile the range evenly). */
  x: number[];
  /** The grid's cell centres along X's second column, ascending. */
  y: number[];
  /** s at every grid point, row by row: value[j · x.length + i] at (x[i], y[j]). */
  value: JsonScalar[];
  /** The data: X's rows (x, y), s at each, and each one's label when labels were given. */
  points: { x: number[]; y: number[]; value: JsonScalar[]; label?: number[] };
  /**
   * With labels of two values: the fraction of the points on their label's
   * side (s > 0 for the larger label, s ≤ 0 for the smaller), as the
   * accuracy of micrograd's demo.
   */
  accuracy?: number;
}

export type PlotPayload = CurvePlot | DescentPlot | BoundaryPlot;
