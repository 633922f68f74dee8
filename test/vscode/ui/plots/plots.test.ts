// Plots as a person meets them in the real VS Code (UI runner): a notebook
// whose SAVED outputs hold a `plot` and a `descend` (PLOT_MIME) opens and the
// plot renderer draws them without running anything: two labelled curves,
// the current x marked, the tangent, the descent's final loss; then the dark
// and high-contrast themes redraw them in the theme's colours. A `boundary`
// draws the grid's cells and the points, and draws the trained model after a
// `descend`; Export Plot as SVG / PNG from the palette writes its files.
//
//   node esbuild.js && BPNB_SUITE=plots npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { cellOutputs } from '../../../../src/notebookFile';
import type { CellResult } from '../../../../src/lang/result';
import { fallingDescent, sigmoidPlot } from '../../../renderer-harness/plotFixtures';
import { checkPng, checkSvg } from '../../../lib/images';
import { uiEnvironment, Workbench } from '../lib/harness';

const base: CellResult = { ok: true, diagnostics: [], variables: {}, gates: [], checks: [], messages: [] };

/** A small MLP on 40 moons points and its hinge loss (then, in cells of their own, its boundary before and after training). */
const BOUNDARY_MODEL = [
  'seed 5', 'X = moons(40, 0.1); y = 2 * labels(X) - 1',
  'W1 = 2 * rand(2, 8) - 1; b1 = zeros(8); W2 = 2 * rand(8) - 1; b2 = 0',
  's = relu(X @ W1 + b1) @ W2 + b2', 'L = mean(relu(1 - y * s))',
];

