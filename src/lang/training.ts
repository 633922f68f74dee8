// The evaluation of the training commands, `plot` and `descend`: both re-run
// the graph already built (Graph.setLeaf + replay, no new node) instead of
// building more of it. `plot` sweeps one input over a range and records the
// target and its derivative; `descend` moves the inputs by gradient steps and
// records the loss. commands.ts runs them with the cell's CommandContext.

import { Tensor, type Graph, type NodeId } from '../engine';
import type { CurvePlot, DescentPlot } from '../diagram/plotPayload';
import type { Clause, ClauseWord, Command, NameRef } from './ast';
import { makeDiagnostic } from './diagnostics';
import type { CommandContext } from './commands';
import { jsonScalar, shapeText } from './values';
import type { JsonScalar } from '../diagram/payload';

/** A running descent's loss curve so far, at most every PROGRESS_MS (RunOptions.onProgress; `loss` is lent: read it during the call). */
export type ProgressHook = (p: DescentPlot) => void;
const PROGRESS_MS = 100;

/** plot: at most this many points; descend: at most this many steps. */
export const MAX_PLOT_POINTS = 100_000;
export const MAX_DESCEND_STEPS = 1_000_000;

function clause(s: Command, word: ClauseWord): Clause | undefined {
  return s.clauses?.find((c) => c.word === word);
}

/**
 * `plot f wrt x [from A to B] [points N]`: the built graph re-evaluated
 * (Graph.setLeaf + replay, no new node) and swept backward at each point;
 * afterwards x, every value and the sweeps are put back as they were.
 */
export function plot(cx: CommandContext, s: Command, f: NodeId, name: string): void {
  const g = cx.st.graph;
  const wrt = clause(s, 'wrt')!.values[0] as NameRef;
  const x = cx.lookup(wrt.name, wrt.span);
  if (!g.isScalar(f)) {
    cx.fail('E_NOT_SCALAR', `plot draws a scalar, but '${name}' has shape ${shapeText(g.shape(f))} (plot one element, e.g. ${name}[0], or a reduction such as sum(${name}))`, s.arg.span);
  }
  if (!g.isScalar(x)) cx.fail('E_NOT_SCALAR', `plot sweeps a scalar input, but '${wrt.name}' has shape ${shapeText(g.shape(x))}`, wrt.span);
  if (g.op(x) !== 'leaf') {
    cx.fail('E_ARGUMENT', `plot sweeps an input, but '${wrt.name}' is computed from other values; plot with respect to one of the inputs it is computed from`, wrt.span);
  }
  const x0 = g.scalar(x);
  const fromC = clause(s, 'from'), toC = clause(s, 'to'), pointsC = clause(s, 'points');
  const from = fromC ? cx.number(fromC.values[0], "'from'") : x0 - 3;
  const to = toC ? cx.number(toC.values[0], "'to'") : fromC ? from + 6 : x0 + 3;
  const points = pointsC ? cx.integer(pointsC.values[0], "'points'", 'E_ARGUMENT') : 200;
  if (!(from < to) || !Number.isFinite(from) || !Number.isFinite(to)) {
    cx.fail('E_ARGUMENT', `plot needs a range from A to B with A < B, both finite; got from ${from} to ${to}`, (toC ?? fromC)?.wordSpan ?? s.keywordSpan);
  }
  if (points < 2 || points > MAX_PLOT_POINTS) {
    cx.fail('E_ARGUMENT', `plot needs 2 to ${MAX_PLOT_POINTS.toLocaleString('en-US')} points, got ${points}`, pointsC!.values[0].span);
  }
  const xs: number[] = new Array(points);
  const value: CurvePlot['value'] = new Array(points);
  const grad: CurvePlot['grad'] = new Array(points);
  for (let i = 0; i < points; i++) xs[i] = i === points - 1 ? to : from + ((to - from) * i) / (points - 1);
  const plot: CurvePlot = { kind: 'curve', target: name, wrt: wrt.name, x: xs, value, grad, at: { x: x0, value: jsonScalar(g.scalar(f)), grad: 0 } };
  if (x > f || !g.ancestors(f).includes(x)) {
    // A flat line, said beside the plot and as a warning (not an error: plotting it is not wrong, only dull).
    const v = jsonScalar(g.scalar(f));
    value.fill(v);
    grad.fill(0);
    plot.warning = `'${name}' does not depend on '${wrt.name}': the curve is flat and its derivative 0`;
    cx.out.warnings.push(makeDiagnostic('W_NO_DEPENDENCE', plot.warning, s.span, cx.cell));
  } else {
    const before = g.sweepState();
    try {
      g.backwardCount(f);
      plot.at.grad = jsonScalar(g.scalarGrad(x) ?? 0);
      for (let i = 0; i < points; i++) {
        g.setLeaf(x, xs[i]);
        g.replay(f);
        g.backwardCount(f);
        value[i] = jsonScalar(g.scalar(f));
        grad[i] = jsonScalar(g.scalarGrad(x) ?? 0);
      }
    } finally {
      // x and every value after it as they were (the same arithmetic on the same inputs), then the sweeps.
      g.setLeaf(x, x0);
      g.replay();
      g.restoreSweeps(before);
    }
  }
  cx.out.plots.push(plot);
}

