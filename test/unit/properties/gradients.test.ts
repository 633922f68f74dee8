// Properties of the engine: for random well-formed expression graphs over every
// op of the registry, on scalars, vectors, matrices and stacks of them, reverse
// mode, forward mode and central differences agree wherever the function is
// differentiable. The graph is built step by step from generated choices; an op
// is applied only where its inputs are safely inside its domain and away from
// its kinks (relu/abs at 0, max/min/max(v) at ties, log/sqrt near 0, division
// near 0, pow with a base near 0; comparisons at ties), else that step is skipped.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Graph, OP_NAMES, Tensor, gradcheck, type NodeId, type OpAttrs, type OpName, type Shape } from '../../../src/engine';
import { check } from './config';

interface Slot { id: NodeId; shape: Shape }
interface Step { op: OpName; a: number; b: number; k: number }
interface Recipe {
  scalars: number[];
  vector: number[];
  matrix: number[];
  steps: Step[];
  weights: number[];
  directions: number[];
}

/** Away from kinks and domain edges by at least this much. */
const MARGIN = 0.02;
/** Intermediate values stay below this (beyond, finite differences lose their digits). */
const BOUND = 1e3;

const magnitude = fc.double({ min: 0.3, max: 1.5, noNaN: true });
const signed = fc.tuple(magnitude, fc.boolean()).map(([m, neg]) => (neg ? -m : m));
const step: fc.Arbitrary<Step> = fc.record({ op: fc.constantFrom(...OP_NAMES), a: fc.nat(99), b: fc.nat(99), k: fc.nat(99) });
const recipe: fc.Arbitrary<Recipe> = fc.record({
  scalars: fc.array(signed, { minLength: 2, maxLength: 2 }),
  vector: fc.array(signed, { minLength: 3, maxLength: 3 }),
  matrix: fc.array(signed, { minLength: 6, maxLength: 6 }),
  steps: fc.array(step, { minLength: 1, maxLength: 8 }),
  weights: fc.array(signed, { minLength: 64, maxLength: 64 }),
  directions: fc.array(signed, { minLength: 64, maxLength: 64 }),
});

const values = (g: Graph, s: Slot): Float64Array => g.value(s.id).data;
const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);
const all = (xs: ArrayLike<number>, ok: (x: number) => boolean) => Array.prototype.every.call(xs, ok as (x: unknown) => boolean);

/** Element pairs of two same-shaped or scalar-and-tensor operands (the broadcasting the generator uses). */
function pairs(a: Float64Array, b: Float64Array): [number, number][] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => [a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i]]);
}

/**
 * The inputs and attributes for one step's op, or undefined when no operand in
 * the pool fits or the point is not safely differentiable there.
 */
