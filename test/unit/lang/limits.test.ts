// The resource limits (docs/robustness.md, "Limits"): each hostile cell ends
// with its documented E_LIMIT / E_RECURSION diagnostic at the right place,
// within a loose time bound, without a stack overflow or an internal error,
// and leaves a session that still runs the next cell.

import assert from 'node:assert/strict';
import { MAX_CELL_CHARS, MAX_CELL_LINES, MAX_NESTING, Session } from '../../../src/lang';
import { firstError, runOk } from './helpers';

/** Runs `f` and asserts it took at most `ms` of wall time (loose: a shared machine). */
function within<T>(ms: number, what: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  const took = performance.now() - t0;
  assert.ok(took < ms, `${what} took ${Math.round(took)} ms, more than ${ms}`);
  return out;
}

function lines(n: number): string {
  return Array.from({ length: n }, (_, i) => `x${i} = ${i}`).join('\n');
}

describe('lang: resource limits', function () {
  this.timeout(60_000);

  it(`a cell of a million lines: E_LIMIT at line ${MAX_CELL_LINES + 1}, without parsing it`, () => {
    const session = new Session();
    runOk('keep = 1', session);
    const cell = lines(1_000_000); // built outside the timed part: the bound is on reading the cell
    const e = within(2000, 'a million-line cell', () => firstError(cell, session));
    assert.equal(e.where, `E_LIMIT ${MAX_CELL_LINES + 1}:1`);
    assert.match(e.message, /more than 250,000 lines/);
    assert.deepEqual(session.names(), ['keep']);
    // Exactly the limit is still read (blank lines cost nothing to run).
    assert.equal(session.run('\n'.repeat(MAX_CELL_LINES - 1) + 'y = 2').ok, true);
  });

  it(`a cell of more than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters on one line: E_LIMIT at the first character past it`, () => {
    const e = within(2000, 'an 11 MB line', () => firstError('x = ' + '1+'.repeat(5_500_000) + '1'));
    assert.equal(e.where, `E_LIMIT 1:${MAX_CELL_CHARS + 1}`);
  });

  it('a 200,000-term sum on one line (left-associative, no nesting limit) runs without overflowing the stack', () => {
    const { result } = within(10_000, 'a 200,000-term sum', () => runOk('x = 1\ny = ' + Array(200_000).fill('x').join(' + ')));
    assert.equal(result.variables.y.value, 200_000);
  });

  for (const [what, open, close] of [
    ['parentheses', '(', ')'],
    ['brackets', '[', ']'],
    ['calls', 'exp(', ')'],
    ['minus signs', '-', ''],
    ['powers', '1^', ''],
  ] as const) {
    it(`100,000 nested ${what}: E_LIMIT at nesting level ${MAX_NESTING + 1}, quickly, no stack overflow`, () => {
      const source = 'y = ' + open.repeat(100_000) + '1' + close.repeat(100_000);
      const e = within(2000, `nested ${what}`, () => firstError(source));
      // At the token that opens level MAX_NESTING + 1 (the '(' of 'exp(', the '^' of '1^').
      assert.equal(e.where, `E_LIMIT 1:${5 + MAX_NESTING * open.length + open.length - 1}`);
      assert.match(e.message, /nested too deeply/);
    });
  }

  it('a gate that calls itself, directly or through another, in one cell or across cells: E_RECURSION at the call', () => {
    assert.equal(within(1000, 'direct recursion', () => firstError('def f(t) = f(t) * 2\ny = f(1)')).where, 'E_RECURSION 1:12');
    const session = new Session();
    runOk('def even(t) = odd(t) + 1', session);
    const e = within(1000, 'mutual recursion', () => firstError('def odd(t) = even(t) * 2\ny = odd(3)', session));
    assert.equal(e.where, 'E_RECURSION 1:14'); // the call of even inside odd, in the cell being run
    assert.match(e.message, /odd → even → odd/);
    assert.equal(session.run('z = 1').ok, true);
  });

  it('a tensor over maxTensorSize (1,000,000 elements): E_LIMIT at the constructor or the operator that would make it', () => {
    const e = firstError('A = ones(1001, 1000)');
    assert.equal(e.where, 'E_LIMIT 1:5');
    assert.match(e.message, /1001000 elements, more than the limit of 1000000/);
    // An outer product of two allowed vectors whose result is not allowed: at the '@'.
    assert.equal(firstError('u = ones(2000, 1)\nv = ones(1, 2000)\nP = u @ v').where, 'E_LIMIT 3:7');
    // A 1000×1000 product is allowed, and takes about a second.
    within(10_000, 'a 1000×1000 product', () => runOk('A = ones(1000, 1000)\nB = A @ A'));
  });

  it('more tensor elements in the kernel than maxTotalElements: E_LIMIT at the operation that crosses it, until a restart', () => {
    const session = new Session({ maxTotalElements: 1000 });
    runOk('A = ones(10, 10)', session); // 200: the constant and the named copy
    const e = firstError('B = A * 2\nC = A * 3\nD = ' + Array.from({ length: 10 }, () => 'A').join(' + '), session);
    assert.equal(e.where, 'E_LIMIT 3:31'); // 200 (A) + 100 (B) + 100 (C) + 100 per '+': the 7th '+' crosses 1000
    assert.match(e.message, /more than 1,000 tensor elements in all/);
    assert.deepEqual(session.names(), ['A'], 'the failed cell bound nothing');
    session.reset();
    runOk('A = ones(10, 10)\nB = A * 2', session);
  });

  it('a graph over maxNodes: E_LIMIT at the operation that crosses it, and the namespace is kept', () => {
    const session = new Session({ maxNodes: 50 });
    runOk('x = 1', session);
    const e = firstError('y = ' + Array(60).fill('x').join(' + '), session);
    assert.match(e.where, /^E_LIMIT 1:\d+$/);
    assert.match(e.message, /limit of 50 nodes/);
    assert.deepEqual(session.names(), ['x']);
  });
});
