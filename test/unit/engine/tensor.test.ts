// Tensors, broadcasting shapes, the PRNG and the constructors.

import assert from 'node:assert/strict';
import { EngineError, Rng, Tensor, broadcastShapes, ones, rand, randn, zeros } from '../../../src/engine';

describe('engine: tensors', () => {
  it('round-trips nested arrays, row-major', () => {
    const t = Tensor.fromNested([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(t.toNested(), [[1, 2, 3], [4, 5, 6]]);
    assert.equal(Tensor.fromNested(7).toNested(), 7);
    assert.deepEqual(Tensor.fromNested([]).shape, [0]);
    assert.equal(t.size, 6);
  });

  it('rejects ragged input with E_RAGGED naming the row', () => {
    assert.throws(() => Tensor.fromNested([[1, 2], [3]]), (e: unknown) => e instanceof EngineError && e.code === 'E_RAGGED' && /row \[1\] has 1 elements, expected 2/.test(e.message));
    assert.throws(() => Tensor.fromNested([[1, 2], 3]), (e: unknown) => e instanceof EngineError && e.code === 'E_RAGGED');
    assert.throws(() => Tensor.fromNested([1, [2]]), (e: unknown) => e instanceof EngineError && e.code === 'E_RAGGED');
  });

  it('checks data length against the shape', () => {
    assert.throws(() => new Tensor([2, 2], new Float64Array(3)), /shape \[2, 2\] needs 4 elements, got 3/);
  });

  it('broadcasts shapes NumPy-style', () => {
    assert.deepEqual(broadcastShapes([2, 3], [3]), [2, 3]);
    assert.deepEqual(broadcastShapes([2, 1], [1, 3]), [2, 3]);
    assert.deepEqual(broadcastShapes([], [2, 3]), [2, 3]);
    assert.deepEqual(broadcastShapes([4, 1, 3], [2, 1]), [4, 2, 3]);
    assert.throws(() => broadcastShapes([2, 3], [4]), (e: unknown) => e instanceof EngineError && e.code === 'E_SHAPE' && e.message === 'cannot broadcast shapes [2, 3] and [4]' && e.argIndex === 1);
  });
});

describe('engine: Rng and constructors', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(Array.from({ length: 5 }, () => b.next()), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, () => c.next()), xs);
    a.seed(42);
    assert.deepEqual(Array.from({ length: 5 }, () => a.next()), xs);
  });

  it('rand is uniform in [0, 1), randn has mean ≈ 0 and variance ≈ 1', () => {
    const rng = new Rng(7);
    const u = rand([20000], rng).data;
    assert.ok(u.every((x) => x >= 0 && x < 1));
    const mu = u.reduce((s, x) => s + x, 0) / u.length;
    assert.ok(Math.abs(mu - 0.5) < 0.01, `uniform mean ${mu}`);
    const n = randn([20000], rng).data;
    const m = n.reduce((s, x) => s + x, 0) / n.length;
    const v = n.reduce((s, x) => s + (x - m) ** 2, 0) / n.length;
    assert.ok(Math.abs(m) < 0.03, `normal mean ${m}`);
    assert.ok(Math.abs(v - 1) < 0.05, `normal variance ${v}`);
  });

  it('zeros and ones have the asked shape; bad or huge shapes are errors', () => {
    assert.deepEqual(zeros([2, 3]).toNested(), [[0, 0, 0], [0, 0, 0]]);
    assert.deepEqual(ones([2]).toNested(), [1, 1]);
    assert.throws(() => zeros([2.5]), (e: unknown) => e instanceof EngineError && e.code === 'E_SHAPE' && /2.5/.test(e.message));
    assert.throws(() => ones([-1]), (e: unknown) => e instanceof EngineError && e.code === 'E_SHAPE');
    assert.throws(() => randn([100000, 100000], new Rng()), (e: unknown) => e instanceof EngineError && e.code === 'E_LIMIT' && /\[100000, 100000\]/.test(e.message));
  });
});
