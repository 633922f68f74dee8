// The four export commands in the real VS Code: files checked with a real XML
// parser and PNG decoder (test/lib/images.ts), the clipboard read back, the
// Markdown counted. Commands get explicit arguments: no dialog, no notification.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkPng, checkSvg } from '../../../lib/images';
import { workspaceFile } from '../slice/helpers';
import { closeAll, makeNotebook, runCells } from '../notebook/util';

const LECTURE = 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f';
const LABELS = ['x\n-2\n∂ -4', 'y\n5\n∂ -4', 'z\n-4\n∂ 3', 'q = +\n3\n∂ -4', 'f = ×\n-12\n∂ 1'];

async function read(uri: vscode.Uri): Promise<Uint8Array> {
  return vscode.workspace.fs.readFile(uri);
}

describe('export commands', function () {
  this.timeout(120_000);
  afterEach(closeAll);

  it('Export Graph as SVG and as PNG write standalone files with the lecture numbers, PNG at 2×', async () => {
    const doc = await makeNotebook('export-images', [LECTURE]);
    await runCells(doc, [0]);
    const svgUri = workspaceFile(`lecture-${Date.now()}.svg`);
    const written = await vscode.commands.executeCommand<vscode.Uri>('bpnb.exportSvg', { uri: doc.uri, cellIndex: 0, target: svgUri });
    assert.equal(written.toString(), svgUri.toString());
    const svg = checkSvg(new TextDecoder().decode(await read(svgUri)));
    for (const want of LABELS) assert.ok(svg.labels.includes(want), `${JSON.stringify(want)} in ${JSON.stringify(svg.labels)}`);
    const pngUri = workspaceFile(`lecture-${Date.now()}.png`);
    await vscode.commands.executeCommand('bpnb.exportPng', { uri: doc.uri, cellIndex: 0, target: pngUri });
    const png = checkPng(await read(pngUri));
    assert.equal(png.width, Math.ceil(svg.width * 2));
    assert.equal(png.height, Math.ceil(svg.height * 2));
    assert.ok(png.opaque && png.colours > 50, `opaque and not blank (${png.colours} colours)`);
  });

  it('exports the graph of a cell far below the visible part of a long notebook (never drawn)', async () => {
    const sources = [LECTURE];
    for (let i = 0; i < 40; i++) sources.push(`a${i} = ${i}`);
    sources.push('u = 3; v = 4\nw = u * v + u\nbackward w');
    const doc = await makeNotebook('export-long', sources);
    const last = sources.length - 1;
    await runCells(doc, sources.map((_, i) => i));
    const target = workspaceFile(`long-${Date.now()}.svg`);
    await vscode.commands.executeCommand('bpnb.exportSvg', { uri: doc.uri, cellIndex: last, target });
    const svg = checkSvg(new TextDecoder().decode(await read(target)));
    assert.ok(svg.labels.some((l) => l.startsWith('w = +\n15')), JSON.stringify(svg.labels));
  });

  it('exports when no graph of the notebook has been drawn yet (the graph is the last cell, off screen)', async () => {
    const sources: string[] = [];
    for (let i = 0; i < 40; i++) sources.push(`b${i} = ${i}`);
    sources.push('p = 2; r = 5\ns = p * r\nbackward s');
    const doc = await makeNotebook('export-undrawn', sources);
    await runCells(doc, sources.map((_, i) => i));
    const target = workspaceFile(`undrawn-${Date.now()}.png`);
    await vscode.commands.executeCommand('bpnb.exportPng', { uri: doc.uri, cellIndex: sources.length - 1, target });
    const png = checkPng(await read(target));
    assert.ok(png.width > 50 && png.opaque && png.colours > 50);
  });

  it('Copy Graph as Mermaid puts the graph text on the clipboard, with the display settings', async () => {
    const doc = await makeNotebook('export-copy', [LECTURE]);
    await runCells(doc, [0]);
    await vscode.env.clipboard.writeText('');
    const text = await vscode.commands.executeCommand<string>('bpnb.copyMermaid', { uri: doc.uri, cellIndex: 0 });
    const clip = await vscode.env.clipboard.readText();
    assert.equal(clip, text);
    assert.match(clip, /^flowchart LR\n/);
    for (const n of ['-12', '∂ -4', '∂ 3']) assert.ok(clip.includes(n), n);
    await expectError(() => vscode.commands.executeCommand('bpnb.copyMermaid', { uri: doc.uri, cellIndex: 3 }), /out of range/);
    const config = vscode.workspace.getConfiguration('bpnb');
    await config.update('graph.direction', 'TD', vscode.ConfigurationTarget.Workspace);
    await config.update('graph.precision', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const td = await vscode.commands.executeCommand<string>('bpnb.copyMermaid', { uri: doc.uri, cellIndex: 0 });
      assert.match(td, /^flowchart TD\n/, 'bpnb.graph.direction');
      const third = await makeNotebook('export-precision', ['x = 1 / 3']);
      await runCells(third, [0]);
      const t = await vscode.commands.executeCommand<string>('bpnb.copyMermaid', { uri: third.uri, cellIndex: 0 });
      assert.ok(t.includes('0.33') && !t.includes('0.333'), `bpnb.graph.precision = 2: ${t}`);
    } finally {
      await config.update('graph.direction', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('graph.precision', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('asks which cell with a QuickPick of the cells with graphs when the selected cell has none', async () => {
    const doc = await makeNotebook('export-pick', ['seed 1', LECTURE, 'm = 2\nn = m * m\nbackward n']);
    await runCells(doc, [0, 1, 2]);
    assert.ok(!doc.cellAt(0).outputs.some((o) => o.items.some((i) => i.mime === 'application/vnd.bpnb.graph+json')), 'seed draws no graph');
    const editor = vscode.window.activeNotebookEditor!;
    editor.selection = new vscode.NotebookRange(0, 1);
    const copied = vscode.commands.executeCommand<string | undefined>('bpnb.copyMermaid');
    // The QuickPick lists cells 2 and 3 (first code line as description); pick the second entry.
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const text = await copied;
    assert.ok(text?.includes('n = ') && text.includes('∂ 1') && !text.includes('-12'), `cell 3's graph: ${text}`);
    assert.equal(await vscode.env.clipboard.readText(), text);
    // The selected cell's graph needs no question.
    editor.selection = new vscode.NotebookRange(1, 2);
    assert.match(await vscode.commands.executeCommand<string>('bpnb.copyMermaid') ?? '', /-12/);
  });

  it('Export Notebook as Markdown writes one Mermaid block per graph shown, code for every cell', async () => {
    const doc = await makeNotebook('export-md', [LECTURE, 'k = 1', 'm = 2\nn = m * m\nbackward n', 'never = 1 +']);
    await runCells(doc, [0, 1, 2]);
    const target = workspaceFile(`nb-${Date.now()}.md`);
    await vscode.commands.executeCommand('bpnb.exportMarkdown', { uri: doc.uri, target });
    const md = new TextDecoder().decode(await read(target));
    assert.equal(md.match(/```mermaid\n/g)?.length, 3, 'cells 1, 2, 3 show graphs (k = 1 draws its leaf)');
    assert.equal(md.match(/```bpnb\n/g)?.length, 4, 'every code cell, run or not');
    assert.ok(md.includes('never = 1 +'), 'the cell never run is there as code');
    assert.match(md, /\| node \| op \| value \| grad \|/);
  });
});

async function expectError(f: () => Thenable<unknown>, pattern: RegExp): Promise<void> {
  try {
    await f();
  } catch (e) {
    assert.match(e instanceof Error ? e.message : String(e), pattern);
    return;
  }
  assert.fail('expected an error');
}
