// Reading a CSV file as a person does it in the real VS Code: typing
// `X = csv("` offers the CSV files beside the notebook, Enter takes one, the
// cell runs and draws X; a ragged file's cell shows its located error in the
// output, as VS Code's error renderer draws it.
import * as assert from 'node:assert/strict';
import type { Workbench as WorkbenchType } from '../lib/harness';
import { Workbench } from '../lib/harness';
import { cellText, notebookText, sourceFolder } from '../firsthour/helpers';

async function outputTexts(wb: WorkbenchType): Promise<string> {
  const texts = await Promise.all(wb.outputFrames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
  return texts.join('\n');
}

describe('UI: reading a CSV file beside the notebook', function () {
  let wb: WorkbenchType;

  before(async () => {
    wb = await Workbench.open({
      source: sourceFolder('csvdata', {
        'data.bpnb': notebookText([], ['R = csv("ragged.csv")']),
        'points.csv': 'x,y,label\n0.5,1,0\n-2,3,1\n',
        'ragged.csv': '1,2\n3\n',
      }),
    });
    await wb.openNotebook('data.bpnb', 2);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-csv-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('typing csv(" lists the CSV files beside the notebook; Enter takes one and the cell draws the data', async () => {
    await wb.codeCell(0).locator('.monaco-editor .view-lines').click();
    await wb.page.keyboard.type('X = csv("', { delay: 40 });
    const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row .label-name');
    await rows.filter({ hasText: 'points.csv' }).first().waitFor({ timeout: 20_000 });
    const offered = await rows.allTextContents();
    assert.ok(offered.includes('ragged.csv'), `offered: ${offered.join(', ')}`);
    assert.ok(!offered.some((l) => l.endsWith('.bpnb')), `only CSV files: ${offered.join(', ')}`);
    assert.equal(offered[0], 'points.csv', 'the first file, selected');
    await wb.screenshot('csv-file-completion');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('"', { delay: 40 });
    await wb.page.waitForTimeout(300);
    assert.deepEqual(await cellText(wb, 0), ['X = csv("points.csv")']);

    await wb.runCell(0);
    // X is drawn as data: its name and its shape (a 2×3 constant).
    const svg = await wb.waitForOutputSvg(['X'], 60_000);
    assert.ok(svg.roleDescription, 'the graph was not drawn by Mermaid');
    await wb.codeCell(0).locator('.codicon-notebook-state-success').first().waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('a ragged file: the cell fails and its output says which line of the file, at which place in the cell', async () => {
    await wb.runCell(1);
    await wb.codeCell(1).locator('.codicon-notebook-state-error').first().waitFor({ state: 'visible', timeout: 30_000 });
    const deadline = Date.now() + 20_000;
    let text = await outputTexts(wb);
    while (!text.includes('ragged.csv line 2') && Date.now() < deadline) {
      await wb.page.waitForTimeout(200);
      text = await outputTexts(wb);
    }
    assert.match(text, /E_CSV: line 1, column 9: ragged\.csv line 2 has 1 field, expected 2 \(as line 1\)/, `the outputs show: ${JSON.stringify(text.slice(0, 500))}`);
    assert.doesNotMatch(text, /\bat \w+ \(/, 'no stack trace');
    await wb.screenshot('csv-ragged-error');
  });
});
