// A student's first minutes, as a person meets them in the real VS Code:
// typing the lecture's program line by line with Enter gives exactly the lines
// typed (completion must not swallow Enter), and running it draws the graph.
//
//   node esbuild.js && BPNB_SUITE=firsthour npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import { Workbench } from '../lib/harness';
import { emptyNotebookSource, cellText } from './helpers';

const LINES = ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'];

describe('UI: typing a program line by line', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open({ source: emptyNotebookSource('typing') });
    await wb.openNotebook('empty.bpnb', 1);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-typing-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('Enter after each line starts a new line: the cell holds the four lines typed', async () => {
    await wb.codeCell(0).locator('.monaco-editor .view-lines').click();
    const suggested: string[][] = [];
    for (const [i, line] of LINES.entries()) {
      await wb.page.keyboard.type(line, { delay: 40 });
      // Give the completion list the time to appear, as it does for a person.
      await wb.page.waitForTimeout(600);
      suggested.push(await wb.page.locator('.suggest-widget.visible .monaco-list-row .label-name').allTextContents());
      if (i < LINES.length - 1) await wb.page.keyboard.press('Enter');
    }
    await wb.page.waitForTimeout(300);
    await wb.screenshot('typing-lecture');
    assert.deepEqual(await cellText(wb, 0), LINES);
    // The trap was there: after 'q = x + y' the list offered exactly the word just typed.
    assert.ok(suggested[1].includes('y'), `the completion list after 'q = x + y': ${JSON.stringify(suggested)}`);
  });

  it('running the typed cell draws the lecture\'s graph (f = -12, ∂f/∂x = -4)', async () => {
    await wb.page.keyboard.press('Escape');
    await wb.runCell(0);
    const svg = await wb.waitForOutputSvg(['-12', '-4', '3'], 60_000);
    assert.ok(svg.roleDescription, 'drawn by Mermaid');
  });
});
