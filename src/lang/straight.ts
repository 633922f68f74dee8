// Straight statements: the commonest statement of all, `name = expression`
// on one line, with names, numbers, + - * /, a minus sign and brackets, read
// straight from the source into a short postfix program: no token objects,
// no syntax tree. The evaluator runs the program (CellEvaluator.stepStraight)
// in the order it would walk the tree of the same text, so the same nodes
// come out with the same spans, values, warnings and errors.
//
// A 100,000-line cell is mostly such lines, and reading them this way takes a
// fraction of the general lexer and parser's time and none of their garbage.
// Anything else (a call, an index, a power, a comparison, a string, a line
// break inside brackets, any syntax error) is declined before anything is
// consumed or run, and the general lexer and parser read the statement as
// they always have, so every error is still reported exactly as before.

import { isDigit, isNameChar, isNameStart, scanNumber, type LexPosition, type NumberRead } from './lexer';
import type { Span } from './span';

/** The steps of a straight statement's program. */
export const S_NAME = 1;
export const S_NUMBER = 2;
/** Unary minus of the value on top (a minus sign before a name; before a number it is part of the number). */
export const S_NEG = 3;
export const S_ADD = 4;
export const S_SUB = 5;
export const S_MUL = 6;
export const S_DIV = 7;

/** Deepest brackets read here; deeper is left to the parser, which bounds nesting itself. */
const MAX_BRACKETS = 32;

/**
 * One straight statement, as a postfix program over a value stack: step k is
 * `code[k]` at source offsets [from[k], to[k]) (the name, the literal with its
 * minus sign, or the operator), with its number or name. One object is reused
 * for every statement of a cell: its arrays grow and are never shrunk.
 */
export class StraightStatement {
  target = '';
  targetStart = 0;
  /** End offset of the statement's last token (a closing bracket may end it). */
  end = 0;
  line = 0;
  lineStart = 0;
  count = 0;
  code = new Uint8Array(16);
  from = new Int32Array(16);
  to = new Int32Array(16);
  numbers = new Float64Array(16);
  /** The source the statement was read from (a name step is the text at its range). */
  source = '';
  /** Where the lexer goes on after the statement (its ';' or new line consumed). */
  readonly next: LexPosition = { i: 0, line: 0, lineStart: 0 };

  /** The statement's span, as the parser gives an assignment: from the target to its last token. */
  statementSpan(): Span {
    return this.spanOf(this.targetStart, this.end, {} as Span);
  }

  /** Step k's span, written into `into` (one object reused: the evaluator's notes copy its numbers). */
  stepSpan(k: number, into: Span): Span {
    return this.spanOf(this.from[k], this.to[k], into);
  }

  /** Step k's name (a S_NAME step): sliced from the source only when asked. */
  name(k: number): string {
    return this.source.slice(this.from[k], this.to[k]);
  }

  /** Is step k's name `name`? Compared in the source, with no string made. */
  nameIs(k: number, name: string): boolean {
    return this.to[k] - this.from[k] === name.length && this.source.startsWith(name, this.from[k]);
  }

  private spanOf(start: number, end: number, into: Span): Span {
    into.start = start;
    into.end = end;
    into.line = this.line;
    into.column = start - this.lineStart;
    into.endLine = this.line;
    into.endColumn = end - this.lineStart;
    return into;
  }

  push(code: number, from: number, to: number): number {
    const k = this.count++;
    if (k === this.code.length) this.grow();
    this.code[k] = code;
    this.from[k] = from;
    this.to[k] = to;
    return k;
  }

  private grow(): void {
    const n = 2 * this.code.length;
    const code = new Uint8Array(n); code.set(this.code); this.code = code;
    const from = new Int32Array(n); from.set(this.from); this.from = from;
    const to = new Int32Array(n); to.set(this.to); this.to = to;
    const numbers = new Float64Array(n); numbers.set(this.numbers); this.numbers = numbers;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 0xfeff || c === 0xa0; // as the lexer skips
}

/** Operator stack entries of StraightReader.read: an open bracket, or a binary step's code. */
const OPEN = 0;

/**
 * Reads straight statements of one source; `read` is called at each
 * statement's start. One loop over the characters with the position in a
 * local (operator precedence by a small stack, as in the shunting-yard
 * algorithm), so it is fast from its first lines on: a recursive reader
 * spends the first thousands of a long cell's lines waiting for the compiler.
 */
export class StraightReader {
  /** Pending operators (OPEN or a binary code) and where each is written. */
  private ops = new Uint8Array(64);
  private opAt = new Int32Array(64);
  private readonly number: NumberRead = { end: 0, value: 0, bad: false };

  constructor(private readonly source: string) {}

