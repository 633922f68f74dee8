// Errors the engine raises for bad input. They are data for the language layer:
// a stable `code` it can map to a diagnostic, a message written for a person
// (shapes and indices spelled out), and, where one argument is at fault, its
// position so the diagnostic can point at it.

export type EngineErrorCode =
  | 'E_SHAPE' // shapes do not fit the op (names both shapes)
  | 'E_ARITY' // wrong number of inputs for an op
  | 'E_NOT_SCALAR' // a scalar was required (backward target, scalar(id))
  | 'E_LIMIT' // maxNodes / maxTensorSize exceeded
  | 'E_DOMAIN' // an argument outside what the operation accepts (not a numeric edge: those are warnings)
  | 'E_INDEX' // index out of range or not an integer
  | 'E_RAGGED' // nested arrays of unequal lengths
  | 'E_UNKNOWN_OP' // op name not in the registry
  | 'E_NODE'; // a node id that is not on the tape

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  /** Which input (0-based) is at fault, when one is. */
  readonly argIndex?: number;

  constructor(code: EngineErrorCode, message: string, argIndex?: number) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    if (argIndex !== undefined) this.argIndex = argIndex;
  }
}
