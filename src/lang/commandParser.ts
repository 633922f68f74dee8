// The parsing of a command statement: `seed N`, `backward f` and the other
// one-name commands, and the clauses of `plot`, `descend` and `boundary` (wrt,
// from, to, points, lr, steps, over, labels, grid). The parser (parser.ts) calls parseCommand when a
// statement starts with a command word followed by a name or number.

import type { Clause, ClauseWord, Command, CommandName, Expr } from './ast';
import { CLAUSES } from './ast';
import type { DiagnosticCode } from './diagnostics';
import { describeToken, isNameToken, isNumberToken, type Token, type TokenKind } from './lexer';
import type { Span } from './span';

/** What parseCommand uses of the parser: its tokens, expressions and errors. */
export interface CommandParser {
  /** The current token (new lines inside brackets skipped). */
  cur(): Token;
  advance(): Token;
  at(kind: TokenKind): boolean;
  /** A syntax error: reported, and the statement abandoned. */
  fail(message: string, span: Span, code?: DiagnosticCode): never;
  /** From `start` to the last token consumed. */
  spanFrom(start: Span): Span;
  parseExpr(): Expr;
}

export function parseCommand(p: CommandParser): Command {
  const kw = p.advance();
  const command = kw.text as CommandName;
  const argTok = p.advance();
  if (command === 'seed') {
    if (!isNumberToken(argTok)) return p.fail(`seed needs a whole number, e.g. 'seed 42', but found ${describeToken(argTok)}`, argTok);
    const value = argTok.value ?? NaN;
    if (!Number.isSafeInteger(value) || value < 0) p.fail(`seed needs a whole number ≥ 0, found '${argTok.text}'`, argTok, 'E_ARGUMENT');
    return { kind: 'command', command, arg: argTok, keywordSpan: kw, span: p.spanFrom(kw) };
  }
  if (!isNameToken(argTok)) return p.fail(`${command} needs a variable name, e.g. '${command} f', but found ${describeToken(argTok)}`, argTok);
  const words = CLAUSES[command];
  if (words === undefined) return { kind: 'command', command, arg: argTok, keywordSpan: kw, span: p.spanFrom(kw) };
  const clauses = parseClauses(p, command, words);
  if (command === 'plot' && !clauses.some((c) => c.word === 'wrt')) {
    p.fail(`plot needs the input to sweep: 'plot ${argTok.text} wrt x'`, p.spanFrom(kw));
  }
  if (command === 'boundary' && !clauses.some((c) => c.word === 'over')) {
    p.fail(`boundary needs the data the model reads: 'boundary ${argTok.text} over X'`, p.spanFrom(kw));
  }
  return { kind: 'command', command, arg: argTok, clauses, keywordSpan: kw, span: p.spanFrom(kw) };
}

/** `wrt a, b` (names), `from A`, `to B`, `points N`, `lr A`, `steps N` (one expression each), each at most once. */
function parseClauses(p: CommandParser, command: CommandName, words: readonly ClauseWord[]): Clause[] {
  const clauses: Clause[] = [];
  for (;;) {
    const t = p.cur();
    if (t.kind === 'newline' || t.kind === ';' || t.kind === 'eof') return clauses;
    if (t.kind !== 'name' || !(words as readonly string[]).includes(t.text)) {
      p.fail(`expected one of ${words.map((w) => `'${w}'`).join(', ')} or the end of the ${command} command, but found ${describeToken(t)}`, t);
    }
    const word = t.text as ClauseWord;
    if (clauses.some((c) => c.word === word)) p.fail(`'${word}' appears twice in this ${command} command`, t);
    if (word === 'to' && !clauses.some((c) => c.word === (command === 'plot' ? 'from' : 'lr'))) {
      p.fail(command === 'plot' ? "'to' comes after 'from': plot f wrt x from A to B" : "'to' comes after 'lr': descend L lr A to B", t);
    }
    p.advance();
    const values: Expr[] = [];
    if (word === 'over' || word === 'labels') {
      const n = p.cur();
      if (!isNameToken(n)) return p.fail(`'${word}' needs the name of ${word === 'over' ? 'the data, e.g. over X' : 'the labels, e.g. labels y'}, but found ${describeToken(n)}`, n);
      p.advance();
      values.push(n);
    } else if (word === 'wrt') {
      for (;;) {
        const n = p.cur();
        if (!isNameToken(n)) return p.fail(`'wrt' needs ${command === 'plot' ? 'the name of an input' : 'input names separated by commas'}, but found ${describeToken(n)}`, n);
        p.advance();
        values.push(n);
        if (command === 'plot' || !p.at(',')) break;
        p.advance();
      }
    } else {
      values.push(p.parseExpr());
    }
    clauses.push({ word, wordSpan: t, values });
  }
}
