// The .bpnb serializer in a real VS Code: stable bytes and unknown keys through
// open → edit → save, corrupt files refused without being touched, and the
// new-notebook command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseNotebook } from '../../../../src/notebookFile';
import { closeAll, runCells, texts, workspaceFile } from './util';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  return uri;
}

async function read(uri: vscode.Uri): Promise<string> {
  return decoder.decode(await vscode.workspace.fs.readFile(uri));
}

describe('notebook: serializer', function () {
  this.timeout(60_000);
  after(closeAll);

  it('keeps unknown keys at every level and writes sorted keys after an edit and save', async () => {
    // Keys deliberately out of order, plus keys bpnb does not know.
    const original = JSON.stringify({
      zzTop: { keep: true },
      cells: [
        { source: '# title', kind: 'markdown', tag: 'intro' },
        {
          outputs: [{ items: [{ mime: 'text/plain', data: 'old output', note: 'item-extra' }], origin: 'output-extra' }],
          kind: 'code', source: ['x = 1', 'y = 2'], metadata: { collapsed: true }, custom: [1, 2],
        },
      ],
      metadata: { author: 'lecture' },
      bpnb: 1,
    });
    const uri = await write('roundtrip.bpnb', original);
    const doc = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(doc.cellCount, 2);
    assert.equal(doc.cellAt(1).document.getText(), 'x = 1\ny = 2');

    const cell = doc.cellAt(1).document;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.uri, cell.lineAt(1).range.end, '\nz = 3');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'save failed');

    const expected = [
      '{',
      '  "bpnb": 1,',
      '  "cells": [',
      '    {',
      '      "kind": "markdown",',
      '      "source": [',
      '        "# title"',
      '      ],',
      '      "tag": "intro"',
      '    },',
      '    {',
      '      "custom": [',
      '        1,',
      '        2',
      '      ],',
      '      "kind": "code",',
      '      "metadata": {',
      '        "collapsed": true',
      '      },',
      '      "outputs": [',
      '        {',
      '          "items": [',
      '            {',
      '              "data": "old output",',
      '              "mime": "text/plain",',
      '              "note": "item-extra"',
      '            }',
      '          ],',
      '          "origin": "output-extra"',
      '        }',
      '      ],',
      '      "source": [',
      '        "x = 1",',
      '        "y = 2",',
      '        "z = 3"',
      '      ]',
      '    }',
      '  ],',
      '  "metadata": {',
      '    "author": "lecture"',
      '  },',
      '  "zzTop": {',
      '    "keep": true',
      '  }',
      '}',
      '',
    ].join('\n');
    const saved = await read(uri);
    assert.equal(saved, expected);
  });

  it('saves a second time byte-identically (stable output)', async () => {
    const uri = workspaceFile('roundtrip.bpnb');
    const before = await read(uri);
    const doc = await vscode.workspace.openNotebookDocument(uri);
    const cell = doc.cellAt(1).document;
    // Edit and undo the edit's effect: the text is the same again, the document dirty.
    let edit = new vscode.WorkspaceEdit();
    edit.insert(cell.uri, new vscode.Position(0, 0), '#');
    await vscode.workspace.applyEdit(edit);
    edit = new vscode.WorkspaceEdit();
    edit.delete(cell.uri, new vscode.Range(0, 0, 0, 1));
    await vscode.workspace.applyEdit(edit);
    assert.ok(await doc.save() || !doc.isDirty);
    assert.equal(await read(uri), before);
  });

  for (const [label, text, pattern] of [
    ['invalid JSON', '{\n  "bpnb": 1,\n  "cells": [ { "kind": "code", "source": ["x = 1"] }\n', /line \d+, column \d+/],
    ['an unknown version', '{\n  "bpnb": 99,\n  "metadata": {},\n  "cells": []\n}\n', /version|99/],
  ] as const) {
    it(`refuses to open a file with ${label} and leaves it untouched`, async () => {
      const uri = await write(`corrupt-${label.replace(/\W+/g, '-')}.bpnb`, text);
      await assert.rejects(
        () => Promise.resolve(vscode.workspace.openNotebookDocument(uri)),
        (err: Error) => {
          assert.match(String(err.message ?? err), pattern);
          return true;
        },
      );
      // Opening it in an editor too must not rewrite it.
      await Promise.resolve(vscode.commands.executeCommand('vscode.openWith', uri, 'bpnb')).catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.files.saveAll');
      assert.equal(await read(uri), text);
    });
  }

  it('refuses generated truncated and damaged copies of an example, and never writes over them', async () => {
    // Fixed positions from a small seeded generator (the same files every run); the
    // src/notebookFile property tests run thousands of such files through the reader itself.
    const whole = await read(workspaceFile('03-sigmoid-neuron.bpnb'));
    let seed = 20261126;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cases: { name: string; bytes: Uint8Array }[] = [];
    for (let k = 0; k < 6; k++) {
      const cut = 1 + Math.floor(next() * (whole.trimEnd().length - 2));
      cases.push({ name: `truncated-${cut}`, bytes: encoder.encode(whole.slice(0, cut)) });
    }
    for (let k = 0; k < 4; k++) {
      const bytes = encoder.encode(whole);
      // Invalid UTF-8 and JSON syntax in the middle of the file.
      for (let j = 0; j < 3; j++) bytes[Math.floor(next() * bytes.length)] = [0xff, 0x7b, 0x22][j];
      if (parseNotebook(decoder.decode(bytes)).ok) continue; // the damage happened to leave a valid notebook
      cases.push({ name: `damaged-${k}`, bytes });
    }
    assert.ok(cases.length >= 8, `only ${cases.length} corrupt files generated`);
    for (const c of cases) {
      const uri = workspaceFile(`corrupt-${c.name}.bpnb`);
      await vscode.workspace.fs.writeFile(uri, c.bytes);
      await assert.rejects(() => Promise.resolve(vscode.workspace.openNotebookDocument(uri)), (err: Error) => {
        assert.match(String(err.message ?? err), /cannot be opened: .*\(line \d+, column \d+\)\. The file was left unchanged/, c.name);
        return true;
      });
      await Promise.resolve(vscode.commands.executeCommand('vscode.openWith', uri, 'bpnb')).catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.files.saveAll');
      assert.ok(Buffer.from(await vscode.workspace.fs.readFile(uri)).equals(Buffer.from(c.bytes)), `${c.name} was changed`);
    }
  });

  it('with bpnb.outputs.save off, outputs are not written to the file', async () => {
    const config = vscode.workspace.getConfiguration('bpnb');
    await config.update('outputs.save', false, vscode.ConfigurationTarget.Global);
    try {
      const uri = await write('no-outputs.bpnb', JSON.stringify({ bpnb: 1, metadata: {}, cells: [{ kind: 'code', source: ['a = 1', 'show a'], outputs: [] }] }));
      const doc = await vscode.workspace.openNotebookDocument(uri);
      await vscode.window.showNotebookDocument(doc);
      const [cell] = await runCells(doc, [0]);
      assert.ok(cell.outputs.length > 0, 'the cell shows an output');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(cell.document.uri, new vscode.Position(0, 0), '# no outputs saved\n');
      await vscode.workspace.applyEdit(edit);
      assert.ok(await doc.save());
      const saved = JSON.parse(await read(uri)) as { cells: { outputs: unknown[]; source: string[] }[] };
      assert.equal(saved.cells[0].source[0], '# no outputs saved');
      assert.deepEqual(saved.cells[0].outputs, []);
    } finally {
      await config.update('outputs.save', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('bpnb.newNotebook opens an untitled bpnb notebook with one code cell: a one-line hint and an example that runs', async () => {
    const doc = await vscode.commands.executeCommand<vscode.NotebookDocument>('bpnb.newNotebook');
    assert.ok(doc, 'the command returned no notebook');
    assert.equal(doc.notebookType, 'bpnb');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.cellCount, 1);
    assert.equal(doc.cellAt(0).kind, vscode.NotebookCellKind.Code);
    assert.equal(doc.cellAt(0).document.languageId, 'bpnb');
    const lines = doc.cellAt(0).document.getText().split('\n');
    assert.match(lines[0], /^# Run this cell .*hover/, 'a one-line hint, as a comment');
    assert.deepEqual(lines.slice(1), ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f']);
    assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.toString(), doc.uri.toString());
    const [cell] = await runCells(doc, [0]);
    assert.equal(cell.executionSummary?.success, true);
    const graph = JSON.parse(texts(cell, 'application/vnd.bpnb.graph+json')[0]) as { nodes: { name?: string; value: number; grad?: number }[] };
    const f = graph.nodes.find((n) => n.name === 'f');
    assert.deepEqual([f?.value, f?.grad], [-12, 1], 'the example draws the lecture\'s f = -12');
    // Throw the untitled notebook away, so closing editors later asks nothing.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('contributes bpnb.newNotebook to File > New File', () => {
    const ext = vscode.extensions.getExtension('bpnb.bpnb')!;
    const entries = (ext.packageJSON.contributes?.menus?.['file/newFile'] ?? []) as { command: string }[];
    assert.ok(entries.some((e) => e.command === 'bpnb.newNotebook'));
  });
});
