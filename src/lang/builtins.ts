// The built-in functions a cell can call: name, arity, signature, a line of
// documentation, and which engine op computes them. The local derivatives are
// not written here: they are read from the engine's OPS registry, the one
// source of truth for what each gate's derivative is.

import { OPS, type OpName } from '../engine';
import type { BinaryOp } from './ast';

export type BuiltinKind =
  | 'unary'        // element-wise op on one input
  | 'binary'       // element-wise op on two inputs (broadcasting)
  | 'op'           // any other engine op (dot, transpose, softmax, sum, …)
  | 'constructor'  // zeros/ones/randn/rand: a constant tensor of a given shape
  | 'special'      // grad, tangent, jacobian: read the engine's sweeps
  | 'data';        // moons, circles, labels, csv: data, constants that stay constants when assigned

export interface BuiltinSpec {
  name: string;
  kind: BuiltinKind;
  minArgs: number;
  maxArgs: number;
  /** e.g. 'max(a, b)  or  max(v)'. */
  signature: string;
  doc: string;
  /** The engine op for each accepted argument count (max: 1 → maxReduce, 2 → max). */
  ops?: Partial<Record<number, OpName>>;
}

const unary = (name: OpName, doc: string): BuiltinSpec =>
  ({ name, kind: 'unary', minArgs: 1, maxArgs: 1, signature: `${name}(x)`, doc, ops: { 1: name } });
const op = (name: string, ops: Partial<Record<number, OpName>>, signature: string, doc: string, kind: BuiltinKind = 'op'): BuiltinSpec => {
  const counts = Object.keys(ops).map(Number);
  return { name, kind, minArgs: Math.min(...counts), maxArgs: Math.max(...counts), signature, doc, ops };
};
const ctor = (name: string, doc: string): BuiltinSpec =>
  ({ name, kind: 'constructor', minArgs: 1, maxArgs: 2, signature: `${name}(n)  or  ${name}(n, m)`, doc });

