// csv("…") in a real VS Code: the kernel reads the CSV files a cell names
// beside the notebook (vscode.workspace.fs) before the run; the values reach
// the outputs and the hover (with the header's column names); a ragged or
// missing file is a located error in the cell's output and a diagnostic at
// the file name; an edited file is read again; a replay after an interrupt
// uses the data its run read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GRAPH_MIME, type GraphPayload } from '../../../../src/diagram/payload';
import { api, closeAll, errorMessages, makeNotebook, runCells, startCells, texts, waitFor, workspaceFile } from './util';

let counter = 0;
/** Writes a CSV file into the workspace (beside the notebooks makeNotebook writes); returns its name. */
async function writeCsv(text: string, name = `data-${Date.now()}-${counter++}.csv`): Promise<string> {
  await vscode.workspace.fs.writeFile(workspaceFile(name), new TextEncoder().encode(text));
  return name;
}

function valueOf(cell: vscode.NotebookCell, name: string): unknown {
  const [json] = texts(cell, GRAPH_MIME);
  assert.ok(json, `no graph output: ${errorMessages(cell).map((e) => e.message).join('; ')}`);
  const nodes = (JSON.parse(json) as GraphPayload).nodes.filter((n) => n.name === name);
  return nodes[nodes.length - 1]?.value;
}

