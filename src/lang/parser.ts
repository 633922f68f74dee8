// Recursive-descent parser for the cell language (grammar: docs/language.md).
// It recovers: a syntax error ends the current statement, is reported, and the
// parser skips to the next ';' or new line and carries on, so one run reports
// every broken statement in a cell. Left-associative chains (a + b + c …) are
// loops, and every other kind of nesting is bounded by MAX_NESTING, so no input
// can overflow the stack here or in the evaluator. Commands and their clauses
// are parsed by commandParser.ts.

import type { ArrayLiteral, Assign, Binary, BinaryOp, Call, ComparisonOp, Def, Expr, Identifier, Program, Statement } from './ast';
import { COMMANDS } from './ast';
import { parseCommand, type CommandParser } from './commandParser';
import { makeDiagnostic, type DiagnosticCode } from './diagnostics';
import { Lexer, describeToken, isNameToken, isNumberToken, type LexPosition, type Token, type TokenKind } from './lexer';
import type { Diagnostic } from './result';
import { describePosition, joinSpans, type Span } from './span';
import { StraightReader, StraightStatement } from './straight';
import { checkCellSize } from './cellSize';

export { MAX_CELL_CHARS, MAX_CELL_LINES } from './cellSize';

/** Deepest nesting of brackets, calls, unary minus and powers in one expression. */
export const MAX_NESTING = 200;

/** Most diagnostics reported for one cell; the rest are counted in one last diagnostic. */
export const MAX_DIAGNOSTICS = 100;

/** Words that cannot name a variable or gate. Commands are keywords only at the start of a statement. */
export const KEYWORDS: readonly string[] = ['def'];

class SyntaxAbort extends Error {}

function isComparison(k: TokenKind): k is ComparisonOp {
  return k === '<' || k === '>' || k === '<=' || k === '>=' || k === '==';
}

// The two commonest nodes compute their whole span on demand: a 100,000-line
// cell has hundreds of thousands of them, and fewer live objects means less GC.
// The operator token is not kept: its position is copied into plain fields.
class BinaryNode implements Binary, Span {
  readonly kind = 'binary';
  // The node is also its operator's span (these fields), so the evaluator can
  // record where each operation is without allocating a span per operation.
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  constructor(readonly op: BinaryOp, readonly left: Expr, readonly right: Expr, opToken: Span) {
    this.start = opToken.start;
    this.end = opToken.end;
    this.line = opToken.line;
    this.column = opToken.column;
    this.endLine = opToken.endLine;
    this.endColumn = opToken.endColumn;
  }
  get opSpan(): Span { return this; }
  get span(): Span { return joinSpans(this.left.span, this.right.span); }
}

class AssignNode implements Assign {
  readonly kind = 'assign';
  /** `last` is the statement's last token (a closing bracket may end after the value's span). */
  constructor(readonly target: Identifier, readonly value: Expr, private readonly last: Span) {}
  get span(): Span { return joinSpans(this.target.span, this.last); }
}

export function parse(source: string, cell?: string): { program: Program; diagnostics: Diagnostic[] } {
  const tooBig = checkCellSize(source, cell);
  if (tooBig !== undefined) {
    const start: Span = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 };
    return { program: { statements: [], span: start }, diagnostics: [tooBig] };
  }
  return new Parser(source, cell).parseProgram();
}

/**
 * Parse a cell statement by statement, handing each to `each` as soon as it is
 * parsed, as long as no syntax error has been found so far; the parse goes on
 * to the end either way and returns every diagnostic, as parse() does. The
 * statements are not kept, so each one's tree can die as soon as `each` is
 * done with it (what a 100,000-line cell needs to stay lean). With
 * `straight`, a statement that straight.ts can read (`name = expression` with
 * names, numbers, + - * / and brackets on one line) goes to it instead, as a
 * postfix program, without tokens or a tree; it is the same object each time.
 */
export function parseEach(source: string, cell: string | undefined, each: (s: Statement) => void, straight?: (s: StraightStatement) => void): Diagnostic[] {
  const tooBig = checkCellSize(source, cell);
  if (tooBig !== undefined) return [tooBig];
  return new Parser(source, cell).parseProgram(each, straight).diagnostics;
}