  /**
   * The straight statement at `at`, into `into`, with `into.next` past its end;
   * false (and nothing to go on from) if the statement is anything else.
   */
  read(at: LexPosition, into: StraightStatement): boolean {
    const source = this.source;
    let i = skip(source, at.i);
    if (!isNameStart(source.charCodeAt(i))) return false;
    const targetStart = i;
    while (isNameChar(source.charCodeAt(++i)));
    const target = source.slice(targetStart, i);
    if (target === 'def') return false;
    i = skip(source, i);
    if (source.charCodeAt(i) !== 61 || source.charCodeAt(i + 1) === 61) return false; // '=', not '=='
    i++;
    into.source = source;
    into.target = target;
    into.targetStart = targetStart;
    into.line = at.line;
    into.lineStart = at.lineStart;
    into.count = 0;
    const ops = this.ops;
    const opAt = this.opAt;
    let top = 0;
    let depth = 0;
    for (;;) {
      // An operand: a number (with its minus sign), a name (with a minus sign: negated), or an open bracket.
      i = skip(source, i);
      let c = source.charCodeAt(i);
      if (c === 40) { // '('
        if (++depth > MAX_BRACKETS || top === ops.length) return false;
        ops[top] = OPEN;
        opAt[top++] = i;
        i++;
        continue;
      }
      let minus = -1;
      if (c === 45) { // '-'
        minus = i;
        i = skip(source, i + 1);
        c = source.charCodeAt(i);
      }
      if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)))) {
        const read = this.number;
        scanNumber(source, i, read);
        if (read.bad) return false;
        const k = into.push(S_NUMBER, minus >= 0 ? minus : i, read.end);
        into.numbers[k] = minus >= 0 ? -read.value : read.value; // '-2' is the number -2, not a negation
        i = into.end = read.end;
      } else if (isNameStart(c)) {
        const start = i;
        while (isNameChar(source.charCodeAt(++i)));
        const after = source.charCodeAt(skip(source, i));
        if (after === 40 || after === 91 || (i - start === 3 && source.startsWith('def', start))) return false; // a call, an index, a keyword
        into.push(S_NAME, start, i);
        into.end = i;
        if (minus >= 0) into.push(S_NEG, minus, minus + 1);
      } else {
        return false; // '-(…)', '- -x', a string, a bracket literal …: the parser's
      }
      // Then an operator, closing brackets, or the end of the expression.
      for (;;) {
        i = skip(source, i);
        c = source.charCodeAt(i);
        if (c !== 41) break; // ')'
        while (top > 0 && ops[top - 1] !== OPEN) { top--; into.push(ops[top], opAt[top], opAt[top] + 1); }
        if (top === 0) return false; // more closing brackets than open ones
        top--;
        depth--;
        i++;
        into.end = i;
      }
      const code = c === 43 ? S_ADD : c === 45 ? S_SUB : c === 42 ? S_MUL : c === 47 ? S_DIV : 0;
      if (code === 0) break;
      if (c === 42 && source.charCodeAt(i + 1) === 42) return false; // '**' is a power
      // Left-associative: what is pending and binds at least as tightly is written first.
      const tight = code >= S_MUL;
      while (top > 0 && ops[top - 1] !== OPEN && (ops[top - 1] >= S_MUL || !tight)) { top--; into.push(ops[top], opAt[top], opAt[top] + 1); }
      if (top === ops.length) return false;
      ops[top] = code;
      opAt[top++] = i;
      i++;
    }
    while (top > 0) {
      top--;
      if (ops[top] === OPEN) return false; // a bracket left open (maybe closed on a later line: the parser's)
      into.push(ops[top], opAt[top], opAt[top] + 1);
    }
    return terminate(source, i, at, into);
  }
}

function skip(source: string, i: number): number {
  while (isSpace(source.charCodeAt(i))) i++;
  return i;
}

/** The statement ends at `i`: at the end, a ';', a comment, or a new line (consumed, as the parser would). */
function terminate(source: string, i: number, at: LexPosition, into: StraightStatement): boolean {
  const n = source.length;
  const next = into.next;
  next.line = at.line;
  next.lineStart = at.lineStart;
  let c = source.charCodeAt(i);
  if (c === 59) { next.i = i + 1; return true; } // ';'
  if (c === 35) { // '#' comment to the end of the line
    while (i < n && (c = source.charCodeAt(i)) !== 10 && c !== 13) i++;
  }
  if (i >= n) { next.i = n; return true; }
  if (c !== 10 && c !== 13) return false;
  i += c === 13 && source.charCodeAt(i + 1) === 10 ? 2 : 1;
  next.i = i;
  next.line = at.line + 1;
  next.lineStart = i;
  return true;
}
