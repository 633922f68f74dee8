// `bpnb run --json` and the text report with plots and descents (spec §4).
import assert from 'node:assert/strict';
import { jsonReport, textReport } from '../../../src/cli/report';
import type { CellResult } from '../../../src/lang/result';
import { fallingDescent, sigmoidPlot } from '../../renderer-harness/plotFixtures';

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
