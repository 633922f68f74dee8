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
  names: string[] = [];
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

/** Reads straight statements of one source; `read` is called at each statement's start. */
export class StraightReader {
  private i = 0;
  private ok = true;
  private depth = 0;
  private into!: StraightStatement;
  private readonly number: NumberRead = { end: 0, value: 0, bad: false };

  constructor(private readonly source: string) {}

  /**
   * The straight statement at `at`, into `into`, with `into.next` past its end;
   * false (and nothing to go on from) if the statement is anything else.
   */
  read(at: LexPosition, into: StraightStatement): boolean {
    const source = this.source;
    let i = this.skip(at.i);
    if (!isNameStart(source.charCodeAt(i))) return false;
    const targetStart = i;
    while (isNameChar(source.charCodeAt(++i)));
    const target = source.slice(targetStart, i);
    if (target === 'def') return false;
    i = this.skip(i);
    if (source.charCodeAt(i) !== 61 || source.charCodeAt(i + 1) === 61) return false; // '=', not '=='
    into.target = target;
    into.targetStart = targetStart;
    into.line = at.line;
    into.lineStart = at.lineStart;
    into.count = 0;
    this.into = into;
    this.i = i + 1;
    this.ok = true;
    this.depth = 0;
    this.additive();
    if (!this.ok) return false;
    return this.terminate(this.skip(this.i), at, into);
  }

  /** The statement ends here: at the end, a ';', a comment, or a new line (consumed, as the parser would). */
  private terminate(i: number, at: LexPosition, into: StraightStatement): boolean {
    const source = this.source;
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

  private skip(i: number): number {
    const source = this.source;
    while (isSpace(source.charCodeAt(i))) i++;
    return i;
  }

  /** Failing: nothing is consumed (read() returns false), the parser reads the statement. */
  private decline(): void {
    this.ok = false;
  }

  private additive(): void {
    this.term();
    for (;;) {
      if (!this.ok) return;
      const i = this.skip(this.i);
      const c = this.source.charCodeAt(i);
      if (c !== 43 && c !== 45) { this.i = i; return; } // '+' '-'
      this.i = i + 1;
      this.term();
      this.into.push(c === 43 ? S_ADD : S_SUB, i, i + 1);
    }
  }

  private term(): void {
    this.unary();
    for (;;) {
      if (!this.ok) return;
      const i = this.skip(this.i);
      const c = this.source.charCodeAt(i);
      if (c !== 42 && c !== 47) { this.i = i; return; } // '*' '/'
      if (c === 42 && this.source.charCodeAt(i + 1) === 42) return this.decline(); // '**' is a power
      this.i = i + 1;
      this.unary();
      this.into.push(c === 42 ? S_MUL : S_DIV, i, i + 1);
    }
  }

  /** '-2' is the number -2 (its span from the sign); '-x' negates x. '-(…)' and '- -x' go to the parser. */
  private unary(): void {
    const source = this.source;
    const i = this.skip(this.i);
    if (source.charCodeAt(i) !== 45) { this.i = i; this.atom(); return; }
    const j = this.skip(i + 1);
    const c = source.charCodeAt(j);
    if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(j + 1)))) {
      this.i = j;
      const k = this.literal();
      if (k >= 0) {
        this.into.from[k] = i;
        this.into.numbers[k] = -this.into.numbers[k];
      }
      return;
    }
    if (!isNameStart(c)) return this.decline();
    this.i = j;
    this.atom();
    if (this.ok) this.into.push(S_NEG, i, i + 1);
  }

  private atom(): void {
    const source = this.source;
    const i = this.i;
    const c = source.charCodeAt(i);
    if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)))) { this.literal(); return; }
    if (isNameStart(c)) {
      let j = i + 1;
      while (isNameChar(source.charCodeAt(j))) j++;
      const name = source.slice(i, j);
      const after = source.charCodeAt(this.skip(j));
      if (name === 'def' || after === 40 || after === 91) return this.decline(); // a keyword, a call, an index
      this.i = j;
      const k = this.into.push(S_NAME, i, j);
      this.into.names[k] = name;
      this.into.end = j;
      return;
    }
    if (c === 40) { // '('
      if (++this.depth > MAX_BRACKETS) return this.decline();
      this.i = i + 1;
      this.additive();
      if (!this.ok) return;
      const close = this.skip(this.i);
      if (source.charCodeAt(close) !== 41) return this.decline();
      this.depth--;
      this.i = close + 1;
      this.into.end = close + 1;
      return;
    }
    this.decline();
  }

  /** A number literal at this.i; its step's index, or -1 when it is malformed (declined). */
  private literal(): number {
    const read = this.number;
    const start = this.i;
    scanNumber(this.source, start, read);
    if (read.bad) { this.decline(); return -1; }
    const k = this.into.push(S_NUMBER, start, read.end);
    this.into.numbers[k] = read.value;
    this.into.end = read.end;
    this.i = read.end;
    return k;
  }
}
