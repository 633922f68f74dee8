// The lecture's worked examples, with the lecture's numbers.

import assert from 'node:assert/strict';
import { Graph, gradcheck } from '../../../src/engine';
import { assertClose } from './helpers';

describe('engine: the lecture\'s examples', () => {
  it('f = (x + y)·z at x=-2, y=5, z=-4 gives grads -4, -4, 3', () => {
    const g = new Graph();
    const x = g.leaf(-2), y = g.leaf(5), z = g.leaf(-4);
    const q = g.add(x, y);
    const f = g.mul(q, z);
    assert.equal(g.scalar(q), 3);
    assert.equal(g.scalar(f), -12);
    const order = g.backward(f);
    assert.deepEqual(order, [f, q, z, y, x]);
    assert.equal(g.grad(f)!.item(), 1);
    assert.equal(g.grad(q)!.item(), -4);
    assert.equal(g.grad(x)!.item(), -4);
    assert.equal(g.grad(y)!.item(), -4);
    assert.equal(g.grad(z)!.item(), 3);
  });

  const neuron = { w0: 2, x0: -1, w1: -3, x1: -2, w2: -3 };
  const expected = { w0: -0.19661193324148185, x0: 0.3932238664829637, w1: -0.3932238664829637, x1: -0.5898357997244456, w2: 0.19661193324148185 };

  it('sigmoid neuron from primitives 1/(1 + exp(-(w0·x0 + w1·x1 + w2)))', () => {
    const g = new Graph();
    const ids = Object.fromEntries(Object.entries(neuron).map(([k, v]) => [k, g.leaf(v)])) as Record<keyof typeof neuron, number>;
    const s = g.add(g.add(g.mul(ids.w0, ids.x0), g.mul(ids.w1, ids.x1)), ids.w2);
    const f = g.div(g.constant(1), g.add(g.constant(1), g.exp(g.neg(s))));
    assertClose(g.scalar(f), 0.7310585786300049, 1e-12, 'f');
    g.backward(f);
    for (const k of Object.keys(neuron) as (keyof typeof neuron)[]) {
      assertClose(g.grad(ids[k])!.item(), expected[k], 1e-12, k);
    }
    // The lecture reads the gradients off rounded: w0 -0.20, x0 0.39, w1 -0.39, x1 -0.59, w2 0.20.
    assert.equal(g.grad(ids.x1)!.item().toFixed(2), '-0.59');
    for (const e of gradcheck(g, f, Object.values(ids))) assert.ok(e.relError < 1e-7, `relError ${e.relError}`);
  });

  it('the same neuron with the σ gate: its local derivative is (1 − σ)σ', () => {
    const g = new Graph();
    const ids = Object.fromEntries(Object.entries(neuron).map(([k, v]) => [k, g.leaf(v)])) as Record<keyof typeof neuron, number>;
    const s = g.add(g.add(g.mul(ids.w0, ids.x0), g.mul(ids.w1, ids.x1)), ids.w2);
    const f = g.sigmoid(s);
    assertClose(g.localDerivative(f, 0)!, (1 - 0.7310585786300049) * 0.7310585786300049, 1e-12, 'local');
    g.backward(f);
    for (const k of Object.keys(neuron) as (keyof typeof neuron)[]) {
      assertClose(g.grad(ids[k])!.item(), expected[k], 1e-12, k);
    }
  });

  it('2·(x·y + max(z, w)) at 3, -4, 2, -1 gives -8, 6, 2, 0', () => {
    const g = new Graph();
    const x = g.leaf(3), y = g.leaf(-4), z = g.leaf(2), w = g.leaf(-1);
    const f = g.mul(g.constant(2), g.add(g.mul(x, y), g.max(z, w)));
    assert.equal(g.scalar(f), -20);
    g.backward(f);
    assert.deepEqual([x, y, z, w].map((id) => g.grad(id)!.item()), [-8, 6, 2, 0]);
  });

  it('e = (a + b)(b + 1) at a=2, b=1: reverse gives 2 and 5, forward from b gives 5', () => {
    const g = new Graph();
    const a = g.leaf(2), b = g.leaf(1);
    const c = g.add(a, b);
    const d = g.add(b, g.constant(1));
    const e = g.mul(c, d);
    assert.equal(g.scalar(e), 6);
    g.backward(e);
    assert.equal(g.grad(a)!.item(), 2);
    assert.equal(g.grad(b)!.item(), 5); // gradients add at branches
    g.forward(b);
    assert.equal(g.tangent(e)!.item(), 5);
    assert.equal(g.tangent(c)!.item(), 1);
    assert.equal(g.tangent(d)!.item(), 1);
    assert.equal(g.tangent(a), undefined, 'a does not depend on b');
    g.forward(a);
    assert.equal(g.tangent(e)!.item(), 2);
    assert.equal(g.tangent(d), undefined);
  });

  it('the derivative table: eˣ → eˣ, 1/x → −1/x², ax → a, c + x → 1', () => {
    const g = new Graph();
    const x = g.leaf(1.5);
    const ex = g.exp(x);
    const inv = g.div(g.constant(1), x);
    const ax = g.mul(g.constant(3), x);
    const cx = g.add(g.constant(7), x);
    assertClose(g.localDerivative(ex, 0)!, Math.exp(1.5), 1e-15, 'e^x');
    assertClose(g.localDerivative(inv, 1)!, -1 / (1.5 * 1.5), 1e-15, '1/x');
    assert.equal(g.localDerivative(ax, 1), 3);
    assert.equal(g.localDerivative(cx, 1), 1);
    assert.deepEqual(g.spec(ex)!.derivative, ['∂eˣ/∂x = eˣ']);
    assert.deepEqual(g.spec(inv)!.derivative, ['∂(a/b)/∂a = 1/b', '∂(a/b)/∂b = −a/b²']);
    assert.deepEqual(g.spec(ax)!.derivative, ['∂(a·b)/∂a = b', '∂(a·b)/∂b = a']);
  });

  it('the backward-flow patterns: add distributes, max routes, mul switches', () => {
    const g = new Graph();
    const x = g.leaf(3), y = g.leaf(-4);
    const s = g.add(x, y), m = g.max(x, y), p = g.mul(x, y);
    assert.match(g.spec(s)!.pattern!, /^add gate: gradient distributor/);
    assert.match(g.spec(m)!.pattern!, /^max gate: gradient router/);
    assert.match(g.spec(p)!.pattern!, /^mul gate: gradient switcher/);
    g.backward(s);
    assert.deepEqual([g.grad(x)!.item(), g.grad(y)!.item()], [1, 1]);
    g.backward(m);
    assert.deepEqual([g.grad(x)!.item(), g.grad(y)!.item()], [1, 0]);
    g.backward(p);
    assert.deepEqual([g.grad(x)!.item(), g.grad(y)!.item()], [-4, 3]);
  });
});
