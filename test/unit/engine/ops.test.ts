// Every op's reverse rule against two independent oracles:
//   forward mode:  ⟨v, J·u⟩ (from the JVP) == ⟨Jᵀ·v, u⟩ (from the VJP)
//   differences:   J·u ≈ (f(x + εu) − f(x − εu)) / 2ε (from forward values only)
// for scalars, vectors, matrices and broadcasting, plus a full gradcheck.

import assert from 'node:assert/strict';
import { Graph, OPS, type OpAttrs, type OpName, Rng, type Shape, Tensor, gradcheck, jacobian, sameShape } from '../../../src/engine';
import { assertClose, dotData, randomTensor } from './helpers';

interface Case {
  op: OpName;
  shapes: Shape[];
  attrs?: OpAttrs;
  /** Input values strictly positive (log, sqrt, pow's base). */
  positive?: boolean;
  /** Keep inputs near 1 in magnitude (pow). */
  hi?: number;
}

const BINARY_SHAPES: Shape[][] = [
  [[], []],
  [[3], [3]],
  [[2, 3], [2, 3]],
  [[2, 3], [3]], // row broadcast
  [[2, 1], [1, 3]], // outer broadcast
  [[], [2, 3]], // scalar · matrix
  [[3], []],
  [[2, 1, 3], [4, 1]], // rank 3 against rank 2: [2, 4, 3]
];
const UNARY_SHAPES: Shape[][] = [[[]], [[4]], [[2, 3]]];

