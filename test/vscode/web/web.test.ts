// The web extension in VS Code for the Web's host: the browser's web-worker
// extension host (run-web-tests.ts moves the development extension there).
// One slice per feature: it really runs in a worker with the browser entry;
// the lecture's notebook opens, runs and draws; hover, completion and
// diagnostics; interrupt and restart of the Web Worker kernel; a live loss
// curve while `descend` runs; exports
// through vscode.workspace.fs. No Node here: the bundle has no fs, no
// node:assert (a small assert below).
import * as vscode from 'vscode';
import { GRAPH_MIME, type GraphPayload } from '../../../src/diagram/payload';
import { PLOT_MIME, type DescentPlot } from '../../../src/diagram/plotPayload';
import { api, closeAll, errorMessages, makeNotebook, runCells, startCells, texts, waitFor, workspaceFile } from '../suite/notebook/util';
import { EXTENSION_ID } from '../suite/slice/helpers';

function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}
function equal<T>(actual: T, expected: T, message = ''): void {
  if (actual !== expected) throw new Error(`${message} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function match(text: string, re: RegExp, message = ''): void {
  if (!re.test(text)) throw new Error(`${message} ${JSON.stringify(text.slice(0, 300))} does not match ${re}`);
}

function payloadOf(cell: vscode.NotebookCell): GraphPayload {
  const [json] = texts(cell, GRAPH_MIME);
  ok(json, `no graph output; outputs: ${cell.outputs.flatMap((o) => o.items.map((i) => i.mime)).join(', ')}`);
  return JSON.parse(json) as GraphPayload;
}
function valueOf(p: GraphPayload, name: string): unknown {
  const nodes = p.nodes.filter((n) => n.name === name);
  return nodes[nodes.length - 1]?.value;
}

const LONG_CELL = 'big = randn(600, 600)\nbig2 = big @ big\nbig3 = big2 @ big\nbig4 = big3 @ big\nbig5 = big4 @ big\nbig6 = big5 @ big';

describe('web: bpnb in the web-worker extension host', function () {
  this.timeout(120_000);
  afterEach(closeAll);

  it('runs the browser entry in a Web Worker, without Node', async () => {
    const bpnb = await api();
    equal(bpnb.host, 'web', 'the extension activated from');
    const scope = globalThis as unknown as { importScripts?: unknown; process?: { versions?: { node?: string } }; navigator?: unknown };
    equal(typeof scope.importScripts, 'function', 'importScripts (only a worker has it):');
    ok(scope.navigator !== undefined, 'no navigator: not a browser');
    equal(scope.process?.versions?.node, undefined, 'a Node version in the extension host:');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    ok(ext, 'extension missing');
    equal(ext.extensionKind, vscode.ExtensionKind.UI, 'extension kind');
  });

  it('opens, runs and draws the lecture notebook (01) with the Web Worker kernel', async () => {
    const doc = await vscode.workspace.openNotebookDocument(workspaceFile('01-computation-graph.bpnb'));
    await vscode.window.showNotebookDocument(doc);
    const code = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.index);
    ok(code.length > 0, 'no code cells');
    const cells = await runCells(doc, code);
    for (const cell of cells) equal(cell.executionSummary?.success, true, `cell ${cell.index}: ${errorMessages(cell).map((e) => e.message).join('; ')}`);
    const graphs = cells.filter((c) => texts(c, GRAPH_MIME).length > 0);
    ok(graphs.length > 0, 'no graph output');
    const payload = payloadOf(graphs[0]);
    ok(payload.nodes.length > 0, 'an empty graph');
  });

  it('reads a CSV file beside the notebook through vscode.workspace.fs, and a ragged one is a located error', async () => {
    const name = `web-data-${Date.now()}.csv`;
    await vscode.workspace.fs.writeFile(workspaceFile(name), new TextEncoder().encode('x,y\n1,2\n3,4\n'));
    const ragged = `web-ragged-${Date.now()}.csv`;
    await vscode.workspace.fs.writeFile(workspaceFile(ragged), new TextEncoder().encode('1,2\n3\n'));
    const doc = await makeNotebook('web-csv', [`X = csv("${name}")\ns = sum(X * csv("${name}", "y"))`, `R = csv("${ragged}")`]);
    const [good, bad] = await runCells(doc, [0, 1]);
    equal(good.executionSummary?.success, true, errorMessages(good).map((e) => e.message).join('; '));
    // s = sum([[1, 2], [3, 4]] * [2, 4]) = 2 + 8 + 6 + 16
    equal(valueOf(payloadOf(good), 's'), 32, 's');
    equal(bad.executionSummary?.success, false, 'the ragged file');
    const [error] = errorMessages(bad);
    equal(error?.name, 'E_CSV', 'error name');
    match(error.message, /^line 1, column 9: web-ragged-\d+\.csv line 2 has 1 field, expected 2 \(as line 1\)$/, 'the error');
  });

  it('runs every example notebook of the lecture to the end, every cell without an error', async () => {
    const files = (await vscode.workspace.findFiles('[0-9][0-9]-*.bpnb')).sort((a, b) => a.path.localeCompare(b.path));
    ok(files.length >= 9, `found ${files.length} example notebooks`);
    for (const file of files) {
      const doc = await vscode.workspace.openNotebookDocument(file);
      await vscode.window.showNotebookDocument(doc);
      const code = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.index);
      const cells = await runCells(doc, code);
      for (const cell of cells) equal(cell.executionSummary?.success, true, `${file.path.split('/').pop()} cell ${cell.index}: ${errorMessages(cell).map((e) => e.message).join('; ')}`);
      ok(cells.some((c) => texts(c, GRAPH_MIME).length > 0), `${file.path}: no graph`);
      await closeAll();
    }
  });

  it('hovers, completes and diagnoses cells', async () => {
    const doc = await makeNotebook('web-lang', ['x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f', 'g = nope * 2', 'h = (1 + ']);
    await runCells(doc, [0, 1]);
    const first = doc.cellAt(0).document;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', first.uri, new vscode.Position(1, 0));
    const hoverText = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c))).join('\n');
    match(hoverText, /3/, 'hover over q (= 3):');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', first.uri, new vscode.Position(3, 0));
    const labels = new Set(list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)));
    for (const name of ['sigmoid', 'backward', 'q', 'f']) ok(labels.has(name), `no completion for ${name}`);
    await waitFor('the runtime diagnostic of cell 1', () => vscode.languages.getDiagnostics(doc.cellAt(1).document.uri).some((d) => d.code === 'E_UNKNOWN_NAME') || undefined, 10_000);
    await waitFor('the syntax diagnostic of cell 2', () => vscode.languages.getDiagnostics(doc.cellAt(2).document.uri).some((d) => d.code === 'E_SYNTAX') || undefined, 10_000);
  });

  it('interrupts a long cell (terminating the Web Worker) and replays the namespace; restart clears it', async () => {
    const { controller } = await api();
    const doc = await makeNotebook('web-interrupt', ['a = 3', LONG_CELL, 'b = a * 2\nshow b', 'show big', 'c = a + 1']);
    await runCells(doc, [0]);
    const long = doc.cellAt(1);
    void startCells(doc, [1]);
    await waitFor('the long cell to start', () => controller.isRunning(long), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    equal(controller.isRunning(long), true, 'the long cell finished before it could be interrupted:');
    const t0 = Date.now();
    await vscode.commands.executeCommand('notebook.cancelExecution', doc.uri);
    await waitFor('the long cell to end', () => long.executionSummary?.success !== undefined, 5_000);
    const ended = (long.executionSummary?.timing?.endTime ?? Infinity) - t0;
    ok(ended < 1000, `the interrupted cell ended ${ended} ms after the interrupt`);
    match(errorMessages(long)[0]?.message ?? '', /Interrupted/);
    const [later, missing] = await runCells(doc, [2, 3]);
    equal(later.executionSummary?.success, true, errorMessages(later).map((e) => e.message).join('\n'));
    equal(valueOf(payloadOf(later), 'b'), 6, 'b after the replay:');
    equal(missing.executionSummary?.success, false, 'big survived the interrupt:');

    equal(await vscode.commands.executeCommand('bpnb.restartKernel', doc.uri), true, 'restart:');
    const [after] = await runCells(doc, [4]);
    equal(after.executionSummary?.success, false, 'a survived the restart:');
    equal(errorMessages(after)[0]?.name, 'E_UNKNOWN_NAME');
  });

  it('shows a running descend\'s loss curve from the Web Worker, then the final curve in its place', async () => {
    const doc = await makeNotebook('web-live-curve', ['seed 3; X = rand(80, 80); W = rand(80, 80) / 80; L = mean((X @ W - 1)^2)', 'descend L lr 0.01 steps 1000']);
    await runCells(doc, [0]);
    const cell = doc.cellAt(1);
    const running: DescentPlot[] = [];
    const sub = vscode.workspace.onDidChangeNotebookDocument((e) => {
      for (const change of e.cellChanges) {
        if (change.cell !== cell || !change.outputs) continue;
        for (const o of change.outputs) {
          for (const item of o.items) {
            const p = item.mime === PLOT_MIME ? JSON.parse(new TextDecoder().decode(item.data)) as DescentPlot : undefined;
            if (p?.running) running.push(p);
          }
        }
      }
    });
    try {
      const [done] = await runCells(doc, [1]);
      equal(done.executionSummary?.success, true, errorMessages(done).map((e) => e.message).join('\n'));
      ok(running.length >= 2, `${running.length} running curves written`);
      ok(running.every((p) => p.running!.done > 0 && p.running!.done < 1000 && p.loss.length === p.running!.done + 1), JSON.stringify(running.map((p) => p.running)));
      const plots = texts(done, PLOT_MIME).map((t) => JSON.parse(t) as DescentPlot);
      equal(plots.length, 1, 'plot outputs after the run:');
      equal(plots[0].running, undefined, 'the final curve running:');
      equal(plots[0].loss.length, 1001, 'final curve points:');
    } finally {
      sub.dispose();
    }
  });

  it('exports Markdown, HTML and SVG through vscode.workspace.fs', async () => {
    const doc = await makeNotebook('web-export', ['x = 2\ny = x * x\nbackward y']);
    await runCells(doc, [0]);
    const md = workspaceFile('web-export.md');
    const written = await vscode.commands.executeCommand<vscode.Uri>('bpnb.exportMarkdown', { uri: doc.uri, target: md });
    ok(written, 'exportMarkdown returned nothing');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(md));
    match(text, /```mermaid/, 'the Markdown export:');
    const htmlUri = workspaceFile('web-export.html');
    await vscode.commands.executeCommand('bpnb.exportHtml', { uri: doc.uri, target: htmlUri });
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(htmlUri));
    match(html, /^<!DOCTYPE html>/, 'the HTML export:');
    equal((html.match(/class="bpnb-graph"/g) ?? []).length, 1, 'graphs in the page:');
    ok(html.length > 500_000, `the page holds no renderer (${html.length} bytes)`);
    const svgUri = workspaceFile('web-export.svg');
    await vscode.commands.executeCommand('bpnb.exportSvg', { uri: doc.uri, cellIndex: 0, target: svgUri });
    const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(svgUri));
    match(svg, /^(<\?xml[^>]*\?>\s*)?<svg[\s\S]*<\/svg>\s*$/, 'the SVG export (drawn by the renderer webview):');
  });
});
