// Tensors as pictures in the real VS Code (UI runner, area renderer): a tensor
// node shows its name, its shape and heatmaps of its value and gradient, read
// in the rendered output frame; the details panel shows the full matrix on its
// colour scale; a live slider repaints the heatmaps; the 2-16-16-1 MLP of
// examples/09-training.bpnb (its model cells) draws at a readable size, in
// light and dark themes (screenshots under test-results/).
//
//   node esbuild.js && BPNB_SUITE=renderer npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { HEAT_SCALES } from '../../../../src/diagram/heatmap';
import { REPO_ROOT } from '../../runner/vscode-server';
import { uiEnvironment, Workbench } from '../lib/harness';

/** A small known tensor (A: the most negative element −3 is the scale's blue end), and k, a slider that shifts B = A + k. */
const SMALL = ['k = 0', 'A = [[-3, 0, 1], [2, -1, 0.5]]', 'B = A + k', 'f = sum(B * B)', 'backward f'];

/** examples/09-training.bpnb's data, weights and model cells (code cells 1–3). */
function modelCells(): string[][] {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', '09-training.bpnb'), 'utf8')) as { cells: { kind: string; source: string[] | string }[] };
  return nb.cells.filter((c) => c.kind === 'code').slice(0, 3).map((c) => (Array.isArray(c.source) ? c.source : c.source.split('\n')));
}

