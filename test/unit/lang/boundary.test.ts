// boundary s over X (issue 13 item 5): the model's output over a grid that
// covers the data, by re-evaluating the built graph with X's values replaced
// (in chunks of n points, the last one padded). The values are checked
// against the model's formula computed here by hand at every grid point.

import assert from 'node:assert/strict';
import type { BoundaryPlot } from '../../../src/diagram/plotPayload';
import type { CellResult } from '../../../src/lang';
import { Session } from '../../../src/lang';
import { BOUNDARY_MARGIN, boundaryGrid, boundaryValues, labelAccuracy } from '../../../src/lang/boundary';
import { Tensor } from '../../../src/engine';
import { close, firstError, runOk } from './helpers';

function onlyBoundary(result: CellResult): BoundaryPlot {
  assert.ok(result.boundaries && result.boundaries.length === 1, `expected one boundary, got ${JSON.stringify(result.boundaries)}`);
  return result.boundaries[0];
}

const num = (v: unknown): number => {
  assert.equal(typeof v, 'number', `expected a number, got ${JSON.stringify(v)}`);
  return v as number;
};

// A small model of two inputs: one tanh layer of two units, then a linear score.
const W = [[1, -2], [0.5, 1]];
const b = [0.1, -0.3];
const v = [1, -1];
const c = -0.2;
function model(x: number, y: number): number {
  let s = c;
  for (let j = 0; j < 2; j++) s += v[j] * Math.tanh(x * W[0][j] + y * W[1][j] + b[j]);
  return s;
}
const MODEL = [
  'seed 7',
  'X = moons(20, 0.1); y = 2 * labels(X) - 1',
  'W = [[1, -2], [0.5, 1]]; b = [0.1, -0.3]; v = [1, -1]; c = -0.2',
  'H = tanh(X @ W + b)',
  's = H @ v + c',
].join('\n');

