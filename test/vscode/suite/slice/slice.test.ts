// The vertical slice (issue 2 §4) in a real VS Code: the extension activates,
// examples/hello.bpnb opens as a `bpnb` notebook, its cell language is
// coloured, and running the cell through the bpnb kernel gives the graph
// output with the lecture's numbers (f = -12, ∂f/∂x = -4).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GRAPH_MIME, type GraphPayload } from '../../../../src/diagram/payload';
import { decodeItem, executeCells, EXTENSION_ID, findItem, workspaceFile } from './helpers';

describe('vertical slice: hello.bpnb', function () {
  this.timeout(90_000);
  let doc: vscode.NotebookDocument;

  before(async () => {
    doc = await vscode.workspace.openNotebookDocument(workspaceFile('hello.bpnb'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed as the development extension`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('opens hello.bpnb as a bpnb notebook with a markdown cell and a bpnb code cell', () => {
    assert.equal(doc.notebookType, 'bpnb');
    assert.equal(doc.cellCount, 2);
    const [md, code] = doc.getCells();
    assert.equal(md.kind, vscode.NotebookCellKind.Markup);
    assert.equal(md.document.languageId, 'markdown');
    assert.match(md.document.getText(), /^# Hello, backprop/);
    assert.equal(code.kind, vscode.NotebookCellKind.Code);
    assert.equal(code.document.languageId, 'bpnb');
    assert.equal(code.document.getText(), 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f');
  });

  it('contributes the bpnb language with a TextMate grammar that knows the commands and numbers', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('bpnb'), 'language bpnb not registered');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const grammars = (ext.packageJSON.contributes?.grammars ?? []) as { language?: string; scopeName: string; path: string }[];
    const entry = grammars.find((g) => g.language === 'bpnb');
    assert.ok(entry, 'no grammars entry for language bpnb in package.json');
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, entry.path));
    const grammar = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    assert.equal((grammar as { scopeName?: string }).scopeName, entry.scopeName);
    // Every `match` regex of the grammar that JavaScript can compile (most
    // TextMate regexes are also JS regexes): one must match the command word
    // and one a number. The UI tier checks the real colours.
    const regexes: RegExp[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'match' || k === 'begin') && typeof x === 'string') {
            try {
              regexes.push(new RegExp(x.replace(/\(\?x\)/g, '')));
            } catch {
              // an Oniguruma-only construct: skip it
            }
          } else walk(x);
        }
      }
    };
    walk(grammar);
    assert.ok(regexes.some((r) => r.exec('backward f')?.[0] === 'backward'), 'no grammar rule matches the command `backward`');
    assert.ok(regexes.some((r) => /^-?2(\.5)?$/.test(r.exec('2.5')?.[0] ?? '')), 'no grammar rule matches the number 2.5');
  });

  it('runs the cell through the bpnb kernel: graph output with f = -12 and ∂f/∂x = -4, plus a markdown fallback', async () => {
    await vscode.window.showNotebookDocument(doc);
    const [cell] = await executeCells(doc, [1]);
    assert.equal(cell.executionSummary?.success, true, `cell failed: ${cell.outputs.flatMap((o) => o.items.map(decodeItem)).join('\n')}`);

    const graphItem = findItem(cell, GRAPH_MIME);
    assert.ok(graphItem, `no ${GRAPH_MIME} output; mimes: ${cell.outputs.flatMap((o) => o.items.map((i) => i.mime)).join(', ')}`);
    const payload = JSON.parse(decodeItem(graphItem)) as GraphPayload;
    assert.equal(payload.mode, 'reverse');
    const byName = new Map(payload.nodes.filter((n) => n.name).map((n) => [n.name!, n]));
    assert.equal(payload.targetName, 'f');
    assert.equal(byName.get('f')?.value, -12);
    assert.equal(byName.get('f')?.grad, 1);
    assert.equal(byName.get('q')?.value, 3);
    assert.equal(byName.get('q')?.grad, -4);
    assert.equal(byName.get('x')?.grad, -4);
    assert.equal(byName.get('y')?.grad, -4);
    assert.equal(byName.get('z')?.grad, 3);

    const md = findItem(cell, 'text/markdown');
    assert.ok(md, 'no text/markdown fallback output');
    // The table may print U+2212 (−), the typographic minus sign.
    const table = decodeItem(md).replace(/\u2212/g, '-');
    assert.match(table, /-12/);
    assert.match(table, /-4/);
  });

  it('replaces the output when the cell runs again (never appends a second graph)', async () => {
    const [cell] = await executeCells(doc, [1]);
    const graphs = cell.outputs.flatMap((o) => o.items.filter((i) => i.mime === GRAPH_MIME));
    assert.equal(graphs.length, 1);
  });
});
