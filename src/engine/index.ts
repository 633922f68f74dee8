// The engine's public API (docs/architecture.md, "Engine"): tensors, the op
// registry, the tape, and the checks. Import from here, not from the files.

export { EngineError, type EngineErrorCode } from './errors';
export { type NestedArray, type Shape, Tensor, sameShape, shapeText, sizeOf } from './tensor';
export { broadcastShapes } from './broadcast';
export { OPS, OP_NAMES, isOpName, type OpAttrs, type OpContext, type OpName, type OpSpec, type ScalarRule } from './ops';
export { type EngineWarning, Graph, type GraphLimits, type NodeId } from './graph';
export type { SweepState } from './sweeps';
export { type GradcheckEntry, gradcheck, jacobian, relativeError } from './gradcheck';
export { DEFAULT_MAX_TENSOR_SIZE, Rng, type RngState, ones, rand, randn, zeros } from './rng';