function plan(g: Graph, pool: Slot[], st: Step): { inputs: Slot[]; attrs?: OpAttrs } | undefined {
  // Mostly the newest nodes, so graphs get deep, not only wide.
  const x = pool[pool.length - 1 - (st.a % Math.min(pool.length, 3))];
  const xv = values(g, x);
  const pick = (ok: (s: Slot) => boolean): Slot | undefined => {
    const c = pool.filter(ok);
    return c.length === 0 ? undefined : c[st.b % c.length];
  };
  const partner = () => pick((s) => sameShape(s.shape, x.shape) || s.shape.length === 0 || x.shape.length === 0);
  switch (st.op) {
    case 'add': case 'sub': case 'mul': { const y = partner(); return y && { inputs: [x, y] }; }
    case 'div': {
      const y = pick((s) => (sameShape(s.shape, x.shape) || s.shape.length === 0 || x.shape.length === 0) && all(values(g, s), (v) => Math.abs(v) > 0.1));
      return y && { inputs: [x, y] };
    }
    case 'pow': {
      if (!all(xv, (v) => v > 0.1)) return undefined;
      const y = pick((s) => (sameShape(s.shape, x.shape) || s.shape.length === 0 || x.shape.length === 0) && all(values(g, s), (v) => Math.abs(v) < 3));
      return y && { inputs: [x, y] };
    }
    // comparisons: a step, so (like max/min) away from ties, where both sides agree its derivative is 0
    case 'max': case 'min': case 'lt': case 'gt': case 'le': case 'ge': case 'eq': {
      const y = pick((s) => (sameShape(s.shape, x.shape) || s.shape.length === 0 || x.shape.length === 0)
        && pairs(xv, values(g, s)).every(([p, q]) => Math.abs(p - q) > MARGIN));
      return y && { inputs: [x, y] };
    }
    case 'matmul': case 'dot': {
      if (x.shape.length < 1 || x.shape.length > 2) return undefined;
      const k = x.shape[x.shape.length - 1];
      const y = pick((s) => (s.shape.length === 1 || s.shape.length === 2) && s.shape[0] === k);
      return y && { inputs: [x, y] };
    }
    case 'log': case 'sqrt': return all(xv, (v) => v > 0.05) ? { inputs: [x] } : undefined;
    case 'abs': case 'relu': return all(xv, (v) => Math.abs(v) > MARGIN) ? { inputs: [x] } : undefined;
    case 'exp': return all(xv, (v) => v < 6) ? { inputs: [x] } : undefined;
    case 'neg': case 'sin': case 'cos': case 'tanh': case 'sigmoid':
    case 'transpose': case 'softmax': case 'logsumexp': case 'sum': case 'mean':
      return { inputs: [x] };
    case 'maxReduce': {
      const sorted = Array.from(xv).sort((p, q) => q - p);
      return sorted.length === 1 || sorted[0] - sorted[1] > MARGIN ? { inputs: [x] } : undefined;
    }
    case 'index': {
      if (x.shape.length === 0) return undefined;
      const count = 1 + (st.k % x.shape.length);
      // Negative indices count from the end (NumPy); odd k picks them.
      const indices = x.shape.slice(0, count).map((d, ax) => {
        const i = (st.b + ax * 7) % d;
        return st.k % 2 === 1 ? i - d : i;
      });
      return { inputs: [x], attrs: { indices } };
    }
    case 'stack': {
      if (x.shape.length > 2) return undefined;
      const n = 1 + (st.k % 3);
      const inputs = [x];
      const same = pool.filter((s) => sameShape(s.shape, x.shape));
      // The same node may appear twice: its gradient is then the sum of two rows.
      for (let i = 1; i < n; i++) inputs.push(same[(st.b + i) % same.length]);
      return { inputs };
    }
  }
}

interface Built { g: Graph; target: NodeId; leaves: Slot[]; used: Set<OpName> }

function build(r: Recipe): Built {
  const g = new Graph();
  const leaves: Slot[] = [
    { id: g.leaf(r.scalars[0]), shape: [] },
    { id: g.leaf(r.scalars[1]), shape: [] },
    { id: g.leaf(new Tensor([3], Float64Array.from(r.vector))), shape: [3] },
    { id: g.leaf(new Tensor([2, 3], Float64Array.from(r.matrix))), shape: [2, 3] },
  ];
  // A constant operand too: it must get no gradient of its own but pass through ops.
  const pool: Slot[] = [...leaves, { id: g.constant(new Tensor([3], Float64Array.from([0.5, -1.25, 2]))), shape: [3] }];
  const made: Slot[] = [];
  const used = new Set<OpName>();
  for (const st of r.steps) {
    const p = plan(g, pool, st);
    if (p === undefined) continue;
    const id = g.apply(st.op, p.inputs.map((s) => s.id), p.attrs);
    const v = g.value(id).data;
    if (!all(v, (x) => Number.isFinite(x) && Math.abs(x) < BOUND)) continue; // left on the tape, unused
    const slot = { id, shape: g.shape(id) };
    pool.push(slot);
    made.push(slot);
    used.add(st.op);
  }
  // target = Σ over every made node (or the leaves if none) of sum(node ⊙ W), W a fixed random weight:
  // every op reached, and the upstream gradient of each is not all ones.
  let w = 0;
  let target: NodeId | undefined;
  for (const s of made.length > 0 ? made : leaves) {
    const size = g.value(s.id).size;
    const data = Float64Array.from({ length: size }, () => r.weights[w++ % r.weights.length]);
    const term = g.apply('sum', [g.apply('mul', [s.id, g.constant(new Tensor(s.shape, data))])]);
    target = target === undefined ? term : g.apply('add', [target, term]);
  }
  return { g, target: target!, leaves, used };
}