async function hoverText(doc: vscode.TextDocument, line: number, needle: string): Promise<string> {
  const character = doc.lineAt(line).text.indexOf(needle);
  assert.ok(character >= 0, `'${needle}' not on line ${line}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character));
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c))).join('\n');
}

describe('notebook: reading CSV files beside the notebook', function () {
  this.timeout(120_000);
  afterEach(closeAll);

  it('a notebook beside a CSV file reads it: values, shapes, and the header\'s names in the hover', async () => {
    const file = await writeCsv('x,y,label\r\n0.5,1,0\r\n-2,3,1\r\n4,-1,1\r\n');
    const doc = await makeNotebook('csv-read', [`X = csv("${file}", "x", "y")\ny = csv("${file}", -1)\ns = sum(X) + 10 * sum(y)`]);
    const [cell] = await runCells(doc, [0]);
    assert.equal(cell.executionSummary?.success, true, errorMessages(cell).map((e) => e.message).join('\n'));
    assert.equal(valueOf(cell, 's'), 0.5 + 1 - 2 + 3 + 4 - 1 + 20);
    const hover = await hoverText(cell.document, 0, 'X');
    assert.match(hover, /^\*\*X\*\* = /, hover);
    assert.match(hover, /Columns \(from the file's header\): `x`, `y`/);
    // Inside a string (a column name) there is no hover, though a variable y exists.
    assert.equal(await hoverText(cell.document, 0, 'y")'), '');
    assert.match(await hoverText(cell.document, 1, 'y'), /^\*\*y\*\* = /);
    const fn = await hoverText(cell.document, 0, 'csv');
    assert.match(fn, /Data: a constant, not an input of the graph, so it has no gradient/);
  });

  it('completes file names in csv("…"): the CSV files and folders beside the notebook, nothing after a division', async () => {
    const file = await writeCsv('1\n');
    const doc = await makeNotebook('csv-complete', ['X = csv("', "Y = csv('data/bl", 'a = 1 / ']);
    const labels = async (cell: number, trigger?: string) => {
      const d = doc.cellAt(cell).document;
      const end = d.lineAt(0).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', d.uri, end, trigger);
      return list.items.map((i) => ({ label: typeof i.label === 'string' ? i.label : i.label.label, kind: i.kind, range: i.range }));
    };
    const top = await labels(0, '"');
    const names = top.map((i) => i.label);
    assert.ok(names.includes(file), `no ${file} in ${names.join(', ')}`);
    assert.ok(names.includes('data/'), 'the data folder of the examples');
    assert.ok(!names.some((n) => n.endsWith('.bpnb')), 'only CSV files');
    assert.ok(!names.includes('csv'), 'no built-ins inside the string');
    const inData = await labels(1);
    const blobs = inData.find((i) => i.label === 'blobs.csv');
    assert.ok(blobs, `no blobs.csv in ${inData.map((i) => i.label).join(', ')}`);
    assert.equal(blobs.kind, vscode.CompletionItemKind.File);
    // It replaces what was typed after the last '/': "bl".
    const range = blobs.range as vscode.Range;
    assert.deepEqual([range.start.character, range.end.character], [14, 16]);
    const division = await labels(2, '/');
    // Only VS Code's own words of the documents (kind Text; the command asks every provider), none of ours.
    const ours = division.filter((i) => i.kind !== vscode.CompletionItemKind.Text);
    assert.deepEqual(ours.map((i) => i.label), [], 'our suggestions after a division');
  });

  it('a ragged CSV file fails the cell with the file\'s line, located at the file name, and a missing one too', async () => {
    const ragged = await writeCsv('1,2\n3,4\n5\n');
    const doc = await makeNotebook('csv-errors', ['a = 1', `b = 2\nR = csv("${ragged}")`, 'M = csv("no-such-file.csv")', 'U = csv("../outside.csv")']);
    const [, bad, missing, outside] = await runCells(doc, [0, 1, 2, 3]);
    assert.equal(bad.executionSummary?.success, false);
    const [error] = errorMessages(bad);
    assert.equal(error.name, 'E_CSV');
    assert.match(error.message, new RegExp(`${ragged.replace(/\./g, '\\.')} line 3 has 1 field, expected 2 \\(as line 1\\)`));
    assert.match(error.message, /line 2, column 9/);
    assert.ok(!error.stack || !/\bat\s/.test(error.stack), `a stack leaked: ${error.stack}`);
    const diags = await waitFor('the diagnostic at the file name', () => {
      const d = vscode.languages.getDiagnostics(bad.document.uri).filter((x) => x.code === 'E_CSV');
      return d.length ? d : undefined;
    });
    assert.deepEqual([diags[0].range.start.line, diags[0].range.start.character, diags[0].range.end.character], [1, 8, 10 + ragged.length]);

    assert.equal(errorMessages(missing)[0]?.name, 'E_FILE');
    assert.match(errorMessages(missing)[0].message, /cannot read 'no-such-file\.csv': there is no such file in the notebook's folder/);
    assert.equal(errorMessages(outside)[0]?.name, 'E_FILE');
    assert.match(errorMessages(outside)[0].message, /'\.\.\/outside\.csv' leaves the notebook's folder/);
  });

  it('an untitled notebook has no folder: its csv cell says to save it first', async () => {
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'X = csv("points.csv")', 'bpnb')]);
    const doc = await vscode.workspace.openNotebookDocument('bpnb', data);
    await vscode.window.showNotebookDocument(doc);
    try {
      assert.equal(doc.uri.scheme, 'untitled');
      const [cell] = await runCells(doc, [0]);
      const [error] = errorMessages(cell);
      assert.equal(error?.name, 'E_FILE');
      assert.match(error.message, /cannot read 'points\.csv': the notebook is not saved in a folder yet \(save it beside the file first\)/);
    } finally {
      // Not saved: closeAll's Save All would ask where to put it.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('reads the file again at each run, and a replay after an interrupt uses the data its run read', async () => {
    const { controller } = await api();
    const file = await writeCsv('1,2\n3,4\n');
    const long = 'big = randn(600, 600)\nbig2 = big @ big\nbig3 = big2 @ big\nbig4 = big3 @ big\nbig5 = big4 @ big\nbig6 = big5 @ big';
    const doc = await makeNotebook('csv-rerun', [`A = csv("${file}")\ns = sum(A)`, long, 's2 = sum(A) * 1']);
    let [first] = await runCells(doc, [0]);
    assert.equal(valueOf(first, 's'), 10);
    await writeCsv('10,20\n30,40\n', file);
    [first] = await runCells(doc, [0]);
    assert.equal(valueOf(first, 's'), 100, 'the edited file was read again');

    // The file turns ragged; the namespace is rebuilt after an interrupt from the data the run read.
    await writeCsv('1,2\n3\n', file);
    void startCells(doc, [1]);
    await waitFor('the long cell to start', () => controller.isRunning(doc.cellAt(1)), 20_000);
    await vscode.commands.executeCommand('notebook.cancelExecution', doc.uri);
    await waitFor('the long cell to end', () => doc.cellAt(1).executionSummary?.success !== undefined, 10_000);
    assert.match(errorMessages(doc.cellAt(1))[0]?.message ?? '', /Interrupted/, 'the long cell was interrupted, so the namespace was replayed');
    const [after] = await runCells(doc, [2]);
    assert.equal(after.executionSummary?.success, true, errorMessages(after).map((e) => e.message).join('\n'));
    assert.equal(valueOf(after, 's2'), 100);
  });
});
