// Bracket literals over inputs are one `stack` gate: the drawing shows what the
// user wrote (no one-hot × / + gates), gradients are exact, and a NaN element
// does not cut the others off.

import assert from 'node:assert/strict';
import { OPS } from '../../../src/engine';
import type { GraphPayload } from '../../../src/diagram/payload';
import { firstError, runOk, scalar } from './helpers';

const ops = (g: GraphPayload) => g.nodes.map((n) => n.op);

describe('lang: bracket literals', () => {
  it('[x, y*3] draws exactly x, y, 3, × and the stack gate', () => {
    const g = runOk('x = 1; y = 2\nv = [x, y*3]\nshow v').result.graph!;
    assert.deepEqual(g.nodes.map((n) => [n.label, n.op, n.symbol, n.value]), [
      ['x', 'leaf', 'x', 1],
      ['y', 'leaf', 'y', 2],
      ['3', 'const', '3', 3],
      ['×', 'mul', '×', 6],
      ['v', 'stack', OPS.stack.symbol, [1, 6]],
    ]);
    const stackId = g.nodes[4].id;
    const into = g.edges.filter((e) => e.to === stackId);
    assert.deepEqual(into.map((e) => [e.from, e.index]), [['n0', 0], ['n3', 1]]);
    assert.deepEqual(into.map((e) => e.localText), [
      '∂[a₀, a₁]/∂a₀ = e₀ (picks row 0 of the gradient)',
      '∂[a₀, a₁]/∂a₁ = e₁ (picks row 1 of the gradient)',
    ]);
    // the stack gate's source range is the whole literal (line 2, columns 5–12)
    assert.deepEqual(g.nodes[4].range, { cell: 'cell', startLine: 1, startColumn: 4, endLine: 1, endColumn: 12 });
  });

  it('gradients through the literal are exact, and the backward picture has no phantom gates', () => {
    const { result } = runOk('x = 1; y = 2\nv = [x, y*3]\ns = sum(v * [10, 100])\nbackward s\ncheck s');
    assert.equal(scalar(result.variables.x.grad), 10);
    assert.equal(scalar(result.variables.y.grad), 300);
    assert.deepEqual(result.variables.v.grad, [10, 100]);
    assert.deepEqual(ops(result.graph!), ['leaf', 'leaf', 'const', 'mul', 'stack', 'const', 'mul', 'sum']);
    assert.equal(result.checks.length, 2);
    for (const c of result.checks) assert.ok(c.relError < 1e-8, `${c.wrt}: ${c.analytic} vs ${c.numeric}`);
  });

  it('a NaN or infinite element keeps the gradient path, with no constant fallback', () => {
    const { result } = runOk('x = 2; y = -1\nv = [x, sqrt(y), 1/0 + x]\ns = sum(v)\nbackward s');
    assert.deepEqual(result.variables.v.value, [2, 'NaN', 'Infinity']);
    assert.equal(scalar(result.variables.x.grad), 2); // element 0 and element 2
    assert.deepEqual(result.variables.v.grad, [1, 1, 1]);
    assert.equal(result.variables.y.grad, 'NaN'); // sqrt'(-1), not a lost path
    assert.ok(ops(result.graph!).includes('stack'));
    for (const d of result.diagnostics) assert.doesNotMatch(d.message, /built as a constant/);
  });

  it('a nested literal is a stack of its rows; constant rows stay single constants', () => {
    const { result } = runOk('x = 1; y = 2\nM = [[x, 1], [2, y], [5, 6]]\ns = sum(M @ [1, 2])\nbackward s');
    assert.deepEqual(result.variables.M.value, [[1, 1], [2, 2], [5, 6]]);
    assert.equal(scalar(result.variables.x.grad), 1);
    assert.equal(scalar(result.variables.y.grad), 2);
    const g = result.graph!;
    assert.equal(ops(g).filter((o) => o === 'stack').length, 3); // two rows with an input, and M
    assert.ok(!ops(g).includes('add'));
    const m = g.nodes.find((n) => n.name === 'M')!;
    assert.deepEqual(m.shape, [3, 2]);
    const rows = g.edges.filter((e) => e.to === m.id).map((e) => g.nodes.find((n) => n.id === e.from)!);
    assert.deepEqual(rows.map((r) => [r.op, r.shape]), [['stack', [2]], ['stack', [2]], ['const', [2]]]);
  });

  it('an all-constant literal is one constant node', () => {
    const g = runOk('x = 3\nf = x * sum([1, 2 * 2, 3])\nshow f').result.graph!;
    assert.deepEqual(g.nodes.map((n) => [n.op, n.value]), [['leaf', 3], ['const', [1, 4, 3]], ['sum', 8], ['mul', 24]]);
  });

  it('a thousand-element literal is one gate with a thousand edges', () => {
    const src = `x = 2\nv = [${Array.from({ length: 1000 }, (_, i) => `${i} * x`).join(', ')}]\ns = sum(v)\nbackward s`;
    const { result } = runOk(src);
    assert.equal(scalar(result.variables.x.grad), (999 * 1000) / 2);
    const v = result.variables.v;
    assert.deepEqual(v.shape, [1000]);
    assert.deepEqual(v.grad, new Array(1000).fill(1));
    const edges = result.graph!.edges.filter((e) => e.to === result.graph!.nodes.find((n) => n.name === 'v')!.id);
    assert.equal(edges.length, 1000);
    assert.equal(edges[999].localText, '∂[a₀, …, a₉₉₉]/∂a₉₉₉ = e₉₉₉ (picks row 999 of the gradient)');
  });

  it('elements of different shapes are E_SHAPE at the offending element', () => {
    const { where, message } = firstError('x = 1\nv = [x, [x, 2]]');
    assert.equal(where, 'E_SHAPE 2:9');
    assert.match(message, /element 1 has shape \[\], element 2 has \[2\]/);
  });
});
