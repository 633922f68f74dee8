// Exports as a person does them in the real VS Code (UI runner): the graph
// toolbar's SVG / PNG / Mermaid buttons, the notification after an export,
// the command palette (with a selected cell, and after Escape when no cell is
// selected), the notebook toolbar's Markdown export, and the
// bpnb.export.format setting. Each flow is its own test; every file goes
// through VS Code's save dialog (Workbench.saveThroughDialog).
//
//   node esbuild.js && BPNB_SUITE=export npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { uiEnvironment, Workbench } from '../lib/harness';

const LECTURE = ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'];
const NEURON = ['def sig(t) = 1 / (1 + exp(-t))', 'w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3', 'p = sig(w0 * x0 + w1 * x1 + w2)', 'backward p'];
const F = 'graph of f = -12';
const P = 'graph of p = 0.7311';

function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `export-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const cells = [LECTURE, NEURON].map((source) => ({ kind: 'code', source, outputs: [] }));
  fs.writeFileSync(path.join(dir, 'lecture.bpnb'), JSON.stringify({ bpnb: 1, metadata: {}, cells }, null, 2) + '\n');
  return dir;
}

/** A button of the toolbar of the graph labelled `label`. */
function toolbarButton(frame: Frame, label: string, action: string) {
  return frame.locator(`.bpnb-output:has(svg[aria-label*="${label}"]) [data-action="${action}"]`);
}

describe('UI: exporting graphs and notebooks', function () {
  let wb: Workbench;
  let frame: Frame;

  before(async () => {
    wb = await Workbench.open({ source: makeSource() });
    await wb.openNotebook('lecture.bpnb', 2);
    await wb.runAll();
    frame = await wb.graphFrame(F);
    await wb.graphFrame(P);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-export-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
    // Leave no dialog or palette open for the next flow.
    await wb.page.keyboard.press('Escape');
  });

  after(async () => {
    await wb?.close();
  });

  /** The graph toolbar's SVG button through the save dialog, which proposes <notebook>-cell<n>.svg. */
  const exportSvgOfF = () => wb.saveThroughDialog('lecture-cell1.svg', () => toolbarButton(frame, F, 'export-svg').click());

  /** The selected cell: a click into code cell `index`'s editor. */
  const selectCell = (index: number) => wb.codeCell(index).locator('.monaco-editor .view-lines').click();

  /** Escape leaves the cell's editor; Escape again leaves the cell: no cell is selected at all. */
  const clearSelection = async () => {
    const selected = wb.page.locator('.notebook-editor:visible .cell-list-container .monaco-list-row.selected');
    // On a busy machine the workbench can take a moment to take each Escape: wait for it, not a fixed time.
    for (let i = 0; i < 6 && (await selected.count()) > 0; i++) {
      await wb.page.keyboard.press('Escape');
      await selected.first().waitFor({ state: 'detached', timeout: 1500 }).catch(() => {});
    }
    assert.equal(await selected.count(), 0, 'no cell is selected');
  };

  // First, while no export's notification or dialog has taken the focus: Escape is then the notebook's.
  it('after Escape (no cell selected) the palette\'s exports ask which cell instead of failing', async () => {
    await selectCell(0);
    await clearSelection();
    const file = await wb.saveThroughDialog('lecture-cell2.png', async () => {
      await wb.runCommand('bpnb: Export Graph as PNG');
      const pick = wb.page.locator('.quick-input-widget', { hasText: 'Which cell' });
      await pick.waitFor({ timeout: 20_000 });
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Cell 2' }).click();
    });
    assert.equal(fs.readFileSync(file).subarray(1, 4).toString(), 'PNG');
    assert.equal(await wb.page.locator('.notification-toast', { hasText: /Cannot read properties|cannot export/ }).count(), 0, 'no error notification');
    // Copy Graph as Mermaid asks the same question.
    await selectCell(1);
    await clearSelection();
    await wb.runCommand('bpnb: Copy Graph as Mermaid');
    await wb.page.locator('.quick-input-widget', { hasText: 'Which cell' }).waitFor({ timeout: 20_000 });
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Cell 1' }).click();
    await wb.page.locator('.statusbar', { hasText: 'the Mermaid text of cell 1 is on the clipboard' }).waitFor({ timeout: 20_000 });
    assert.equal(await wb.page.locator('.notification-toast', { hasText: /Cannot read properties|cannot copy/ }).count(), 0, 'no error notification');
  });

  const markdownButton = () => wb.page.locator('.notebook-editor:visible .notebook-toolbar-container .action-label[aria-label^="Export Notebook as Markdown"]');

  it('the toolbar\'s SVG button writes a standalone SVG with the numbers, then offers Open and Reveal', async () => {
    const file = await exportSvgOfF();
    // The end of an export: a notification that can open the file or reveal it.
    const toast = wb.page.locator('.notification-toast', { hasText: 'graph exported to lecture-cell1.svg' });
    await toast.waitFor({ timeout: 10_000 });
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Open' }).count(), 1, 'an Open button');
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Reveal' }).count(), 1, 'a Reveal button');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^<\?xml/);
    assert.ok(text.includes('-12') && !text.includes('foreignObject'), 'the SVG stands alone with the numbers, in SVG text');
    fs.copyFileSync(file, path.join(uiEnvironment().resultsDir, 'renderer-export.svg'));
  });

  it('the toolbar\'s PNG button writes a PNG at twice the SVG\'s width (bpnb.export.scale = 2)', async () => {
    const svgWidth = Number(/<svg [^>]*width="([\d.]+)"/.exec(fs.readFileSync(await exportSvgOfF(), 'utf8'))?.[1]);
    const file = await wb.saveThroughDialog('lecture-cell1.png', () => toolbarButton(frame, F, 'export-png').click());
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.equal(bytes.readUInt32BE(16), Math.ceil(svgWidth * 2), 'bpnb.export.scale = 2 by default');
    fs.copyFileSync(file, path.join(uiEnvironment().resultsDir, 'renderer-export.png'));
  });

  it('Reveal in the export\'s notification selects the file in the Explorer', async () => {
    await wb.saveThroughDialog('lecture-cell1.png', () => toolbarButton(frame, F, 'export-png').click());
    // No revealFileInOS in a browser workbench: the Explorer selects it.
    await wb.page.locator('.notification-toast', { hasText: 'graph exported to lecture-cell1.png' }).locator('.monaco-button', { hasText: 'Reveal' }).click();
    await wb.page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'lecture-cell1.png' }).waitFor({ timeout: 20_000 });
  });

  it('the toolbar\'s Mermaid button copies the graph\'s Mermaid text (confirmed in the status bar)', async () => {
    await toolbarButton(frame, F, 'copy-mermaid').click();
    await wb.page.locator('.statusbar', { hasText: 'the Mermaid text of cell 1 is on the clipboard' }).waitFor({ timeout: 20_000 });
  });

  it('bpnb: Export Graph as SVG from the palette exports the selected cell\'s graph', async () => {
    await selectCell(1);
    const file = await wb.saveThroughDialog('lecture-cell2.svg', () => wb.runCommand('bpnb: Export Graph as SVG'));
    assert.ok(fs.readFileSync(file, 'utf8').includes('0.7311'), 'the neuron\'s graph was exported');
  });

  it('the notebook toolbar\'s Export Notebook as Markdown writes one clean Mermaid block per graph', async () => {
    const md = await wb.saveThroughDialog('lecture.md', async () => {
      await markdownButton().click();
      // How to hold the graphs, then the save dialog with <notebook>.md.
      await wb.pickQuickItem('Mermaid blocks');
    });
    const text = fs.readFileSync(md, 'utf8');
    assert.equal(text.match(/```mermaid\n/g)?.length, 2, 'both graphs of the notebook');
    // Clean to read in a preview that shows the blocks as code (issue 11 item 15).
    assert.ok(!text.includes('<font') && !text.includes('#160;') && !text.includes('&#160;'), text);
    assert.ok(text.includes('n3(("q = +<br/>3<br/>∂ -4"))'), text);
    await wb.page.locator('.notification-toast', { hasText: 'notebook exported to lecture.md' }).waitFor({ timeout: 10_000 });
  });

  it('Export Notebook as Markdown can write the graphs as SVG images beside the file', async () => {
    await markdownButton().click();
    await wb.pickQuickItem('SVG images beside the file');
    // Another name than the previous test's file: a person types it into the dialog.
    const input = wb.page.locator('.quick-input-widget input');
    await wb.page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('lecture.md'), undefined, { timeout: 20_000 });
    const proposed = await input.inputValue();
    await input.fill(proposed.replace(/lecture\.md$/, 'lecture-images.md'));
    await input.press('Enter');
    const md = path.join(wb.workspace, 'lecture-images.md');
    const text = await wb.waitForFile(md);
    assert.equal(text.match(/```mermaid/g), null, 'no Mermaid blocks');
    assert.match(text, /!\[Computation graph of f = -12\]\(lecture-images-cell1\.svg\)/);
    assert.match(text, /!\[Computation graph of p = 0\.7311\]\(lecture-images-cell2\.svg\)/);
    for (const [n, number] of [[1, '-12'], [2, '0.7311']] as const) {
      const svg = await wb.waitForFile(path.join(wb.workspace, `lecture-images-cell${n}.svg`));
      assert.ok(svg.startsWith('<?xml') && svg.includes(number) && !svg.includes('foreignObject'), `image ${n}: the renderer's standalone SVG`);
    }
    await wb.page.locator('.notification-toast', { hasText: 'notebook exported to lecture-images.md and 2 SVG images' }).waitFor({ timeout: 10_000 });
    fs.copyFileSync(md, path.join(uiEnvironment().resultsDir, 'renderer-export-images.md'));
  });

  it('bpnb: Export Graph as Image follows bpnb.export.format', async () => {
    const settingsFile = path.join(wb.workspace, '.vscode', 'settings.json');
    const original = fs.readFileSync(settingsFile, 'utf8');
    try {
      fs.writeFileSync(settingsFile, JSON.stringify({ ...(JSON.parse(original) as object), 'bpnb.export.format': 'png' }, null, 2));
      await wb.page.waitForTimeout(1500); // the file watcher
      await selectCell(1);
      const png = await wb.saveThroughDialog('lecture-cell2.png', () => wb.runCommand('bpnb: Export Graph as Image'));
      assert.equal(fs.readFileSync(png).subarray(1, 4).toString(), 'PNG', 'the default format from the setting');
    } finally {
      fs.writeFileSync(settingsFile, original);
    }
  });
});
