// The renderer as a person sees it in the real VS Code (UI runner): the SVG in
// the output frame with the lecture's numbers, backward playback, a node's
// details, a dark theme re-rendering the graph, screenshots in light and dark,
// and the time from Run Cell to the SVG in the output frame.
//
//   node esbuild.js && BPNB_SUITE=renderer npx tsx test/vscode/runner/run-ui-tests.ts
//   BPNB_UPDATE_SCREENSHOTS=1 …  also copies the screenshots to docs/images/
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { chainSource, uiEnvironment, Workbench } from '../lib/harness';

const LECTURE = ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'];
const NEURON = ['def sig(t) = 1 / (1 + exp(-t))', 'w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3', 'p = sig(w0 * x0 + w1 * x1 + w2)', 'backward p'];


function notebook(...cells: string[][]): string {
  return JSON.stringify({ bpnb: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', source, outputs: [] })) }, null, 2) + '\n';
}

/** Sources for this suite's workspace: the lecture's two examples, and the big chain. */
function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `renderer-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'lecture.bpnb'), notebook(LECTURE, NEURON));
  fs.writeFileSync(path.join(dir, 'chain.bpnb'), notebook(chainSource()));
  return dir;
}


/** The .bpnb-output whose drawing is labelled with `label` (a CSS selector usable in the frame). */
function outputOf(label: string): string {
  return `.bpnb-output:has(svg[aria-label*="${label}"])`;
}

/** Visible changes of an output so far (drawings and playback steps). */
async function updates(frame: Frame, label: string): Promise<number> {
  return frame.evaluate((sel) => Number(document.querySelector(sel)?.getAttribute('data-updates') ?? 0), outputOf(label));
}

async function clickAndRedraw(frame: Frame, label: string, selector: string): Promise<void> {
  const before = await updates(frame, label);
  await frame.locator(`${outputOf(label)} ${selector}`).click();
  await frame.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-updates')) > (n as number), [outputOf(label), before] as const, { timeout: 20_000 });
}


/**
 * Runs code cell `index` with its run button and times it until a new SVG with
 * `label` is in the output frame; also returns the renderer's own share (drawMs).
 */
async function timeRun(wb: Workbench, frame: Frame, index: number, label: string): Promise<{ total: number; draw: number }> {
  // A re-run of the same shape may update the drawing on screen (same svg, one more render: GraphView.updateInPlace).
  const prev = await frame.evaluate((sel) => ({ id: document.querySelector(`${sel} svg`)?.id ?? '', renders: Number(document.querySelector(sel)?.getAttribute('data-renders') ?? 0) }), outputOf(label));
  // The cell's own ▷ button, as a person runs one cell.
  const row = wb.page.locator('.notebook-editor:visible .code-cell-row').nth(index);
  await row.hover();
  const run = row.locator('.run-button-container .action-label').first();
  await run.waitFor({ timeout: 10_000 });
  const t0 = Date.now();
  await run.click();
  await frame.waitForFunction(
    ([l, p]) => Array.from(document.querySelectorAll('.bpnb-output svg[role="img"]')).some((s) => (s.getAttribute('aria-label') ?? '').includes(l) &&
      (s.id !== p.id || Number(s.closest('.bpnb-output')?.getAttribute('data-renders')) > p.renders)),
    [label, prev] as const,
    { polling: 'raf', timeout: 30_000 },
  );
  const total = Date.now() - t0;
  const draw = await frame.evaluate((sel) => Number(document.querySelector(sel)?.getAttribute('data-draw-ms') ?? NaN), outputOf(label));
  return { total, draw };
}

/**
 * Wheels the notebook until `output` (a locator in an output frame) is near the
 * top of the cell list: the output frame does not scroll the notebook, so a
 * click on a graph below the fold would miss.
 */
async function scrollNotebookTo(wb: Workbench, output: Locator): Promise<void> {
  const list = wb.page.locator('.notebook-editor:visible .cell-list-container').first();
  const listBox = await list.boundingBox();
  if (listBox) await wb.page.mouse.move(listBox.x + listBox.width / 2, listBox.y + listBox.height / 2);
  for (let i = 0; i < 30; i++) {
    const box = await output.boundingBox();
    if (!box || !listBox || (box.y < listBox.y + 80 && box.y >= listBox.y - 40)) break;
    const dy = box.y - listBox.y - 40;
    await wb.page.mouse.wheel(0, Math.sign(dy) * Math.min(600, Math.abs(dy)));
    await wb.page.waitForTimeout(150);
  }
  await wb.page.waitForTimeout(300);
}




function stats(ms: number[]): { median: number; min: number; max: number; runs: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

describe('UI: the bpnb renderer in VS Code', function () {
  let wb: Workbench;
  let frame: Frame;
  const F = 'graph of f = -12';
  const P = 'graph of p = 0.7311';

  before(async () => {
    wb = await Workbench.open({ source: makeSource() });
    await wb.openNotebook('lecture.bpnb', 2);
    await wb.runAll();
    frame = await wb.graphFrame(F);
    await wb.graphFrame(P);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-renderer-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('draws the lecture\'s numbers in the output frame, as an accessible image', async () => {
    const text = await frame.locator(`${outputOf(F)} svg`).textContent();
    for (const s of ['-12', '∂ -4', '∂ 3', '∂ 1']) assert.ok(text?.includes(s), `${s} in ${text}`);
    const label = await frame.locator(`${outputOf(F)} svg`).getAttribute('aria-label');
    assert.match(label ?? '', /Gradients: ∂f\/∂x = -4, ∂f\/∂y = -4, ∂f\/∂z = 3/);
    const neuron = await frame.locator(`${outputOf(P)} svg`).textContent();
    for (const s of ['0.7311', '∂ -0.1966', '∂ 0.3932', '∂ -0.5898']) assert.ok(neuron?.includes(s), `${s} in ${neuron}`);
    await wb.page.waitForTimeout(300);
    await wb.screenshot('renderer-lecture-light');
  });

  it('steps through the backward pass: the highlighted node and the caption change', async () => {
    const current = () => frame.evaluate((sel) => Array.from(document.querySelectorAll(`${sel} g.node.bpnb-current`)).map((g) => (g as SVGGElement).dataset.payloadId), outputOf(F));
    await clickAndRedraw(frame, F, '[data-action="next"]');
    const first = await current();
    assert.equal(first.length, 1);
    await clickAndRedraw(frame, F, '[data-action="next"]');
    const second = await current();
    assert.equal(second.length, 1);
    assert.notEqual(second[0], first[0]);
    const caption = await frame.locator(`${outputOf(F)} .bpnb-caption`).textContent();
    assert.ok(caption?.includes('∂f/∂q = -4 → ∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4'), caption ?? '');
    // Gradients earlier steps computed stay on the drawing: z's from step 1; x's and y's from this step.
    const shownGrads = await frame.evaluate((sel) => Array.from(document.querySelectorAll(`${sel} g.node`))
      .filter((g) => !g.classList.contains('bpnb-pending') && g.querySelector('.bpnb-grad'))
      .map((g) => g.querySelector('.nodeLabel')?.textContent ?? ''), outputOf(F));
    for (const s of ['z-4∂ 3', 'x-2∂ -4', 'y5∂ -4']) assert.ok(shownGrads.some((t) => t.replace(/\s+/g, '') === s.replace(/\s+/g, '')), `${s} in ${JSON.stringify(shownGrads)}`);
    // The legend says what ∂ means, with the target's name.
    assert.match(await frame.locator(`${outputOf(F)} .bpnb-legend`).textContent() ?? '', /∂f\/∂\(node\) = g, the gradient of f with respect to the node/);
    await wb.screenshot('renderer-playback');
    // Back to the whole picture.
    await frame.locator(`${outputOf(F)} input[type="range"]`).fill('5');
    await frame.waitForFunction((sel) => !document.querySelector(`${sel} g.node.bpnb-current`), outputOf(F));
  });

  it('a click on a node shows its chain rule', async () => {
    await frame.locator(`${outputOf(F)} g.node[data-payload-id="n0"]`).click();
    const details = await frame.locator(`${outputOf(F)} .bpnb-details`).textContent();
    assert.ok(details?.includes('∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4'), details ?? '');
    await frame.locator(`${outputOf(F)} .bpnb-details .bpnb-close`).click();
  });

  it('dark and high-contrast themes re-render the graph with a matching Mermaid theme', async () => {
    // The theme is a user setting of the server that every UI suite shares: start from the light one.
    await wb.setTheme('Light Modern');
    await frame.waitForFunction(() => document.querySelector('.bpnb-output svg[role="img"]')?.getAttribute('data-theme') === 'light', undefined, { timeout: 20_000 });
    assert.equal(await frame.locator(`${outputOf(F)} svg`).getAttribute('data-theme'), 'light');
    await wb.setTheme('Dark Modern');
    await frame.waitForFunction(() => Array.from(document.querySelectorAll('.bpnb-output svg[role="img"]')).every((s) => s.getAttribute('data-theme') === 'dark'), undefined, { timeout: 20_000 });
    await wb.page.waitForTimeout(500);
    await wb.screenshot('renderer-lecture-dark');
    // High contrast, dark and light: Mermaid's 'base' theme with strong colours.
    for (const [name, kind] of [['Dark High Contrast', 'hc-dark'], ['Light High Contrast', 'hc-light']]) {
      await wb.setTheme(name);
      await frame.waitForFunction((k) => document.querySelector('.bpnb-output svg[role="img"]')?.getAttribute('data-theme') === k, kind, { timeout: 20_000 });
    }
    await wb.setTheme('Light Modern');
    await frame.waitForFunction(() => document.querySelector('.bpnb-output svg[role="img"]')?.getAttribute('data-theme') === 'light', undefined, { timeout: 20_000 });
  });

  it('follows the bpnb.graph settings the kernel passes in the output metadata', async () => {
    const file = path.join(wb.workspace, '.vscode', 'settings.json');
    const original = fs.readFileSync(file, 'utf8');
    const settings = JSON.parse(original) as Record<string, unknown>;
    try {
      fs.writeFileSync(file, JSON.stringify({ ...settings, 'bpnb.graph.precision': 2, 'bpnb.graph.edgeLabels': true, 'bpnb.graph.direction': 'TD' }, null, 2));
      await wb.page.waitForTimeout(1500); // the file watcher
      await timeRun(wb, frame, 1, 'graph of p = 0.73:');
      const out = frame.locator(outputOf('graph of p = 0.73:'));
      assert.equal(await out.locator('[data-action="direction"]').textContent(), '⇅ TD');
      assert.ok(await out.locator('.edgeLabel').count() > 0, 'edges carry their local derivatives');
      assert.ok((await out.locator('svg').textContent())?.includes('∂ -0.2'), 'two significant digits');
    } finally {
      fs.writeFileSync(file, original);
      await wb.page.waitForTimeout(1500);
      await timeRun(wb, frame, 1, P);
    }
  });

  it('measures Run Cell → SVG in the output frame', async function () {
    this.timeout(600_000);
    const runs = Number(process.env.BPNB_RENDER_RUNS ?? 10);
    const results: Record<string, ReturnType<typeof stats> & { cold: number; rendererMedian: number }> = {};
    const measure = async (name: string, f: Frame, index: number, label: string) => {
      const cold = (await timeRun(wb, f, index, label)).total;
      const times: number[] = [];
      const draws: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = await timeRun(wb, f, index, label);
        times.push(t.total);
        draws.push(t.draw);
      }
      results[name] = { ...stats(times), cold, rendererMedian: stats(draws).median };
    };
    await measure('lecture (x+y)z, 5 nodes', frame, 0, F);
    await measure('lecture sigmoid neuron (user gate), 15 nodes', frame, 1, P);
    await wb.openNotebook('chain.bpnb', 1);
    await wb.runAll();
    const chainFrame = await wb.graphFrame('149 nodes');
    await measure('chain of 74 gates, 149 nodes', chainFrame, 0, '149 nodes');
    const file = path.join(uiEnvironment().resultsDir, 'renderer-timings.json');
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    console.log(`      Run Cell → SVG (ms): ${JSON.stringify(results, null, 2).replace(/\n/g, '\n      ')}`);
    await scrollNotebookTo(wb, chainFrame.locator(outputOf('149 nodes')));
    await wb.screenshot('renderer-chain-149');
    // The targets are 350 ms (lecture) and 1.5 s (150 nodes) on a quiet machine; the figures go to
    // docs/benchmarks.md. On a shared, loaded machine only gross regressions fail, unless
    // BPNB_RENDER_BUDGET_SCALE tightens the budgets (1 = the targets themselves).
    const k = Number(process.env.BPNB_RENDER_BUDGET_SCALE ?? 8);
    assert.ok(results['lecture (x+y)z, 5 nodes'].median < 350 * k, JSON.stringify(results));
    assert.ok(results['chain of 74 gates, 149 nodes'].median < 1500 * k, JSON.stringify(results));
  });

  it('a collapsed user gate is one gate: one playback step, and its own local derivative σ′ = 0.1966', async () => {
    // Last in this suite: the notebook is scrolled to the neuron's graph (the output frame does not scroll the notebook).
    await wb.openNotebook('lecture.bpnb', 2);
    frame = await wb.graphFrame(P);
    const out = `${outputOf(P)}`;
    await scrollNotebookTo(wb, frame.locator(out));
    const steps = async () => Number(/all (\d+) steps/.exec(await frame.locator(`${out} .bpnb-step`).textContent() ?? '')?.[1]);
    const expanded = await steps();
    await clickAndRedraw(frame, P, '[data-action="gates"]');
    const collapsed = await steps();
    // Inside sig: the ÷ output is the gate's one step; −, exp and + are no steps (constants have no gradient).
    assert.equal(collapsed, expanded - 3, `${expanded} steps expanded, ${collapsed} collapsed`);
    await clickAndRedraw(frame, P, '[data-action="next"]');
    const caption = await frame.locator(`${out} .bpnb-caption`).textContent();
    assert.ok(caption?.includes('∂p/∂p = 1 → ∂p/∂(+)₂ = ∂p/∂p × ∂p/∂(+)₂ = 1 × 0.1966 = 0.1966'), caption ?? '');
    await frame.locator(`${out} g.node.bpnb-current`).click();
    const details = frame.locator(`${out} .bpnb-details`);
    assert.equal(await details.locator('h4').textContent(), 'p = sig((+)₂)');
    const text = await details.textContent();
    assert.ok(text?.includes("∂p/∂(+)₂: the sig gate's local derivative (the product of its insides) = 0.1966"), text ?? '');
    await wb.screenshot('renderer-collapsed-gate');
    await details.locator('.bpnb-close').click();
    await frame.locator(`${out} input[type="range"]`).fill(String(collapsed));
    await clickAndRedraw(frame, P, '[data-action="gates"]');
    assert.equal(await steps(), expanded);
  });
});
