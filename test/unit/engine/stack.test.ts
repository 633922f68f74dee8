// The stack op (np.stack along axis 0): values, both sweeps on a worked example,
// many inputs through the tape's side table, and its errors.

import assert from 'node:assert/strict';
import { EngineError, Graph, OPS, Rng, Tensor, gradcheck, jacobian } from '../../../src/engine';
import { assertClose, randomTensor } from './helpers';

function throwsCode(fn: () => unknown, code: string, message: RegExp, argIndex?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    if (argIndex !== undefined) assert.equal(e.argIndex, argIndex);
    return true;
  });
}

describe('engine: stack', () => {
  it('stacks scalars into a vector and vectors into the rows of a matrix', () => {
    const g = new Graph();
    const v = g.apply('stack', [g.leaf(1), g.constant(-2), g.leaf(3.5)]);
    assert.deepEqual(g.shape(v), [3]);
    assert.deepEqual(Array.from(g.value(v).data), [1, -2, 3.5]);
    const a = g.leaf(Tensor.fromNested([1, 2, 3]));
    const b = g.leaf(Tensor.fromNested([4, 5, 6]));
    const m = g.apply('stack', [a, b]);
    assert.deepEqual(g.shape(m), [2, 3]);
    assert.deepEqual(Array.from(g.value(m).data), [1, 2, 3, 4, 5, 6]);
    const one = g.apply('stack', [a]);
    assert.deepEqual(g.shape(one), [1, 3]);
    assert.equal(OPS.stack.symbol, '[ ]');
  });

  it('reverse mode hands each input its own row of the upstream gradient', () => {
    const g = new Graph();
    const x = g.leaf(2), y = g.leaf(-1), c = g.constant(7);
    const v = g.apply('stack', [x, y, c, x]);
    // L = Σ w ⊙ v with w = [10, 20, 30, 40]: ∂L/∂x = 10 + 40 (x used twice), ∂L/∂y = 20
    const w = g.constant(Tensor.fromNested([10, 20, 30, 40]));
    const L = g.apply('sum', [g.apply('mul', [w, v])]);
    g.backward(L);
    assert.equal(g.grad(x)!.data[0], 50);
    assert.equal(g.grad(y)!.data[0], 20);
    assert.equal(g.grad(c), undefined);
    assert.deepEqual(Array.from(g.grad(v)!.data), [10, 20, 30, 40]);
  });

  it('forward mode: the tangent is the stacked tangents, zero rows for inputs off the path', () => {
    const g = new Graph();
    const a = g.leaf(Tensor.fromNested([1, 2]));
    const b = g.leaf(Tensor.fromNested([3, 4]));
    const m = g.apply('stack', [a, b, a]);
    g.forward(a, Tensor.fromNested([0.5, -1]));
    assert.deepEqual(Array.from(g.tangent(m)!.data), [0.5, -1, 0, 0, 0.5, -1]);
    const J = jacobian(g, m, b);
    assert.deepEqual(J.shape, [6, 2]); // ∂(flattened m)/∂b
    assert.deepEqual(Array.from(J.data), [0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('takes a thousand scalar inputs: all kept, gradients and tangents exact', () => {
    const g = new Graph();
    const rng = new Rng(3);
    const xs = Array.from({ length: 1000 }, () => g.leaf(randomTensor(rng, []).data[0]));
    const v = g.apply('stack', xs);
    assert.deepEqual(g.inputs(v), xs);
    assert.deepEqual(g.ancestors(v), [...xs, v]);
    const weights = new Float64Array(1000).map((_, i) => i + 1);
    const L = g.apply('sum', [g.apply('mul', [g.constant(new Tensor([1000], weights)), v])]);
    g.backward(L);
    for (let i = 0; i < 1000; i += 111) assert.equal(g.grad(xs[i])!.data[0], i + 1);
    g.forward(xs[999]);
    const t = g.tangent(v)!.data;
    assert.equal(t[999], 1);
    assert.equal(t.reduce((s, k) => s + k, 0), 1);
    for (const e of gradcheck(g, L, xs.slice(0, 5))) assert.ok(e.relError < 1e-6, `leaf ${e.leaf}: ${e.analytic} vs ${e.numeric}`);
  });

  it('a NaN or infinite element does not spoil the others\' gradients', () => {
    const g = new Graph();
    const x = g.leaf(3), bad = g.leaf(Number.NaN), inf = g.constant(Infinity);
    const v = g.apply('stack', [x, bad, inf]);
    g.backward(g.apply('sum', [v]));
    assert.equal(g.grad(x)!.data[0], 1);
    assert.equal(g.grad(bad)!.data[0], 1);
  });

  it('the local derivative on a scalar-to-scalar edge is 1, and recompute follows overrides', () => {
    const g = new Graph();
    const x = g.leaf(Tensor.fromNested([1, 2]));
    const m = g.apply('stack', [x, x]);
    const s = g.apply('sum', [m]);
    assertClose(g.recompute(new Map([[x, Tensor.fromNested([5, 6])]]), s).data, [22]);
    const one = new Graph();
    const y = one.leaf(4);
    const z = one.apply('stack', [y]);
    assert.equal(one.localDerivative(z, 0), undefined); // the output is a vector: no single number
  });

  it('mismatched shapes are E_SHAPE naming both; no inputs is E_ARITY; a failed stack appends nothing', () => {
    const g = new Graph();
    const a = g.leaf(Tensor.fromNested([1, 2])), b = g.leaf(Tensor.fromNested([1, 2, 3])), s = g.leaf(1);
    const before = g.size;
    throwsCode(() => g.apply('stack', [a, a, b]), 'E_SHAPE', /input 0 has shape \[2\] and input 2 has shape \[3\]/, 2);
    throwsCode(() => g.apply('stack', [s, a]), 'E_SHAPE', /input 0 has shape \[\] and input 1 has shape \[2\]/, 1);
    throwsCode(() => g.apply('stack', []), 'E_ARITY', /stack takes at least 1 argument, got 0/);
    throwsCode(() => g.apply('neg', [s, s]), 'E_ARITY', /neg takes 1 argument, got 2/);
    assert.equal(g.size, before);
    const h = new Graph({ maxTensorSize: 4 });
    const r = h.leaf(Tensor.fromNested([1, 2]));
    throwsCode(() => h.apply('stack', [r, r, r]), 'E_LIMIT', /\[3, 2\]/);
  });
});