/**
 * `descend L [wrt a, b, …] [lr A [to B]] [steps N]`: per step one backward,
 * the leaves moved by −lr·∂L/∂leaf (Graph.setLeaf), and a replay up to L:
 * the tape does not grow. Then one replay to the end, so every name computed
 * from the leaves (in any cell: they share the tape) holds its value at the
 * trained leaves, and one backward for the graph the cell shows. The leaves'
 * old values go into the outcome, so a failed cell puts them back.
 */
export function descend(cx: CommandContext, s: Command, L: NodeId, name: string): void {
  const g = cx.st.graph;
  if (!g.isScalar(L)) {
    cx.fail('E_NOT_SCALAR', `descend needs a scalar loss, but '${name}' has shape ${shapeText(g.shape(L))} (reduce it to a scalar first, e.g. loss = mean(${name}), then descend loss)`, s.arg.span);
  }
  const depends = new Set(g.ancestors(L));
  depends.delete(L); // a loss that is itself an input depends on no input
  const leaves: { id: NodeId; name: string }[] = [];
  const wrtC = clause(s, 'wrt');
  if (wrtC) {
    for (const v of wrtC.values as NameRef[]) {
      const id = cx.lookup(v.name, v.span);
      if (g.op(id) !== 'leaf') cx.fail('E_ARGUMENT', `descend moves inputs, but '${v.name}' is computed from other values; name the inputs it is computed from`, v.span);
      if (!depends.has(id)) cx.fail('E_ARGUMENT', `'${name}' does not depend on '${v.name}': descending would not move it`, v.span);
      if (leaves.some((l) => l.id === id)) cx.fail('E_ARGUMENT', `'${v.name}' is named twice after wrt`, v.span);
      leaves.push({ id, name: v.name });
    }
  } else {
    for (const id of depends) if (g.op(id) === 'leaf') leaves.push({ id, name: cx.nameOf(id) ?? `input ${id}` });
    if (leaves.length === 0) cx.fail('E_ARGUMENT', `'${name}' depends on no input: there is nothing to descend`, s.arg.span);
  }
  const lrC = clause(s, 'lr'), toC = clause(s, 'to'), stepsC = clause(s, 'steps');
  const lrA = lrC ? cx.number(lrC.values[0], "'lr'") : 0.1;
  const lrB = toC ? cx.number(toC.values[0], "'to'") : lrA;
  if (!Number.isFinite(lrA) || !Number.isFinite(lrB)) cx.fail('E_ARGUMENT', `the learning rate must be finite, got ${lrA} to ${lrB}`, (toC ?? lrC)!.values[0].span);
  const steps = stepsC ? cx.integer(stepsC.values[0], "'steps'", 'E_ARGUMENT') : 100;
  if (steps < 1 || steps > MAX_DESCEND_STEPS) {
    cx.fail('E_ARGUMENT', `descend takes 1 to ${MAX_DESCEND_STEPS.toLocaleString('en-US')} steps, got ${steps}`, stepsC!.values[0].span);
  }
  for (const { id } of leaves) {
    if (!cx.out.leafBackups.has(id)) cx.out.leafBackups.set(id, g.isScalar(id) ? g.scalar(id) : new Tensor(g.shape(id), g.value(id).data.slice()));
  }
  // The curve is kept as JSON as it grows, and a progress report lends it
  // as it is (RunOptions.onProgress: read it during the call): converting or
  // copying a long descent's curve every 100 ms would cost more than its steps.
  const curve: JsonScalar[] = [jsonScalar(g.scalar(L))];
  const report = (done: number | undefined): DescentPlot => ({
    kind: 'descent', target: name, wrt: leaves.map((l) => l.name), steps, lr: [lrA, lrB], loss: curve,
    ...(done !== undefined ? { running: { done } } : {}),
  });
  const progress = cx.onProgress;
  let lastReport = progress ? Date.now() : 0;
  for (let k = 0; k < steps; k++) {
    g.backwardCount(L);
    const lr = steps === 1 ? lrA : lrA + ((lrB - lrA) * k) / (steps - 1);
    for (const { id } of leaves) moveLeaf(g, id, lr);
    g.replay(L);
    const l = g.scalar(L);
    curve.push(jsonScalar(l));
    if (!Number.isFinite(l)) {
      cx.fail('E_DIVERGED', `the loss '${name}' became ${l} at step ${k + 1} of ${steps} (learning rate ${lr}); try a smaller lr. The inputs keep their values from before the descent`, s.span);
    }
    if (progress && Date.now() - lastReport >= PROGRESS_MS) {
      progress(report(k + 1));
      lastReport = Date.now();
    }
  }
  g.replay();
  cx.st.valuesEpoch++;
  cx.out.descents.push(report(undefined));
  cx.out.backward = { target: L, order: g.backward(L) };
  cx.out.shown = { node: L, mode: 'reverse' };
}

/** One gradient step on a leaf: value − lr · ∂L/∂leaf (a leaf the backward did not reach stays). */
function moveLeaf(g: Graph, id: NodeId, lr: number): void {
  if (g.isScalar(id)) {
    const d = g.scalarGrad(id);
    if (d !== undefined) g.setLeaf(id, g.scalar(id) - lr * d);
    return;
  }
  const d = g.grad(id);
  if (d === undefined) return;
  const v = g.value(id).data;
  const dd = d.data;
  for (let k = 0; k < dd.length; k++) dd[k] = v[k] - lr * dd[k];
  g.setLeaf(id, d); // grad() gave a copy: reused for the new value (setLeaf copies it again)
}
