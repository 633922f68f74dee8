// What a cell says is visible in VS Code, beside its graph: the echo of a bare
// expression, the `check` report as a table with a verdict per line, and
// warnings, rendered by VS Code's own Markdown renderer in the output frame.
import * as assert from 'node:assert/strict';
import { Workbench } from '../lib/harness';
import { notebookText, sourceFolder, waitForMarkdown } from './helpers';

const ECHO = ['a = 3.72', 'a * 10'];
const CHECK = ['def sig(t) = 1 / (1 + exp(-t))', 'w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3', 'p = sig(w0 * x0 + w1 * x1 + w2)', 'check p'];
const WARN = ['u = 0', 'v = log(u)'];

describe('UI: what a cell prints is shown in its output', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open({ source: sourceFolder('report', { 'report.bpnb': notebookText(CHECK, ECHO, WARN) }) });
    await wb.openNotebook('report.bpnb', 3);
    await wb.runAll();
    await wb.waitForOutputSvg(['0.7311'], 60_000);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-report-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('the echo of a bare expression: a * 10 = 37.2', async () => {
    const md = await waitForMarkdown(wb, 'the echo', (m) => m.text.includes('a * 10 = 37.2'));
    assert.equal(md.tables.length, 0, 'the echo alone, not the fallback table');
  });

  it('check: a table with analytic, numeric, relative error and verdict for every input', async () => {
    const md = await waitForMarkdown(wb, 'the check table', (m) => m.tables.some((t) => t[0]?.includes('verdict')));
    const table = md.tables.find((t) => t[0]?.includes('verdict'))!;
    assert.deepEqual(table[0], ['check', 'analytic', 'numeric', 'relative error', 'verdict']);
    const rows = table.slice(1);
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['∂p/∂w0', '∂p/∂w1', '∂p/∂w2', '∂p/∂x0', '∂p/∂x1']);
    for (const r of rows) assert.equal(r[4], 'ok', `verdict of ${r[0]}`);
    // ∂p/∂x0 = w0 · σ'(1) = 2 · 0.1966 (the lecture's neuron).
    assert.match(rows.find((r) => r[0] === '∂p/∂x0')![1], /^0\.39322/);
    // The picture: the first cell's graph with the check table under it.
    await wb.codeCell(0).scrollIntoViewIfNeeded();
    await wb.page.waitForTimeout(500);
    await wb.screenshot('check-report');
  });

  it('a warning, with its line and column', async () => {
    // The third cell's output is drawn only once it is on screen (the notebook
    // virtualises its rows, and the graphs above are tall): from the first
    // cell, Escape then ↓ ↓ as a person moves down the notebook with the keyboard.
    await wb.codeCell(0).locator('.monaco-editor .view-lines').click();
    await wb.page.keyboard.press('Escape');
    for (let i = 0; i < 2; i++) {
      await wb.page.waitForTimeout(300);
      await wb.page.keyboard.press('ArrowDown');
    }
    const md = await waitForMarkdown(wb, 'the warning', (m) => /warning \(line 2, column \d+\)/.test(m.text));
    assert.match(md.text, /log/);
  });
});