const close = (a: number, b: number, tol: number, scale = 1) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b), scale);

describe('properties/gradients', () => {
  it('the generator can apply every op of the registry', () => {
    // A run of the generator, collecting which ops made it into a graph: all of them must.
    const seen = new Set<OpName>();
    fc.assert(fc.property(recipe, (r) => { for (const op of build(r).used) seen.add(op); }), { seed: 1, numRuns: 400 });
    assert.deepEqual([...OP_NAMES].filter((op) => !seen.has(op)), []);
  });

  it('reverse mode agrees with central differences on random graphs over every op', () => {
    check(fc.property(recipe, (r) => {
      const { g, target, leaves } = build(r);
      const f = g.scalar(target);
      for (const e of gradcheck(g, target, leaves.map((l) => l.id))) {
        // Central differences lose about |f|·1e-16/ε to rounding; the rest is the rule.
        assert.ok(close(e.analytic, e.numeric, 1e-5, Math.abs(f) * 1e-3),
          `leaf ${e.leaf}[${e.index}]: reverse ${e.analytic} vs numeric ${e.numeric} (f = ${f})`);
      }
    }), 1000);
  });

  it('forward mode agrees with reverse mode along random directions on random graphs over every op', () => {
    check(fc.property(recipe, (r) => {
      const { g, target, leaves } = build(r);
      g.backward(target);
      const grads = leaves.map((l) => g.grad(l.id)?.data.slice());
      let d = 0;
      leaves.forEach((l, li) => {
        const size = g.value(l.id).size;
        const dir = new Tensor(l.shape, Float64Array.from({ length: size }, () => r.directions[d++ % r.directions.length]));
        g.forward(l.id, dir);
        // ⟨∇f, v⟩ from reverse mode must equal the directional derivative from forward mode.
        let expected = 0;
        const grad = grads[li];
        if (grad) for (let i = 0; i < size; i++) expected += grad[i] * dir.data[i];
        const t = g.tangent(target);
        const actual = t === undefined ? 0 : t.data[0];
        assert.ok(close(actual, expected, 1e-9), `leaf ${l.id}: forward ${actual} vs reverse ${expected}`);
      });
    }), 1000);
  });

  it('replay with new input values gives every node the value a one-off recompute gives, and sweeps agree after it', () => {
    // New values: each input element scaled by 1 ± up to 0.5 %, well inside the generator's margins from kinks.
    const scales = fc.array(fc.double({ min: -0.005, max: 0.005, noNaN: true }), { minLength: 16, maxLength: 16 });
    check(fc.property(recipe, scales, (r, sc) => {
      const { g, target, leaves } = build(r);
      g.backward(target);
      let k = 0;
      const overrides = new Map(leaves.map((l) => {
        const v = g.value(l.id);
        return [l.id, new Tensor(v.shape, v.data.map((x) => x * (1 + sc[k++ % sc.length])))] as const;
      }));
      // The oracle: recompute evaluates each node from the overrides into a map, through each op's tensor forward rule.
      const expected = Array.from({ length: g.size }, (_, id) => [...g.recompute(overrides, id).data]);
      for (const [id, v] of overrides) g.setLeaf(id, v.shape.length === 0 ? v.data[0] : v);
      g.replay();
      for (let id = 0; id < g.size; id++) assert.deepEqual([...g.value(id).data], expected[id], `node ${id} (${g.op(id)})`);
      assert.equal(g.grad(leaves[0].id), undefined, 'the gradients of the old values are gone');
      // Reverse and forward mode at the new values agree, as they do on a graph built with them.
      g.backward(target);
      leaves.forEach((l, li) => {
        const size = g.value(l.id).size;
        const dir = new Tensor(l.shape, Float64Array.from({ length: size }, (_, i) => r.directions[(li * 7 + i) % r.directions.length]));
        const grad = g.grad(l.id)?.data;
        let expectedT = 0;
        if (grad) for (let i = 0; i < size; i++) expectedT += grad[i] * dir.data[i];
        g.forward(l.id, dir);
        const t = g.tangent(target);
        assert.ok(close(t === undefined ? 0 : t.data[0], expectedT, 1e-9), `leaf ${l.id}: forward vs reverse after replay`);
      });
    }), 500);
  });
});

