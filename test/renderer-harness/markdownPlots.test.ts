// The Markdown export's plot charts (xychart-beta blocks) drawn by the real
// mermaid 11 in Chromium with its default settings, as GitHub draws them.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { cellOutputs, notebookToMarkdown } from '../../src/notebookFile';
import { fallingDescent, sigmoidPlot } from './plotFixtures';
import { launch } from './harness';

describe('Markdown export: plot charts in mermaid 11', () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await launch();
    page = await browser.newPage();
    await page.setContent('<html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false }));
  });
  after(async () => {
    await browser?.close();
  });

  it('draws each chart of a curve and a descent as a line with its title', async () => {
    const md = notebookToMarkdown([{ kind: 'code', source: 'plot s wrt x', outputs: cellOutputs({
      ok: true, diagnostics: [], variables: {}, gates: [], checks: [], messages: [],
      plots: [sigmoidPlot(200)], descents: [{ ...fallingDescent(100), loss: fallingDescent(100).loss.map((l, i) => (i === 50 ? 1.5e-9 : l)) }],
    }) }], {});
    const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 3);
    let i = 0;
    for (const text of blocks) {
      const drawn = await page.evaluate(async ({ text, id }) => {
        const m = (window as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
        const { svg } = await m.render(id, text);
        const div = document.createElement('div');
        div.innerHTML = svg;
        const title = div.querySelector('.chart-title text, g.chart-title text')?.textContent ?? '';
        const lines = div.querySelectorAll('.line-plot-0 path, g.plot path').length;
        return { title, lines, role: div.querySelector('svg')?.getAttribute('aria-roledescription') };
      }, { text, id: `xy${i++}` });
      assert.equal(drawn.role, 'xychart', text.slice(0, 200));
      assert.ok(drawn.lines >= 1, `a line is drawn: ${JSON.stringify(drawn)}`);
      assert.match(drawn.title, /against x|per step/);
    }
  });
});
