// Every example of the lecture (the seed slides), with the slides' numbers,
// each checked against an oracle computed here by hand-written chain rule.

import assert from 'node:assert/strict';
import { close, runOk, scalar } from './helpers';

describe('lang: lecture examples', () => {
  it('f = (x + y) z at x = -2, y = 5, z = -4', () => {
    const { result } = runOk('x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f');
    const v = result.variables;
    assert.deepEqual([v.q.value, v.f.value], [3, -12]);
    assert.deepEqual([v.f.grad, v.q.grad, v.z.grad, v.x.grad, v.y.grad], [1, -4, 3, -4, -4]);
  });

  describe('the sigmoid neuron f(w, x) = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2)))', () => {
    const inputs = 'w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3';
    // Oracle: dot = 1, σ(1), dσ = σ(1 - σ), ∂f/∂w0 = x0 dσ, …
    const s = 1 / (1 + Math.exp(-1));
    const ds = s * (1 - s);
    const expected = { w0: -1 * ds, x0: 2 * ds, w1: -2 * ds, x1: -3 * ds, w2: ds };

    it('spelled out with exp and 1/x gives the slide values (0.73; -0.20, 0.39, -0.39, -0.59, 0.20)', () => {
      const { result } = runOk(`${inputs}\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))\nbackward f`);
      close(scalar(result.variables.f.value), s);
      for (const [k, g] of Object.entries(expected)) close(scalar(result.variables[k].grad), g, 1e-12, k);
      assert.equal(scalar(result.variables.w0.grad).toFixed(2), '-0.20');
      assert.equal(scalar(result.variables.x1.grad).toFixed(2), '-0.59');
    });

    it('with the sigmoid gate gives the same gradients, in far fewer nodes', () => {
      const spelled = runOk(`${inputs}\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))\nbackward f`).result;
      const gate = runOk(`${inputs}\nf = sigmoid(w0*x0 + w1*x1 + w2)\nbackward f`).result;
      for (const k of Object.keys(expected)) close(scalar(gate.variables[k].grad), scalar(spelled.variables[k].grad), 1e-12, k);
      assert.ok(gate.graph!.nodes.length < spelled.graph!.nodes.length);
      assert.ok(gate.graph!.nodes.some((n) => n.op === 'sigmoid'));
    });

    it('with a user gate def sig(t) = 1 / (1 + exp(-t)), drawn as one collapsible group', () => {
      const { result } = runOk(`def sig(t) = 1 / (1 + exp(-t))\n${inputs}\nf = sig(w0*x0 + w1*x1 + w2)\nbackward f`);
      for (const [k, g] of Object.entries(expected)) close(scalar(result.variables[k].grad), g, 1e-12, k);
      const [group] = result.graph!.groups;
      assert.equal(group.name, 'sig');
      close(group.local![0] as number, ds, 1e-12, 'the group local derivative is σ(1 - σ)');
    });
  });

  it('f = 2 (x y + max(z, w)) at x = 3, y = -4, z = 2, w = -1: add distributes, max routes, mul switches', () => {
    const { result } = runOk('x = 3; y = -4; z = 2; w = -1\nf = 2 * (x * y + max(z, w))\nbackward f');
    const v = result.variables;
    assert.equal(v.f.value, -20);
    assert.deepEqual([v.x.grad, v.y.grad, v.z.grad, v.w.grad], [-8, 6, 2, 0]);
  });

  it('e = (a + b)(b + 1) at a = 2, b = 1: reverse mode and forward mode agree', () => {
    const cell = 'a = 2; b = 1\nc = a + b\nd = b + 1\ne = c * d';
    const reverse = runOk(`${cell}\nbackward e`).result;
    assert.deepEqual([reverse.variables.e.value, reverse.variables.a.grad, reverse.variables.b.grad], [6, 2, 5]);

    const { session, result: fa } = runOk(`${cell}\nforward a`);
    assert.deepEqual([fa.variables.c.tangent, fa.variables.e.tangent, fa.variables.d.tangent], [1, 2, undefined]);
    assert.equal(fa.graph!.mode, 'forward');
    assert.equal(fa.graph!.targetName, 'e');
    const fb = runOk('forward b', session).result;
    assert.deepEqual([fb.variables.c.tangent, fb.variables.d.tangent, fb.variables.e.tangent], [1, 1, 5]);
    assert.equal(fb.graph!.nodes.find((n) => n.id === fb.graph!.seed)!.label, 'b');
  });

  it('forward mode on a vector seeds ones and agrees with the Jacobian', () => {
    const { result } = runOk('v = [1, 2]\ny = v * v + 3 * v\nforward v\nJ = jacobian(y, v)\nt = tangent(y)');
    // ∂y/∂v = diag(2v + 3); a ones seed gives the row sums [5, 7]
    assert.deepEqual(result.variables.y.tangent, [5, 7]);
    assert.deepEqual(result.variables.J.value, [[5, 0], [0, 7]]);
    assert.deepEqual(result.variables.t.value, [5, 7], 'jacobian() put the tangents of forward v back');
  });

  it('gradients add at branches: x used twice', () => {
    const { result } = runOk('x = 3\nf = x * x + x\nbackward f');
    assert.equal(result.variables.x.grad, 7);
    const x = result.graph!.nodes.find((n) => n.label === 'x')!;
    const out = result.graph!.edges.filter((e) => e.from === x.id);
    assert.deepEqual(out.map((e) => [e.index, e.local]), [[0, 3], [1, 3], [1, 1]], 'x*x has two edges, + one more');
  });

  it('vector chain rule: grad(x) = transpose(jacobian(y, x)) @ grad(y)', () => {
    const { result } = runOk([
      'x = [1, 2, 3]\nW = [[1, 0, 2], [0, -1, 1]]\ny = W @ x\nz = sum(y * y)\nbackward z',
      'J = jacobian(y, x)\nchain = transpose(J) @ grad(y)',
    ]);
    const v = result.variables;
    assert.deepEqual(v.y.value, [7, 1]);
    assert.deepEqual(v.J.value, [[1, 0, 2], [0, -1, 1]]);
    // ∇y z = 2y = [14, 2]; ∇x z = Wᵀ [14, 2] = [14, -2, 30]
    assert.deepEqual(v.chain.value, [14, -2, 30]);
    assert.deepEqual(v.x.grad, [14, -2, 30]);
  });

  it('check compares reverse mode with central differences for every leaf element', () => {
    const { result } = runOk('W = [[1, 2], [3, 4]]\nx = [1, -1]\nL = sum(tanh(W @ x))\ncheck L');
    assert.deepEqual(result.checks.map((c) => c.wrt), ['W[0, 0]', 'W[0, 1]', 'W[1, 0]', 'W[1, 1]', 'x[0]', 'x[1]']);
    for (const c of result.checks) {
      assert.equal(c.target, 'L');
      assert.ok(c.relError < 1e-6, `${c.wrt}: ${c.relError}`);
      close(c.analytic, c.numeric, 1e-6);
    }
    assert.equal(result.graph!.mode, 'check');
    assert.equal(result.messages.length, 6);
  });
});
