// Op codes, derived from the registry: an op's tape code is its position in
// OPS (ops/index.ts) plus Code.FIRST_OP. Nothing else in the engine names a
// code, so an op can be added anywhere in the registry.

import { OPS, OP_NAMES, type OpName, type OpSpec, type ScalarRule } from './ops';
import { Code } from './tape';

if (Code.FIRST_OP + OP_NAMES.length > Code.MASK + 1) throw new Error('engine: too many ops for the op code byte of the tape');

/** The tape code of each op. */
export const CODE = Object.fromEntries(OP_NAMES.map((name, i) => [name, Code.FIRST_OP + i])) as Record<OpName, number>;

/** Registry entries by tape code (undefined for leaves and constants). */
export const SPEC_BY_CODE: readonly (OpSpec | undefined)[] = [undefined, undefined, ...OP_NAMES.map((name): OpSpec => OPS[name])];

/** Element-wise scalar rules by tape code. */
export const RULE_BY_CODE: readonly (ScalarRule | undefined)[] = SPEC_BY_CODE.map((spec) => spec?.scalar);

/** The op name of an op code. */
export function opName(code: number): OpName {
  return OP_NAMES[code - Code.FIRST_OP];
}
