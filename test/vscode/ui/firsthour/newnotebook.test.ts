// bpnb: New Backprop Notebook as a person meets it: the new notebook is not
// empty, it holds a one-line hint and the lecture's example, and running that
// one cell draws the graph.
import * as assert from 'node:assert/strict';
import { Workbench } from '../lib/harness';
import { cellText, emptyNotebookSource } from './helpers';

describe('UI: a new notebook starts with a runnable example', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open({ source: emptyNotebookSource('newnotebook') });
    // Once a notebook opens as a notebook, the development extension is loaded.
    await wb.openNotebook('empty.bpnb', 1);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-newnotebook-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('bpnb: New Backprop Notebook shows a hint and the example; its run button draws f = -12, ∂f/∂x = -4', async () => {
    await wb.runCommand('bpnb: New Backprop Notebook');
    await wb.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 20_000 });
    await wb.waitForNotebook(1);
    const lines = await cellText(wb, 0);
    assert.match(lines[0], /^# Run this cell/);
    assert.deepEqual(lines.slice(1), ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f']);
    await wb.runCell(0);
    const picker = wb.page.locator('.quick-input-widget', { hasText: /Select (Notebook )?Kernel/i });
    if (await picker.isVisible({ timeout: 1500 }).catch(() => false)) await wb.page.locator('.quick-input-widget input').press('Enter');
    await wb.waitForOutputSvg(['-12', '-4'], 60_000);
    await wb.screenshot('new-notebook');
  });
});
