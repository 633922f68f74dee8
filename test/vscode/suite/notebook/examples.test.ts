// Run All on every lecture example (the run's copies of examples/*.bpnb):
// every code cell succeeds with a graph and its Markdown table, and the
// lecture's numbers come out.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GRAPH_MIME, type GraphPayload } from '../../../../src/diagram/payload';
import { closeAll, errorMessages, texts, waitFor, workspaceFile } from './util';

async function runAll(name: string): Promise<vscode.NotebookCell[]> {
  const doc = await vscode.workspace.openNotebookDocument(workspaceFile(name));
  await vscode.window.showNotebookDocument(doc);
  const code = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
  const before = code.map((c) => c.executionSummary?.timing?.endTime);
  await vscode.commands.executeCommand('notebook.execute', doc.uri);
  return waitFor(`${name}: every code cell to run`, () => {
    const done = code.every((c, i) => c.executionSummary?.success !== undefined && c.executionSummary.timing?.endTime !== before[i]);
    return done ? code : undefined;
  }, 60_000);
}

function lastGraph(cell: vscode.NotebookCell): GraphPayload {
  const [json] = texts(cell, GRAPH_MIME);
  assert.ok(json, 'no graph output');
  return JSON.parse(json) as GraphPayload;
}

const near = (a: unknown, b: number, eps = 1e-3) => typeof a === 'number' && Math.abs(a - b) <= eps;

describe('notebook: lecture examples, Run All', function () {
  this.timeout(120_000);
  after(closeAll);

  const files = ['01-computation-graph.bpnb', '02-derivative-table.bpnb', '03-sigmoid-neuron.bpnb', '04-gate-patterns.bpnb',
    '05-branches.bpnb', '06-forward-vs-reverse.bpnb', '07-vector-chain-rule.bpnb', '08-check.bpnb'];
  const results = new Map<string, vscode.NotebookCell[]>();

  for (const file of files) {
    it(`${file}: every code cell succeeds with outputs`, async () => {
      const cells = await runAll(file);
      results.set(file, cells);
      cells.forEach((c, i) => {
        assert.equal(c.executionSummary?.success, true, `code cell ${i}: ${errorMessages(c).map((e) => e.message).join('; ')}`);
        assert.ok(c.outputs.length > 0, `code cell ${i} has no output`);
        assert.ok(texts(c, 'text/markdown').length > 0, `code cell ${i} has no markdown fallback`);
      });
    });
  }

  it('the sigmoid neuron has the lecture\'s gradients (∂/∂w0 = -0.2, ∂/∂x0 = 0.39, ∂/∂w2 = 0.2)', () => {
    const cells = results.get('03-sigmoid-neuron.bpnb');
    assert.ok(cells, 'the example did not run');
    for (const cell of cells) {
      const p = lastGraph(cell);
      const g = (name: string) => p.nodes.filter((n) => n.name === name).pop()?.grad;
      assert.ok(near(g('w0'), -0.1966), `w0: ${g('w0')}`);
      assert.ok(near(g('x0'), 0.3932), `x0: ${g('x0')}`);
      assert.ok(near(g('w2'), 0.1966), `w2: ${g('w2')}`);
    }
  });

  it('the gate patterns: the max gate routes the gradient, the mul gate swaps', () => {
    const cells = results.get('04-gate-patterns.bpnb');
    assert.ok(cells, 'the example did not run');
    const p = lastGraph(cells[0]);
    const g = (name: string) => p.nodes.filter((n) => n.name === name).pop()?.grad;
    assert.equal(g('z'), 2); // max(2, -1) routes all of ∂f/∂s = 2 to z
    assert.equal(g('w'), 0);
    assert.equal(g('x'), -8); // 2 · y
    assert.equal(g('y'), 6); // 2 · x
  });
});