class Parser implements CommandParser {
  private readonly lexer: Lexer;
  private readonly diagnostics: Diagnostic[] = [];
  /** Tokens pulled from the lexer and not consumed yet (lookahead); buf[head] is the current one. */
  private buf: Token[] = [];
  private head = 0;
  /** > 0 inside brackets, where new lines do not end the statement. */
  private bracketDepth = 0;
  private nesting = 0;
  private lastSpan: Span;

  constructor(private readonly source: string, private readonly cell?: string) {
    this.lexer = new Lexer(source, cell);
    this.lastSpan = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 }; // set by the first advance()
  }

  /** The raw token k places ahead of the current one (new lines included). */
  private la(k: number): Token {
    while (this.buf.length - this.head <= k) {
      const last = this.buf.length > 0 ? this.buf[this.buf.length - 1] : undefined;
      this.buf.push(last?.kind === 'eof' ? last : this.lexer.next());
    }
    return this.buf[this.head + k];
  }

  /** Consume the raw current token. */
  private shift(): void {
    const t = this.la(0);
    if (t.kind === 'eof') return;
    this.head++;
    if (this.head > 64) { // drop consumed tokens so they can be collected
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
  }

  /** The whole cell; with `each`, statements go to it (while there is no error yet) instead of into the program. */
  parseProgram(each?: (s: Statement) => void, straight?: (s: StraightStatement) => void): { program: Program; diagnostics: Diagnostic[] } {
    const statements: Statement[] = [];
    // The whole program's span starts at its first token (only parse() returns the program; straight readings take no token).
    const first = straight === undefined ? this.la(0) : undefined;
    const reader = straight !== undefined ? new StraightReader(this.source) : undefined;
    const read = new StraightStatement();
    const at: LexPosition = { i: 0, line: 0, lineStart: 0 };
    for (;;) {
      // At a statement's start with no token looked at yet, and while the cell is clean, try the straight reading.
      if (reader !== undefined && this.head === this.buf.length && this.diagnostics.length === 0 && this.lexer.diagnostics.length === 0
        && reader.read(this.lexer.position(at), read)) {
        this.lexer.seek(read.next);
        straight!(read);
        continue;
      }
      const t = this.cur();
      if (t.kind === 'eof') break;
      if (t.kind === 'newline' || t.kind === ';') { this.shift(); continue; }
      try {
        const statement = this.parseStatement();
        if (each === undefined) statements.push(statement);
        const end = this.cur();
        if (end.kind !== 'newline' && end.kind !== ';' && end.kind !== 'eof') {
          this.fail(`expected the end of the statement (';' or a new line) but found ${describeToken(end)}`, end);
        }
        if (each !== undefined && this.diagnostics.length === 0 && this.lexer.diagnostics.length === 0) each(statement);
      } catch (e) {
        if (!(e instanceof SyntaxAbort)) throw e;
        this.synchronize();
      }
    }
    const last = this.la(0);
    // Lexer and parser errors interleave by position, as a reader meets them.
    this.diagnostics.push(...this.lexer.diagnostics);
    this.diagnostics.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
    if (this.diagnostics.length > MAX_DIAGNOSTICS) {
      // Pasting a binary file should not produce a million diagnostics.
      const more = this.diagnostics.length - MAX_DIAGNOSTICS;
      const next = this.diagnostics[MAX_DIAGNOSTICS];
      this.diagnostics.length = MAX_DIAGNOSTICS;
      this.diagnostics.push({ ...next, message: `… and ${more} more syntax error${more === 1 ? '' : 's'} from here on` });
    }
    return { program: { statements, span: first !== undefined ? joinSpans(first, last) : last }, diagnostics: this.diagnostics };
  }

  // ---- tokens -------------------------------------------------------------

  cur(): Token {
    if (this.bracketDepth > 0) {
      let k = 0;
      while (this.la(k).kind === 'newline') k++;
      // 'name =' or 'def' cannot occur inside brackets: the bracket was left
      // open and a new statement starts, so report the missing bracket here.
      const t = this.la(k);
      if (k > 0 && t.kind === 'name' && (t.text === 'def' || this.la(k + 1).kind === '=')) return this.la(0);
      for (; k > 0; k--) this.shift();
    }
    return this.la(0);
  }

  advance(): Token {
    const t = this.cur();
    this.shift();
    this.lastSpan = t;
    return t;
  }

  at(kind: TokenKind): boolean { return this.cur().kind === kind; }

  private expect(kind: TokenKind, what: string, opener?: Token): Token {
    const t = this.cur();
    if (t.kind === kind) return this.advance();
    const close = opener ? ` to close '${opener.text}' at ${describePosition(opener)}` : '';
    return this.fail(`expected ${what}${close} but found ${describeToken(t)}`, t);
  }

  fail(message: string, span: Span, code: DiagnosticCode = 'E_SYNTAX'): never {
    this.diagnostics.push(makeDiagnostic(code, message, span, this.cell));
    throw new SyntaxAbort(message);
  }

  /** Skip to the end of the broken statement. */
  private synchronize(): void {
    this.bracketDepth = 0;
    this.nesting = 0;
    for (;;) {
      const k = this.la(0).kind;
      if (k === 'eof') return;
      this.shift();
      if (k === 'newline' || k === ';') return;
    }
  }

  spanFrom(start: Span): Span { return joinSpans(start, this.lastSpan); }

  private identifier(what: string): Identifier {
    const t = this.cur();
    if (t.kind !== 'name') this.fail(`expected ${what} but found ${describeToken(t)}`, t);
    if (KEYWORDS.includes(t.text)) this.fail(`'${t.text}' is a keyword and cannot be used as ${what}`, t);
    this.advance();
    return t; // a name token is an Identifier
  }

  // ---- statements ---------------------------------------------------------

  private parseStatement(): Statement {
    const t = this.cur();
    if (t.kind === 'name') {
      if (t.text === 'def') return this.parseDef();
      const next = this.la(1);
      if ((COMMANDS as readonly string[]).includes(t.text) && (next.kind === 'name' || next.kind === 'number')) {
        return parseCommand(this);
      }
      if (next.kind === '=') {
        const target = this.identifier('a variable name');
        this.advance(); // '='
        const value = this.parseExpr();
        return new AssignNode(target, value, this.lastSpan);
      }
    }
    const expr = this.parseExpr();
    const eq = this.cur();
    if (eq.kind === '=') this.fail('only a name can be assigned to (write name = expression)', expr.span);
    const span = this.spanFrom(t);
    return { kind: 'expr', expr, span, text: this.source.slice(span.start, span.end) };
  }

  private parseDef(): Def {
    const start = this.advance(); // 'def'
    const name = this.identifier('a gate name after def');
    const open = this.expect('(', `'(' and the gate's parameters after 'def ${name.name}'`);
    this.bracketDepth++;
    const params: Identifier[] = [];
    if (!this.at(')')) {
      for (;;) {
        const p = this.identifier('a parameter name');
        const dup = params.find((q) => q.name === p.name);
        if (dup) this.fail(`parameter '${p.name}' appears twice in gate '${name.name}'`, p.span);
        params.push(p);
        if (!this.at(',')) break;
        this.advance();
      }
    }
    this.expect(')', "')' or ','", open);
    this.bracketDepth--;
    this.expect('=', `'=' and the gate's body after 'def ${name.name}(…)'`);
    const body = this.parseExpr();
    const span = this.spanFrom(start);
    return { kind: 'def', name, params, body, span, text: this.source.slice(span.start, span.end) };
  }

  // ---- expressions, loosest first ----------------------------------------

  /**
   * Comparisons bind loosest (as in Python): a + 1 < b * 2 compares two sums.
   * They do not chain: a < b < c is an error (write (a < b) * (b < c)).
   */
  parseExpr(): Expr {
    const left = this.parseAdditive();
    const t = this.cur();
    if (!isComparison(t.kind)) return left;
    this.advance();
    const right = this.parseAdditive();
    const next = this.cur();
    if (isComparison(next.kind)) this.fail(`comparisons do not chain: write (a ${t.kind} b) * (b ${next.kind} c) for both`, next);
    return new BinaryNode(t.kind, left, right, t);
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const t = this.cur();
      if (t.kind !== '+' && t.kind !== '-') return left;
      this.advance();
      const right = this.parseMultiplicative();
      left = new BinaryNode(t.kind, left, right, t);
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.cur();
      if (t.kind !== '*' && t.kind !== '/' && t.kind !== '@') return left;
      this.advance();
      const right = this.parseUnary();
      left = new BinaryNode(t.kind, left, right, t);
    }
  }

  private enter(span: Span): void {
    if (++this.nesting > MAX_NESTING) {
      this.fail(`expression nested too deeply (more than ${MAX_NESTING} levels of brackets, calls, powers or minus signs)`, span, 'E_LIMIT');
    }
  }

  /** Unary minus binds looser than power: -x^2 is -(x^2). */
  private parseUnary(): Expr {
    const t = this.cur();
    if (t.kind === '-') {
      this.advance();
      this.enter(t);
      const operand = this.parseUnary();
      this.nesting--;
      return { kind: 'unary', op: '-', operand, opSpan: t, span: joinSpans(t, operand.span) };
    }
    if (t.kind === '+') this.fail("unexpected '+' (there is no unary plus)", t);
    return this.parsePower();
  }

  /** Right-associative: 2^3^2 is 2^(3^2); the exponent may have a sign: 2^-1. */
  private parsePower(): Expr {
    const base = this.parsePostfix();
    const t = this.cur();
    if (t.kind !== '^') return base;
    this.advance();
    this.enter(t);
    const exponent = this.parseUnary();
    this.nesting--;
    const op: BinaryOp = '^';
    return new BinaryNode(op, base, exponent, t);
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    while (this.at('[')) {
      const open = this.advance();
      this.enter(open);
      this.bracketDepth++;
      const indices = this.parseList(']', 'an index');
      this.expect(']', "']' or ','", open);
      this.bracketDepth--;
      this.nesting--;
      e = { kind: 'index', target: e, indices, span: this.spanFrom(e.span) };
    }
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.cur();
    // A number token is a NumberLiteral and a name token a NameRef, as they stand.
    if (isNumberToken(t)) {
      this.advance();
      return t;
    }
    if (isNameToken(t)) {
      if (KEYWORDS.includes(t.text)) this.fail(`'${t.text}' is a keyword and can only start a statement`, t);
      this.advance();
      return this.at('(') ? this.parseCall(t) : t;
    }
    switch (t.kind) {
      case 'string':
        this.advance();
        return { kind: 'string', value: t.text.slice(1, -1), text: t.text, span: t.span };
      case '(': {
        this.advance();
        this.enter(t);
        this.bracketDepth++;
        const inner = this.parseExpr();
        this.expect(')', "')'", t);
        this.bracketDepth--;
        this.nesting--;
        // Keep the inner node (no paren node) but widen nothing: ranges point at what computes.
        return inner;
      }
      case '[': return this.parseArray();
      default:
        return this.fail(`expected an expression but found ${describeToken(t)}`, t);
    }
  }

  private parseCall(callee: Identifier): Call {
    const open = this.advance(); // '('
    this.enter(open);
    this.bracketDepth++;
    const args = this.at(')') ? [] : this.parseList(')', 'an argument');
    this.expect(')', "')' or ','", open);
    this.bracketDepth--;
    this.nesting--;
    return { kind: 'call', callee, args, span: this.spanFrom(callee.span) };
  }

  private parseArray(): ArrayLiteral {
    const open = this.advance(); // '['
    this.enter(open);
    this.bracketDepth++;
    if (this.at(']')) this.fail('empty brackets: a vector needs at least one element (use zeros(n) for a vector of zeros)', joinSpans(open, this.cur()));
    const elements = this.parseList(']', 'an element');
    this.expect(']', "']' or ','", open);
    this.bracketDepth--;
    this.nesting--;
    return { kind: 'array', elements, span: this.spanFrom(open) };
  }

  private parseList(close: TokenKind, what: string): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      if (this.at(close)) this.fail(`expected ${what} before '${close}'`, this.cur());
      items.push(this.parseExpr());
      if (!this.at(',')) return items;
      this.advance();
    }
  }
}
