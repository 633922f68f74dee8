// Not a mocha test (it needs a browser): renders Mermaid files with the real
// mermaid 11 in headless Chromium and fails if any does not render, or if a
// label produced markup beyond our own <br/> and <font>. Run after changing
// mermaid.ts or the goldens:
//   npx tsx test/unit/diagram/renderCheck.ts [DIR_OR_FILES…]   (default: the golden fixtures)
// Uses CHROMIUM_PATH or /usr/bin/chromium.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

async function check(files: string[]): Promise<{ total: number; failures: number }> {
  // A `bpnb export --format mmd` file holds one graph per `%% cell N` section.
  const graphs = files.flatMap((file) => {
    const sections = readFileSync(file, 'utf8').split(/^(?=%% cell \d+$)/m).filter((t) => t.trim() !== '');
    return sections.map((text) => ({ file: sections.length > 1 ? `${file} (${text.split('\n')[0]})` : file, text }));
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  let failures = 0;
  try {
    const page = await browser.newPage();
    page.on('dialog', (d) => {
      failures++;
      console.error(`a label ran script: dialog '${d.message()}'`);
      void d.dismiss();
    });
    await page.setContent('<html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
    for (const [i, { file, text }] of graphs.entries()) {
      const result = await page.evaluate(async ({ text, id }) => {
        const m = (window as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
        try {
          const { svg } = await m.render(id, text);
          const div = document.createElement('div');
          div.innerHTML = svg;
          const foreign = [...div.querySelectorAll('foreignObject *')]
            .map((e) => e.tagName.toLowerCase())
            .filter((t) => !['br', 'font', 'span', 'p', 'div'].includes(t));
          return { ok: true, foreign };
        } catch (e) {
          return { ok: false, error: String(e).split('\n').slice(0, 4).join(' ') };
        }
      }, { text, id: `g${i}` });
      if (!result.ok) {
        failures++;
        console.error(`${file}: ${result.error}`);
      } else if (result.foreign && result.foreign.length > 0) {
        failures++;
        console.error(`${file}: unexpected elements in labels: ${result.foreign.join(', ')}`);
      } else console.log(`ok ${file} (${text.length} chars)`);
    }
  } finally {
    await browser.close();
  }
  return { total: graphs.length, failures };
}


const args = process.argv.slice(2);
const inputs = args.length > 0 ? args : [join(__dirname, 'fixtures')];
const files = inputs.flatMap((p) =>
  existsSync(p) && statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.mmd')).sort().map((f) => join(p, f)) : [p]);
check(files).then(({ total, failures }) => {
  console.log(`${total - failures} of ${total} graphs rendered`);
  process.exitCode = failures > 0 ? 1 : 0;
}, (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
