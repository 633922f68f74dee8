// A cell is a transaction: what it shows afterwards is exactly what a fresh
// session replaying only the cells that succeeded shows. These pin the cases of
// issue 11: tangents put back after jacobian or a failed cell must not reach
// nodes created after the forward that made them; jacobian with respect to a
// later input is zeros; and a failed cell's error says that what it assigned was dropped.

import assert from 'node:assert/strict';
import { Session } from '../../../src/lang';
import { firstError, runOk } from './helpers';

describe('lang: cells as transactions', () => {
  it('jacobian does not give a tangent to a node created after the last forward', () => {
    const { result } = runOk(['x = 2', 'forward x', 'y = x * 3', 'J = jacobian(y, x)']);
    assert.deepEqual(result.variables.J.value, [[3]]);
    assert.equal(result.variables.y.tangent, undefined);
    assert.equal(result.variables.x.tangent, 1);
    // Without the J line, the same.
    const plain = runOk(['x = 2', 'forward x', 'y = x * 3']).result;
    assert.equal(plain.variables.y.tangent, undefined);
  });

  it('a failed cell that ran forward leaves no tangent on a node made after the earlier forward', () => {
    const session = new Session();
    runOk(['x = 2', 'forward x', 'y = x * 3'], session);
    const failed = session.run('forward x\nq = nope');
    assert.equal(failed.ok, false);
    assert.equal(failed.variables.y.tangent, undefined);
    const next = runOk('z = 1', session).result;
    assert.equal(next.variables.y.tangent, undefined);
    assert.equal(next.variables.x.tangent, 1);
  });

  it('a failed cell that ran forward, with no forward before it, leaves no tangent anywhere', () => {
    const session = new Session();
    runOk('x = 2\ny = x * 3', session);
    assert.equal(session.run('forward x\nq = nope').ok, false);
    const next = runOk('z = 1', session).result;
    for (const [name, v] of Object.entries(next.variables)) assert.equal(v.tangent, undefined, name);
  });

  it('a failed cell that ran backward puts the earlier gradients back, not on later nodes', () => {
    const session = new Session();
    runOk(['a = 3', 'f = a * a', 'backward f', 'g = a + 1'], session);
    assert.equal(session.run('backward g\nq = nope').ok, false);
    const next = runOk('z = 1', session).result;
    assert.equal(next.variables.a.grad, 6);
    assert.equal(next.variables.g.grad, undefined);
  });

  it('jacobian of y with respect to an input created after y is zeros of the right shape', () => {
    const { result } = runOk(['v = [1, 2, 3]', 'y = v * v', 'w = [4, 5]', 'J = jacobian(y, w)', 'K = jacobian(y, v)']);
    assert.deepEqual(result.variables.J.value, [[0, 0], [0, 0], [0, 0]]);
    assert.deepEqual(result.variables.K.value, [[2, 0, 0], [0, 4, 0], [0, 0, 6]]);
  });

  it('a failed cell says that nothing it assigned was kept, naming what it assigned', () => {
    const session = new Session();
    const { message, result } = firstError('A = 1\ndef sq(t) = t * t\nB = A / nope', session);
    assert.match(message, /^unknown name 'nope'.*; nothing this cell assigned was kept \(A, sq\)$/);
    assert.deepEqual(Object.keys(result.variables), []);
    assert.match(session.run('C = A').diagnostics[0].message, /unknown name 'A'/);
  });

  it('a failed cell that assigned nothing says nothing about it', () => {
    const { message } = firstError('backward nope');
    assert.doesNotMatch(message, /nothing this cell assigned/);
  });

  it('a syntax error anywhere in a cell leaves the session as it was, though the statements before it were parsed first', () => {
    const session = new Session();
    runOk(['seed 3', 'a = 2', 'f = a * a', 'forward a', 'backward f'], session);
    const before = session.run('show f').variables;
    const r = session.run('a = 5\nbackward a\nforward f\nseed 9\nW = randn(3)\nq = nope\ny = (');
    assert.equal(r.ok, false);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['E_SYNTAX'], 'only the syntax error: the cell did not run');
    assert.deepEqual(r.variables, before);
    assert.deepEqual(session.names(), ['a', 'f']);
    const fresh = runOk(['seed 3', 'V = randn(2)']).result.variables.V.value;
    assert.deepEqual(runOk('V = randn(2)', session).result.variables.V.value, fresh, 'the random stream is where it was');
  });
});
