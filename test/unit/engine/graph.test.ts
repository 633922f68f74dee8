// The tape's own behaviour: accumulation, idempotent backward, reachability,
// constants, depth, traversal, limits and error texts.

import assert from 'node:assert/strict';
import { EngineError, Graph, OPS, Tensor, gradcheck } from '../../../src/engine';

function throwsCode(fn: () => unknown, code: string, message?: RegExp, argIndex?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    if (argIndex !== undefined) assert.equal(e.argIndex, argIndex);
    return true;
  });
}

describe('engine: the tape', () => {
  it('x·x gives 2x, with two edges to the same input', () => {
    const g = new Graph();
    const x = g.leaf(3);
    const y = g.mul(x, x);
    assert.deepEqual(g.inputs(y), [x, x]);
    g.backward(y);
    assert.equal(g.grad(x)!.item(), 6);
    assert.equal(g.localDerivative(y, 0), 3);
    assert.equal(g.localDerivative(y, 1), 3);
  });

  it('a value used twice gets the sum of both paths', () => {
    const g = new Graph();
    const x = g.leaf(2);
    const f = g.add(g.exp(x), g.sin(x));
    g.backward(f);
    assert.equal(g.grad(x)!.item(), Math.exp(2) + Math.cos(2));
  });

  it('backward twice gives the same gradients (zeroed, not accumulated)', () => {
    const g = new Graph();
    const x = g.leaf(1.5), y = g.leaf(-0.5);
    const v = g.leaf(Tensor.fromNested([1, 2, 3]));
    const f = g.add(g.mul(x, y), g.apply('sum', [g.apply('mul', [v, x])]));
    const first = g.backward(f);
    const before = [g.grad(x)!.item(), g.grad(y)!.item(), g.grad(v)!.toNested()];
    const second = g.backward(f);
    assert.deepEqual(second, first);
    assert.deepEqual([g.grad(x)!.item(), g.grad(y)!.item(), g.grad(v)!.toNested()], before);
    assert.deepEqual(before, [-0.5 + 6, 1.5, [1.5, 1.5, 1.5]]);
  });

  it('gradients survive the tape growing after a backward, and a new backward sees the new nodes', () => {
    const g = new Graph();
    const x = g.leaf(2);
    const f = g.mul(x, x);
    g.backward(f);
    let v = f;
    for (let i = 0; i < 5000; i++) v = g.add(v, x); // grows the columns several times
    assert.equal(g.grad(x)!.item(), 4);
    assert.equal(g.grad(v), undefined);
    g.backward(v);
    assert.equal(g.grad(x)!.item(), 4 + 5000);
    assert.equal(g.grad(f)!.item(), 1);
  });

  it('nodes the target does not depend on have no gradient, nor do constants', () => {
    const g = new Graph();
    const x = g.leaf(1), y = g.leaf(2), c = g.constant(5);
    const f = g.mul(x, c);
    const other = g.add(y, c);
    const order = g.backward(f);
    assert.deepEqual(order, [f, x]);
    assert.equal(g.grad(y), undefined);
    assert.equal(g.grad(other), undefined);
    assert.equal(g.grad(c), undefined, 'constants get no gradient');
    assert.equal(g.requiresGrad(c), false);
    assert.equal(g.requiresGrad(f), true);
    // A new backward from elsewhere forgets the old reach.
    g.backward(other);
    assert.equal(g.grad(x), undefined);
    assert.equal(g.grad(y)!.item(), 1);
  });

  it('the backward order lists every reached node after all its consumers, target first', () => {
    const g = new Graph();
    const a = g.leaf(1), b = g.leaf(2);
    const c = g.mul(a, b), d = g.add(c, a), e = g.exp(d);
    const order = g.backward(e);
    assert.deepEqual(order, [e, d, c, b, a]);
    const pos = new Map(order.map((id, i) => [id, i]));
    for (const id of order) for (const i of g.inputs(id)) assert.ok(pos.get(i)! > pos.get(id)!);
  });

  it('backwardCount gives backward\'s gradients and reach, without the order', () => {
    const build = (): { g: Graph; ids: number[]; f: number } => {
      const g = new Graph();
      const x = g.leaf(0.7), y = g.leaf(-1.3), c = g.constant(2.5), unused = g.leaf(4);
      const v = g.leaf(Tensor.fromNested([0.5, -2, 3]));
      // every scalar op the reverse sweep switches on, then a tensor detour
      let s = g.add(g.sub(g.mul(x, c), g.div(y, c)), g.pow(x, c));
      s = g.add(s, g.add(g.max(x, y), g.min(x, y)));
      s = g.add(s, g.add(g.neg(g.exp(x)), g.log(g.abs(y))));
      s = g.add(s, g.add(g.sqrt(g.abs(y)), g.mul(g.sin(x), g.cos(y))));
      s = g.add(s, g.add(g.tanh(x), g.add(g.sigmoid(y), g.relu(x))));
      const t = g.apply('sum', [g.apply('mul', [v, s])]);
      const f = g.mul(g.add(t, g.mul(x, y)), g.constant(0.5));
      return { g, ids: [x, y, c, unused, v, s, t, f], f };
    };
    const a = build(), b = build();
    const order = a.g.backward(a.f);
    assert.equal(b.g.backwardCount(b.f), order.length);
    for (const id of a.ids) assert.deepEqual(b.g.grad(id)?.toNested(), a.g.grad(id)?.toNested(), `node ${id}`);
    assert.equal(b.g.grad(a.ids[3]), undefined, 'an unused leaf is not reached');
    assert.equal(b.g.grad(a.ids[2]), undefined, 'a constant gets no gradient');
    const r = gradcheck(b.g, b.f, [a.ids[0], a.ids[1], a.ids[4]]);
    for (const e of r) assert.ok(e.relError < 1e-6, `relError ${e.relError}`);
    // a target built from constants alone: itself only
    const k = b.g.add(b.g.constant(1), b.g.constant(2));
    assert.equal(b.g.backwardCount(k), 1);
    assert.deepEqual(b.g.backward(k), [k]);
  });

  it('scalarGrad gives grad\'s number for reached scalar nodes, and undefined where grad has none or a tensor', () => {
    const g = new Graph();
    const x = g.leaf(3);
    const y = g.leaf(-2);
    const c = g.constant(5);
    const unused = g.leaf(7);
    const t = g.leaf(new Tensor([2], Float64Array.from([1, 2])));
    const f = g.add(g.mul(x, y), g.mul(c, g.apply('sum', [t])));
    assert.equal(g.scalarGrad(x), undefined, 'before any backward');
    g.backward(f);
    for (const id of [x, y, f]) assert.equal(g.scalarGrad(id), g.grad(id)!.data[0]);
    assert.equal(g.scalarGrad(x), -2);
    assert.equal(g.scalarGrad(c), undefined, 'a constant');
    assert.equal(g.scalarGrad(unused), undefined, 'not reached');
    assert.equal(g.scalarGrad(t), undefined, 'a tensor: use grad');
    assert.deepEqual(Array.from(g.grad(t)!.data), [5, 5]);
    throwsCode(() => g.scalarGrad(99), 'E_NODE');
  });

  it('the fast-path methods take tensors too, through apply()', () => {
    const g = new Graph();
    const v = g.leaf(Tensor.fromNested([1, 2])), k = g.leaf(3);
    const p = g.mul(v, k);
    assert.deepEqual(g.value(p).toNested(), [3, 6]);
    assert.deepEqual(g.value(g.exp(g.sub(v, v))).toNested(), [1, 1]);
    g.backward(g.apply('sum', [p]));
    assert.equal(g.grad(k)!.item(), 3);
    assert.deepEqual(g.grad(v)!.toNested(), [3, 3]);
  });

  it('a 1,000,000-node chain runs both sweeps without recursion', () => {
    const g = new Graph();
    const x = g.leaf(0.5);
    const one = g.constant(1), zero = g.constant(0);
    let v = x;
    for (let i = 0; i < 500_000; i++) v = g.add(g.mul(v, one), zero);
    assert.ok(g.size > 1_000_000);
    const order = g.backward(v);
    assert.equal(order.length, 1_000_001);
    assert.equal(g.grad(x)!.item(), 1);
    g.forward(x);
    assert.equal(g.tangent(v)!.item(), 1);
    assert.equal(g.ancestors(v).length, 1_000_003);
  });

  it('graphs that grow through recycled columns (an earlier graph\'s old buffers) read only their own nodes', () => {
    // Graph a grows through 1024 … 262,144 nodes, leaving its old columns as
    // spares; b grows through the same sizes on those buffers, with other
    // values, ops and a tensor node; both stay right, and a still reads its own.
    const steps = 100_000;
    const build = (x0: number, c: number, useSub: boolean): { g: Graph; x: number; v: number; c: number } => {
      const g = new Graph();
      const x = g.leaf(x0);
      const k = g.constant(c);
      let v = x;
      for (let i = 0; i < steps; i++) v = useSub ? g.sub(g.mul(v, k), k) : g.add(g.mul(v, k), k);
      return { g, x, v, c: k };
    };
    const a = build(0.5, 0.99999, false);
    const b = build(2, 0.99998, true);
    const t = b.g.leaf(new Tensor([2], Float64Array.from([1, 2])));
    const s = b.g.apply('sum', [b.g.mul(t, b.v)]);
    b.g.backward(s);
    a.g.backward(a.v);
    let va = 0.5;
    let vb = 2;
    for (let i = 0; i < steps; i++) {
      va = va * 0.99999 + 0.99999;
      vb = vb * 0.99998 - 0.99998;
    }
    assert.ok(Math.abs(a.g.scalar(a.v) - va) <= 1e-9 * Math.abs(va), 'a keeps its own values');
    assert.ok(Math.abs(b.g.scalar(b.v) - vb) <= 1e-9 * Math.abs(vb), 'b computes its own values');
    assert.equal(a.g.op(a.v), 'add');
    assert.equal(b.g.op(b.v), 'sub');
    assert.ok(Math.abs(a.g.grad(a.x)!.data[0] - 0.99999 ** steps) <= 1e-9);
    assert.ok(Math.abs(b.g.grad(b.x)!.data[0] - 3 * 0.99998 ** steps) <= 1e-9, 'd sum(t·v)/dx = (1 + 2)·c^steps');
    assert.deepEqual(Array.from(b.g.grad(t)!.data), [b.g.scalar(b.v), b.g.scalar(b.v)], 'd sum(t·v)/dt = v');
    assert.equal(a.g.grad(a.c), undefined, 'a constant still has no gradient');
    assert.equal(b.g.size, 2 * steps + 5);
  });

  it('indexing every element of a long vector stays linear (sparse reverse rule)', () => {
    const g = new Graph();
    const n = 40_000;
    const v = g.leaf(new Tensor([n], new Float64Array(n).map((_, i) => i)));
    let s = g.apply('index', [v], { indices: [0] });
    for (let i = 1; i < n; i++) s = g.add(s, g.mul(g.apply('index', [v], { indices: [i] }), g.constant(i % 3)));
    const t0 = performance.now();
    g.backward(s);
    const ms = performance.now() - t0;
    const grad = g.grad(v)!.data;
    assert.equal(grad[0], 1);
    assert.equal(grad[4], 1);
    assert.equal(grad[5], 2);
    assert.equal(grad[6], 0);
    assert.ok(ms < 3000, `backward took ${ms.toFixed(0)} ms; a dense rule would touch ${n}² elements`);
    const t1 = performance.now();
    g.forward(v);
    const fms = performance.now() - t1;
    assert.equal(g.tangent(s)!.item(), 1 + [...Array(n - 1).keys()].reduce((acc, k) => acc + ((k + 1) % 3), 0));
    assert.ok(fms < 3000, `forward took ${fms.toFixed(0)} ms`);
  });

  it('forward mode with a direction gives J·u and checks the direction\'s shape', () => {
    const g = new Graph();
    const v = g.leaf(Tensor.fromNested([1, 2]));
    const s = g.apply('sum', [g.apply('mul', [v, v])]);
    g.forward(v, Tensor.fromNested([1, -1]));
    assert.equal(g.tangent(s)!.item(), 2 * 1 - 2 * 2);
    g.forward(v);
    assert.equal(g.tangent(s)!.item(), 6);
    throwsCode(() => g.forward(v, Tensor.fromNested([1, 2, 3])), 'E_SHAPE', /\[3\].*\[2\]/);
  });

  it('reads nodes back: op, inputs, shape, value, attrs, ancestors', () => {
    const g = new Graph();
    const M = g.leaf(Tensor.fromNested([[1, 2], [3, 4]]));
    const c = g.constant(2);
    const r = g.apply('index', [M], { indices: [1] });
    const p = g.mul(c, r);
    assert.equal(g.op(M), 'leaf');
    assert.equal(g.op(c), 'const');
    assert.equal(g.op(p), 'mul');
    assert.deepEqual(g.inputs(p), [c, r]);
    assert.deepEqual(g.shape(p), [2]);
    assert.equal(g.isScalar(c), true);
    assert.equal(g.isScalar(p), false);
    assert.deepEqual(g.value(p).toNested(), [6, 8]);
    assert.deepEqual(g.attrs(r), { indices: [1] });
    assert.deepEqual(g.ancestors(p), [M, c, r, p]);
    assert.equal(g.spec(p)!.symbol, '×');
    assert.equal(g.spec(M), undefined);
    assert.equal(g.localDerivative(p, 0), undefined, 'not scalar');
  });

  it('localDerivative of a non-element-wise scalar op uses its forward rule', () => {
    const g = new Graph();
    const x = g.leaf(1.5);
    const s = g.apply('sum', [x]);
    const m = g.apply('softmax', [x]);
    assert.equal(g.localDerivative(s, 0), 1);
    assert.equal(g.localDerivative(m, 0), 0);
    assert.equal(g.localDerivative(x, 0), undefined, 'a leaf has no inputs');
  });

  it('recompute replaces a leaf without touching the tape', () => {
    const g = new Graph();
    const x = g.leaf(2), y = g.leaf(3);
    const f = g.add(g.mul(x, y), y);
    const size = g.size;
    assert.equal(g.recompute(new Map([[x, Tensor.scalar(10)]]), f).item(), 33);
    assert.equal(g.scalar(f), 9);
    assert.equal(g.size, size);
    throwsCode(() => g.recompute(new Map([[x, Tensor.fromNested([1, 2])]]), f), 'E_SHAPE', /\[2\].*\[\]/);
  });

  it('gradcheck reports analytic, numeric and relative error per element', () => {
    const g = new Graph();
    const W = g.leaf(Tensor.fromNested([[0.5, -1], [2, 0.25]]));
    const x = g.leaf(Tensor.fromNested([1, -2]));
    const L = g.apply('logsumexp', [g.apply('tanh', [g.apply('matmul', [W, x])])]);
    const rows = gradcheck(g, L, [W, x]);
    assert.equal(rows.length, 6);
    for (const r of rows) {
      assert.ok(Math.abs(r.analytic - r.numeric) < 1e-8, JSON.stringify(r));
      assert.ok(r.relError < 1e-6);
    }
    assert.deepEqual(rows.map((r) => [r.leaf, r.index]), [[W, 0], [W, 1], [W, 2], [W, 3], [x, 0], [x, 1]]);
    const capped = gradcheck(g, L, [W, x], 1e-6, 1);
    assert.deepEqual(capped.map((r) => [r.leaf, r.index]), [[W, 0], [x, 0]]);
  });

  it('gradcheck flags a wrong gradient (relError 0 only when both are 0)', () => {
    const g = new Graph();
    const x = g.leaf(0), y = g.leaf(2);
    const f = g.mul(g.abs(x), y); // |x| has a kink at 0: analytic 0, numeric 0
    const [rx, ry] = gradcheck(g, f, [x, y]);
    assert.equal(rx.relError, 0);
    assert.equal(ry.analytic, 0);
    const k = g.leaf(1e-7); // within eps of the kink the numeric slope is wrong
    const h = g.abs(k);
    const [rk] = gradcheck(g, h, [k]);
    assert.equal(rk.analytic, 1);
    assert.ok(rk.relError > 0.5);
  });

  describe('errors', () => {
    it('E_SHAPE names both shapes', () => {
      const g = new Graph();
      const a = g.leaf(Tensor.zeros([2, 3])), b = g.leaf(Tensor.zeros([4]));
      throwsCode(() => g.apply('add', [a, b]), 'E_SHAPE', /^cannot broadcast shapes \[2, 3\] and \[4\]$/, 1);
      throwsCode(() => g.add(a, b), 'E_SHAPE', /\[2, 3\] and \[4\]/);
      const m = g.leaf(Tensor.zeros([2, 2]));
      throwsCode(() => g.apply('matmul', [a, m]), 'E_SHAPE', /\[2, 3\] and \[2, 2\] do not fit/, 1);
      throwsCode(() => g.apply('matmul', [a, g.leaf(2)]), 'E_SHAPE', /scalar/, 1);
      assert.equal(g.size, 4, 'failed ops append nothing');
    });

    it('E_NOT_SCALAR names the shape', () => {
      const g = new Graph();
      const a = g.leaf(Tensor.zeros([2, 3]));
      throwsCode(() => g.backward(a), 'E_NOT_SCALAR', /shape \[2, 3\]/);
      throwsCode(() => g.scalar(a), 'E_NOT_SCALAR', /\[2, 3\]/);
    });

    it('E_INDEX for out of range, non-integer and too many indices; negatives count from the end', () => {
      const g = new Graph();
      const v = g.leaf(Tensor.fromNested([10, 20, 30]));
      assert.equal(g.scalar(g.apply('index', [v], { indices: [-1] })), 30);
      assert.equal(g.scalar(g.apply('index', [v], { indices: [-3] })), 10);
      throwsCode(() => g.apply('index', [v], { indices: [3] }), 'E_INDEX', /index 3 is out of range for axis 0 of shape \[3\]/);
      throwsCode(() => g.apply('index', [v], { indices: [-4] }), 'E_INDEX', /-4/);
      throwsCode(() => g.apply('index', [v], { indices: [1.5] }), 'E_INDEX', /not an integer/);
      throwsCode(() => g.apply('index', [v], { indices: [0, 0] }), 'E_INDEX', /too many indices/);
      throwsCode(() => g.apply('index', [g.leaf(1)], { indices: [0] }), 'E_INDEX', /scalar/);
    });

    it('E_ARITY, E_UNKNOWN_OP, E_NODE', () => {
      const g = new Graph();
      const x = g.leaf(1);
      throwsCode(() => g.apply('add', [x]), 'E_ARITY', /add takes 2 arguments, got 1/);
      throwsCode(() => g.apply('exp', [x, x]), 'E_ARITY', /exp takes 1 argument, got 2/);
      throwsCode(() => g.apply('nope' as 'add', [x]), 'E_UNKNOWN_OP', /nope/);
      throwsCode(() => g.add(x, 7), 'E_NODE', /node 7/, 1);
      throwsCode(() => g.grad(-1), 'E_NODE');
    });

    it('E_LIMIT for too many nodes and too large tensors', () => {
      const g = new Graph({ maxNodes: 3, maxTensorSize: 10 });
      const x = g.leaf(1);
      g.add(x, x);
      g.add(x, x);
      throwsCode(() => g.add(x, x), 'E_LIMIT', /limit of 3 nodes/);
      const h = new Graph({ maxTensorSize: 10 });
      throwsCode(() => h.leaf(Tensor.zeros([4, 4])), 'E_LIMIT', /16 elements, more than the limit of 10/);
      const a = h.leaf(Tensor.zeros([4, 1])), b = h.leaf(Tensor.zeros([1, 4]));
      throwsCode(() => h.apply('mul', [a, b]), 'E_LIMIT', /\[4, 4\]/);
    });
  });

  it('the registry: names match keys, one derivative text per input, a symbol each', () => {
    for (const [key, spec] of Object.entries(OPS)) {
      assert.equal(spec.name, key);
      assert.equal(spec.derivative.length, spec.arity, `${key}: derivative texts`);
      assert.ok(spec.symbol.length > 0);
      for (const d of spec.derivative) assert.match(d, /∂/);
    }
    assert.equal(OPS.mul.symbol, '×');
    assert.equal(OPS.div.symbol, '÷');
    assert.equal(OPS.sigmoid.symbol, 'σ');
    assert.deepEqual(OPS.sigmoid.derivative, ['∂σ(x)/∂x = (1 − σ(x))·σ(x)']);
    assert.deepEqual(OPS.div.derivative, ['∂(a/b)/∂a = 1/b', '∂(a/b)/∂b = −a/b²']);
  });
});
