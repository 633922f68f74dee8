// The evaluation of `boundary s over X [labels y] [grid N]`: the decision
// boundary of a model of two inputs, as in micrograd's demo. s is the
// model's output, n values computed from the data X [n, 2]; the built graph
// is evaluated again with X's values replaced by points of a grid that covers
// X's points plus a margin (Graph.recompute: no parsing, no new node, and the
// tape is left exactly as it was). The graph's shapes are fixed, so the grid
// goes through it in chunks of n points, the last chunk padded.

import { Tensor, type NodeId } from '../engine';
import type { BoundaryPlot } from '../diagram/plotPayload';
import type { Clause, ClauseWord, Command, NameRef } from './ast';
import type { CommandContext } from './commands';
import { jsonScalar, shapeText } from './values';

/** Cells along the longer side of the grid: the default and the most. */
export const DEFAULT_BOUNDARY_GRID = 50;
export const MAX_BOUNDARY_GRID = 100;
/** The margin around X's points on each side, as a fraction of the longer side of their range. */
export const BOUNDARY_MARGIN = 0.25;

function clause(s: Command, word: ClauseWord): Clause | undefined {
  return s.clauses?.find((c) => c.word === word);
}

/** The grid: `cells` cell centres per axis over [lo, hi] (the cells tile it evenly). */
export interface BoundaryGrid { x: number[]; y: number[] }

/**
 * The grid over points (xs, ys): their range plus BOUNDARY_MARGIN of its
 * longer side on every side (1 when all points coincide), `longSide` cells
 * along the longer side and as many of the same size as fit the shorter one
 * (at least 2), so the cells are square.
 */
export function boundaryGrid(xs: ArrayLike<number>, ys: ArrayLike<number>, longSide: number): BoundaryGrid {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]);
    y0 = Math.min(y0, ys[i]); y1 = Math.max(y1, ys[i]);
  }
  const span = Math.max(x1 - x0, y1 - y0);
  const margin = span > 0 ? span * BOUNDARY_MARGIN : 1;
  x0 -= margin; x1 += margin; y0 -= margin; y1 += margin;
  const cell = Math.max(x1 - x0, y1 - y0) / longSide;
  const axis = (lo: number, hi: number): number[] => {
    const count = Math.max(2, Math.round((hi - lo) / cell));
    const step = (hi - lo) / count;
    return Array.from({ length: count }, (_, i) => lo + step * (i + 0.5));
  };
  return { x: axis(x0, x1), y: axis(y0, y1) };
}

