// The language's public API: parse a cell, run cells in a Session, and the
// tables (built-ins, diagnostic codes) that hovers, completion and docs read.

export { parse, MAX_NESTING, MAX_CELL_LINES, MAX_CELL_CHARS, KEYWORDS } from './parser';
export { printProgram, printStatement, printExpr } from './print';
export { tokenize, type Token, type TokenKind } from './lexer';
export { dumpProgram, COMMANDS } from './ast';
export type * from './ast';
export { Session } from './session';
export { DEFAULT_LIMITS } from './state';
export { BUILTINS, builtin, builtinDerivatives, isBuiltin, type BuiltinSpec, type BuiltinName } from './builtins';
export { DIAGNOSTIC_CODES, formatDiagnostic, type DiagnosticCode } from './diagnostics';
export type { Span } from './span';
export type * from './result';
