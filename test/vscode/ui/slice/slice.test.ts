// The vertical slice as a person sees it: open hello.bpnb from the Explorer,
// see the cell coloured, Run All, and find the Mermaid graph with the
// lecture's numbers (f = -12, ∂f/∂x = -4) in the cell's output.
import * as assert from 'node:assert/strict';
import { Workbench } from '../lib/harness';

describe('UI: hello.bpnb in the browser', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
    await wb.openNotebook('hello.bpnb', 2);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('colours the cell: the command keyword and a number get different token colours', async () => {
    let tokens = await wb.cellTokens(0);
    // Tokenization can arrive a moment after the text.
    for (let i = 0; i < 40 && !tokens.some((t) => t.text.trim() === 'backward' && t.className !== 'mtk1'); i++) {
      await wb.page.waitForTimeout(250);
      tokens = await wb.cellTokens(0);
    }
    const keyword = tokens.find((t) => t.text.trim() === 'backward');
    const number = tokens.find((t) => /^-?\d+$/.test(t.text.trim()));
    const plain = tokens.find((t) => t.text.trim() === 'q' || t.text.trim() === 'x');
    assert.ok(keyword, `no token 'backward' in ${JSON.stringify(tokens)}`);
    assert.ok(number, `no number token in ${JSON.stringify(tokens)}`);
    assert.notEqual(keyword.color, number.color, 'keyword and number have the same colour');
    if (plain) assert.notEqual(keyword.color, plain.color, 'the keyword is not coloured differently from a plain name');
  });

  it('Run All draws the graph with Mermaid: an svg with f = -12 and ∂f/∂x = -4', async () => {
    await wb.runAll();
    const svg = await wb.waitForOutputSvg(['-12', '-4'], 60_000);
    assert.ok(svg.roleDescription, 'the svg has no aria-roledescription: not drawn by Mermaid?');
    assert.ok(svg.width > 50 && svg.height > 20, `the svg is too small to see (${svg.width}×${svg.height})`);
    // Let the webview settle its height before the picture.
    await wb.page.waitForTimeout(500);
    const file = await wb.screenshot('hello-notebook');
    assert.ok(file.endsWith('.png'));
  });

  it('Clear All Outputs removes the graph, and running the one cell (its run button) draws it again', async () => {
    await wb.runCommand('Notebook: Clear All Outputs');
    for (let i = 0; i < 40 && (await wb.outputSvgs()).some((s) => s.text.includes('12')); i++) await wb.page.waitForTimeout(250);
    assert.equal((await wb.outputSvgs()).filter((s) => s.text.includes('12')).length, 0, 'the graph is still shown after Clear All Outputs');
    await wb.runCell(0);
    const svg = await wb.waitForOutputSvg(['-12', '-4'], 60_000);
    assert.ok(svg.roleDescription);
  });
});
