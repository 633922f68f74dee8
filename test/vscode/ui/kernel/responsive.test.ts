// The editor stays responsive while a heavy cell runs (the kernel runs cells in
// a worker thread, not on the extension host's thread): in the real VS Code,
// start a cell that takes many seconds, and WHILE it runs type into another
// cell and open and close the command palette; then stop it and check that
// the kernel still runs cells. Every pass criterion is a state of the page
// (the cell's running spinner, the typed text, the palette, the outputs);
// the measured times are only printed.
//
//   node esbuild.js && BPNB_SUITE=kernel npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { uiEnvironment, Workbench } from '../lib/harness';

/**
 * The heavy cell: products of 1000×1000 matrices (B_k = A^k·A, kept bounded
 * by the 1/√1000 scale of A). Each takes ~0.5 s in the worker on the 2-core
 * development machine: this cell's 32 products, run to the end by the CLI
 * (`node dist/cli.js run -`), take 14 s (640 MB): several times what the
 * steps below need (3–5 s), so that they happen while it runs even on a
 * loaded machine. The test stops it after a
 * few seconds, so the length costs no time (and little memory).
 */
const PRODUCTS_PER_LINE = 8;
const LINES = 4;
const HEAVY = [
  `# heavy: ${PRODUCTS_PER_LINE * LINES} products of 1000×1000 matrices`,
  'A = randn(1000, 1000) / 32',
  'B = A',
  ...Array.from({ length: LINES }, () => Array.from({ length: PRODUCTS_PER_LINE }, () => 'B = A @ B').join('; ')),
];
/** Typed into the empty second cell while the heavy cell runs (q = 42). */
const TYPED = 'q = abs(-42)';
/** The third cell: uses the variable the typed cell defines. */
const LATER = 'r = q + 1';

