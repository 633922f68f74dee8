// Generators shared by the property tests: source text (random and
// token-shaped) and syntax trees of the cell language. Not a test file.

import fc from 'fast-check';
import type { BinaryOp, Expr, Program, Statement } from '../../../src/lang/ast';

/** Tokens, near-tokens and troublemakers, so random text often parses a little. */
const PIECES = [
  'x', 'y', 'w_0', 'f', 'exp', 'sum', 'max', 'sigmoid', 'zeros', 'grad', 'def', 'backward', 'forward', 'check', 'show', 'seed',
  '0', '1', '2.5', '.5', '1e-3', '3E+2', '1e', '2x', '1.2.3', '-', '+', '*', '**', '^', '/', '@', '(', ')', '[', ']', ',', '=', ';',
  ' ', ' ', '\n', '\r\n', '\t', '# comment', '×', '−', '😀', '\u0000', '\u202e', '<script>', '"]', '-->',
];

/** Random text: arbitrary UTF-16 (lone surrogates included), or a soup of the pieces above. */
export const sourceText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((p) => p.join('')),
);

const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/).filter((n) => n !== 'def');
export const name: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('x', 'y', 'w_0', 'exp', 'show', 'backward', 'seed', 'max'), word);

export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 1_000_000 }).map(String),
  fc.double({ min: 0, max: 1e30, noNaN: true }).map(String),
  fc.constantFrom('0', '2.5', '.5', '1e-3', '3E+2', '007', '1.0'),
);

// Syntax trees without spans: the printer reads only kinds, names, texts and children.
const noSpan = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 };
const num = (text: string): Expr => ({ kind: 'number', value: Number(text), text, span: noSpan });
const ref = (n: string): Expr => ({ kind: 'name', name: n, span: noSpan });

export const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 6, depthIdentifier: 'expr' },
    numberText.map(num),
    name.map(ref),
    tie('e').map((operand): Expr => ({ kind: 'unary', op: '-', operand, opSpan: noSpan, span: noSpan })),
    fc.tuple(fc.constantFrom<BinaryOp>('+', '-', '*', '/', '@', '^', '<', '>', '<=', '>=', '=='), tie('e'), tie('e'))
      .map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, opSpan: noSpan, span: noSpan })),
    fc.tuple(name, fc.array(tie('e'), { maxLength: 3 }))
      .map(([callee, args]): Expr => ({ kind: 'call', callee: { name: callee, span: noSpan }, args, span: noSpan })),
    fc.tuple(tie('e'), fc.array(tie('e'), { minLength: 1, maxLength: 2 }))
      .map(([target, indices]): Expr => ({ kind: 'index', target, indices, span: noSpan })),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((elements): Expr => ({ kind: 'array', elements, span: noSpan })),
  ),
})).e;

export const statement: fc.Arbitrary<Statement> = fc.oneof(
  fc.tuple(name, expr).map(([t, value]): Statement => ({ kind: 'assign', target: { name: t, span: noSpan }, value, span: noSpan })),
  fc.tuple(name, fc.uniqueArray(name, { maxLength: 3 }), expr).map(([n, params, body]): Statement => ({
    kind: 'def', name: { name: n, span: noSpan }, params: params.map((p) => ({ name: p, span: noSpan })), body, span: noSpan, text: '',
  })),
  fc.tuple(fc.constantFrom('backward', 'forward', 'check', 'show') , name).map(([command, arg]): Statement => ({
    kind: 'command', command, arg: { kind: 'name', name: arg, span: noSpan }, keywordSpan: noSpan, span: noSpan,
  })),
  // plot f wrt x [from A to B] [points N]; descend L [wrt a, b] [lr A [to B]] [steps N]
  fc.tuple(name, name, fc.option(fc.tuple(expr, expr)), fc.option(expr)).map(([f, x, range, points]): Statement => ({
    kind: 'command', command: 'plot', arg: { kind: 'name', name: f, span: noSpan }, keywordSpan: noSpan, span: noSpan,
    clauses: [
      { word: 'wrt', wordSpan: noSpan, values: [ref(x)] },
      ...(range ? [{ word: 'from' as const, wordSpan: noSpan, values: [range[0]] }, { word: 'to' as const, wordSpan: noSpan, values: [range[1]] }] : []),
      ...(points ? [{ word: 'points' as const, wordSpan: noSpan, values: [points] }] : []),
    ],
  })),
  fc.tuple(name, fc.option(fc.array(name, { minLength: 1, maxLength: 3 })), fc.option(fc.tuple(expr, fc.option(expr))), fc.option(expr)).map(([L, wrt, lr, steps]): Statement => ({
    kind: 'command', command: 'descend', arg: { kind: 'name', name: L, span: noSpan }, keywordSpan: noSpan, span: noSpan,
    clauses: [
      ...(wrt ? [{ word: 'wrt' as const, wordSpan: noSpan, values: wrt.map(ref) }] : []),
      ...(lr ? [{ word: 'lr' as const, wordSpan: noSpan, values: [lr[0]] }] : []),
      ...(lr?.[1] ? [{ word: 'to' as const, wordSpan: noSpan, values: [lr[1]] }] : []),
      ...(steps ? [{ word: 'steps' as const, wordSpan: noSpan, values: [steps] }] : []),
    ],
  })),
  fc.nat({ max: 1_000_000 }).map((n): Statement => ({
    kind: 'command', command: 'seed', arg: { kind: 'number', value: n, text: String(n), span: noSpan }, keywordSpan: noSpan, span: noSpan,
  })),
  expr.map((e): Statement => ({ kind: 'expr', expr: e, span: noSpan, text: '' })),
);

export const program: fc.Arbitrary<Program> = fc.array(statement, { maxLength: 5 }).map((statements) => ({ statements, span: noSpan }));

/** A tree as plain data without spans or source text, for deep equality. Numbers by their text (NaN-safe). */
export function treeOf(p: Program): unknown {
  const ex = (e: Expr): unknown => {
    switch (e.kind) {
      case 'number': return ['num', e.text];
      case 'name': return ['name', e.name];
      case 'unary': return ['neg', ex(e.operand)];
      case 'binary': return [e.op, ex(e.left), ex(e.right)];
      case 'call': return ['call', e.callee.name, e.args.map(ex)];
      case 'index': return ['index', ex(e.target), e.indices.map(ex)];
      case 'array': return ['array', e.elements.map(ex)];
    }
  };
  return p.statements.map((s) => {
    switch (s.kind) {
      case 'assign': return ['assign', s.target.name, ex(s.value)];
      case 'def': return ['def', s.name.name, s.params.map((q) => q.name), ex(s.body)];
      case 'command': return ['command', s.command, s.arg.kind === 'name' ? s.arg.name : s.arg.text, (s.clauses ?? []).map((c) => [c.word, c.values.map(ex)])];
      case 'expr': return ['expr', ex(s.expr)];
    }
  });
}
