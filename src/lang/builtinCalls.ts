// Calls of the built-in functions that are not one engine op, and bracket
// literals: the tensor constructors (zeros, ones, rand, randn), grad, tangent
// and jacobian, the data sets (moons, circles, labels) and csv. Each is run
// with the evaluator as its context (ExprContext), as commands are.

import { Tensor, jacobian, ones, rand, randn, sameShape, zeros, type NodeId, type OpName } from '../engine';
import type { Call, Expr } from './ast';
import type { BuiltinSpec } from './builtins';
import type { CommandContext } from './commands';
import { makeDataset, type DatasetName } from './datasets';
import { csvCall, type DataFiles } from './dataFiles';
import type { Span } from './span';
import { shapeText } from './values';

/** jacobian(y, x): at most this many node visits (size(x) forward sweeps). */
const MAX_JACOBIAN_WORK = 50_000_000;

/** What a built-in call needs of the evaluator, besides what a command needs. */
export interface ExprContext extends CommandContext {
  /** The data files csv(…) reads, as the host found them (RunOptions.files). */
  readonly files?: DataFiles;
  readonly maxTensorSize: number;
  evalExpr(e: Expr): NodeId;
  /** A new constant node at `span`. */
  constant(value: number | Tensor, span: Span): NodeId;
  /** A new node of op `name` over `inputs`, at `span`. */
  op(name: OpName, inputs: NodeId[], span: Span): NodeId;
}

/** zeros(…), ones(…), rand(…), randn(…): a constant tensor of the given dimensions. */
export function construct(cx: ExprContext, spec: BuiltinSpec, e: Call): NodeId {
  const dims = e.args.map((a) => cx.integer(a, 'a dimension', 'E_ARGUMENT'));
  dims.forEach((d, i) => {
    if (d < 1) cx.fail('E_ARGUMENT', `${spec.name}: dimension ${d} must be at least 1`, e.args[i].span);
  });
  const size = dims.reduce((a, b) => a * b, 1);
  if (size > cx.st.limits.maxTensorSize) {
    cx.fail('E_LIMIT', `${spec.name}${shapeText(dims)} would have ${size} elements, more than the limit of ${cx.st.limits.maxTensorSize}`, e.span);
  }
  const rng = cx.st.rng;
  const make = { zeros: () => zeros(dims), ones: () => ones(dims), rand: () => rand(dims, rng), randn: () => randn(dims, rng) }[spec.name];
  return cx.constant(make!(), e.span);
}

/** grad(x) and tangent(x): copies, as constants; jacobian(y, x): one forward sweep per element of x. */
export function special(cx: ExprContext, spec: BuiltinSpec, e: Call): NodeId {
  const g = cx.st.graph;
  const args = e.args.map((a) => cx.evalExpr(a));
  const what = (i: number) => (e.args[i].kind === 'name' ? `'${(e.args[i] as { name: string }).name}'` : 'this expression');
  if (spec.name === 'grad') {
    const t = g.grad(args[0]);
    if (t === undefined) cx.fail('E_NO_GRAD', `no gradient for ${what(0)} yet: run 'backward f' for a target f that depends on it first`, e.span);
    return cx.constant(t, e.span); // grad() gives a copy
  }
  if (spec.name === 'tangent') {
    const t = g.tangent(args[0]);
    if (t === undefined) cx.fail('E_NO_TANGENT', `no tangent for ${what(0)} yet: run 'forward x' for an input x it depends on first`, e.span);
    return cx.constant(t, e.span); // tangent() gives a copy
  }
  const [y, x] = args;
  const xSize = g.value(x).size;
  const nodes = Math.max(0, y + 1 - x); // each sweep runs from x to y
  if (xSize * g.value(y).size > cx.st.limits.maxTensorSize || xSize * nodes > MAX_JACOBIAN_WORK) {
    cx.fail('E_LIMIT', `jacobian: ${xSize} forward sweeps over ${nodes} nodes for a ${g.value(y).size}×${xSize} matrix is too much work; use backward and grad() instead`, e.span);
  }
  // One forward sweep per element of x; jacobian() puts the last forward's tangents back.
  return cx.constant(cx.engine(() => jacobian(g, y, x), e.span), e.span);
}

/** moons(n, noise), circles(n, noise): data points (labels kept aside); labels(X): their classes. */
export function dataset(cx: ExprContext, spec: BuiltinSpec, e: Call): NodeId {
  if (spec.name === 'csv') {
    const { tensor, columns } = csvCall(cx, e);
    const id = dataConstant(cx, tensor, e.span);
    if (columns) cx.st.columnsOf.set(id, columns);
    return id;
  }
  if (spec.name === 'labels') {
    const x = cx.evalExpr(e.args[0]);
    const labels = cx.st.labelsOf.get(x);
    if (labels === undefined) {
      cx.fail('E_ARGUMENT', 'labels needs the points of a data set made by moons(…) or circles(…), e.g. X = moons(100, 0.1); y = labels(X) (for a CSV file, read the label column: y = csv("points.csv", -1))', e.args[0].span);
    }
    return dataConstant(cx, labels, e.span);
  }
  const n = cx.integer(e.args[0], 'the number of points', 'E_ARGUMENT');
  if (n < 2) cx.fail('E_ARGUMENT', `${spec.name} needs at least 2 points, got ${n}`, e.args[0].span);
  if (2 * n > cx.st.limits.maxTensorSize) cx.fail('E_LIMIT', `${spec.name}(${n}) would have ${2 * n} elements, more than the limit of ${cx.st.limits.maxTensorSize}`, e.span);
  const noise = e.args.length > 1 ? cx.number(e.args[1], 'the noise') : 0;
  if (!(noise >= 0) || !Number.isFinite(noise)) cx.fail('E_ARGUMENT', `the noise is a standard deviation, a finite number ≥ 0; got ${noise}`, e.args[1].span);
  const set = makeDataset(spec.name as DatasetName, n, noise, cx.st.rng);
  const id = dataConstant(cx, set.points, e.span);
  cx.st.labelsOf.set(id, set.labels);
  return id;
}

function dataConstant(cx: ExprContext, t: Tensor, span: Span): NodeId {
  const id = cx.constant(t, span);
  cx.st.data.add(id);
  return id;
}

/** A literal vector or matrix. Elements must share a shape; the result has one more axis. */
export function arrayLiteral(cx: ExprContext, elements: Expr[], span: Span): NodeId {
  const g = cx.st.graph;
  const ids = elements.map((el) => cx.evalExpr(el));
  const shape0 = g.shape(ids[0]);
  for (let i = 1; i < ids.length; i++) {
    const s = g.shape(ids[i]);
    if (!sameShape(s, shape0)) {
      cx.fail('E_SHAPE', `the elements of a bracket literal must have the same shape: element 1 has shape ${shapeText(shape0)}, element ${i + 1} has ${shapeText(s)}`, elements[i].span);
    }
  }
  // All constant: one constant node, drawn as the literal it is.
  if (!ids.some((id) => g.requiresGrad(id))) {
    const n = ids.length;
    const inner = shape0.reduce((a, b) => a * b, 1);
    const data = new Float64Array(n * inner);
    ids.forEach((id, i) => data.set(g.value(id).data, i * inner));
    return cx.constant(new Tensor([n, ...shape0], data), span);
  }
  // Some element depends on an input: one `stack` gate over the elements as
  // written (a nested literal is a stack of its rows), so the drawing has no
  // extra gates and a NaN or infinite element does not cut the gradient path.
  return cx.op('stack', ids, span);
}

