// Apply (live inputs, spec §3): the values the person set on a drawn graph's
// sliders, written back into the cells that define those leaves. Only the
// number of each `name = number` assignment changes; everything around it
// (spacing, other statements on the line, comments) stays as the person wrote
// it. Pure: the extension turns the edits into one undoable WorkspaceEdit
// (src/commands/applyLiveValues.ts).

import { parse } from '../lang/parser';
import type { Expr } from '../lang/ast';
import type { SourceRange } from './payload';

/** One slider's value to write: the leaf's name, its new value, and where the payload says it was assigned. */
export interface LeafValue {
  name: string;
  value: number;
  /** The leaf node's range (the assignment statement); `cell` names the cell it is in. */
  range: SourceRange;
}

/** A replacement in one cell's source: 0-based line/column, end exclusive (VS Code's Range). */
export interface ValueEdit {
  name: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export interface LeafEditPlan {
  edits: ValueEdit[];
  /** Leaves that cannot be written, with why (shown to the person; their slider value is not applied). */
  skipped: { name: string; reason: string }[];
}

/**
 * Where to write each value in `source` (one cell's text). A leaf is written
 * when the cell has, at the leaf's range, an assignment to its name whose
 * right-hand side is a number literal (`x = -2`, `x = 2.5e-3`); the literal
 * is replaced by the new value. A leaf assigned from an expression
 * (`x = 2 * 3`, `w = randn()`) or whose assignment is no longer where the
 * output says (the cell was edited since it ran) is skipped with a reason:
 * rewriting an expression would lose what the person wrote.
 */
export function planLeafEdits(source: string, leaves: readonly LeafValue[]): LeafEditPlan {
  const { program } = parse(source);
  const edits: ValueEdit[] = [];
  const skipped: LeafEditPlan['skipped'] = [];
  for (const leaf of leaves) {
    const r = leaf.range;
    const stmt = program.statements.find((s) => s.kind === 'assign' && s.span.line === r.startLine && s.span.column === r.startColumn);
    if (!stmt || stmt.kind !== 'assign' || stmt.target.name !== leaf.name) {
      skipped.push({ name: leaf.name, reason: `the assignment of ${leaf.name} is not where the output says (the cell changed since it ran)` });
      continue;
    }
    if (!isNumberLiteral(stmt.value)) {
      skipped.push({ name: leaf.name, reason: `${leaf.name} is computed by an expression, not written as a number` });
      continue;
    }
    if (!Number.isFinite(leaf.value)) {
      skipped.push({ name: leaf.name, reason: `${leaf.value} is not a number the language can write` });
      continue;
    }
    const s = stmt.value.span;
    edits.push({ name: leaf.name, startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn, text: numberLiteral(leaf.value) });
  }
  return { edits, skipped };
}

/** `source` with the edits made (they must not overlap). For tests and the CLI-free path. */
export function applyValueEdits(source: string, edits: readonly ValueEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number) => (lineStarts[line] ?? source.length) + column;
  const sorted = [...edits].sort((a, b) => offset(b.startLine, b.startColumn) - offset(a.startLine, a.startColumn));
  let out = source;
  for (const e of sorted) out = out.slice(0, offset(e.startLine, e.startColumn)) + e.text + out.slice(offset(e.endLine, e.endColumn));
  return out;
}

/** `2`, `-2`, `- 2`, `2.5e-3`: what a leaf's value can be written as in place. */
function isNumberLiteral(e: Expr): boolean {
  return e.kind === 'number' || (e.kind === 'unary' && e.operand.kind === 'number');
}

/**
 * The shortest text the lexer reads back as exactly this number: JavaScript's
 * round-trip formatting (`0.1`, `-2.5`, `1e-7`), with `-0` written `0`.
 */
export function numberLiteral(x: number): string {
  if (Object.is(x, -0)) return '0';
  return String(x);
}
