// Tensors as pictures in the real renderer bundle (headless Chromium): the
// heatmaps on screen follow playback and same-shape re-runs, and exported
// images carry them (SVG rects that librsvg draws; PNG) at a sensible size for
// examples/09-training.bpnb's MLP.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { HEAT_SCALES } from '../../src/diagram/heatmap';
import type { GraphPayload } from '../../src/diagram/payload';
import { Session } from '../../src/lang/session';
import { outputKey } from '../../src/renderer/messages';
import { checkPng, checkSvg } from '../lib/images';
import { openPage, OUT_DIR, pageErrors, sharedBrowser, type PageHarness } from './harness';

declare const harness: PageHarness;

let page: Page;

const SMALL = 'A = [[-3, 0, 1], [2, -1, 0.5]]\nf = sum(A * A)\nbackward f';

function graphOf(source: string): GraphPayload {
  const res = new Session().run(source);
  assert.ok(res.graph, 'the session drew a graph');
  return res.graph;
}

/** The graph of examples/09-training.bpnb's model cell (its third code cell, after the data and the weights). */
function mlpModel(): GraphPayload {
  const nb = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', '09-training.bpnb'), 'utf8')) as { cells: { kind: string; source: string[] | string }[] };
  const code = nb.cells.filter((c) => c.kind === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('\n') : c.source));
  const s = new Session();
  let graph: GraphPayload | undefined;
  for (const cell of code.slice(0, 3)) graph = s.run(cell).graph;
  assert.ok(graph);
  return graph;
}

async function render(id: string, payload: GraphPayload): Promise<void> {
  await page.evaluate(([i, json]) => harness.render(i, JSON.parse(json)), [id, JSON.stringify(payload)] as [string, string]);
  await page.waitForSelector(`#out-${id} g.bpnb-heatmap`);
}

let counter = 0;
async function exportImage(payload: GraphPayload, format: 'svg' | 'png'): Promise<string> {
  const text = JSON.stringify(payload);
  const requestId = `h${++counter}`;
  await page.evaluate((m) => harness.send(m), { type: 'bpnb.export', requestId, outputKey: outputKey(text), format, payload: text });
  await page.waitForFunction((r) => harness.posted.some((m) => m.requestId === r && m.type === 'bpnb.exportResult'), requestId, { timeout: 60_000 });
  const answer = await page.evaluate((r) => harness.posted.find((m) => m.requestId === r && m.type === 'bpnb.exportResult'), requestId);
  assert.equal(answer?.ok, true, answer?.error);
  return answer.data ?? '';
}

const fillsOf = (id: string, name: string): Promise<{ kind: string; fills: string[] }[]> => page.evaluate(([i, n]) => {
  const g = Array.from(document.querySelectorAll(`#out-${i} g.node`)).find((x) => (x.querySelector('.nodeLabel')?.textContent ?? '').trim().startsWith(n));
  return Array.from(g?.querySelectorAll<SVGGElement>('g.bpnb-heatmap') ?? []).map((h) => ({
    kind: h.dataset.kind ?? '', fills: Array.from(h.querySelectorAll<SVGRectElement>('rect.bpnb-heat-cell')).map((r) => getComputedStyle(r).fill),
  }));
}, [id, name] as const);

const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const [NEG, MID, POS] = [0, 4, 8].map((i) => rgb(HEAT_SCALES.light.stops[i]));