function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `plots-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const nb = {
    bpnb: 1, metadata: {},
    cells: [
      { kind: 'code', source: ['x = 0.5', 's = 1 / (1 + exp(-x))', 'plot s wrt x from -3 to 3 points 61'], outputs: cellOutputs({ ...base, plots: [sigmoidPlot()] }) },
      { kind: 'code', source: ['descend L wrt w, b lr 1 to 0.1 steps 100'], outputs: cellOutputs({ ...base, descents: [fallingDescent()] }) },
    ],
  };
  fs.writeFileSync(path.join(dir, 'saved-plots.bpnb'), JSON.stringify(nb, null, 2) + '\n');
  const run = {
    bpnb: 1, metadata: {},
    cells: [
      { kind: 'code', source: ['def sig(t) = 1 / (1 + exp(-t))', 'x = 0.5', 's = sig(x)', 'plot s wrt x from -4 to 4 points 81'], outputs: [] },
      { kind: 'code', source: ['w = 3; b = -1', 'L = (w * 2 + b - 1) ^ 2', 'descend L wrt w, b lr 0.05 steps 40'], outputs: [] },
    ],
  };
  fs.writeFileSync(path.join(dir, 'run-plots.bpnb'), JSON.stringify(run, null, 2) + '\n');
  const boundary = {
    bpnb: 1, metadata: {},
    cells: [
      { kind: 'code', source: BOUNDARY_MODEL, outputs: [] },
      { kind: 'code', source: ['boundary s over X labels y grid 30'], outputs: [] },
      { kind: 'code', source: ['descend L lr 0.5 steps 60', 'boundary s over X labels y grid 30'], outputs: [] },
    ],
  };
  fs.writeFileSync(path.join(dir, 'boundary.bpnb'), JSON.stringify(boundary, null, 2) + '\n');
  return dir;
}

interface SeenPlot { kind: string; aria: string; values: number; grads: number; tangents: number; marks: number; losses: number; texts: string[]; background: string }

async function seenPlots(wb: Workbench): Promise<{ frame: Frame; plots: SeenPlot[] } | undefined> {
  for (const frame of wb.outputFrames()) {
    const plots = await frame.evaluate(() => Array.from(document.querySelectorAll('svg.bpnb-plot')).map((svg) => ({
      kind: svg.classList.contains('bpnb-plot-curve') ? 'curve' : svg.classList.contains('bpnb-plot-boundary') ? 'boundary' : 'descent',
      aria: svg.getAttribute('aria-label') ?? '',
      values: svg.querySelectorAll('g.bpnb-value path').length, grads: svg.querySelectorAll('g.bpnb-grad path').length,
      tangents: svg.querySelectorAll('g.bpnb-tangent path').length, marks: svg.querySelectorAll('g.bpnb-mark circle').length,
      losses: svg.querySelectorAll('g.bpnb-loss path').length,
      texts: Array.from(svg.querySelectorAll('text')).map((t) => t.textContent ?? ''),
      background: svg.querySelector('rect.bpnb-plot-background')?.getAttribute('fill') ?? '',
    }))).catch(() => [] as SeenPlot[]);
    if (plots.length > 0) return { frame, plots };
  }
  return undefined;
}

async function waitForPlots(wb: Workbench, n: number, accept: (p: SeenPlot[]) => boolean = () => true, timeout = 60_000): Promise<SeenPlot[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await seenPlots(wb);
    if (seen && seen.plots.length >= n && accept(seen.plots)) return seen.plots;
    if (Date.now() > deadline) {
      await wb.screenshot('plots-timeout').catch(() => {});
      throw new Error(`expected ${n} plots in an output frame within ${timeout} ms; saw ${JSON.stringify(seen?.plots.map((p) => p.aria))}`);
    }
    await wb.page.waitForTimeout(300);
  }
}

/** How light a #rrggbb or rgb() colour is, 0..1. */
function lightness(colour: string): number {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour);
  const rgb = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  return rgb.reduce((a, b) => a + b, 0) / (3 * 255);
}


describe('plots in the workbench (saved outputs)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.shared('plots', () => Workbench.open({ source: makeSource() }));
    await wb.openNotebook('saved-plots.bpnb', 2);
  });
  after(async () => {
    await wb?.close();
  });

  it('draws the saved plot and descent without running: two labelled curves, the mark, the tangent, the final loss', async () => {
    const plots = await waitForPlots(wb, 2);
    const curve = plots.find((p) => p.kind === 'curve');
    const descent = plots.find((p) => p.kind === 'descent');
    assert.ok(curve && descent, JSON.stringify(plots.map((p) => p.kind)));
    assert.equal(curve.values, 1, 'the s curve');
    assert.equal(curve.grads, 1, 'the ∂s/∂x curve');
    assert.equal(curve.tangents, 1, 'the tangent line');
    assert.equal(curve.marks, 2, 'x = 0.5 marked on both curves');
    assert.ok(curve.texts.includes('↑ s') && curve.texts.includes('↑ ∂s/∂x'), `y axis labels: ${curve.texts.join('|')}`);
    assert.ok(curve.texts.some((t) => /^x\s*→$/.test(t)), `x axis label: ${curve.texts.join('|')}`);
    assert.match(curve.aria, /^s and ∂s\/∂x for x from -3 to 3 \(61 points\); at x = 0\.5: s = 0\.6225/);
    assert.equal(descent.losses, 1);
    assert.ok(descent.texts.some((t) => t.startsWith('final L = 0.0002656 after 100 steps')), descent.texts.join('|'));
    assert.ok(descent.texts.includes('↑ L (log scale)'), descent.texts.join('|'));
    assert.ok(lightness(curve.background) > 0.8, `light theme background ${curve.background}`);
    await wb.screenshot('plots-light');
  });

  it('Export Notebook as Markdown with SVG images writes each plot as the SVG the plot renderer draws', async () => {
    const md = await wb.saveThroughDialog('saved-plots.md', async () => {
      await wb.page.locator('.notebook-editor:visible .notebook-toolbar-container .action-label[aria-label^="Export Notebook as Markdown"]').click();
      await wb.pickQuickItem('SVG images beside the file');
    });
    const text = fs.readFileSync(md, 'utf8');
    assert.ok(text.includes('![s and ∂s/∂x against x](saved-plots-cell1-plot1.svg)'), text);
    assert.ok(text.includes('![L per step of gradient descent](saved-plots-cell2-plot1.svg)'), text);
    assert.equal(text.match(/xychart-beta/g), null, 'images, not charts');
    const curve = await wb.waitForFile(path.join(wb.workspace, 'saved-plots-cell1-plot1.svg'));
    assert.match(curve, /^<\?xml[\s\S]*<svg [^>]*class="bpnb-plot bpnb-plot-curve"/);
    assert.ok(curve.includes('aria-label="s and ∂s/∂x for x from -3 to 3'), curve.slice(0, 400));
    assert.ok(curve.includes('class="bpnb-tangent"') && curve.includes('class="bpnb-grad"'), 'the tangent and ∂s/∂x are in the file');
    const loss = await wb.waitForFile(path.join(wb.workspace, 'saved-plots-cell2-plot1.svg'));
    assert.ok(loss.includes('final L = 0.0002656 after 100 steps'), loss.slice(0, 400));
  });

  it('redraws in the dark and high-contrast themes', async () => {
    await wb.setTheme('Dark Modern');
    const dark = await waitForPlots(wb, 2, (p) => p.every((q) => lightness(q.background) < 0.3), 20_000);
    assert.equal(dark.find((p) => p.kind === 'curve')?.values, 1);
    await wb.page.waitForTimeout(500);
    await wb.screenshot('plots-dark');
    await wb.setTheme('Dark High Contrast');
    await waitForPlots(wb, 2, (p) => p.every((q) => q.background === '#000000' || lightness(q.background) < 0.05), 20_000);
    await wb.screenshot('plots-hc-dark');
    await wb.setTheme('Light Modern');
    await waitForPlots(wb, 2, (p) => p.every((q) => lightness(q.background) > 0.8), 20_000);
  });
});

describe('plots in the workbench (running plot and descend)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.shared('plots', () => Workbench.open({ source: makeSource() }));
    await wb.openNotebook('run-plots.bpnb', 2);
  });
  after(async () => {
    await wb?.close();
  });

  it('Run All draws the sigmoid with its derivative and the loss curve of the descent', async () => {
    await wb.runAll();
    const plots = await waitForPlots(wb, 2);
    const curve = plots.find((p) => p.kind === 'curve');
    const descent = plots.find((p) => p.kind === 'descent');
    assert.ok(curve && descent, JSON.stringify(plots.map((p) => p.kind)));
    assert.match(curve.aria, /^s and ∂s\/∂x for x from -4 to 4 \(81 points\); at x = 0\.5: s = 0\.6225, ∂s\/∂x = 0\.235$/);
    assert.equal(curve.values + curve.grads + curve.tangents + curve.marks, 5);
    // (2w + b - 1)² from 16 falls by decades: a log axis, and the final loss in the caption.
    assert.match(descent.aria, /^L over 40 steps of gradient descent wrt w, b, lr 0\.05: from 16 to /);
    assert.ok(descent.texts.includes('↑ L (log scale)'), descent.texts.join('|'));
    assert.ok(descent.texts.some((t) => /^final L = \S+ after 40 steps · lr 0\.05$/.test(t)), descent.texts.join('|'));
    await wb.screenshot('plots-run');
  });
});

interface SeenBoundary { aria: string; caption: string; cells: number; positive: number; points: number }

/** Every boundary drawn in the output frames, in page order. */
async function seenBoundaries(wb: Workbench): Promise<SeenBoundary[]> {
  const all: SeenBoundary[] = [];
  for (const frame of wb.outputFrames()) {
    all.push(...await frame.evaluate(() => Array.from(document.querySelectorAll('svg.bpnb-plot-boundary')).map((svg) => {
      const groups = Array.from(svg.querySelectorAll('g.bpnb-boundary-cells'));
      return {
        aria: svg.getAttribute('aria-label') ?? '',
        caption: svg.querySelector('.bpnb-plot-caption')?.textContent ?? '',
        cells: svg.querySelectorAll('g.bpnb-boundary-cells rect').length,
        positive: groups.length ? groups[0].querySelectorAll('rect').length : 0,
        points: svg.querySelectorAll('g.bpnb-boundary-points circle').length,
      };
    })).catch(() => [] as SeenBoundary[]));
  }
  return all;
}

async function waitForBoundaries(wb: Workbench, n: number, timeout = 90_000): Promise<SeenBoundary[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await seenBoundaries(wb);
    if (seen.length >= n) return seen;
    if (Date.now() > deadline) {
      await wb.screenshot('boundary-timeout').catch(() => {});
      throw new Error(`expected ${n} boundary plots within ${timeout} ms; saw ${JSON.stringify(seen.map((b) => b.aria))}`);
    }
    await wb.page.waitForTimeout(300);
  }
}

describe('the decision boundary in the workbench', function () {
  this.timeout(300_000);
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.shared('plots', () => Workbench.open({ source: makeSource() }));
    await wb.openNotebook('boundary.bpnb', 3);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-boundary-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
    await wb.page.keyboard.press('Escape');
  });
  after(async () => {
    await wb?.close();
  });

  // The grid of BOUNDARY_MODEL's points at grid 30 (the unit tests check its numbers): 30 × k cells.
  const accuracyOf = (b: SeenBoundary): number => Number(/accuracy (\d+(?:\.\d)?)%/.exec(b.caption)?.[1] ?? NaN);

  /** A code cell's editor by its text (rows of cells out of view are not in the page, so no index would do). */
  const cellEditor = (text: string, not?: string) =>
    wb.page.locator('.notebook-editor:visible .code-cell-row', not ? { hasText: text, hasNotText: not } : { hasText: text }).first().locator('.monaco-editor .view-lines');
  /** Select cell `index` (from 0) with the keyboard, as a person moves through a long notebook: first cell, then ↓. */
  const focusCell = async (index: number) => {
    await wb.page.locator('.notebook-editor:visible .cell-list-container').first().click({ position: { x: 8, y: 8 } });
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+Home');
    for (let i = 0; i < index; i++) {
      await wb.page.waitForTimeout(150);
      await wb.page.keyboard.press('ArrowDown');
    }
    await wb.page.waitForTimeout(500);
  };

  it('draws the grid\'s cells and the points, and after a descend the trained model', async () => {
    await wb.runAll();
    // Outputs are drawn when their cell comes into view: go down to the last cell, as a person scrolls.
    await waitForBoundaries(wb, 1).catch(() => undefined);
    await wb.scrollNotebookToEnd();
    const both = await waitForBoundaries(wb, 2);
    // The output webview holds the outputs in the order they were made: cell 2's, then cell 3's.
    const [before, after] = both;
    const grid = /on a 30×(\d+) grid/.exec(before.aria);
    assert.ok(grid, before.aria);
    assert.equal(before.cells, 30 * Number(grid[1]), 'one rect per grid cell');
    assert.equal(before.points, 40, 'the 40 points');
    assert.match(before.caption, /■ s > 0 +■ s ≤ 0 · 40 points coloured by y · accuracy \d/);
    assert.equal(after.cells, before.cells, 'the same grid');
    assert.notEqual(after.positive, before.positive, 'redrawn from the trained weights: the cells changed sides');
    assert.ok(accuracyOf(after) > accuracyOf(before), `accuracy ${accuracyOf(before)}% → ${accuracyOf(after)}%`);
    let descents = 0;
    for (const frame of wb.outputFrames()) descents += await frame.locator('svg.bpnb-plot-descent').count().catch(() => 0);
    assert.equal(descents, 1, 'the loss curve beside it');
    await wb.screenshot('boundary-after');
    await focusCell(1);
    await cellEditor('boundary s over X', 'descend').waitFor({ timeout: 10_000 });
    await wb.screenshot('boundary-before');
  });

  it('Export Plot as SVG from the palette asks which of the cell\'s plots, and writes the boundary with its marks', async () => {
    await focusCell(2);
    const file = await wb.saveThroughDialog('boundary-cell3-plot2.svg', async () => {
      await wb.runCommand('bpnb: Export Plot as SVG');
      await wb.page.locator('.quick-input-widget', { hasText: 'Which plot' }).waitFor({ timeout: 20_000 });
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Cell 3 · boundary' }).click();
    });
    const text = fs.readFileSync(file, 'utf8');
    const svg = checkSvg(text);
    assert.match(text, /<svg [^>]*class="bpnb-plot bpnb-plot-boundary"/);
    const cells = (text.match(/<g[^>]*class="bpnb-boundary-cells"[^>]*>[\s\S]*?<\/g>/g) ?? []).join('').match(/<rect /g)?.length;
    const shown = (await seenBoundaries(wb))[1];
    assert.equal(cells, shown.cells, 'every grid cell');
    assert.equal((text.match(/<g[^>]*class="bpnb-boundary-points"[^>]*>[\s\S]*?<\/g>/g) ?? []).join('').match(/<circle /g)?.length, 40, 'every point');
    assert.ok(svg.labels.some((l) => /accuracy \d/.test(l)), svg.labels.join('|'));
    assert.match(text, /fill="#ffffff" class="bpnb-plot-background"/, 'bpnb.export.theme = light: a white background');
    await wb.page.locator('.notification-toast', { hasText: 'plot exported to boundary-cell3-plot2.svg' }).waitFor({ timeout: 10_000 });
    fs.copyFileSync(file, path.join(uiEnvironment().resultsDir, 'boundary-export.svg'));
  });

  it('Export Plot as PNG writes the plot at twice its size (bpnb.export.scale = 2)', async () => {
    await focusCell(1);
    // Cell 2 has one plot: no question, straight to the save dialog.
    const svgFile = await wb.saveThroughDialog('boundary-cell2-plot1.svg', () => wb.runCommand('bpnb: Export Plot as SVG'));
    const svg = checkSvg(fs.readFileSync(svgFile, 'utf8'));
    const file = await wb.saveThroughDialog('boundary-cell2-plot1.png', () => wb.runCommand('bpnb: Export Plot as PNG'));
    const png = checkPng(fs.readFileSync(file));
    assert.equal(png.width, Math.ceil(svg.width * 2));
    assert.equal(png.height, Math.ceil(svg.height * 2));
    assert.ok(png.opaque && png.colours > 50, `opaque, not blank (${png.colours} colours)`);
    fs.copyFileSync(file, path.join(uiEnvironment().resultsDir, 'boundary-export.png'));
  });
});

describe('examples/09-training in the workbench', function () {
  this.timeout(300_000);
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.open();
    // The notebook opens on a markdown cell, whose list row Playwright counts as hidden (its text is drawn in
    // the output webview): wait for the first code cell instead.
    await wb.openNotebook('09-training.bpnb', 1, 20_000).catch(() => undefined);
    await wb.page.locator('.notebook-editor:visible .code-cell-row').first().waitFor({ timeout: 60_000 });
    await wb.screenshot('training-open');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot('failed-training').catch(() => {});
  });
  after(async () => {
    await wb?.close();
  });

  it('Run All: the boundary before training ignores the moons, after training every point is on its side', async () => {
    await wb.runAll();
    // The trained boundary is the last one made: wait for the run to reach it.
    await wb.scrollNotebookToEnd();
    await waitForBoundaries(wb, 1, 120_000);
    // A student reads down the notebook, cell by cell: outputs are drawn as their cells come into view.
    await wb.page.locator('.notebook-editor:visible .cell-list-container').first().click({ position: { x: 8, y: 8 } });
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+Home');
    const byCaption = new Map<string, SeenBoundary>();
    for (let cell = 0; cell < 15; cell++) {
      await wb.page.waitForTimeout(900);
      const now = await seenBoundaries(wb);
      for (const b of now) byCaption.set(b.caption, b);
      // The boundary cells (before and after training), as the student sees them.
      if (cell === 7 || cell === 11) await wb.screenshot(`training-cell${cell + 1}`);
      await wb.page.keyboard.press('ArrowDown');
    }
    const seen = [...byCaption.values()];
    assert.equal(seen.length, 2, `two boundaries, before and after: ${[...byCaption.keys()].join(' | ')}`);
    const accuracies = seen.map((b) => Number(/accuracy (\d+(?:\.\d)?)%/.exec(b.caption)?.[1]));
    assert.deepEqual([...accuracies].sort((a, b) => a - b).at(-1), 100, `after training: ${accuracies.join(', ')}`);
    assert.ok(Math.min(...accuracies) < 100, `before training: ${accuracies.join(', ')}`);
    for (const b of seen) {
      assert.match(b.aria, /on a 50×34 grid, with the 100 points, coloured by y/);
      assert.equal(b.cells, 50 * 34);
      assert.equal(b.points, 100);
    }
    await wb.screenshot('training-end');
  });
});
