// A cell of a million lines in the real VS Code: running it ends with the
// parser's located E_LIMIT (it is refused before any work), and the editor
// keeps taking keystrokes in another cell meanwhile. (A cell that runs for a
// long time while a person types elsewhere is test/vscode/ui/kernel/responsive.test.ts.)
//
//   node esbuild.js && BPNB_SUITE=security npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { uiEnvironment, Workbench } from '../lib/harness';

const TYPED = 'q = abs(-42)';

function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `hugecell-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  // The source as one string (the format reads an array of lines or a string): a 2 MB file.
  const million = Array.from({ length: 1_000_000 }, (_, i) => `${i % 10}`).join('\n');
  const nb = { bpnb: 1, metadata: {}, cells: [{ kind: 'code', source: [], outputs: [] }, { kind: 'code', source: million, outputs: [] }] };
  fs.writeFileSync(path.join(dir, 'huge.bpnb'), JSON.stringify(nb) + '\n');
  return dir;
}

/** The visible text of every output frame, shadow roots included. */
async function outputText(wb: Workbench): Promise<string> {
  const texts = await Promise.all(wb.outputFrames().map((f) => f.evaluate(() => {
    const parts = [document.body?.innerText ?? ''];
    const roots: ShadowRoot[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const r of roots) parts.push(r.textContent ?? '');
    return parts.join('\n');
  }).catch(() => '')));
  return texts.join('\n');
}

describe('UI: a cell of a million lines', function () {
  let wb: Workbench;
  const times: Record<string, number> = {};

  before(async () => {
    wb = await Workbench.open({ source: makeSource() });
    const t0 = Date.now();
    await wb.openNotebook('huge.bpnb', 2, 120_000);
    times['open'] = Date.now() - t0;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-hugecell-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    if (Object.keys(times).length) console.log(`      measured (information only): ${Object.entries(times).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
    await wb?.close();
  });

  it('runs into a located E_LIMIT while typing in the other cell goes on', async () => {
    const t0 = Date.now();
    await wb.runCell(1);
    const picker = wb.page.locator('.quick-input-widget', { hasText: /Select (Notebook )?Kernel/i });
    if (await picker.isVisible({ timeout: 1000 }).catch(() => false)) await wb.page.locator('.quick-input-widget input').press('Enter');
    // At once, type into the first cell.
    await wb.codeCell(0).locator('.monaco-editor .view-lines').first().click();
    await wb.page.keyboard.type(TYPED);
    const deadline = Date.now() + 60_000;
    let shown = '';
    while (Date.now() < deadline) {
      shown = ((await wb.codeCell(0).locator('.monaco-editor .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
      if (shown.includes(TYPED)) break;
      await wb.page.waitForTimeout(100);
    }
    times['run + type → text shown'] = Date.now() - t0;
    assert.ok(shown.includes(TYPED), `the first cell shows ${JSON.stringify(shown)}`);
    let text = '';
    while (Date.now() < deadline) {
      text = await outputText(wb);
      if (text.includes('more than 250,000 lines')) break;
      await wb.page.waitForTimeout(250);
    }
    times['run → E_LIMIT shown'] = Date.now() - t0;
    assert.match(text, /E_LIMIT: line 250001, column 1: this cell has more than 250,000 lines/);
    await wb.codeCell(1).locator('.codicon-notebook-state-error').first().waitFor({ state: 'visible', timeout: 20_000 });
    await wb.screenshot('security-million-lines');
  });

  it('the typed cell then runs', async () => {
    await wb.runCell(0);
    await wb.waitForOutputSvg(['q', '42'], 60_000);
  });
});
