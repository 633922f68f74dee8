import assert from 'node:assert/strict';
import { MAX_NESTING, parse } from '../../../src/lang';
import type { Binary, Expr, Unary } from '../../../src/lang';

function exprOf(source: string): Expr {
  const { program, diagnostics } = parse(source);
  assert.deepEqual(diagnostics, []);
  const s = program.statements[0];
  assert.equal(s.kind, 'expr');
  return s.kind === 'expr' ? s.expr : (undefined as never);
}

/** Fully parenthesized text of an expression, to check the tree's shape. */
function paren(e: Expr): string {
  switch (e.kind) {
    case 'number': return e.text;
    case 'string': return e.text;
    case 'name': return e.name;
    case 'unary': return `(-${paren(e.operand)})`;
    case 'binary': return `(${paren(e.left)} ${e.op} ${paren(e.right)})`;
    case 'call': return `${e.callee.name}(${e.args.map(paren).join(', ')})`;
    case 'index': return `${paren(e.target)}[${e.indices.map(paren).join(', ')}]`;
    case 'array': return `[${e.elements.map(paren).join(', ')}]`;
  }
}

describe('lang: parser', () => {
  it('binds power tighter than unary minus: -x^2 is -(x^2)', () => {
    const e = exprOf('-x^2') as Unary;
    assert.equal(e.kind, 'unary');
    assert.equal(paren(e), '(-(x ^ 2))');
  });

  it('makes power right-associative: 2^3^2 is 2^(3^2), and ** is ^', () => {
    assert.equal(paren(exprOf('2^3^2')), '(2 ^ (3 ^ 2))');
    assert.equal(paren(exprOf('2**3')), '(2 ^ 3)');
    assert.equal(paren(exprOf('2^-1')), '(2 ^ (-1))');
  });

  it('orders * / @ above + - and associates them to the left', () => {
    assert.equal(paren(exprOf('a - b - c * d / e @ f')), '((a - b) - (((c * d) / e) @ f))');
    assert.equal(paren(exprOf('-a * b')), '((-a) * b)');
    assert.equal(paren(exprOf('(a + b) * (b + 1)')), '((a + b) * (b + 1))');
  });

  it('parses calls, indexing and nested literals', () => {
    assert.equal(paren(exprOf('max(z, w) + M[i, j] * v[0][1]')), '(max(z, w) + (M[i, j] * v[0][1]))');
    assert.equal(paren(exprOf('[[1, -2], [x * y, exp(x)]]')), '[[1, (-2)], [(x * y), exp(x)]]');
  });

  it('points operator nodes at the operator token', () => {
    const e = exprOf('ab  *  cd') as Binary;
    assert.deepEqual([e.opSpan.column, e.opSpan.endColumn, e.span.column, e.span.endColumn], [4, 5, 0, 9]);
  });

  it('gives a two-character operator on a later line inside brackets its own line and columns', () => {
    const e = exprOf('(a\n  ** b)') as Binary;
    const s = e.opSpan;
    assert.deepEqual([s.start, s.end, s.line, s.column, s.endLine, s.endColumn], [5, 7, 1, 2, 1, 4]);
    assert.deepEqual([e.span.line, e.span.column, e.span.endLine, e.span.endColumn], [0, 1, 1, 6]);
  });

  it('treats command words as keywords only at the start of a statement before a name or number', () => {
    const { program, diagnostics } = parse('backward f\nbackward = 2\nshow(f)\nseed 7\ny = show + 1');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(program.statements.map((s) => s.kind), ['command', 'assign', 'expr', 'command', 'assign']);
  });

  it('reports each of three broken statements and keeps the good ones', () => {
    const { program, diagnostics } = parse('a = 1 +\nb = 2\nc = * 3\nd = 4\ne = (5');
    assert.equal(diagnostics.length, 3);
    assert.deepEqual(diagnostics.map((d) => `${d.range.startLine + 1}:${d.range.startColumn + 1}`), ['1:8', '3:5', '5:7']);
    assert.deepEqual(program.statements.map((s) => (s.kind === 'assign' ? s.target.name : s.kind)), ['b', 'd']);
  });

  it('reports an unclosed bracket at the end of its line when the next line starts a statement', () => {
    const { diagnostics } = parse('v = [1, 2\nw = 3');
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /expected '\]' or ',' to close '\[' at line 1, column 5/);
    assert.deepEqual([diagnostics[0].range.startLine, diagnostics[0].range.startColumn], [0, 9]);
  });

  it('lets brackets span lines', () => {
    const { program, diagnostics } = parse('M = [[1, 2],\n     [3, 4]]\nx = 1');
    assert.deepEqual(diagnostics, []);
    assert.equal(program.statements.length, 2);
  });

  it('refuses nesting deeper than MAX_NESTING with E_LIMIT instead of overflowing', () => {
    const deep = '('.repeat(MAX_NESTING + 5) + '1' + ')'.repeat(MAX_NESTING + 5);
    const { diagnostics } = parse(`x = ${deep}\ny = 2`);
    assert.deepEqual(diagnostics.map((d) => d.code), ['E_LIMIT']);
    const ok = parse('x = ' + '('.repeat(MAX_NESTING - 1) + '1' + ')'.repeat(MAX_NESTING - 1));
    assert.deepEqual(ok.diagnostics, []);
  });

  it('parses long left-associative chains without recursion', () => {
    const { program, diagnostics } = parse('s = ' + Array(50_000).fill('1').join(' + '));
    assert.deepEqual(diagnostics, []);
    assert.equal(program.statements.length, 1);
  });
});
