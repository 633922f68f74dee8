// Source spans. Every token and AST node carries one. Positions are 0-based and
// columns count UTF-16 code units (as VS Code does); user-facing text adds 1.

import type { SourceRange } from '../diagram/payload';

/** A half-open stretch of one cell's source: [start, end) offsets plus line/column of both ends. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: a.start, end: b.end, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

/** The empty span just after `s` (where something missing was expected). */
export function spanAfter(s: Span): Span {
  return { start: s.end, end: s.end, line: s.endLine, column: s.endColumn, endLine: s.endLine, endColumn: s.endColumn };
}

export function toSourceRange(s: Span, cell?: string): SourceRange {
  const r: SourceRange = { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn };
  if (cell !== undefined) r.cell = cell;
  return r;
}

/** 'line 3, column 7' (1-based) for messages. */
export function describePosition(s: Span): string {
  return `line ${s.line + 1}, column ${s.column + 1}`;
}