export const BUILTINS = {
  exp: unary('exp', 'e to the power x, element-wise'),
  log: unary('log', 'natural logarithm, element-wise (log(0) = -Infinity, with a warning)'),
  sqrt: unary('sqrt', 'square root, element-wise'),
  abs: unary('abs', 'absolute value, element-wise (derivative 0 at 0)'),
  sin: unary('sin', 'sine, element-wise'),
  cos: unary('cos', 'cosine, element-wise'),
  tanh: unary('tanh', 'hyperbolic tangent, element-wise'),
  sigmoid: unary('sigmoid', 'the logistic sigmoid σ(x) = 1 / (1 + e^-x), element-wise'),
  relu: unary('relu', 'max(0, x), element-wise'),
  neg: unary('neg', '-x, element-wise (the same gate as unary minus)'),
  max: op('max', { 1: 'maxReduce', 2: 'max' }, 'max(a, b)  or  max(v)', 'max(a, b): element-wise maximum (the gradient router); max(v): the largest element of v'),
  min: op('min', { 2: 'min' }, 'min(a, b)', 'element-wise minimum', 'binary'),
  pow: op('pow', { 2: 'pow' }, 'pow(a, b)', 'a to the power b, element-wise (the same gate as a ^ b)', 'binary'),
  sum: op('sum', { 1: 'sum' }, 'sum(v)', 'the sum of all elements'),
  mean: op('mean', { 1: 'mean' }, 'mean(v)', 'the mean of all elements'),
  dot: op('dot', { 2: 'dot' }, 'dot(a, b)', 'the inner product of two vectors of the same length'),
  matmul: op('matmul', { 2: 'matmul' }, 'matmul(A, B)', 'the matrix product (the same gate as A @ B)'),
  transpose: op('transpose', { 1: 'transpose' }, 'transpose(M)', 'the transpose of a matrix'),
  softmax: op('softmax', { 1: 'softmax' }, 'softmax(v)', 'exp(v) / sum(exp(v)), computed stably'),
  logsumexp: op('logsumexp', { 1: 'logsumexp' }, 'logsumexp(v)', 'log(sum(exp(v))), computed stably'),
  zeros: ctor('zeros', 'a constant vector or matrix of zeros'),
  ones: ctor('ones', 'a constant vector or matrix of ones'),
  randn: ctor('randn', 'a constant of standard normal samples (reproducible after seed N)'),
  rand: ctor('rand', 'a constant of uniform samples in [0, 1) (reproducible after seed N)'),
  moons: { name: 'moons', kind: 'data', minArgs: 1, maxArgs: 2, signature: 'moons(n)  or  moons(n, noise)', doc: 'n points [n, 2] of two interleaving half circles with Gaussian noise (labels(X) gives their class, 0 or 1; reproducible after seed N)' },
  circles: { name: 'circles', kind: 'data', minArgs: 1, maxArgs: 2, signature: 'circles(n)  or  circles(n, noise)', doc: 'n points [n, 2] on two concentric circles (radius 1 and 0.8) with Gaussian noise (labels(X) gives their class, 0 or 1; reproducible after seed N)' },
  labels: { name: 'labels', kind: 'data', minArgs: 1, maxArgs: 1, signature: 'labels(X)', doc: 'the class (0 or 1) of each point of a data set X made by moons or circles, as a constant vector [n]' },
  csv: { name: 'csv', kind: 'data', minArgs: 1, maxArgs: 1 + 64, signature: 'csv("file.csv")  or  csv("file.csv", column, …)', doc: 'the numbers of a CSV file in the notebook\'s folder as a constant [rows, columns] (a header row is skipped, its names kept); csv(file, c) gives column c as a vector [rows], csv(file, c1, c2, …) those columns [rows, k]; a column is an index (-1: the last) or a header name in quotes' },
  grad: { name: 'grad', kind: 'special', minArgs: 1, maxArgs: 1, signature: 'grad(x)', doc: 'the gradient ∂target/∂x from the last backward, as a constant' },
  tangent: { name: 'tangent', kind: 'special', minArgs: 1, maxArgs: 1, signature: 'tangent(x)', doc: 'the tangent ∂x/∂seed from the last forward, as a constant' },
  jacobian: { name: 'jacobian', kind: 'special', minArgs: 2, maxArgs: 2, signature: 'jacobian(y, x)', doc: 'the Jacobian ∂y/∂x as a constant matrix [size(y), size(x)]' },
} as const satisfies Record<string, BuiltinSpec>;

export type BuiltinName = keyof typeof BUILTINS;

export function isBuiltin(name: string): name is BuiltinName {
  return Object.prototype.hasOwnProperty.call(BUILTINS, name);
}

export function builtin(name: string): BuiltinSpec | undefined {
  return isBuiltin(name) ? BUILTINS[name] : undefined;
}

/** The local derivative of a built-in, in words, per input, from the engine's registry. */
export function builtinDerivatives(name: string): string[] {
  const spec = builtin(name);
  if (!spec?.ops) return [];
  const lines: string[] = [];
  for (const opName of Object.values(spec.ops)) {
    if (opName) lines.push(...OPS[opName].derivative);
  }
  return lines;
}

/** The engine op a binary operator token computes. */
export const OPERATOR_OPS: Record<BinaryOp, OpName> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '@': 'matmul', '^': 'pow',
  '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge', '==': 'eq',
};

/** 'expects 1 argument', 'expects 1 or 2 arguments'. */
export function arityText(min: number, max: number): string {
  if (max > 8) return `expects at least ${min} argument${min === 1 ? '' : 's'} and at most ${max}`;
  const n = min === max ? `${min}` : max === min + 1 ? `${min} or ${max}` : `${min} to ${max}`;
  return `expects ${n} argument${max === 1 ? '' : 's'}`;
}
