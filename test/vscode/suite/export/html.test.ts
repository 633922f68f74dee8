// Export Notebook as HTML… (bpnb.exportHtml) in the desktop extension host:
// the page of the notebook's shown outputs, written through vscode.workspace.fs.
// The page itself is tested in Chromium by test/unit/cli/exportHtml.test.ts
// (same writer, src/notebookFile/htmlPage.ts); here: the command's wiring.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, makeNotebook, runCells, workspaceFile } from '../notebook/util';

describe('export: Export Notebook as HTML…', function () {
  this.timeout(90_000);
  afterEach(closeAll);

  it('writes one self-contained page with the shown graph, the renderer inlined and the source escaped', async () => {
    const doc = await makeNotebook('html', ['x = 2 # <b>not bold</b>\ny = x * x\nbackward y']);
    await runCells(doc, [0]);
    const target = workspaceFile('html-export.html');
    const written = await vscode.commands.executeCommand<vscode.Uri>('bpnb.exportHtml', { uri: doc.uri, target });
    assert.equal(written?.toString(), target.toString());
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /^<!DOCTYPE html>/);
    assert.equal((html.match(/class="bpnb-graph"/g) ?? []).length, 1);
    assert.match(html, /x = 2 # &lt;b&gt;not bold&lt;\/b&gt;/);
    assert.ok(!/<b>not bold/.test(html.replace(/<script[\s\S]*?<\/script>/g, '')), 'the source was not escaped');
    assert.ok(html.length > 500_000, `no renderer inlined (${html.length} bytes)`);
    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/i, 'the page loads something from elsewhere');
  });
});