describe('lang: boundary s over X', () => {
  it('evaluates the model at every grid point, as its formula computed directly, with the points and their scores', () => {
    const { result } = runOk(MODEL + '\nboundary s over X labels y grid 9');
    const p = onlyBoundary(result);
    assert.equal(p.kind, 'boundary');
    assert.equal(p.target, 's');
    assert.equal(p.over, 'X');
    assert.equal(p.labels, 'y');
    assert.equal(Math.max(p.x.length, p.y.length), 9);
    assert.equal(p.value.length, p.x.length * p.y.length);
    // 9 × k points in chunks of 20: the last chunk is padded unless 20 divides it.
    for (let j = 0; j < p.y.length; j++) {
      for (let i = 0; i < p.x.length; i++) close(num(p.value[j * p.x.length + i]), model(p.x[i], p.y[j]), 1e-12, `s(${p.x[i]}, ${p.y[j]})`);
    }
    const X = result.variables.X.value as number[][];
    assert.equal(p.points.x.length, 20);
    p.points.x.forEach((x, i) => {
      assert.equal(x, X[i][0]);
      assert.equal(p.points.y[i], X[i][1]);
      close(num(p.points.value[i]), model(X[i][0], X[i][1]), 1e-12);
    });
    assert.deepEqual(p.points.label, result.variables.y.value);
  });

  it('covers the points plus a margin of a quarter of their longer side, in square cells', () => {
    const { result } = runOk(MODEL + '\nboundary s over X grid 40');
    const p = onlyBoundary(result);
    const dx = p.x[1] - p.x[0], dy = p.y[1] - p.y[0];
    close(dx, dy, 0.05, 'square cells (within the rounding of the shorter side)');
    const xs = p.points.x, ys = p.points.y;
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    close(p.x[0] - dx / 2, Math.min(...xs) - BOUNDARY_MARGIN * span, 1e-9, 'left edge');
    close(p.x[p.x.length - 1] + dx / 2, Math.max(...xs) + BOUNDARY_MARGIN * span, 1e-9, 'right edge');
    close(p.y[0] - dy / 2, Math.min(...ys) - BOUNDARY_MARGIN * span, 1e-9, 'bottom edge');
    close(p.y[p.y.length - 1] + dy / 2, Math.max(...ys) + BOUNDARY_MARGIN * span, 1e-9, 'top edge');
    assert.equal(p.x.length, 40, 'the longer side has the grid\'s cells');
    assert.ok(p.y.length < 40 && p.y.length >= 2);
    for (let i = 1; i < p.x.length; i++) close(p.x[i] - p.x[i - 1], dx, 1e-9);
    assert.equal(p.labels, undefined);
    assert.equal(p.points.label, undefined);
    assert.equal(p.accuracy, undefined);
  });

  it('feeds the grid in chunks of n points and pads the last one (every chunk size against the formula)', () => {
    const calls: number[][] = [];
    const grid = { x: [0, 1, 2, 3, 4], y: [-1, 0.5, 2] }; // 15 points
    const fake = {
      recompute(o: ReadonlyMap<number, Tensor>, target: number): Tensor {
        assert.equal(target, 9);
        const t = o.get(4)!;
        assert.deepEqual(t.shape, [4, 2], 'always the shape X has on the tape');
        const rows = Array.from({ length: 4 }, (_, k) => [t.data[2 * k], t.data[2 * k + 1]]);
        calls.push(rows.flat());
        return new Tensor([4], Float64Array.from(rows, ([x, y]) => 10 * y + x));
      },
    };
    const value = boundaryValues(fake, 4, 9, 4, grid);
    assert.equal(calls.length, 4, '15 points in chunks of 4');
    assert.deepEqual(calls[3], [2, 2, 3, 2, 4, 2, 4, 2], 'the last chunk: 3 points, padded with the last one');
    assert.deepEqual(value, grid.y.flatMap((y) => grid.x.map((x) => 10 * y + x)));
  });

  it('redraws after a descend in the same cell: the trained model, not the one before', () => {
    const before = onlyBoundary(runOk(MODEL + '\nL = mean(relu(1 - y * s))\nboundary s over X labels y grid 8').result);
    const { result } = runOk(MODEL + '\nL = mean(relu(1 - y * s))\ndescend L wrt W, b lr 0.5 steps 30\nboundary s over X labels y grid 8');
    const after = onlyBoundary(result);
    const Wt = result.variables.W.value as number[][];
    const bt = result.variables.b.value as number[];
    const trained = (x: number, y: number): number => c + v.reduce((acc, vj, j) => acc + vj * Math.tanh(x * Wt[0][j] + y * Wt[1][j] + bt[j]), 0);
    assert.notDeepEqual(Wt, W, 'the descent moved W');
    for (let j = 0; j < after.y.length; j++) {
      for (let i = 0; i < after.x.length; i++) close(num(after.value[j * after.x.length + i]), trained(after.x[i], after.y[j]), 1e-12);
    }
    assert.notDeepEqual(after.value, before.value);
    assert.ok(after.accuracy! >= before.accuracy!, `accuracy ${before.accuracy} → ${after.accuracy}`);
    assert.ok(result.descents?.length === 1, 'the loss curve is there too');
  });

  it('leaves the namespace, the values and the tape as they were', () => {
    const session = new Session();
    const first = runOk([MODEL, 'L = sum(s)\nbackward L'], session).result;
    const nodes = session.nodeCount();
    const { result } = runOk('boundary s over X labels y', session);
    assert.equal(session.nodeCount(), nodes, 'no node added');
    assert.deepEqual(result.variables, first.variables, 'values and the gradients of backward L as before');
    assert.equal(result.graph, undefined, 'boundary selects no graph');
  });

  it('says the accuracy when the labels have two values (the larger one wants s > 0)', () => {
    assert.equal(labelAccuracy([-1, 1, 1, -1], [-0.5, 2, -1, 0]), 0.75);
    assert.equal(labelAccuracy([0, 1], [-1, 1]), 1);
    assert.equal(labelAccuracy([0, 1, 2], [-1, 1, 1]), undefined);
    const { result } = runOk(MODEL + '\nboundary s over X labels y grid 4');
    const p = onlyBoundary(result);
    const ys = result.variables.y.value as number[];
    const X = result.variables.X.value as number[][];
    const right = ys.filter((yi, i) => (yi > 0) === (model(X[i][0], X[i][1]) > 0)).length;
    assert.equal(p.accuracy, right / ys.length);
  });

  it('grid helper: square cells, at least 2 along the shorter side, a margin of 1 around a single point', () => {
    const g = boundaryGrid([0, 10], [0, 0], 10); // 15 × 5 with the margins: cells of 1.5
    assert.equal(g.x.length, 10);
    assert.equal(g.y.length, 3);
    assert.equal(boundaryGrid([0, 100], [0, 0], 2).y.length, 2, 'never fewer than 2');
    const one = boundaryGrid([3], [4], 4);
    assert.deepEqual(one.x, [2.25, 2.75, 3.25, 3.75]);
    assert.deepEqual(one.y, [3.25, 3.75, 4.25, 4.75]);
  });

  describe('errors, located', () => {
    it('X not [n, 2]', () => {
      const e = firstError(MODEL + '\nboundary s over y');
      assert.equal(e.where, 'E_SHAPE 6:17');
      assert.match(e.message, /\[n, 2\].*'y' has shape \[20\]/);
    });
    it('s not one value per point', () => {
      const e = firstError(MODEL + '\nboundary H over X');
      assert.equal(e.where, 'E_SHAPE 6:10');
      assert.match(e.message, /'H' must have shape \[20\].*\[20, 2\]/);
      assert.equal(firstError(MODEL + '\nL = sum(s)\nboundary L over X').where, 'E_SHAPE 7:10');
    });
    it('s not computed from X', () => {
      const e = firstError(MODEL + '\nZ = circles(20, 0)\nboundary s over Z');
      assert.equal(e.where, 'E_ARGUMENT 7:10');
      assert.match(e.message, /'s' is not computed from 'Z'/);
    });
    it('labels of another size, a grid out of range, a missing or misspelt clause', () => {
      assert.equal(firstError(MODEL + '\nboundary s over X labels W').where, 'E_SHAPE 6:26');
      assert.equal(firstError(MODEL + '\nboundary s over X grid 101').where, 'E_ARGUMENT 6:24');
      assert.equal(firstError(MODEL + '\nboundary s over X grid 1').where, 'E_ARGUMENT 6:24');
      assert.equal(firstError(MODEL + '\nboundary s').where, 'E_SYNTAX 6:1');
      assert.equal(firstError(MODEL + '\nboundary s over X colour y').where, 'E_SYNTAX 6:19');
      assert.equal(firstError(MODEL + '\nboundary s over X over X').where, 'E_SYNTAX 6:19');
      assert.equal(firstError(MODEL + '\nboundary s over nope').where, 'E_UNKNOWN_NAME 6:17');
    });
    it('a failed cell keeps nothing: the boundaries of its earlier statements are dropped', () => {
      const e = firstError(MODEL + '\nboundary s over X\nnope');
      assert.equal(e.result.boundaries, undefined);
    });
  });

  it('boundary is still an ordinary name elsewhere', () => {
    const { result } = runOk('boundary = 3\nboundary * 2');
    assert.deepEqual(result.messages, ['boundary * 2 = 6']);
  });
});