/** `boundary s over X [labels y] [grid N]`: see the file's comment. The namespace is left unchanged. */
export function boundary(cx: CommandContext, s: Command, target: NodeId, name: string): void {
  const g = cx.st.graph;
  const over = clause(s, 'over')!.values[0] as NameRef;
  const X = cx.lookup(over.name, over.span);
  const xShape = g.shape(X);
  if (xShape.length !== 2 || xShape[1] !== 2) {
    cx.fail('E_SHAPE', `boundary needs data of two inputs, an [n, 2] matrix (one point per row), but '${over.name}' has shape ${shapeText(xShape)}`, over.span);
  }
  const n = xShape[0];
  const sShape = g.shape(target);
  const count = sShape.reduce((a, b) => a * b, 1);
  if (sShape.length === 0 || count !== n || sShape.slice(1).some((d) => d !== 1)) {
    cx.fail('E_SHAPE', `boundary draws one value per point: '${name}' must have shape [${n}] (one value per row of '${over.name}'), but it has shape ${shapeText(sShape)}`, s.arg.span);
  }
  if (target < X || !g.ancestors(target).includes(X)) {
    cx.fail('E_ARGUMENT', `'${name}' is not computed from '${over.name}': its boundary over '${over.name}' would be flat; name the model's output for these points`, s.arg.span);
  }
  const data = g.value(X).data;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) cx.fail('E_ARGUMENT', `'${over.name}' holds ${data[k]} at row ${Math.floor(k / 2)}: the grid needs finite points`, over.span);
  }
  const px = Array.from({ length: n }, (_, i) => data[2 * i]);
  const py = Array.from({ length: n }, (_, i) => data[2 * i + 1]);

  let label: number[] | undefined;
  const labelsC = clause(s, 'labels');
  const labelsName = labelsC ? (labelsC.values[0] as NameRef) : undefined;
  if (labelsName) {
    const yId = cx.lookup(labelsName.name, labelsName.span);
    const yShape = g.shape(yId);
    const yValues = g.value(yId).data;
    if (yValues.length !== n || yShape.length === 0) {
      cx.fail('E_SHAPE', `the labels must have one value per point (${n}), but '${labelsName.name}' has shape ${shapeText(yShape)}`, labelsName.span);
    }
    label = Array.from(yValues);
    const bad = label.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) cx.fail('E_ARGUMENT', `the label of point ${bad} is ${label[bad]}: labels must be finite`, labelsName.span);
  }

  const gridC = clause(s, 'grid');
  const cells = gridC ? cx.integer(gridC.values[0], "'grid'", 'E_ARGUMENT') : DEFAULT_BOUNDARY_GRID;
  if (cells < 2 || cells > MAX_BOUNDARY_GRID) {
    cx.fail('E_ARGUMENT', `boundary needs a grid of 2 to ${MAX_BOUNDARY_GRID} cells along its longer side, got ${cells}`, gridC!.values[0].span);
  }
  const grid = boundaryGrid(px, py, cells);
  const value = cx.engine(() => boundaryValues(g, X, target, n, grid), s.span);
  const atPoints = g.value(target).data;
  const plot: BoundaryPlot = {
    kind: 'boundary', target: name, over: over.name, x: grid.x, y: grid.y, value,
    points: { x: px, y: py, value: Array.from(atPoints, jsonScalar) },
  };
  if (labelsName && label) {
    plot.labels = labelsName.name;
    plot.points.label = label;
    const accuracy = labelAccuracy(label, atPoints);
    if (accuracy !== undefined) plot.accuracy = accuracy;
  }
  cx.out.boundaries.push(plot);
}

/**
 * s at every grid point, row by row: the grid in chunks of n points (the
 * shape X has on the tape), the last chunk padded with copies of its last
 * point, each chunk evaluated by Graph.recompute with X's value replaced. X
 * may be a constant (data usually is), which setLeaf could not change; and
 * recompute writes nothing to the tape, so there is nothing to put back.
 * Assumes the model reads each row of X on its own (value i from row i), as
 * a model applied point by point does.
 */
export function boundaryValues(
  g: { recompute(o: ReadonlyMap<NodeId, Tensor>, target: NodeId): Tensor },
  X: NodeId, target: NodeId, n: number, grid: BoundaryGrid,
): BoundaryPlot['value'] {
  const total = grid.x.length * grid.y.length;
  const out: BoundaryPlot['value'] = new Array(total);
  const chunk = new Float64Array(2 * n);
  for (let start = 0; start < total; start += n) {
    for (let k = 0; k < n; k++) {
      const p = Math.min(start + k, total - 1); // padding: the last point again
      chunk[2 * k] = grid.x[p % grid.x.length];
      chunk[2 * k + 1] = grid.y[Math.floor(p / grid.x.length)];
    }
    const s = g.recompute(new Map([[X, new Tensor([n, 2], chunk)]]), target).data;
    for (let k = 0; k < n && start + k < total; k++) out[start + k] = jsonScalar(s[k]);
  }
  return out;
}

/**
 * The fraction of points on their label's side: with labels of exactly two
 * values, the larger one wants s > 0 and the smaller s ≤ 0 (micrograd's
 * `(yi > 0) == (scorei > 0)`); undefined otherwise.
 */
export function labelAccuracy(label: readonly number[], s: ArrayLike<number>): number | undefined {
  const classes = [...new Set(label)].sort((a, b) => a - b);
  if (classes.length !== 2) return undefined;
  let right = 0;
  for (let i = 0; i < label.length; i++) if ((label[i] === classes[1]) === (s[i] > 0)) right++;
  return right / label.length;
}
