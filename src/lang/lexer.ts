// The lexer: one pass over the source by char code, tracking line and column as
// it goes (no slicing per line, no regular expressions), so it is linear in the
// length of the cell. Bad characters become E_SYNTAX diagnostics and the lexer
// carries on, so the parser can report every error in a cell.

import type { Diagnostic } from './result';
import { makeDiagnostic } from './diagnostics';
import type { NameRef, NumberLiteral } from './ast';
import type { Span } from './span';

export type TokenKind =
  | 'number' | 'name' | 'string' | 'newline' | 'eof'
  | '+' | '-' | '*' | '/' | '@' | '^' | '(' | ')' | '[' | ']' | ',' | '=' | ';'
  | '<' | '>' | '<=' | '>=' | '==';

/**
 * A token is its own span, and a name or number token doubles as the syntax
 * tree's leaf (NameRef, Identifier, NumberLiteral have exactly these fields):
 * a 100,000-line cell has about a million tokens, and the number of objects
 * kept alive is most of the parser's time (garbage collection).
 */
export interface Token extends Span {
  kind: TokenKind;
  /** The source text, e.g. '2.5', 'exp', '**' (kind '^'), '"points.csv"' (quotes included). Empty for 'eof'. */
  text: string;
  /** For 'number': the parsed value (NaN if malformed); 0 for other kinds. */
  value: number;
  /** The same as text (so a name token is a NameRef / Identifier). */
  name: string;
  /** The token itself (so a token is a node with a span). */
  span: Span;
}

/**
 * A token: one hidden class, its span's six numbers as plain fields (the
 * evaluator copies a node's span from its token for every literal, and plain
 * fields read faster than getters), `name` and `span` as getters.
 */
class Tok implements Token {
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  constructor(
    readonly kind: TokenKind,
    readonly text: string,
    readonly value: number,
    readonly start: number,
    readonly end: number,
    readonly line: number,
    lineStart: number,
  ) {
    this.column = start - lineStart;
    // A new line token ends at column 0 of the next line.
    const newline = kind === 'newline';
    this.endLine = newline ? line + 1 : line;
    this.endColumn = newline ? 0 : end - lineStart;
  }
  get name(): string { return this.text; }
  get span(): Span { return this; }
}

/** Single-character tokens by char code (an array: faster than an object lookup). */
const SINGLE: (TokenKind | undefined)[] = [];
for (const k of ['+', '-', '/', '@', '^', '(', ')', '[', ']', ',', '=', ';'] as const) SINGLE[k.charCodeAt(0)] = k;

/** 10^0 … 10^15, all exact doubles. */
const POW10: number[] = [];
for (let k = 0, p = 1; k <= 15; k++, p *= 10) POW10.push(p);

export function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
export function isNameStart(c: number): boolean { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; }
export function isNameChar(c: number): boolean { return isNameStart(c) || isDigit(c); }

/** Every token of a source, for tests and tools; the parser pulls tokens one by one instead. */
export function tokenize(source: string, cell?: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const lexer = new Lexer(source, cell);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.kind === 'eof') return { tokens, diagnostics: lexer.diagnostics };
  }
}

/** A number token is a NumberLiteral node as it stands (its span is itself): no copy per literal. */
export function isNumberToken(t: Token): t is Token & NumberLiteral {
  return t.kind === 'number';
}

/** A name token is a NameRef node as it stands. */
export function isNameToken(t: Token): t is Token & NameRef {
  return t.kind === 'name';
}

/**
 * A pull lexer: the parser asks for the next token. Tokens the syntax tree does
 * not keep (operators, new lines) die young, which matters for a 100,000-line
 * cell: keeping a million tokens alive costs more in GC than lexing them.
 */
export class Lexer {
  readonly diagnostics: Diagnostic[] = [];
  private i = 0;
  private line = 0;
  private lineStart = 0;
  /** scanNumber's answer, reused for every number. */
  private readonly read: NumberRead = { end: 0, value: 0, bad: false };

  constructor(private readonly source: string, private readonly cell?: string) {}

  private token(kind: TokenKind, text: string, value: number, start: number, end: number): Token {
    return new Tok(kind, text, value, start, end, this.line, this.lineStart);
  }

  private span(start: number, end: number): Span {
    return { start, end, line: this.line, column: start - this.lineStart, endLine: this.line, endColumn: end - this.lineStart };
  }

