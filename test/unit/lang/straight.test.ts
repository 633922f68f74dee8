// Straight statements (src/lang/straight.ts): `name = expression` lines read
// without tokens or a tree must give exactly what the general parser and
// evaluator give for the same text: the same nodes (the graph payload, spans
// included), values, gradients, messages, warnings and errors, cell by cell.
// The reference is a Session with the straight reading turned off.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Session } from '../../../src/lang';
import { parseEach } from '../../../src/lang/parser';
import type { StraightStatement } from '../../../src/lang/straight';
import { check } from '../properties/config';

/** Everything a cell's result says, as JSON (the variables' getter included). */
function resultJson(session: Session, source: string, cellId: string): string {
  const r = session.run(source, { cellId });
  return JSON.stringify({ ...r, variables: r.variables, nodes: session.nodeCount() });
}

/** Runs the cells in a straight session and a reference session; asserts every result is the same. */
function assertSame(cells: string[], limits: { maxNodes?: number } = {}): void {
  const straight = new Session(limits);
  const reference = new Session(limits, { straight: false });
  cells.forEach((cell, i) => {
    assert.equal(resultJson(straight, cell, `cell${i}`), resultJson(reference, cell, `cell${i}`), `cell ${i}:\n${cell}`);
  });
}

/** Which statements of a cell were read straight (their targets), and how many went to the parser. */
function readings(source: string): { straight: string[]; general: number } {
  const straight: string[] = [];
  let general = 0;
  parseEach(source, undefined, () => { general++; }, (s: StraightStatement) => { straight.push(s.target); });
  return { straight, general };
}

const names = ['a', 'b', 'x', 'y1', 'z_2', 'w', 'backward', 'exp'];
const name = fc.constantFrom(...names);
const number = fc.constantFrom('0', '1', '2.5', '0.5', '1e-3', '3E+2', '.5', '7.', '1e400', '123456789012345678', '2x', '1.2.3');
const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0');
const straightOp = fc.constantFrom('+', '-', '*', '/');
const otherOp = fc.constantFrom('**', '^', '@', '<', '==');

/** Expressions mostly inside the straight subset (long chains of + - * / mixed), with the near misses that must go to the parser. */
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: name },
    { weight: 3, arbitrary: number },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('-', '- '), fc.oneof(name, number)).map(([m, x]) => `${m}${x}`) },
    { weight: 6, arbitrary: fc.tuple(tie('e'), space, straightOp, space, tie('e')).map(([l, s1, op, s2, r]) => `${l}${s1}${op}${s2}${r}`) },
    { weight: 2, arbitrary: tie('e').map((x) => `(${x})`) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), otherOp, tie('e')).map(([l, op, r]) => `${l} ${op} ${r}`) },
    { weight: 1, arbitrary: tie('e').map((x) => `-(${x})`) },
    { weight: 1, arbitrary: tie('e').map((x) => `exp(${x})`) },
    { weight: 1, arbitrary: fc.constantFrom('x[0]', '(a\n+ b)', '"s"', 'def', 'c', '(', '-', 'a b', ')', '- -a') },
  ),
})).e as fc.Arbitrary<string>;

const statement = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(name, space, expr, fc.constantFrom('', ' # note', ';')).map(([n, s, e, end]) => `${n}${s}=${s}${e}${end}` ) },
  { weight: 1, arbitrary: fc.tuple(name, expr).map(([n, e]) => `${n} == ${e}`) },
  { weight: 1, arbitrary: name.map((n) => `backward ${n}`) },
  { weight: 1, arbitrary: expr },
  { weight: 1, arbitrary: fc.constantFrom('def f(t) = t * 2', 'seed 3', '', '# a comment', 'def = 2', 'x = f(a)') },
);
const cell = fc.tuple(fc.array(statement, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r', '; ')).map(([lines, sep]) => lines.join(sep));

describe('lang: straight statements', () => {
  it('read straight: plain assignments, after a `;`, with comments and any line ending; not the first token pre-read', () => {
    assert.deepEqual(readings('a = 1\nb = a * 2 + 3 # note\r\nc = -(a)\nd = (a + -2.5) / b; e = -a\rf = a ** 2').straight, ['a', 'b', 'd', 'e']);
  });

  it('everything else goes to the parser, untouched: calls, indexes, powers, comparisons, strings, `def`, breaks inside brackets', () => {
    const source = ['x = exp(1)', 'x = v[0]', 'x = 2 ^ 3', 'x = 2 ** 3', 'x = 1 < 2', 'x = csv("a.csv")', 'def f(t) = t', 'x = (1\n+ 2)', 'backward x', 'x == 1', 'x = - -1', 'x = 2x'].join('\n');
    assert.deepEqual(readings(source).straight, []);
  });

  it('after a syntax error nothing more is read straight (the cell will not run)', () => {
    const r = readings('a = 1\nb = (\nc = 2');
    assert.deepEqual(r.straight, ['a']);
  });

  it('a 100,000-line chain is read straight, every line', () => {
    const lines = ['x0 = 0.5'];
    for (let i = 1; i < 100_000; i++) lines.push(`x${i} = x${i - 1} * 1.0001 + 0.5`);
    const r = readings(lines.join('\n') + '\nbackward x99999');
    assert.equal(r.straight.length, 100_000);
    assert.equal(r.general, 1);
  });

  it('the same results as the general reading: the lecture, errors, warnings, a rolled-back cell', () => {
    assertSame(['x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f', 'g = f / (x - x)\nbackward g', 'h = nope * 2', 'k = 1 +', 'm = -x * 2 - -3',
      'n = x * y / z - x / y * z + x - y + z\no = (x + y) * (z - x) / -y - (2)\nbackward o', 'p = ((x))) + 1', 'p = x * (y']);
  });

  it('the same error where the engine stops a statement midway (the node limit), at the same step', () => {
    for (let maxNodes = 2; maxNodes <= 9; maxNodes++) assertSame(['a = 1\nb = a * 2 + 3 * -a', 'c = b / 4'], { maxNodes });
  });

  it('the same results as the general reading, for random cells in and near the straight subset', () => {
    // The names are bound first (else most cells stop at an unknown name), then the cells may rebind them.
    const preamble = 'a = 1.5; b = -2; x = 3; y1 = 0.25; z_2 = 4; w = 5';
    check(fc.property(fc.array(cell, { minLength: 1, maxLength: 3 }), (cells) => assertSame([preamble, ...cells])), 300);
  });
});
