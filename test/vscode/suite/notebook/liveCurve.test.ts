// A running `descend` in a real VS Code (issue 13): its loss curve so far is
// the cell's output while it runs, replaced by the final outputs when it
// ends; bpnb.training.liveCurve off shows nothing until the end; an interrupt
// mid-descent ends the cell with "Interrupted" and the leaves as before.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PLOT_MIME, type DescentPlot } from '../../../../src/diagram/plotPayload';
import { api, closeAll, errorMessages, makeNotebook, runCells, startCells, texts, waitFor } from './util';

/** About 1.5 s of descent on the development machine (more under load): a dozen curves 100 ms apart. */
const MODEL = 'seed 3; X = rand(80, 80); W = rand(80, 80) / 80; L = mean((X @ W - 1)^2)\ns0 = sum(W)';
const DESCEND = 'descend L lr 0.01 steps 1000';

/** Every descent curve written into `cell`'s outputs from now on, as the document saw them, and where the running ones were. */
function recordCurves(cell: vscode.NotebookCell): { curves: DescentPlot[]; outputCounts: number[]; runningAt: number[]; dispose(): void } {
  const curves: DescentPlot[] = [];
  const outputCounts: number[] = [];
  const runningAt: number[] = [];
  const sub = vscode.workspace.onDidChangeNotebookDocument((e) => {
    for (const change of e.cellChanges) {
      if (change.cell !== cell || !change.outputs) continue;
      outputCounts.push(change.outputs.length);
      change.outputs.forEach((o, index) => {
        for (const item of o.items) {
          if (item.mime !== PLOT_MIME) continue;
          const curve = JSON.parse(new TextDecoder().decode(item.data)) as DescentPlot;
          curves.push(curve);
          if (curve.running) runningAt.push(index);
        }
      });
    }
  });
  return { curves, outputCounts, runningAt, dispose: () => sub.dispose() };
}

function finalCurve(cell: vscode.NotebookCell): DescentPlot {
  const [json] = texts(cell, PLOT_MIME);
  assert.ok(json, 'no plot output');
  return JSON.parse(json) as DescentPlot;
}

describe('notebook: live loss curve', function () {
  this.timeout(120_000);
  afterEach(closeAll);

  it('shows the curve so far while descend runs, then the final curve in its place', async () => {
    const doc = await makeNotebook('live-curve', [MODEL, DESCEND]);
    await runCells(doc, [0]);
    const cell = doc.cellAt(1);
    const rec = recordCurves(cell);
    try {
      const [done] = await runCells(doc, [1]);
      assert.equal(done.executionSummary?.success, true);
      const running = rec.curves.filter((c) => c.running);
      assert.ok(running.length >= 2, `${running.length} running curves written`);
      const steps = running.map((c) => c.running!.done);
      assert.ok(steps.every((s, i) => s > 0 && s < 1000 && (i === 0 || s > steps[i - 1])), `steps done: ${steps.join(',')}`);
      for (const c of running) assert.equal(c.loss.length, c.running!.done + 1);
      // The final outputs replace the live one: one plot, not running, the whole run.
      assert.equal(texts(done, PLOT_MIME).length, 1);
      const final = finalCurve(done);
      assert.equal(final.running, undefined);
      assert.equal(final.loss.length, 1001);
      const last = running[running.length - 1];
      assert.deepEqual(final.loss.slice(0, last.loss.length), last.loss, 'the live curve was the final curve\'s beginning');
      // While it ran, the cell showed the live curve alone (one output).
      assert.ok(rec.outputCounts.slice(0, -1).every((n) => n === 1), `outputs while running: ${rec.outputCounts.join(',')}`);
    } finally {
      rec.dispose();
    }
    // Run again: the live curve takes the old curve's place; the old graph above it stays until the end.
    const previous = cell.outputs.map((o) => o.items.map((i) => i.mime).join('+'));
    const curveAt = cell.outputs.findIndex((o) => o.items.some((i) => i.mime === PLOT_MIME));
    assert.ok(curveAt > 0, `the curve below the graph: ${previous.join(' | ')}`);
    const again = recordCurves(cell);
    try {
      const [done] = await runCells(doc, [1]);
      assert.equal(done.executionSummary?.success, true);
      assert.ok(again.runningAt.length >= 2, `${again.runningAt.length} running curves`);
      assert.ok(again.runningAt.every((i) => i === curveAt), `running curves at outputs ${again.runningAt.join(',')}, the old curve at ${curveAt}`);
      assert.ok(again.outputCounts.slice(0, -1).every((n) => n === previous.length), `outputs while running: ${again.outputCounts.join(',')}`);
      assert.equal(finalCurve(done).running, undefined);
    } finally {
      again.dispose();
    }
  });

  it('bpnb.training.liveCurve off: no curve until the descent ends', async () => {
    const config = vscode.workspace.getConfiguration('bpnb');
    await config.update('training.liveCurve', false, vscode.ConfigurationTarget.Global);
    try {
      const doc = await makeNotebook('live-curve-off', [MODEL, DESCEND]);
      await runCells(doc, [0]);
      const rec = recordCurves(doc.cellAt(1));
      try {
        const [done] = await runCells(doc, [1]);
        assert.equal(done.executionSummary?.success, true);
        assert.equal(rec.curves.filter((c) => c.running).length, 0);
        assert.equal(finalCurve(done).loss.length, 1001);
      } finally {
        rec.dispose();
      }
    } finally {
      await config.update('training.liveCurve', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('interrupting a running descent ends it with Interrupted, replaces the live curve and leaves the leaves as before', async () => {
    const { controller } = await api();
    const doc = await makeNotebook('live-curve-stop', [MODEL, 'descend L lr 0.01 steps 1000000', 's1 = sum(W)\nshow s1', 'show s0']);
    await runCells(doc, [0]);
    const cell = doc.cellAt(1);
    void startCells(doc, [1]);
    await waitFor('a live curve in the running cell', () => controller.isRunning(cell) && texts(cell, PLOT_MIME).some((t) => (JSON.parse(t) as DescentPlot).running), 30_000);
    await vscode.commands.executeCommand('notebook.cancelExecution', doc.uri);
    await waitFor('the descent to end', () => cell.executionSummary?.success !== undefined, 10_000);
    assert.equal(cell.executionSummary?.success, false);
    assert.match(errorMessages(cell)[0]?.message ?? '', /Interrupted/);
    assert.equal(texts(cell, PLOT_MIME).length, 0, 'the live curve is gone');
    // The replayed namespace: W as before the descent.
    const [after, before] = await runCells(doc, [2, 3]);
    assert.equal(after.executionSummary?.success, true, errorMessages(after).map((e) => e.message).join('\n'));
    const value = (c: vscode.NotebookCell, name: string) => {
      const [json] = texts(c, 'application/vnd.bpnb.graph+json');
      const p = JSON.parse(json) as { nodes: { name?: string; value: unknown }[] };
      return p.nodes.filter((n) => n.name === name).pop()?.value;
    };
    assert.equal(value(after, 's1'), value(before, 's0'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(texts(cell, PLOT_MIME).length, 0, 'no curve written after the interrupt');
  });
});
