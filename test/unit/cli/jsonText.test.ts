// The CLI's JSON is written as text from the session's variable columns
// (src/cli/jsonText.ts); it must be byte for byte what JSON.stringify of the
// spec §4 object (jsonReport) gives, for every kind of cell.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { jsonReportText } from '../../../src/cli/jsonText';
import { jsonReport } from '../../../src/cli/report';
import { runCells, type CellRun } from '../../../src/cli/runNotebook';
import { variableTableOf } from '../../../src/lang/session';
import { parseNotebook } from '../../../src/notebookFile';

const code = (...sources: string[]) => sources.map((source) => ({ kind: 'code' as const, source, outputs: [] }));
const reference = (runs: readonly CellRun[]): string => JSON.stringify(jsonReport(runs), null, 2) + '\n';

function same(runs: readonly CellRun[], what: string): void {
  const text = jsonReportText(runs);
  assert.equal(text, reference(runs), what);
}

describe('bpnb run --json, written as text', () => {
  it('matches JSON.stringify for scalars, grads, tensors, tangents, NaN and infinities', () => {
    const runs = runCells(code(
      'x = -2; y = 5; z = -4\nq = x + y',
      'f = q * z\nbackward f',
      'W = [[1, 2], [3, 4]]\nv = [0.5, -1.5]\nh = W @ v\ns = sum(h * h)\nbackward s',
      'a = 0\nn = log(a)\nm = -1 / a\np = 1 / a\nk = 0 / a',
      't = 3\nu = t * t\nforward t',
      'T = [1, 2, 3]\nU = T * T\nforward T',
      'e = 1e-300 * 1e-300\nbig = 1.7976931348623157e308\nsmall = 5e-324\nneg = -0',
    ));
    assert.ok(runs.every((r) => variableTableOf(r.result) !== undefined), 'the session gave its columns');
    same(runs, 'cells of every kind');
  });

  it('matches for failed cells, messages, checks, plots, descents, gates and an empty cell', () => {
    const runs = runCells(code(
      '',
      'def sig(t) = 1 / (1 + exp(-t))\nw = 0.5\nsig(w) * 2',
      'seed 3\nr = randn(2)\nc = sum(r * r)\ncheck c',
      'b = 2\nbad = b @ [1, 2]',
      'oops = (',
      'k = 1.5\nl = k * k\nplot l wrt k from -1 to 1 points 5',
      'v = 3\nloss = (v - 1) * (v - 1)\ndescend loss wrt v lr 0.1 steps 3',
    ));
    assert.ok(runs.some((r) => !r.result.ok) && runs.some((r) => r.result.messages.length > 0));
    same(runs, 'failures, messages, checks, plots and descents');
  });

  it('matches for a result that is a copy (no columns): the object reading is used', () => {
    const [run] = runCells(code('x = 2\ny = x * x\nbackward y'));
    const copy = { index: run.index, result: { ...run.result } };
    assert.equal(variableTableOf(copy.result), undefined);
    same([copy], 'a copied result');
    assert.equal(jsonReportText([]), reference([]), 'no code cells');
  });

  it('matches for every example notebook', () => {
    const dir = join(__dirname, '..', '..', '..', 'examples');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpnb'))) {
      const parsed = parseNotebook(readFileSync(join(dir, file), 'utf8'));
      assert.ok(parsed.ok, file);
      same(runCells(parsed.notebook.cells), file);
    }
  });

  it('gives each cell the namespace as it was after that cell, even when read later', () => {
    const runs = runCells(code('x = 2', 'y = x * 3\nbackward y', 'x = 10\na = 1'));
    const doc = JSON.parse(jsonReportText(runs)) as { cells: { variables: Record<string, { value: number; grad?: number }> }[] };
    assert.deepEqual(doc.cells[0].variables, { x: { value: 2 } });
    assert.deepEqual(doc.cells[1].variables, { x: { value: 2, grad: 3 }, y: { value: 6, grad: 1 } });
    assert.deepEqual(Object.keys(doc.cells[2].variables), ['a', 'x', 'y'], 'sorted, a name added last first');
    assert.deepEqual(doc.cells[2].variables.x, { value: 10 });
    assert.deepEqual(doc.cells[2].variables.a, { value: 1 });
    assert.deepEqual(runs[0].result.variables, { x: { value: 2, shape: [] } }, 'the object reading, taken after later cells ran');
    const result = runs[1].result;
    result.variables = {};
    assert.deepEqual(result.variables, {}, 'a result\'s variables can be replaced like any field');
    assert.deepEqual(Object.keys(result).slice(0, 3), ['ok', 'diagnostics', 'variables'], 'the field keeps its place');
  });
});