  next(): Token {
    const source = this.source;
    const n = source.length;
    let i = this.i;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 10 || c === 13) {
        const start = i;
        i += c === 13 && source.charCodeAt(i + 1) === 10 ? 2 : 1;
        const t = this.token('newline', '\n', 0, start, i);
        this.line++;
        this.lineStart = i;
        this.i = i;
        return t;
      }
      if (c === 32 || c === 9 || c === 12 || c === 0xfeff || c === 0xa0) { i++; continue; }
      if (c === 35) { // '#' comment to the end of the line
        while (i < n && source.charCodeAt(i) !== 10 && source.charCodeAt(i) !== 13) i++;
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)))) return this.number(i);
      if (isNameStart(c)) {
        const start = i;
        i++;
        while (i < n && isNameChar(source.charCodeAt(i))) i++;
        this.i = i;
        return this.token('name', source.slice(start, i), 0, start, i);
      }
      if (c === 34 || c === 39) return this.string(i, c);
      if (c === 42) { // '*' or '**'
        const double = source.charCodeAt(i + 1) === 42;
        this.i = i + (double ? 2 : 1);
        return double ? this.token('^', '**', 0, i, i + 2) : this.token('*', '*', 0, i, i + 1);
      }
      if (c === 60 || c === 62 || (c === 61 && source.charCodeAt(i + 1) === 61)) { // '<' '>' '<=' '>=' '=='
        const withEq = source.charCodeAt(i + 1) === 61;
        const kind: TokenKind = c === 61 ? '==' : c === 60 ? (withEq ? '<=' : '<') : (withEq ? '>=' : '>');
        this.i = i + kind.length;
        return this.token(kind, kind, 0, i, i + kind.length);
      }
      const kind = c < 128 ? SINGLE[c] : undefined;
      if (kind !== undefined) {
        this.i = i + 1;
        return this.token(kind, kind, 0, i, i + 1);
      }
      // Anything else: report the character and skip it.
      const start = i;
      const cp = source.codePointAt(i) ?? c;
      i += cp > 0xffff ? 2 : 1;
      const shown = String.fromCodePoint(cp);
      const hint = shown === '×' || shown === '·' ? " (write '*')" : shown === '÷' ? " (write '/')" : shown === '−' ? " (write '-')" : '';
      this.diagnostics.push(makeDiagnostic('E_SYNTAX', `unexpected character '${shown}'${hint}`, this.span(start, i), this.cell));
    }
    this.i = i;
    return this.token('eof', '', 0, n, n);
  }

  /**
   * A string literal, in double or single quotes, on one line, no escapes
   * (it names a file or a column for csv(…)). Unclosed: an E_SYNTAX error, and
   * the token runs to the end of the line so the parser carries on.
   */
  private string(start: number, quote: number): Token {
    const source = this.source;
    let i = start + 1;
    while (i < source.length) {
      const c = source.charCodeAt(i);
      if (c === quote || c === 10 || c === 13) break;
      i++;
    }
    if (source.charCodeAt(i) === quote) {
      this.i = i + 1;
      return this.token('string', source.slice(start, i + 1), 0, start, i + 1);
    }
    this.i = i;
    const q = String.fromCharCode(quote);
    this.diagnostics.push(makeDiagnostic('E_SYNTAX', `unclosed string: end it with ${q} on the same line`, this.span(start, i), this.cell));
    return this.token('string', source.slice(start, i) + q, 0, start, i);
  }

  private number(start: number): Token {
    const read = this.read;
    scanNumber(this.source, start, read);
    this.i = read.end;
    const text = this.source.slice(start, read.end);
    if (read.bad) this.diagnostics.push(makeDiagnostic('E_SYNTAX', `malformed number '${text}'`, this.span(start, read.end), this.cell));
    return this.token('number', text, read.value, start, read.end);
  }
  /** Where the next token starts looking, written into `into`: the offset, its line and the offset its line starts at. */
  position(into: LexPosition): LexPosition {
    into.i = this.i;
    into.line = this.line;
    into.lineStart = this.lineStart;
    return into;
  }

  /** Go on from `p` (statements read straight past the lexer: straight.ts). */
  seek(p: LexPosition): void {
    this.i = p.i;
    this.line = p.line;
    this.lineStart = p.lineStart;
  }
}

/** A place in the source as the lexer tracks it. */
export interface LexPosition {
  i: number;
  line: number;
  lineStart: number;
}

/** What scanNumber read: where the number ends, its value (NaN if malformed) and whether it is malformed. */
export interface NumberRead {
  end: number;
  value: number;
  bad: boolean;
}

/**
 * The number literal starting at `start` (a digit, or '.' then a digit), into
 * `into`: no token, no string unless the fast path below does not apply. A
 * malformed literal ('2x', '1.5e3abc', '1.2.3') runs to the end of the
 * letters and dots, as one bad token rather than a confusing cascade.
 */
export function scanNumber(source: string, start: number, into: NumberRead): void {
  let i = start;
  // The digits as an integer m and the count of fraction digits k, for the fast path below.
  let m = 0;
  let c = source.charCodeAt(i);
  while (isDigit(c)) { m = m * 10 + (c - 48); c = source.charCodeAt(++i); }
  const intDigits = i - start;
  let fracDigits = 0;
  if (c === 46) {
    const f = ++i;
    c = source.charCodeAt(i);
    while (isDigit(c)) { m = m * 10 + (c - 48); c = source.charCodeAt(++i); }
    fracDigits = i - f;
  }
  const plainEnd = i;
  let bad = false;
  const e = source.charCodeAt(i);
  if (e === 101 || e === 69) { // exponent
    let j = i + 1;
    const sign = source.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(source.charCodeAt(j))) {
      i = j;
      while (isDigit(source.charCodeAt(i))) i++;
    } else {
      bad = true;
      i = j;
    }
  }
  if (isNameChar(source.charCodeAt(i)) || source.charCodeAt(i) === 46) {
    bad = true;
    while (isNameChar(source.charCodeAt(i)) || source.charCodeAt(i) === 46) i++;
  }
  into.end = i;
  into.bad = bad;
  // Up to 15 digits and no exponent: m and 10^k are exact doubles, so m / 10^k is
  // the correctly rounded value, the same number Number(text) gives, without parsing again.
  into.value = bad ? NaN : i === plainEnd && intDigits + fracDigits <= 15 ? (fracDigits === 0 ? m : m / POW10[fracDigits]) : Number(source.slice(start, i));
}

/** A token as an error message names it: "name 'x'", "the end of the line" … */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'the end of the cell';
    case 'newline': return 'the end of the line';
    case 'number': return `number '${t.text}'`;
    case 'name': return `name '${t.text}'`;
    case 'string': return `string ${t.text}`;
    default: return `'${t.text}'`;
  }
}