describe('tensors as heatmaps (renderer bundle)', () => {
  const browser = sharedBrowser();
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: join(OUT_DIR, `heatmaps-${this.currentTest.title.replace(/\W+/g, '_')}.png`), fullPage: true });
    assert.deepEqual(pageErrors(page), [], 'no uncaught errors in the page');
    await page.close();
  });

  it('playback hides a gradient heatmap until the sweep has reached the node', async () => {
    page = await openPage(browser());
    await render('a', graphOf(SMALL));
    const gradVisible = () => page.evaluate(() => Array.from(document.querySelectorAll('#out-a .bpnb-heat-grad')).map((el) => getComputedStyle(el).visibility));
    assert.deepEqual(await gradVisible(), ['visible', 'visible'], 'the finished sweep shows every gradient');
    await page.click('#out-a [data-action="next"]'); // step 1: the sweep handles f
    await page.waitForFunction(() => document.querySelector('#out-a g.node.bpnb-current') !== null);
    // A·A's gradient is known once f (its one reader) is handled; A's waits for A·A.
    assert.deepEqual(await gradVisible(), ['hidden', 'visible']);
    await page.click('#out-a [data-action="next"]');
    await page.waitForFunction(() => document.querySelectorAll('#out-a .bpnb-heat-grad').length === 2 && getComputedStyle(document.querySelectorAll('#out-a .bpnb-heat-grad')[0]).visibility === 'visible');
  });

  it('a re-run of the same shape reuses the drawing and repaints its heatmaps with the new numbers', async () => {
    page = await openPage(browser());
    await render('a', graphOf(SMALL));
    assert.equal((await fillsOf('a', 'A'))[0].fills[0], NEG);
    await render('b', graphOf(SMALL.replace('-3', '3')));
    assert.equal(await page.getAttribute('#out-b .bpnb-output', 'data-reused'), 'true', 'no new layout');
    const [value] = await fillsOf('b', 'A');
    assert.equal(value.fills[0], POS, 'A[0][0] = 3 is now the positive end');
    assert.equal(value.fills[1], MID);
  });

  it('the Shapes button labels each tensor edge with its shape, on screen and in the export', async () => {
    page = await openPage(browser());
    const p = graphOf(SMALL);
    await render('a', p);
    const edgeTexts = () => page.evaluate(() => Array.from(document.querySelectorAll('#out-a g.edgeLabel')).map((e) => (e.textContent ?? '').trim()).filter(Boolean));
    assert.deepEqual(await edgeTexts(), [], 'off at first');
    const before = Number(await page.getAttribute('#out-a .bpnb-output', 'data-renders'));
    await page.click('#out-a [data-action="edge-shapes"]');
    await page.waitForFunction((n) => Number(document.querySelector('#out-a .bpnb-output')?.getAttribute('data-renders')) > n, before);
    assert.equal(await page.getAttribute('#out-a [data-action="edge-shapes"]', 'aria-pressed'), 'true');
    assert.deepEqual((await edgeTexts()).sort(), ['[2×3]', '[2×3]', '[2×3]'], 'A twice into A·A, A·A into Σ');
    // The export draws what the toolbar chose.
    const svg = await exportImage(p, 'svg');
    assert.equal((svg.match(/>\[2×3\]</g) ?? []).length, 5, 'two nodes\' shape rows and the three edges');
    assert.equal((svg.match(/class="edgeLabel"/g) ?? []).length >= 3, true);
  });

  it('an exported SVG carries the heatmaps as plain rects that librsvg draws; no numbers in tensor labels', async () => {
    page = await openPage(browser());
    const svgText = await exportImage(graphOf(SMALL), 'svg');
    const file = join(OUT_DIR, 'heatmaps-small.svg');
    writeFileSync(file, svgText);
    const facts = checkSvg(svgText);
    assert.ok(facts.labels.includes('A\n[2×3]'), JSON.stringify(facts.labels));
    assert.ok(!facts.labels.some((l) => /-3|0\.5/.test(l)), `no tensor numbers in ${JSON.stringify(facts.labels)}`);
    assert.ok(!/\u2800/.test(svgText), 'the blank rows that reserved the room are gone');
    // librsvg drops !important declarations (Mermaid's label `color`, which draws nothing in SVG, is the known exception).
    assert.ok(!/!important/.test(svgText.replace(/color: [^;"]*!important/g, '')), 'no !important on what draws');
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const maps = Array.from(doc.getElementsByTagName('g') as unknown as Iterable<XmlElement>).filter((g) => g.getAttribute('class') === 'bpnb-heatmap');
    assert.equal(maps.length, 4, 'A and A·A, value and gradient');
    const cells = Array.from(maps[0].getElementsByTagName('rect') as unknown as Iterable<XmlElement>).filter((r) => r.getAttribute('class') === 'bpnb-heat-cell');
    assert.equal(cells.length, 6);
    assert.match(cells[0].getAttribute('style') ?? '', new RegExp(`fill: ${NEG.replace(/[()]/g, '\\$&')}`), 'the most negative cell is the negative end');
    // librsvg draws the file: the negative end's blue is in its pixels.
    const r = spawnSync('rsvg-convert', ['-o', join(OUT_DIR, 'heatmaps-small-rsvg.png'), file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const png = PNG.sync.read(readFileSync(join(OUT_DIR, 'heatmaps-small-rsvg.png')));
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 33 && png.data[i + 1] === 102 && png.data[i + 2] === 172) blue++;
    assert.ok(blue >= 2 * 8 * 8, `${blue} pixels of the negative end (two 12-px cells)`);
  });

  it('09-training\'s MLP exports to a PNG of sensible size: ≤ 4000 × 1500 px at the default scale (was 13,786 × 3,018)', async function () {
    this.timeout(180_000);
    page = await openPage(browser());
    const model = mlpModel();
    const svg = checkSvg(await exportImage(model, 'svg'));
    const bytes = Buffer.from(await exportImage(model, 'png'), 'base64');
    writeFileSync(join(OUT_DIR, 'heatmaps-09-model.png'), bytes);
    const png = checkPng(bytes);
    console.log(`      09's model: SVG ${svg.width} × ${svg.height}, PNG ${png.width} × ${png.height}`);
    assert.equal(png.width, Math.ceil(svg.width * 2), 'the default scale, 2');
    assert.ok(png.width <= 4000 && png.height <= 1500, `${png.width} × ${png.height}`);
    assert.ok(svg.labels.every((l) => l.length <= 24), `no number dumps: ${JSON.stringify(svg.labels)}`);
  });
});