function notebook(...cells: string[][]): string {
  return JSON.stringify({ bpnb: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', source, outputs: [] })) }, null, 2) + '\n';
}

/** This suite's workspace source: one notebook, heavy cell, empty cell, later cell. */
function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `kernel-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'heavy.bpnb'), notebook(HEAVY, [], [LATER]));
  return dir;
}

/** VS Code's running indicator on a cell: the spinning "executing" icon in the cell's status bar. */
function spinner(wb: Workbench, index: number): Locator {
  return wb.codeCell(index).locator('.codicon-notebook-state-executing');
}

async function isRunning(wb: Workbench, index: number): Promise<boolean> {
  return (await spinner(wb, index).count()) > 0 && spinner(wb, index).first().isVisible();
}

/** The text a cell's editor shows (Monaco renders spaces as no-break spaces). */
async function editorText(wb: Workbench, index: number): Promise<string> {
  const text = await wb.codeCell(index).locator('.monaco-editor .view-lines').first().textContent();
  return (text ?? '').replace(/\u00a0/g, ' ');
}

/** The visible text of every output frame (outputs are webviews). */
async function outputTexts(wb: Workbench): Promise<string> {
  const texts = await Promise.all(wb.outputFrames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
  return texts.join('\n');
}

describe('UI: the editor stays responsive while a heavy cell runs', function () {
  let wb: Workbench;
  /** Date.now() when the heavy cell was started. */
  let started = 0;
  const times: Record<string, number> = {};

  before(async () => {
    wb = await Workbench.open({ source: makeSource() });
    await wb.openNotebook('heavy.bpnb', 3);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-kernel-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    // A failed step may leave the heavy cell running: stop it rather than let it run on.
    if (wb && (await isRunning(wb, 0).catch(() => false))) await wb.runCommand('Notebook: Stop Execution').catch(() => {});
    if (Object.keys(times).length) console.log(`      measured (information only): ${Object.entries(times).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
    await wb?.close();
  });

  it('the heavy cell starts: its status shows the running spinner', async () => {
    assert.equal(await isRunning(wb, 0), false, 'the heavy cell shows as running before it was started');
    started = Date.now();
    await wb.runCell(0);
    const picker = wb.page.locator('.quick-input-widget', { hasText: /Select (Notebook )?Kernel/i });
    if (await picker.isVisible({ timeout: 1000 }).catch(() => false)) await wb.page.locator('.quick-input-widget input').press('Enter');
    await spinner(wb, 0).first().waitFor({ state: 'visible', timeout: 30_000 });
    times['run click → spinner'] = Date.now() - started;
    // Only the heavy cell runs; the others are neither running nor queued.
    assert.equal(await isRunning(wb, 1), false);
    assert.equal(await isRunning(wb, 2), false);
  });

  it('while it runs, a click into the empty second cell and typing show the text in that cell', async () => {
    assert.equal(await editorText(wb, 1).then((t) => t.trim()), '', 'the second cell is not empty to begin with');
    const editor = wb.codeCell(1).locator('.monaco-editor').first();
    await editor.locator('.view-lines').click();
    await wb.page.waitForFunction(() => !!document.querySelector('.notebook-editor .code-cell-row .monaco-editor.focused'), undefined, { timeout: 10_000 });
    assert.ok(await isRunning(wb, 0), 'the heavy cell had stopped running before the click into the second cell');
    const t0 = Date.now();
    await wb.page.keyboard.type(TYPED);
    // Wait for the text to be drawn in the cell's editor, then check the
    // heavy cell had not finished meanwhile.
    const deadline = Date.now() + 20_000;
    let shown = await editorText(wb, 1);
    while (!shown.includes(TYPED) && Date.now() < deadline) {
      await wb.page.waitForTimeout(50);
      shown = await editorText(wb, 1);
    }
    times['type → text shown'] = Date.now() - t0;
    assert.ok(shown.includes(TYPED), `the second cell shows ${JSON.stringify(shown)}, not the typed ${JSON.stringify(TYPED)}`);
    assert.ok(await isRunning(wb, 0), 'the heavy cell was no longer running when the typed text showed: the check proves nothing (make the cell heavier)');
    assert.ok(await editor.evaluate((e) => e.classList.contains('focused')), 'the second cell\'s editor lost the focus');
    await wb.screenshot('kernel-typing-while-running');
  });

  it('while it runs, the extension host still answers: a hover on the typed built-in shows its definition', async () => {
    // The middle of the text 'abs' in the second cell's editor, in page coordinates.
    const at = await wb.textCenter(1, 'abs');
    assert.ok(at, `no 'abs' in the second cell: ${JSON.stringify(await editorText(wb, 1))}`);
    const t0 = Date.now();
    await wb.page.mouse.move(at.x, at.y - 3);
    await wb.page.mouse.move(at.x, at.y);
    const hover = wb.page.locator('.monaco-hover:visible', { hasText: 'absolute value' }).first();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    times['mouse on abs → hover'] = Date.now() - t0;
    assert.ok(await isRunning(wb, 0), 'the heavy cell was no longer running when the hover showed');
    await wb.page.keyboard.press('Escape');
    await wb.page.mouse.move(5, 450);
  });

  it('while it runs, the command palette opens and closes', async () => {
    const t0 = Date.now();
    const input = await wb.openCommandPalette();
    times['F1 → palette'] = Date.now() - t0;
    assert.ok(await input.isVisible(), 'the command palette is not visible');
    assert.ok(await isRunning(wb, 0), 'the heavy cell was no longer running when the palette opened');
    await wb.screenshot('kernel-palette-while-running');
    await wb.page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
    assert.ok(await isRunning(wb, 0), 'the heavy cell was no longer running when the palette closed');
  });

  it('Notebook: Stop Execution ends the heavy cell with "Interrupted"', async () => {
    assert.ok(await isRunning(wb, 0), 'the heavy cell had already ended before the stop');
    const t0 = Date.now();
    await wb.runCommand('Notebook: Stop Execution');
    await spinner(wb, 0).first().waitFor({ state: 'hidden', timeout: 30_000 });
    times['stop → not running'] = Date.now() - t0;
    times['heavy cell ran for'] = Date.now() - started;
    assert.equal(await isRunning(wb, 0), false);
    // It ended as failed (the red cross in its status bar) …
    await wb.codeCell(0).locator('.codicon-notebook-state-error').first().waitFor({ state: 'visible', timeout: 20_000 });
    // … and its error output says why it ended (VS Code's error renderer, in the output webview).
    const deadline = Date.now() + 20_000;
    let text = await outputTexts(wb);
    while (!text.includes('Interrupted') && Date.now() < deadline) {
      await wb.page.waitForTimeout(200);
      text = await outputTexts(wb);
    }
    assert.ok(text.includes('Interrupted'), `no "Interrupted" output; the outputs show: ${JSON.stringify(text.slice(0, 500))}`);
  });

  it('after the stop, the typed cell runs, and a later cell using its variable runs too', async () => {
    await wb.runCell(1);
    const q = await wb.waitForOutputSvg(['q', '42'], 60_000);
    assert.ok(q.roleDescription, 'the q = 42 graph was not drawn by Mermaid');
    await wb.runCell(2);
    // r = q + 1: the graph shows q's 42 going in and 43 coming out.
    await wb.waitForOutputSvg(['42', '43'], 60_000);
    // The status bar settles a moment after the output: both end as succeeded.
    for (const i of [1, 2]) {
      await wb.codeCell(i).locator('.codicon-notebook-state-success').first().waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(await isRunning(wb, i), false, `cell ${i + 1} still shows the running spinner`);
    }
    await wb.page.waitForTimeout(300);
    await wb.screenshot('kernel-after-interrupt');
  });
});
