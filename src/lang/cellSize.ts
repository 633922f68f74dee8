// The largest cell bpnb reads, checked before any parsing: a scan for the
// first line or character past the limit, which reads no further.

import { makeDiagnostic } from './diagnostics';
import type { Diagnostic } from './result';
import type { Span } from './span';

/**
 * The largest cell the parser reads: more lines or characters than this is one
 * E_LIMIT diagnostic at the first line (or character) past the limit, found by
 * a scan that reads no further, instead of minutes of work and gigabytes of
 * syntax tree (a million-line cell would need about 1.3 GB and 25 s to run).
 * A 100,000-line cell (docs/language.md's performance contract) is well inside.
 */
export const MAX_CELL_LINES = 250_000;
export const MAX_CELL_CHARS = 10_000_000;

/** E_LIMIT at the first line or character past MAX_CELL_LINES / MAX_CELL_CHARS, else undefined. */
export function checkCellSize(source: string, cell?: string): Diagnostic | undefined {
  const n = Math.min(source.length, MAX_CELL_CHARS);
  // Lines end at \n, \r\n or a lone \r (as in the lexer). Without a \r, indexOf finds the ends far faster than a loop.
  const plain = !source.includes('\r');
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    if (plain) {
      i = source.indexOf('\n', i);
      if (i < 0 || i >= n) break;
    } else {
      const c = source.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 13 && source.charCodeAt(i + 1) === 10) i++; // CRLF is one line end
    }
    line++;
    lineStart = i + 1;
    if (line >= MAX_CELL_LINES) {
      const at: Span = { start: lineStart, end: lineStart, line, column: 0, endLine: line, endColumn: 0 };
      return makeDiagnostic('E_LIMIT', `this cell has more than ${MAX_CELL_LINES.toLocaleString('en-US')} lines; bpnb reads at most that many per cell (split it into several cells)`, at, cell);
    }
  }
  if (source.length <= MAX_CELL_CHARS) return undefined;
  const column = MAX_CELL_CHARS - lineStart;
  const at: Span = { start: MAX_CELL_CHARS, end: MAX_CELL_CHARS, line, column, endLine: line, endColumn: column };
  return makeDiagnostic('E_LIMIT', `this cell has more than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters; bpnb reads at most that many per cell (split it into several cells)`, at, cell);
}
