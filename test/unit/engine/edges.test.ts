// Domain edges: values follow IEEE and each event leaves a warning naming the
// op and its input; gradients at the edges are the documented conventions;
// NaN and infinite inputs propagate and never throw.

import assert from 'node:assert/strict';
import { Graph, Tensor } from '../../../src/engine';

function scalarOp(build: (g: Graph) => number): { value: number; warnings: string[]; g: Graph; id: number } {
  const g = new Graph();
  const id = build(g);
  return { value: g.scalar(id), warnings: g.warnings.map((w) => w.message), g, id };
}

describe('engine: domain edges and warnings', () => {
  const cases: [string, (g: Graph) => number, number, RegExp | undefined][] = [
    ['log(0)', (g) => g.log(g.leaf(0)), -Infinity, /^log\(0\) is -Infinity$/],
    ['log(-1)', (g) => g.log(g.leaf(-1)), NaN, /^log\(-1\) is NaN/],
    ['sqrt(-1)', (g) => g.sqrt(g.leaf(-1)), NaN, /^sqrt\(-1\) is NaN/],
    ['sqrt(0)', (g) => g.sqrt(g.leaf(0)), 0, /sqrt\(0\).*\+Infinity/],
    ['0^0', (g) => g.pow(g.leaf(0), g.leaf(0)), 1, /0\^0 is taken as 1/],
    ['0^-1', (g) => g.pow(g.leaf(0), g.leaf(-1)), Infinity, /division by zero/],
    ['(-8)^0.5', (g) => g.pow(g.leaf(-8), g.leaf(0.5)), NaN, /\(-8\)\^0\.5 is NaN/],
    ['1/0', (g) => g.div(g.leaf(1), g.leaf(0)), Infinity, /^division by zero: 1\/0 is Infinity$/],
    ['-1/0', (g) => g.div(g.leaf(-1), g.leaf(0)), -Infinity, /division by zero: -1\/0 is -Infinity/],
    ['0/0', (g) => g.div(g.leaf(0), g.leaf(0)), NaN, /division by zero: 0\/0 is NaN/],
    ['exp(1000)', (g) => g.exp(g.leaf(1000)), Infinity, /^exp\(1000\) overflows to Infinity$/],
    ['1e200·1e200', (g) => g.mul(g.leaf(1e200), g.leaf(1e200)), Infinity, /^mul\(1e\+200, 1e\+200\) overflows to Infinity$/],
    ['log(1)', (g) => g.log(g.leaf(1)), 0, undefined],
    ['(-8)^3', (g) => g.pow(g.leaf(-8), g.leaf(3)), -512, undefined],
  ];
  for (const [name, build, expected, warning] of cases) {
    it(`${name} = ${expected}${warning ? ' with a warning' : ' without a warning'}`, () => {
      const { value, warnings, id } = scalarOp(build);
      assert.ok(Object.is(value, expected) || (Number.isNaN(value) && Number.isNaN(expected)), `value ${value}`);
      if (warning === undefined) assert.deepEqual(warnings, []);
      else {
        assert.equal(warnings.length, 1, `warnings: ${JSON.stringify(warnings)}`);
        assert.match(warnings[0], warning);
      }
      void id;
    });
  }

  it('warnings name the node and, in a tensor, the first element (and how many more)', () => {
    const g = new Graph();
    const v = g.leaf(Tensor.fromNested([[1, 0], [-1, 0]]));
    const l = g.apply('log', [v]);
    assert.deepEqual(g.value(l).toNested(), [[0, -Infinity], [NaN, -Infinity]]);
    assert.deepEqual(g.warnings, [{ node: l, message: 'log(0) is -Infinity at element [0, 1] (and 2 more elements)' }]);
  });

  it('NaN and infinite inputs propagate silently and never throw', () => {
    const g = new Graph();
    const n = g.leaf(NaN), inf = g.leaf(Infinity);
    const ops = [g.log(n), g.exp(n), g.mul(n, g.leaf(2)), g.sigmoid(inf), g.tanh(inf), g.relu(n), g.max(n, g.leaf(1)), g.sub(inf, inf), g.div(inf, inf)];
    assert.deepEqual(g.warnings, []);
    assert.ok(Number.isNaN(g.scalar(ops[0])));
    assert.equal(g.scalar(ops[3]), 1);
    assert.equal(g.scalar(ops[4]), 1);
    assert.ok(Number.isNaN(g.scalar(ops[5])));
    assert.ok(Number.isNaN(g.scalar(ops[7])));
    const f = g.add(ops[2], g.leaf(1));
    g.backward(f);
    assert.equal(g.grad(n)!.item(), 2);
    const v = g.leaf(Tensor.fromNested([1, NaN, 3]));
    const m = g.apply('maxReduce', [v]);
    assert.ok(Number.isNaN(g.scalar(m)));
    g.backward(m);
    assert.deepEqual(g.grad(v)!.toNested(), [0, 1, 0]);
    const s = g.apply('softmax', [g.leaf(Tensor.fromNested([1, NaN]))]);
    assert.ok(g.value(s).data.every(Number.isNaN));
  });

  it('large inputs stay finite where the math is: σ(±800), softmax and logsumexp of [1000, 1000]', () => {
    const g = new Graph();
    assert.equal(g.scalar(g.sigmoid(g.leaf(-800))), 0);
    assert.equal(g.scalar(g.sigmoid(g.leaf(800))), 1);
    const v = g.leaf(Tensor.fromNested([1000, 1000]));
    assert.deepEqual(g.value(g.apply('softmax', [v])).toNested(), [0.5, 0.5]);
    assert.equal(g.scalar(g.apply('logsumexp', [v])), 1000 + Math.log(2));
    assert.equal(g.scalar(g.apply('logsumexp', [g.leaf(Tensor.fromNested([-Infinity, -Infinity]))])), -Infinity);
    assert.deepEqual(g.warnings, []);
  });

  describe('gradients at the edges', () => {
    const slope = (build: (g: Graph, x: number) => number, at: number, input = 0): number => {
      const g = new Graph();
      const x = g.leaf(at);
      const y = build(g, x);
      g.backward(y);
      return g.grad(x)!.item() + 0 * input;
    };
    it('d|x|/dx at 0 is 0', () => assert.equal(slope((g, x) => g.abs(x), 0), 0));
    it('relu\'(0) is 0, relu\'(2) is 1', () => {
      assert.equal(slope((g, x) => g.relu(x), 0), 0);
      assert.equal(slope((g, x) => g.relu(x), 2), 1);
    });
    it('d sqrt at 0 is +Infinity', () => assert.equal(slope((g, x) => g.sqrt(x), 0), Infinity));
    it('max and min ties route to the first argument', () => {
      const g = new Graph();
      const a = g.leaf(2), b = g.leaf(2);
      g.backward(g.max(a, b));
      assert.deepEqual([g.grad(a)!.item(), g.grad(b)!.item()], [1, 0]);
      g.backward(g.min(a, b));
      assert.deepEqual([g.grad(a)!.item(), g.grad(b)!.item()], [1, 0]);
      const v = g.leaf(Tensor.fromNested([3, 1, 3]));
      g.backward(g.apply('maxReduce', [v]));
      assert.deepEqual(g.grad(v)!.toNested(), [1, 0, 0]);
    });
    it('pow: ∂/∂exponent is 0 where the base ≤ 0; 0^0 has slope 0 in the base', () => {
      const g = new Graph();
      const a = g.leaf(-2), b = g.leaf(3);
      g.backward(g.pow(a, b));
      assert.equal(g.grad(a)!.item(), 12);
      assert.equal(g.grad(b)!.item(), 0);
      const z = g.leaf(0), e = g.leaf(0);
      g.backward(g.pow(z, e));
      assert.equal(g.grad(z)!.item(), 0);
      assert.equal(g.grad(e)!.item(), 0);
      const p = g.leaf(2), q = g.leaf(3);
      g.backward(g.pow(p, q));
      assert.equal(g.grad(q)!.item(), 8 * Math.log(2));
    });
    it('log at 0 has slope +Infinity (1/x)', () => assert.equal(slope((g, x) => g.log(x), 0), Infinity));
  });
});
