// The Markdown export's Mermaid blocks (issue 11 item 15) drawn by the real
// mermaid 11 in Chromium with its default settings (HTML labels, as GitHub
// draws a ```mermaid block): every example notebook's graphs draw, and
// hostile names stay literal text (no markup, no directive, no script).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { toMermaid } from '../../src/diagram';
import { parseNotebook } from '../../src/notebookFile';
import { Session } from '../../src/lang/session';
import { hostile } from './fixtures';
import { launch } from './harness';
import { readDataFiles } from '../../src/cli/dataFiles';
import { filesToRead } from '../../src/lang/dataFiles';

describe('Markdown export: readable Mermaid in mermaid 11', () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    browser = await launch();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent('<html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false }));
  });
  after(async () => {
    await browser?.close();
  });

  /** Draws Mermaid text; returns each node's label text and the tags found inside labels. */
  async function draw(text: string, id: string): Promise<{ labels: string[]; tags: string[] }> {
    return page.evaluate(async ({ text, id }) => {
      const m = (window as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      const { svg } = await m.render(id, text);
      const div = document.createElement('div');
      div.innerHTML = svg;
      document.body.append(div);
      const labels = [...div.querySelectorAll('g.node .nodeLabel, g.edgeLabel .edgeLabel')].map((e) => e.textContent ?? '');
      const tags = [...div.querySelectorAll('foreignObject *')].map((e) => e.tagName.toLowerCase());
      div.remove();
      return { labels, tags };
    }, { text, id });
  }

  it('draws every graph of every example notebook', async () => {
    const dir = join(__dirname, '..', '..', 'examples');
    let drawn = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpnb')).sort()) {
      const parsed = parseNotebook(readFileSync(join(dir, file), 'utf8'));
      assert.ok(parsed.ok, file);
      const session = new Session();
      for (const cell of parsed.notebook.cells) {
        if (cell.kind !== 'code') continue;
        const graph = session.run(cell.source, { files: readDataFiles(filesToRead(cell.source), dir) }).graph;
        if (!graph) continue;
        const { labels, tags } = await draw(toMermaid(graph, { readable: true, edgeLabels: true }).text, `g${drawn++}`);
        assert.ok(labels.length > 0, `${file}: labels drawn`);
        assert.deepEqual([...new Set(tags)].filter((t) => !['br', 'span', 'p', 'div'].includes(t)), [], `${file}: only line breaks in labels`);
      }
    }
    assert.ok(drawn >= 8, `only ${drawn} graphs`);
  });

  it('keeps hostile names as literal text', async () => {
    const p = hostile();
    const text = toMermaid(p, { readable: true, edgeLabels: true }).text;
    const { labels, tags } = await draw(text, 'hostile');
    const all = labels.join('\n');
    for (const literal of ['<img src=x onerror="window.__pwned=1">', '"]) ; click n0 call alert(1) %%', '<script>window.__pwned=2</script>', '{{x}}']) {
      assert.ok(all.includes(literal), `${literal} in ${all}`);
    }
    assert.deepEqual([...new Set(tags)].filter((t) => !['br', 'span', 'p', 'div'].includes(t)), []);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(dialogs, []);
  });
});