const CASES: Case[] = [
  ...(['add', 'sub', 'mul', 'div', 'max', 'min', 'lt', 'gt', 'le', 'ge', 'eq'] as const).flatMap((op) => BINARY_SHAPES.map((shapes) => ({ op, shapes }))),
  ...BINARY_SHAPES.map((shapes) => ({ op: 'pow' as const, shapes, positive: true, hi: 1.5 })),
  ...(['neg', 'exp', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu'] as const).flatMap((op) => UNARY_SHAPES.map((shapes) => ({ op, shapes }))),
  ...(['log', 'sqrt'] as const).flatMap((op) => UNARY_SHAPES.map((shapes) => ({ op, shapes, positive: true }))),
  ...([[[2, 3], [3, 4]], [[2, 3], [3]], [[3], [3, 4]], [[3], [3]]] as Shape[][]).map((shapes) => ({ op: 'matmul' as const, shapes })),
  { op: 'dot', shapes: [[4], [4]] },
  { op: 'dot', shapes: [[2, 3], [3, 2]] },
  ...([[[2, 3]], [[3]], [[]], [[2, 3, 4]]] as Shape[][]).map((shapes) => ({ op: 'transpose' as const, shapes })),
  ...(['softmax', 'logsumexp', 'sum', 'mean', 'maxReduce'] as const).flatMap((op) =>
    ([[[]], [[4]], [[2, 3]]] as Shape[][]).map((shapes) => ({ op, shapes })),
  ),
  { op: 'index', shapes: [[4]], attrs: { indices: [1] } },
  { op: 'index', shapes: [[4]], attrs: { indices: [-1] } },
  { op: 'index', shapes: [[2, 3]], attrs: { indices: [1] } },
  { op: 'index', shapes: [[2, 3]], attrs: { indices: [1, -2] } },
  { op: 'index', shapes: [[2, 3, 2]], attrs: { indices: [0, 2] } },
  // stack: any number of inputs of one shape, scalars to matrices
  ...([[[]], [[], []], [[], [], [], []], [[3]], [[3], [3], [3]], [[2, 3], [2, 3]]] as Shape[][]).map((shapes) => ({ op: 'stack' as const, shapes })),
];

function caseName(c: Case): string {
  const shapes = c.shapes.map((s) => `[${s.join(',')}]`).join(' ');
  return `${c.op} ${shapes}${c.attrs?.indices ? ` at [${c.attrs.indices.join(',')}]` : ''}`;
}

describe('engine: every op against forward mode and central differences', () => {
  it('covers every op in the registry', () => {
    const covered = new Set(CASES.map((c) => c.op));
    for (const name of Object.keys(OPS)) assert.ok(covered.has(name as OpName), `no oracle case for ${name}`);
  });

  for (const [n, c] of CASES.entries()) {
    it(caseName(c), () => {
      const rng = new Rng(1000 + n);
      const g = new Graph();
      const xs = c.shapes.map((s) => g.leaf(randomTensor(rng, s, 0.2, c.hi ?? 2, c.positive)));
      const y = g.apply(c.op, xs, c.attrs);
      const yShape = g.shape(y);
      // A random cotangent v; L = Σ v ⊙ y, so ∂L/∂x = Jᵀv.
      const v = randomTensor(rng, yShape, 0.5, 1.5);
      const L = g.apply('sum', [g.apply('mul', [g.constant(v), y])]);
      g.backward(L);
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const xv = g.value(x);
        const u = randomTensor(rng, xv.shape, 0.5, 1.5);
        const gradX = g.grad(x)!;
        assert.ok(sameShape(gradX.shape, xv.shape), `grad shape [${gradX.shape}] vs input [${xv.shape}]`);
        // Forward mode along u.
        g.forward(x, u);
        const Ju = g.tangent(y)!;
        assert.ok(sameShape(Ju.shape, yShape));
        assertClose(dotData(v.data, Ju.data), dotData(gradX.data, u.data), 1e-10, `⟨v, Ju⟩ vs ⟨Jᵀv, u⟩ for input ${i}`);
        // Central differences along u, from values alone.
        const eps = 1e-6;
        const shifted = (s: number): Tensor => {
          const d = xv.data.slice();
          for (let k = 0; k < d.length; k++) d[k] += s * eps * u.data[k];
          return g.recompute(new Map([[x, new Tensor(xv.shape, d)]]), y);
        };
        const plus = shifted(1), minus = shifted(-1);
        const numeric = plus.data.map((p, k) => (p - minus.data[k]) / (2 * eps));
        assertClose(Ju.data, numeric, 1e-6, `J·u vs central differences for input ${i}`);
      }
      for (const e of gradcheck(g, L, xs)) {
        assert.ok(e.relError < 1e-6, `gradcheck leaf ${e.leaf}[${e.index}]: analytic ${e.analytic} numeric ${e.numeric}`);
      }
    });
  }

  it('jacobian of softmax is diag(s) − s·sᵀ, and its rows match reverse mode', () => {
    const g = new Graph();
    const x = g.leaf(Tensor.fromNested([0.5, -1, 2]));
    const s = g.apply('softmax', [x]);
    const sv = g.value(s).data;
    const J = jacobian(g, s, x);
    assert.deepEqual(J.shape, [3, 3]);
    for (let i = 0; i < 3; i++) {
      const expected = [0, 1, 2].map((j) => (i === j ? sv[i] : 0) - sv[i] * sv[j]);
      assertClose(J.data.subarray(i * 3, i * 3 + 3), expected, 1e-14, `row ${i}`);
      const si = g.apply('index', [s], { indices: [i] });
      g.backward(si);
      assertClose(g.grad(x)!.data, J.data.subarray(i * 3, i * 3 + 3), 1e-14, `reverse row ${i}`);
    }
  });

  it('matmul reverse rule: Ā = Ḡ·Bᵀ and B̄ = Aᵀ·Ḡ on a worked 2×2 example', () => {
    const g = new Graph();
    const A = g.leaf(Tensor.fromNested([[1, 2], [3, 4]]));
    const B = g.leaf(Tensor.fromNested([[5, 6], [7, 8]]));
    const C = g.apply('matmul', [A, B]);
    assert.deepEqual(g.value(C).toNested(), [[19, 22], [43, 50]]);
    g.backward(g.apply('sum', [C])); // Ḡ = ones
    assert.deepEqual(g.grad(A)!.toNested(), [[11, 15], [11, 15]]);
    assert.deepEqual(g.grad(B)!.toNested(), [[4, 4], [6, 6]]);
  });

  it('broadcast gradients are summed back to the input shape', () => {
    const g = new Graph();
    const M = g.leaf(Tensor.fromNested([[1, 2, 3], [4, 5, 6]]));
    const b = g.leaf(Tensor.fromNested([10, 20, 30]));
    const c = g.leaf(2);
    const L = g.apply('sum', [g.apply('mul', [c, g.apply('add', [M, b])])]);
    g.backward(L);
    assert.deepEqual(g.grad(b)!.toNested(), [4, 4, 4]);
    assert.deepEqual(g.grad(M)!.toNested(), [[2, 2, 2], [2, 2, 2]]);
    assert.equal(g.grad(c)!.item(), 21 + 120);
  });
});
