// The checks a Graph makes on what its callers pass, before anything touches
// the tape (so a call that fails appends nothing). Each failure is an
// EngineError with a code the language maps to a diagnostic and a message that
// names what is wrong: the op, the node, the shape, the limit.
//
// Apart from graph.ts so that Graph's methods read as what they do, and the
// messages of Graph's own checks are written in one place (an op's shape and
// index errors are in its file in ops/, setLeaf's in replay.ts). None of these
// runs on the scalar fast paths (add, mul …): those test their ids inline and
// fall back to apply(), which checks.

import { EngineError } from './errors';
import { OPS, isOpName, type OpSpec } from './ops';
import { Flag, type NodeId, type Tape } from './tape';
import { type Shape, Tensor, sameShape, shapeText, sizeOf } from './tensor';

/** The registry entry of `op`, if it takes `count` inputs (E_UNKNOWN_OP, E_ARITY). */
export function checkOp(op: string, count: number): OpSpec {
  if (!isOpName(op)) throw new EngineError('E_UNKNOWN_OP', `unknown operation '${String(op)}'`);
  const spec: OpSpec = OPS[op];
  if (spec.variadic === true ? count < spec.arity : count !== spec.arity) {
    const takes = `${spec.variadic === true ? 'at least ' : ''}${spec.arity} argument${spec.arity === 1 ? '' : 's'}`;
    throw new EngineError('E_ARITY', `${op} takes ${takes}, got ${count}`);
  }
  return spec;
}

/** `id` is a node of this tape (E_NODE, naming the argument when `argIndex` is given). */
export function checkNode(t: Tape, id: NodeId, argIndex?: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= t.n) {
    throw new EngineError('E_NODE', `node ${id} is not on this graph (it has ${t.n} nodes)`, argIndex);
  }
}

/** `target` can start a backward: a node of this tape with a scalar value (E_NODE, E_NOT_SCALAR). */
export function checkTarget(t: Tape, target: NodeId): void {
  checkNode(t, target);
  if (t.meta[target] & Flag.TENSOR) {
    throw new EngineError('E_NOT_SCALAR', `backward needs a scalar target, got a tensor of shape ${shapeText(t.value(target).shape)}; reduce it first, e.g. with sum(…) or mean(…)`);
  }
}

/** `id` is a node of this tape with a scalar value (E_NODE, E_NOT_SCALAR). */
export function checkScalar(t: Tape, id: NodeId): void {
  checkNode(t, id);
  if (t.meta[id] & Flag.TENSOR) throw new EngineError('E_NOT_SCALAR', `expected a scalar, got a tensor of shape ${shapeText(t.value(id).shape)}`);
}

/** A forward sweep's direction has the seed's shape (E_SHAPE). */
export function checkDirection(direction: Tensor, seedShape: Shape): void {
  if (!sameShape(direction.shape, seedShape)) {
    throw new EngineError('E_SHAPE', `forward: direction has shape ${shapeText(direction.shape)} but the seed has shape ${shapeText(seedShape)}`);
  }
}

/** A leaf's or constant's value is a number or a Tensor (E_DOMAIN): callers from plain JavaScript can pass anything. */
export function checkValue(value: unknown): void {
  if (typeof value !== 'number' && !(value instanceof Tensor)) throw new EngineError('E_DOMAIN', 'a node value must be a number or a Tensor');
}

/** A tensor of `shape` fits the graph's limit on elements (E_LIMIT); `what` names the op or input that would make it. */
export function checkSize(what: string, shape: Shape, maxTensorSize: number): void {
  const size = sizeOf(shape);
  if (size > maxTensorSize) {
    throw new EngineError('E_LIMIT', `${what}: a result of shape ${shapeText(shape)} would have ${size} elements, more than the limit of ${maxTensorSize}`);
  }
}

/** The tape may take another node (E_LIMIT when it holds maxNodes). */
export function checkRoom(t: Tape, maxNodes: number): void {
  if (t.n >= maxNodes) throw new EngineError('E_LIMIT', `the graph has reached its limit of ${maxNodes} nodes`);
}
