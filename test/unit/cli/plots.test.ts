// `bpnb run --json` and the text report with plots and descents (spec §4).
import assert from 'node:assert/strict';
import { jsonReport, textReport } from '../../../src/cli/report';
import type { CellResult } from '../../../src/lang/result';
import { boundaryPlot, fallingDescent, sigmoidPlot } from '../../renderer-harness/plotFixtures';
import { notebook, runCli } from './fakeIo';

const base: CellResult = { ok: true, diagnostics: [], variables: { x: { value: 0.5, shape: [] } }, gates: [], checks: [], messages: [] };

describe('bpnb run: plots and descents', () => {
  it('--json gives each plot as {target, wrt, x, value, grad} (+ at, warning) and each descent as {target, wrt, steps, lr, loss}', () => {
    const curve = { ...sigmoidPlot(3), warning: 'w' };
    const descent = fallingDescent(2);
    const doc = JSON.parse(JSON.stringify(jsonReport([{ index: 2, result: { ...base, plots: [curve], descents: [descent] } }])));
    const cell = doc.cells[0];
    assert.deepEqual(Object.keys(cell), ['index', 'ok', 'variables', 'checks', 'errors', 'plots', 'descents']);
    assert.deepEqual(cell.plots, [{ target: 's', wrt: 'x', x: [-3, 0, 3], value: curve.value, grad: curve.grad, at: curve.at, warning: 'w' }]);
    assert.deepEqual(cell.descents, [{ target: 'L', wrt: ['w', 'b'], steps: 2, lr: [1, 0.1], loss: descent.loss }]);
    assert.deepEqual(descent.loss.slice(0, 2), [10, 9]);
    assert.equal(cell.descents[0].loss.length, cell.descents[0].steps + 1);
  });

  it('--json has no plots or descents keys for a cell without them, and keeps NaN as its JSON stand-in', () => {
    const doc = jsonReport([{ index: 0, result: base }, { index: 1, result: { ...base, descents: [{ ...fallingDescent(1), loss: [1, 'NaN'] }] } }]);
    assert.ok(!('plots' in doc.cells[0]) && !('descents' in doc.cells[0]));
    assert.deepEqual(JSON.parse(JSON.stringify(doc)).cells[1].descents[0].loss, [1, 'NaN']);
  });

  it('the text report says what each plot and descent showed', () => {
    const text = textReport([{ index: 0, result: { ...base, plots: [sigmoidPlot()], descents: [fallingDescent()] } }]);
    assert.ok(text.includes('  plot: s and ∂s/∂x for x from -3 to 3 (61 points); at x = 0.5: s = 0.6225, ∂s/∂x = 0.235\n'), text);
    assert.ok(text.includes('  descend: L over 100 steps of gradient descent wrt w, b, lr 1 → 0.1: from 10 to 0.0002656 (final)\n'), text);
  });
});

describe('bpnb run --json with the language\'s plot and descend', () => {
  it('a real run puts the plot and the descent into the cell, the loss with steps + 1 entries', async () => {
    const file = notebook(['code', ['x = 0.5', 's = 1 / (1 + exp(-x))', 'plot s wrt x from -1 to 1 points 5']],
      ['code', ['w = 3', 'L = (w - 1) ^ 2', 'descend L wrt w lr 0.25 steps 4']]);
    const r = await runCli(['run', 'p.bpnb', '--json'], { 'p.bpnb': file });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    const [plot] = doc.cells[0].plots;
    assert.deepEqual(plot.x, [-1, -0.5, 0, 0.5, 1]);
    const sig = (t: number): number => 1 / (1 + Math.exp(-t));
    plot.value.forEach((v: number, i: number) => assert.ok(Math.abs(v - sig(plot.x[i])) < 1e-12));
    plot.grad.forEach((g: number, i: number) => assert.ok(Math.abs(g - sig(plot.x[i]) * (1 - sig(plot.x[i]))) < 1e-12));
    // (w - 1)² with lr 0.25 halves w - 1 each step: 2, 1, 0.5, 0.25, 0.125 → loss 4, 1, 0.25, 1/16, 1/64.
    assert.deepEqual(doc.cells[1].descents, [{ target: 'L', wrt: ['w'], steps: 4, lr: [0.25, 0.25], loss: [4, 1, 0.25, 0.0625, 0.015625] }]);
    assert.equal(doc.cells[1].variables.w.value, 1.125);
  });

  it('bpnb export --format md writes the plot and the descent as xychart blocks with their summaries', async () => {
    const file = notebook(['code', ['x = 0.5', 's = x * x', 'plot s wrt x from -1 to 1 points 3']], ['code', ['w = 3', 'L = (w - 1) ^ 2', 'descend L lr 0.25 steps 2']]);
    const r = await runCli(['export', 'p.bpnb', '--format', 'md'], { 'p.bpnb': file });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes('  x-axis "x" -1 --> 1\n  y-axis "s"\n  line [1, 0, 1]\n'), r.stdout);
    assert.ok(r.stdout.includes('  y-axis "∂s/∂x"\n  line [-2, 0, 2]\n'), r.stdout);
    assert.ok(r.stdout.includes('  x-axis "step" 0 --> 2\n  y-axis "L"\n  line [4, 1, 0.25]\n'), r.stdout);
    assert.ok(r.stdout.includes('**descend** L over 2 steps of gradient descent wrt w, lr 0.25: from 4 to 0.25 (final)'), r.stdout);
  });
});

describe('bpnb run with boundary', () => {
  it('--json gives each boundary in `boundaries` (the grid, the points, the accuracy), leaving `plots` to curves', () => {
    const b = boundaryPlot(6);
    const doc = JSON.parse(JSON.stringify(jsonReport([{ index: 4, result: { ...base, boundaries: [b] } }])));
    const cell = doc.cells[0];
    assert.deepEqual(Object.keys(cell), ['index', 'ok', 'variables', 'checks', 'errors', 'boundaries']);
    const { kind: _kind, ...rest } = b;
    assert.deepEqual(cell.boundaries, [rest]);
    assert.deepEqual(Object.keys(cell.boundaries[0]).sort(), ['accuracy', 'labels', 'over', 'points', 'target', 'value', 'x', 'y']);
    assert.equal(cell.boundaries[0].value.length, b.x.length * b.y.length);
  });

  it('a real run of a notebook: the text report says what the boundary shows, and --json has it', async () => {
    const file = notebook(['code', ['X = [[0, 0], [1, 0], [0, 1], [1, 1]]; y = [-1, 1, -1, 1]', 'w = [2, 0.5]; s = X @ w - 1', 'boundary s over X labels y grid 10']]);
    const text = await runCli(['run', 'b.bpnb'], { 'b.bpnb': file });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /\n {2}boundary: the sign of s over X on a 10×10 grid, with the 4 points, coloured by y; 100% of them on their label's side \(accuracy\)\n/);
    const json = await runCli(['run', 'b.bpnb', '--json'], { 'b.bpnb': file });
    const [boundary] = JSON.parse(json.stdout).cells[0].boundaries;
    assert.equal(boundary.target, 's');
    assert.deepEqual(boundary.points.value, [-1, 1, -0.5, 1.5]);
    assert.equal(boundary.value[0], 2 * boundary.x[0] + 0.5 * boundary.y[0] - 1, 'the grid through the model');
  });
});