function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `heatmaps-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const notebook = (cells: string[][]) => JSON.stringify({ bpnb: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', source, outputs: [] })) }, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'tensors.bpnb'), notebook([SMALL]));
  fs.writeFileSync(path.join(dir, 'mlp.bpnb'), notebook(modelCells()));
  return dir;
}

const outputOf = (label: string): string => `.bpnb-output:has(svg[aria-label*="${label}"])`;
const F = 'graph of f = 15.25';
const ACC = 'graph of accuracy = 0.5';

/** The heatmaps of the node named `name` in the output labelled `label`: kind, grid and each cell's fill. */
async function heatmapsOf(frame: Frame, label: string, name: string): Promise<{ kind: string; rows: number; cols: number; fills: string[] }[]> {
  return frame.evaluate(([sel, n]) => {
    const nodes = Array.from(document.querySelectorAll(`${sel} g.node`));
    const g = nodes.find((x) => (x.querySelector('.nodeLabel')?.textContent ?? '').trim().startsWith(n as string));
    return Array.from(g?.querySelectorAll<SVGGElement>('g.bpnb-heatmap') ?? []).map((h) => ({
      kind: h.dataset.kind ?? '', rows: Number(h.dataset.rows), cols: Number(h.dataset.cols),
      fills: Array.from(h.querySelectorAll<SVGRectElement>('rect.bpnb-heat-cell')).map((r) => getComputedStyle(r).fill),
    }));
  }, [outputOf(label), name] as const);
}

const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('UI: tensors as heatmaps in the graph', function () {
  let wb: Workbench;
  let frame: Frame;

  before(async () => {
    wb = await Workbench.open({ source: makeSource() });
    await wb.openNotebook('tensors.bpnb', 1);
    await wb.runAll();
    frame = await wb.graphFrame(F);
    await frame.waitForSelector(`${outputOf(F)} g.bpnb-heatmap`, { timeout: 20_000 });
    // The theme is a user setting every UI suite shares: start from the light one.
    await wb.setTheme('Light Modern');
    await frame.waitForFunction((sel) => document.querySelector(`${sel} svg[role="img"]`)?.getAttribute('data-theme') === 'light', outputOf(F), { timeout: 20_000 });
    await frame.waitForSelector(`${outputOf(F)} g.bpnb-heatmap`, { timeout: 20_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-heatmaps-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.setTheme('Light Modern').catch(() => {});
    await wb?.close();
  });

  it('a 2×3 tensor node shows its name, shape and two heatmaps of 6 cells, no numbers; −3 is the blue end', async () => {
    const maps = await heatmapsOf(frame, F, 'A');
    assert.deepEqual(maps.map((m) => [m.kind, m.rows, m.cols, m.fills.length]), [['value', 2, 3, 6], ['grad', 2, 3, 6]]);
    const [neg, mid] = [HEAT_SCALES.light.stops[0], HEAT_SCALES.light.stops[4]].map(rgb);
    // A = [[-3, 0, 1], [2, -1, 0.5]], max|x| = 3: −3 is the negative end, 0 the middle.
    assert.equal(maps[0].fills[0], neg, 'the most negative cell is the negative end');
    assert.equal(maps[0].fills[1], mid, 'zero is the middle');
    assert.equal(new Set(maps[0].fills).size, 6, 'six values, six colours');
    // ∂f/∂A = 2A: the same picture on its own scale (max 6).
    assert.deepEqual(maps[1].fills, maps[0].fills);
    // B = A + k is a gate: the same 2×3 pictures; f is a scalar and keeps its numbers in a circle.
    assert.equal((await heatmapsOf(frame, F, 'B')).length, 2);
    // Label text without white space (HTML labels break lines with <br>, which textContent drops).
    const texts = await frame.evaluate((sel) => Array.from(document.querySelectorAll(`${sel} g.node .nodeLabel`)).map((l) => (l.textContent ?? '').replace(/\s+/g, '')), outputOf(F));
    assert.ok(texts.includes('A[2×3]'), JSON.stringify(texts));
    assert.ok(texts.includes('B=+[2×3]'), JSON.stringify(texts));
    assert.ok(texts.includes('f=Σ15.25∂1'), 'the scalar f keeps its numbers');
    assert.ok(texts.filter((t) => /\[2×3\]/.test(t)).every((t) => !/-3|0\.5|-6/.test(t)), `no numbers in tensor nodes: ${JSON.stringify(texts)}`);
    assert.equal(await frame.locator(`${outputOf(F)} g.node circle`).count(), 1, 'only the scalar gate is a circle');
    const legend = await frame.locator(`${outputOf(F)} .bpnb-legend`).textContent();
    assert.match(legend ?? '', /a tensor as a heatmap/);
    await wb.screenshot('renderer-heatmaps-light');
  });

  it('a click on a tensor node shows its full matrix, each number on its colour, with the scale\'s ends', async () => {
    await frame.locator(`${outputOf(F)} g.node:has(g.bpnb-heatmap)`).first().click();
    const details = frame.locator(`${outputOf(F)} .bpnb-details`);
    assert.equal(await details.locator('h4').textContent(), 'A');
    const value = details.locator('.bpnb-matrix-value');
    assert.deepEqual(await value.locator('td').allTextContents(), ['-3', '0', '1', '2', '-1', '0.5']);
    assert.equal(await value.locator('.bpnb-scale-min').textContent(), '-3');
    assert.equal(await value.locator('.bpnb-scale-max').textContent(), '3');
    assert.equal(await value.locator('td').first().evaluate((td) => getComputedStyle(td).backgroundColor), rgb(HEAT_SCALES.light.stops[0]));
    const grad = details.locator('.bpnb-matrix-grad');
    assert.match(await grad.locator('.bpnb-matrix-title').textContent() ?? '', /∂f\/∂A \[2, 3\]/);
    assert.deepEqual(await grad.locator('td').allTextContents(), ['-6', '0', '2', '4', '-2', '1']);
    assert.equal(await grad.locator('.bpnb-scale-max').textContent(), '6');
    await wb.screenshot('renderer-heatmaps-details');
    await details.locator('.bpnb-close').click();
  });

  it('moving a slider repaints the heatmaps in place (B = A + k with k = 1)', async () => {
    const k = frame.locator(outputOf(F)).getByRole('slider', { name: 'k', exact: true });
    await k.focus();
    await k.press('Shift+ArrowRight');
    await frame.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-live-updates') !== null, outputOf(F));
    const label = 'graph of f = 20.25'; // B = [[-2, 1, 2], [3, 0, 1.5]]: 4 + 1 + 4 + 9 + 0 + 2.25
    await frame.waitForFunction((sel) => document.querySelector(sel) !== null, outputOf(label), { timeout: 10_000 });
    const [value] = await heatmapsOf(frame, label, 'B');
    const stops = HEAT_SCALES.light.stops;
    assert.equal(value.fills[3], rgb(stops[8]), 'B[1][0] = 3 is now the positive end');
    assert.notEqual(value.fills[0], rgb(stops[0]), 'B[0][0] = −2 is no longer the negative end');
    assert.equal(value.fills[4], rgb(stops[4]), 'B[1][1] = 0 is the middle');
    // A itself did not change.
    const [a] = await heatmapsOf(frame, label, 'A');
    assert.equal(a.fills[0], rgb(stops[0]));
    await frame.locator(`${outputOf(label)} [data-action="live-reset"]`).click().catch(() => undefined);
  });

  it('the 2-16-16-1 MLP of 09-training draws every tensor as a picture, readable in the output, light and dark', async function () {
    this.timeout(240_000);
    await wb.openNotebook('mlp.bpnb', 3);
    await wb.runAll();
    // VS Code renders outputs as they come into view: the model's graph is the last output.
    await wb.scrollNotebookToEnd();
    const mlp = await wb.graphFrame(ACC, 120_000);
    await mlp.waitForSelector(`${outputOf(ACC)} g.bpnb-heatmap`, { timeout: 30_000 });
    const info = await mlp.evaluate((sel) => {
      const out = document.querySelector(sel) as HTMLElement;
      const svg = out.querySelector('svg[role="img"]') as SVGSVGElement;
      const labels = Array.from(svg.querySelectorAll('g.node .nodeLabel')).map((l) => (l.textContent ?? '').replace(/\s+/g, ''));
      const title = Array.from(svg.querySelectorAll('g.node .nodeLabel')).find((l) => l.textContent?.includes('W2')) as HTMLElement;
      const zoom = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return {
        maps: svg.querySelectorAll('g.bpnb-heatmap').length,
        cells: svg.querySelectorAll('rect.bpnb-heat-cell').length,
        width: svg.viewBox.baseVal.width,
        labels,
        // The labels' font size as drawn on screen (the initial zoom included), in CSS pixels.
        titlePx: parseFloat(getComputedStyle(title).fontSize) * zoom,
        viewport: out.querySelector('.bpnb-viewport')?.getBoundingClientRect().width ?? 0,
      };
    }, outputOf(ACC));
    console.log(`      09's model: ${info.maps} heatmaps, ${info.cells} cells, drawing ${Math.round(info.width)} px wide in a ${Math.round(info.viewport)} px output, its text at ${info.titlePx.toFixed(1)} px`);
    // 17 tensors drawn (X, W1, b1, W2, b2, W3, the labels, and the gates up to ==): a picture each, no dumps.
    assert.ok(info.maps >= 17, `${info.maps} heatmaps`);
    assert.ok(info.cells <= info.maps * 24 * 24, 'at most 24 × 24 cells a heatmap');
    assert.ok(info.labels.every((l) => l.length <= 24), `no number dumps: ${JSON.stringify(info.labels)}`);
    assert.ok(info.labels.includes('W2[16×16]') && info.labels.includes('H1=relu[100×16]'), JSON.stringify(info.labels));
    // Readable at the output's size: the drawing was 6,900 px wide with numbers; its text now shows at ≥ 8 px.
    assert.ok(info.width < 2000, `drawing ${info.width} px wide`);
    assert.ok(info.titlePx >= 8, `title text ${info.titlePx} px`);
    const light = [HEAT_SCALES.light.stops[0], HEAT_SCALES.light.stops[8]].map(rgb);
    assert.ok((await heatmapsOf(mlp, ACC, 'W2'))[0].fills.some((f) => light.includes(f)), 'W2\'s largest |w| is an end of the light scale');
    await wb.screenshot('renderer-heatmaps-mlp-light');
    await wb.setTheme('Dark Modern');
    await mlp.waitForFunction((sel) => document.querySelector(`${sel} svg[role="img"]`)?.getAttribute('data-theme') === 'dark', outputOf(ACC), { timeout: 30_000 });
    await mlp.waitForSelector(`${outputOf(ACC)} g.bpnb-heatmap`, { timeout: 30_000 });
    const w2 = await heatmapsOf(mlp, ACC, 'W2');
    assert.equal(w2.length, 1);
    // W2's largest |w| is one end of the dark scale.
    const ends = [HEAT_SCALES.dark.stops[0], HEAT_SCALES.dark.stops[8]].map(rgb);
    assert.ok(w2[0].fills.some((f) => ends.includes(f)), `the dark scale's ends in ${JSON.stringify(w2[0].fills.slice(0, 8))}`);
    assert.ok(!w2[0].fills.includes(rgb(HEAT_SCALES.light.stops[0])) && !w2[0].fills.includes(rgb(HEAT_SCALES.light.stops[8])), 'not the light scale');
    await wb.page.waitForTimeout(500);
    await wb.screenshot('renderer-heatmaps-mlp-dark');
    await wb.setTheme('Light Modern');
  });
});
