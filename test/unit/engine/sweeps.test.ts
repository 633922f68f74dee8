// The sweeps a graph holds, and re-running a recorded graph: clearing,
// restoring exactly what was there (never sweeping nodes created later),
// jacobian and gradcheck leaving the sweeps as they found them, and replay
// with new leaf values against a graph built afresh with those values.

import assert from 'node:assert/strict';
import { EngineError, Graph, Rng, Tensor, gradcheck, jacobian, type NodeId } from '../../../src/engine';
import { assertClose } from './helpers';

/** Every node's tangent (undefined where none), as plain data. */
function tangents(g: Graph): (number[] | undefined)[] {
  return Array.from({ length: g.size }, (_, id) => (g.tangent(id) ? [...g.tangent(id)!.data] : undefined));
}

function grads(g: Graph): (number[] | undefined)[] {
  return Array.from({ length: g.size }, (_, id) => (g.grad(id) ? [...g.grad(id)!.data] : undefined));
}

describe('engine: sweeps and replay', () => {
  it('clearGradients and clearTangents leave no gradient and no tangent, adding no node', () => {
    const g = new Graph();
    const x = g.leaf(2), y = g.leaf(Tensor.fromNested([1, 2]));
    const f = g.apply('sum', [g.apply('mul', [y, g.mul(x, x)])]);
    g.backward(f);
    g.forward(x);
    const size = g.size;
    assert.ok(g.grad(x) && g.grad(y) && g.tangent(f));
    g.clearGradients();
    g.clearTangents();
    assert.equal(g.size, size);
    assert.deepEqual(grads(g), Array(size).fill(undefined));
    assert.deepEqual(tangents(g), Array(size).fill(undefined));
    assert.deepEqual(g.sweepState(), { backward: undefined, forward: undefined });
    g.backward(f);
    assert.equal(g.grad(x)!.data[0], 2 * 2 * 3);
  });

  it('restoreSweeps puts back exactly the tangents and gradients there were, not sweeping later nodes', () => {
    const g = new Graph();
    const x = g.leaf(2);
    const u = g.mul(x, g.constant(5));
    g.forward(x);
    g.backward(u);
    const state = g.sweepState();
    const before = { t: tangents(g), d: grads(g) };
    const y = g.mul(x, g.constant(3)); // created after the forward: it has no tangent
    const z = g.exp(y);
    g.forward(y);
    g.backward(z);
    assert.ok(g.tangent(z));
    g.restoreSweeps(state);
    assert.equal(g.tangent(y), undefined);
    assert.equal(g.tangent(z), undefined);
    assert.equal(g.grad(y), undefined);
    assert.deepEqual(tangents(g).slice(0, before.t.length), before.t);
    assert.deepEqual(grads(g).slice(0, before.d.length), before.d);
    // Back to nothing at all.
    g.restoreSweeps({ backward: undefined, forward: undefined });
    assert.deepEqual(tangents(g), Array(g.size).fill(undefined));
    assert.deepEqual(grads(g), Array(g.size).fill(undefined));
  });

  it('forward up to an end sweeps only the nodes before it', () => {
    const g = new Graph();
    const x = g.leaf(1.5);
    const a = g.sin(x);
    const b = g.cos(x);
    assert.equal(g.forward(x, undefined, b), 2, 'x and sin(x) got tangents');
    assert.equal(g.tangent(a)!.data[0], Math.cos(1.5));
    assert.equal(g.tangent(b), undefined);
    assert.equal(g.sweepState().forward!.end, b);
  });

  it('jacobian leaves the tangents of the last forward as they were, and no tangent on later nodes', () => {
    const g = new Graph();
    const x = g.leaf(2);
    g.forward(x);
    const y = g.mul(x, g.constant(3));
    const J = jacobian(g, y, x);
    assert.deepEqual([...J.data], [3]);
    assert.equal(g.tangent(y), undefined);
    assert.equal(g.tangent(x)!.data[0], 1);
  });

  it('jacobian of y with respect to an input created after y is zeros of shape [size(y), size(x)]', () => {
    const g = new Graph();
    const a = g.leaf(Tensor.fromNested([1, 2, 3]));
    const y = g.apply('mul', [a, a]);
    const x = g.leaf(Tensor.fromNested([[1, 2], [3, 4]]));
    const J = jacobian(g, y, x);
    assert.deepEqual(J.shape, [3, 4]);
    assert.deepEqual([...J.data], Array(12).fill(0));
  });

  it('gradcheck leaves the values, the gradients of its target and the last forward\'s tangents', () => {
    const g = new Graph();
    const x = g.leaf(0.8), w = g.leaf(Tensor.fromNested([0.5, -1.5]));
    const f = g.apply('sum', [g.apply('tanh', [g.apply('mul', [w, x])])]);
    const later = g.exp(x);
    g.forward(x);
    const t = tangents(g);
    const values = Array.from({ length: g.size }, (_, id) => [...g.value(id).data]);
    const entries = gradcheck(g, f, [x, w]);
    assert.equal(entries.length, 3);
    for (const e of entries) assert.ok(e.relError < 1e-6, JSON.stringify(e));
    assert.deepEqual(tangents(g), t);
    assert.deepEqual(Array.from({ length: g.size }, (_, id) => [...g.value(id).data]), values);
    assert.equal(g.grad(x)!.data[0], entries[0].analytic);
    assert.equal(g.grad(later), undefined);
  });

  it('replay with new leaf values gives what building the graph afresh with them gives', () => {
    const build = (xv: number, wv: number[]) => {
      const g = new Graph();
      const x = g.leaf(xv), w = g.leaf(Tensor.fromNested(wv)), c = g.constant(0.25);
      let s: NodeId = x;
      for (let i = 0; i < 20; i++) s = g.add(g.mul(g.sigmoid(s), c), g.div(x, g.add(s, g.constant(3))));
      const t = g.apply('sum', [g.apply('mul', [w, g.apply('exp', [g.apply('mul', [w, s])])])]);
      const f = g.add(t, g.pow(s, g.constant(2)));
      return { g, x, w, f };
    };
    const a = build(0.3, [0.5, -0.25, 1]);
    a.g.backward(a.f);
    a.g.setLeaf(a.x, -0.7);
    a.g.setLeaf(a.w, Tensor.fromNested([1.5, 0.25, -2]));
    const size = a.g.size;
    const recomputed = a.g.replay();
    assert.equal(a.g.size, size, 'no node added');
    assert.ok(recomputed > 80, `recomputed ${recomputed}`);
    assert.equal(a.g.grad(a.x), undefined, 'gradients of the old values are cleared');
    a.g.backward(a.f);
    const b = build(-0.7, [1.5, 0.25, -2]);
    b.g.backward(b.f);
    for (let id = 0; id < size; id++) {
      assert.deepEqual([...a.g.value(id).data], [...b.g.value(id).data], `value of node ${id}`);
      assert.deepEqual(a.g.grad(id)?.data, b.g.grad(id)?.data, `gradient of node ${id}`);
      const k = a.g.inputs(id).length;
      for (let i = 0; i < k; i++) assert.equal(a.g.localDerivative(id, i), b.g.localDerivative(id, i));
    }
    a.g.forward(a.x);
    b.g.forward(b.x);
    assertClose(a.g.tangent(a.f)!.data, b.g.tangent(b.f)!.data, 0);
  });

  it('replay recomputes only what depends on a changed leaf, and a partial replay catches up later', () => {
    const g = new Graph();
    const x = g.leaf(1), y = g.leaf(2);
    const p = g.mul(x, g.constant(2)); // depends on x
    const q = g.exp(y); // not on x
    const r = g.add(p, q);
    const s = g.sin(x);
    assert.equal(g.replay(), 0);
    g.setLeaf(x, 3);
    assert.equal(g.replay(r), 2); // p and r
    assert.equal(g.scalar(r), 6 + Math.exp(2));
    assert.equal(g.scalar(s), Math.sin(1), 'after upTo: still the old value');
    assert.equal(g.replay(), 1); // s
    assert.equal(g.scalar(s), Math.sin(3));
    assert.equal(g.scalar(q), Math.exp(2));
    assert.equal(g.replay(), 0);
  });

  it('setLeaf refuses a node that is not an input, or a value of another shape, naming no node number', () => {
    const g = new Graph();
    const x = g.leaf(Tensor.fromNested([1, 2]));
    const c = g.constant(3);
    const check = (fn: () => void, code: string) => assert.throws(fn, (e: unknown) => e instanceof EngineError && e.code === code && !/node \d/.test(e.message));
    check(() => g.setLeaf(c, 1), 'E_DOMAIN');
    check(() => g.setLeaf(x, 1), 'E_SHAPE');
    check(() => g.setLeaf(x, Tensor.fromNested([1, 2, 3])), 'E_SHAPE');
  });
});

describe('engine: Rng snapshot and restore', () => {
  it('restore(snapshot()) continues the sequence from where it was, the spare normal included', () => {
    const rng = new Rng(11);
    rng.normal(); // leaves a spare normal
    const snap = rng.snapshot();
    const first = [rng.normal(), rng.next(), rng.normal(), rng.nextUint32()];
    rng.restore(snap);
    assert.deepEqual([rng.normal(), rng.next(), rng.normal(), rng.nextUint32()], first);
  });
});
