// A saved notebook holds no session-specific strings: the same notebook run
// and saved in two sessions of VS Code (two server starts: another port,
// another workspace folder) gives the same bytes, with no cell URIs
// (vscode-notebook-cell://127.0.0.1:PORT/…) and no local paths; source
// ranges name cells as `bpnb run --inplace` does ("cell": "cell1").
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer, type RunningServer } from '../../runner/vscode-server';
import { Workbench } from '../lib/harness';
import { notebookText, sourceFolder } from './helpers';

const GATE = ['def bad(t) = t + [1, 2, 3]'];
const LECTURE = ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'];
const ECHO = ['a = 3.72', 'a * 10'];
/** Fails inside the gate defined in the first cell: the error names that cell. */
const CALL = ['v = bad([1, 2])'];

/** Opens a fresh copy of the notebook, runs all, saves, and returns the saved bytes. */
async function runAndSave(source: string, origin: string | undefined, shot: string): Promise<string> {
  const wb = await Workbench.open({ source, origin });
  try {
    await wb.openNotebook('saved.bpnb', 4);
    const file = path.join(wb.workspace, 'saved.bpnb');
    const before = fs.readFileSync(file, 'utf8');
    await wb.runAll();
    await wb.waitForOutputSvg(['-12', '-4'], 60_000);
    // The last cell failed (its output may be off screen, not drawn): VS Code's toolbar offers to go to it.
    await wb.page.locator('.notebook-editor:visible .notebook-toolbar-container .action-item', { hasText: 'Go To' }).waitFor({ timeout: 60_000 });
    await wb.runCommand('File: Save');
    const text = await wb.waitForFile(file, (t) => t !== before && t.includes('application/vnd.code.notebook.error'), 30_000);
    await wb.screenshot(shot);
    return text;
  } finally {
    await wb.close();
  }
}

describe('UI: a saved notebook is the same in every session', function () {
  let other: RunningServer | undefined;

  after(async () => {
    await other?.stop();
  });

  it('run and saved in two sessions: identical bytes, no cell URIs, no paths, cells named cell<index>', async () => {
    const source = sourceFolder('saved', { 'saved.bpnb': notebookText(GATE, LECTURE, ECHO, CALL) });
    const first = await runAndSave(source, undefined, 'saved-session-1');
    other = await startServer({ name: 'saved-2' });
    const second = await runAndSave(source, other.origin, 'saved-session-2');

    assert.ok(first.includes('application/vnd.bpnb.graph+json') && first.includes('a * 10 = 37.2'), 'the outputs were saved');
    for (const leak of ['vscode-notebook-cell', '127.0.0.1', 'vscode-remote', path.dirname(source)]) {
      assert.ok(!first.includes(leak), `the saved file holds ${JSON.stringify(leak)}`);
    }
    assert.match(first, /"cell": "cell1"/, 'the lecture cell\'s ranges name it as the CLI does');
    assert.match(first, /its definition, line 1, column \d+ of cell0\)/, 'the error inside the gate names the cell that defines it');
    assert.equal(second, first);
  });
});
