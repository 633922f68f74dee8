// The op registry: one object literal, so a duplicated name does not compile,
// checked with `satisfies` so every entry is a full OpSpec while keeping the
// literal keys for OpName. Each op's math, rules and words live in its file.
// Add an op anywhere in the literal: the tape's codes are derived from it.

import { abs } from './abs';
import { add } from './add';
import { cos } from './cos';
import { div } from './div';
import { dot } from './dot';
import { eq } from './eq';
import { exp } from './exp';
import { ge } from './ge';
import { gt } from './gt';
import { index } from './indexOp';
import { le } from './le';
import { log } from './log';
import { logsumexp } from './logsumexp';
import { lt } from './lt';
import { matmul } from './matmul';
import { max } from './max';
import { maxReduce } from './maxReduce';
import { mean } from './mean';
import { min } from './min';
import { mul } from './mul';
import { neg } from './neg';
import { pow } from './pow';
import { relu } from './relu';
import { sigmoid } from './sigmoid';
import { sin } from './sin';
import { softmax } from './softmax';
import { sqrt } from './sqrt';
import { stack } from './stack';
import { sub } from './sub';
import { sum } from './sum';
import { tanh } from './tanh';
import { transpose } from './transpose';
import type { OpSpec } from './types';

export const OPS = {
  // binary element-wise
  add, sub, mul, div, pow, max, min,
  // comparisons (0/1, no gradient)
  lt, gt, le, ge, eq,
  // products
  matmul, dot,
  // unary element-wise
  neg, exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu,
  // shape, normalisation, reductions, indexing
  transpose, softmax, logsumexp, sum, mean, maxReduce, index, stack,
} as const satisfies { readonly [name: string]: OpSpec };

export type OpName = keyof typeof OPS;

/** Op names in registry order; an op's tape code is its position here plus Code.FIRST_OP (codes.ts). Any order works. */
export const OP_NAMES = Object.keys(OPS) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(OPS, name);
}

export type { OpAttrs, OpContext, OpSpec, ScalarRule } from './types';
