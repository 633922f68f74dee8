// Live graphs (issue 12) as a person uses them in the real VS Code: the
// lecture's neuron, its leaves as sliders (keys and mouse drags), every number
// checked against the kernel (a Session run of the source with the new value),
// no node moving; a drag storm ends on its last value; Apply writes the value
// into the cell (comment kept) and the kernel agrees; Reset; a re-run with new
// numbers keeps the layout.
//
//   node esbuild.js && BPNB_SUITE=live npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Frame } from 'playwright-core';
import { formatTensor } from '../../../../src/diagram';
import type { GraphPayload } from '../../../../src/diagram/payload';
import { Session } from '../../../../src/lang';
import { Workbench } from '../lib/harness';
import { graphFrame, makeSource, outputOf } from './lib';

const NEURON = ['w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3  # the lecture\'s weights', 'f = sigmoid(w0 * x0 + w1 * x1 + w2)', 'backward f'];
const F = 'graph of f = 0.7311';
/** The neuron's output (its label's numbers change with the sliders). */
const OUT = outputOf('graph of f');

/** The kernel's graph for the neuron with some leaves set (name → value). */
function kernelGraph(values: Record<string, number>): GraphPayload {
  let first = NEURON[0];
  for (const [name, v] of Object.entries(values)) first = first.replace(new RegExp(`\\b${name} = -?[0-9.]+`), `${name} = ${v}`);
  return new Session().run([first, ...NEURON.slice(1)].join('\n')).graph!;
}

interface Drawn { id: string; value: string; grad: string; box: { x: number; y: number; w: number; h: number } }

/** Every node of the neuron's drawing: its numbers as shown and its place. */
async function drawn(frame: Frame): Promise<Drawn[]> {
  return frame.evaluate((sel) => {
    const out = document.querySelector(sel);
    return Array.from(out?.querySelectorAll<SVGGElement>('svg g.node[data-payload-id]') ?? []).map((g) => {
      const r = g.getBoundingClientRect();
      return {
        id: g.dataset.payloadId ?? '',
        value: g.querySelector('.bpnb-value')?.textContent ?? '',
        grad: g.querySelector('.bpnb-grad')?.textContent ?? '',
        box: { x: r.x, y: r.y, w: r.width, h: r.height },
      };
    });
  }, OUT);
}

/** The drawing shows exactly the kernel's numbers for these leaf values. */
function assertMatchesKernel(nodes: Drawn[], values: Record<string, number>): void {
  const p = kernelGraph(values);
  assert.equal(nodes.length, p.nodes.length);
  for (const n of p.nodes) {
    const d = nodes.find((x) => x.id === n.id);
    assert.ok(d, `node ${n.id} drawn`);
    if (n.kind !== 'const') assert.equal(d.value, formatTensor(n.value, { precision: 4 }), `value of ${n.label} at ${JSON.stringify(values)}`);
    if (n.grad !== undefined) assert.equal(d.grad, `∂ ${formatTensor(n.grad, { precision: 4 })}`, `gradient of ${n.label} at ${JSON.stringify(values)}`);
  }
}

function assertSameBoxes(a: Drawn[], b: Drawn[]): void {
  assert.equal(a.length, b.length);
  for (const x of a) {
    const y = b.find((n) => n.id === x.id)!;
    for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(Math.abs(x.box[k] - y.box[k]) < 0.01, `node ${x.id} moved: ${JSON.stringify(x.box)} → ${JSON.stringify(y.box)}`);
  }
}

async function sliderValue(frame: Frame, name: string): Promise<number> {
  return Number(await frame.locator(OUT).getByRole('slider', { name, exact: true }).getAttribute('aria-valuenow'));
}

/** Waits until the output has painted `n` live updates in all. */
async function liveUpdates(frame: Frame): Promise<number> {
  return frame.evaluate((sel) => Number(document.querySelector(sel)?.getAttribute('data-live-updates') ?? 0), OUT);
}

async function settle(frame: Frame): Promise<void> {
  // Two animation frames: the coalesced update has run and painted.
  await frame.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

describe('UI live graphs: sliders on the lecture\'s neuron', function () {
  let wb: Workbench;
  let frame: Frame;

  before(async () => {
    wb = await Workbench.open({ source: makeSource('sliders', { 'neuron.bpnb': [NEURON] }) });
    await wb.openNotebook('neuron.bpnb', 1);
    await wb.runAll();
    frame = await graphFrame(wb, F);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-live-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('every scalar leaf is a slider named after it, with its value', async () => {
    const out = frame.locator(outputOf(F));
    for (const [name, v] of [['w0', 2], ['x0', -1], ['w1', -3], ['x1', -2], ['w2', -3]] as const) {
      const s = out.getByRole('slider', { name, exact: true });
      assert.equal(await s.count(), 1, `one slider ${name}`);
      assert.equal(Number(await s.getAttribute('aria-valuenow')), v);
    }
    assert.equal(await out.locator('svg').getByRole('slider').count(), 5, 'constants and gates are not sliders');
  });

  it('arrow keys step a leaf; f and every gradient follow the kernel; no node moves', async () => {
    const before = await drawn(frame);
    assertMatchesKernel(before, {});
    const w0 = frame.locator(OUT).getByRole('slider', { name: 'w0', exact: true });
    await w0.focus();
    for (let i = 0; i < 5; i++) await w0.press('ArrowRight');
    await w0.press('Shift+ArrowRight');
    await settle(frame);
    assert.equal(await sliderValue(frame, 'w0'), 3.5);
    const after = await drawn(frame);
    assertMatchesKernel(after, { w0: 3.5 });
    assertSameBoxes(before, after);
    await wb.screenshot('live-keys-w0');
    // The aria summary of the drawing follows too.
    const label = await frame.locator(`${OUT} svg[role="img"]`).getAttribute('aria-label');
    assert.match(label ?? '', new RegExp(`∂f/∂w0 = ${formatTensor(kernelGraph({ w0: 3.5 }).nodes.find((n) => n.name === 'w0')!.grad!, { precision: 4 })}`));
    // The playback caption and the table use the same numbers.
    const table = await frame.locator(`${OUT} .bpnb-table`).textContent();
    assert.ok(table?.includes('3.5'), table ?? '');
    // An exported SVG shows what is on screen, not the cell's numbers.
    const svgFile = await wb.exportSvgFromToolbar('neuron-cell1.svg');
    const exported = fs.readFileSync(svgFile, 'utf8');
    const f = kernelGraph({ w0: 3.5 }).nodes.find((n) => n.name === 'f')!;
    assert.ok(exported.includes(formatTensor(f.value, { precision: 4 })), 'the export has the live value of f');
    assert.ok(exported.includes('3.5'), 'and the live w0');
  });

  it('Reset goes back to the cell\'s values', async () => {
    const out = frame.locator(OUT);
    assert.ok(await out.locator('[data-action="live-apply"]').isEnabled(), 'Apply is offered once a value changed');
    await out.locator('[data-action="live-reset"]').click();
    await settle(frame);
    assert.equal(await sliderValue(frame, 'w0'), 2);
    assertMatchesKernel(await drawn(frame), {});
    assert.ok(await out.locator('[data-action="live-apply"]').isDisabled(), 'nothing to apply at the cell\'s values');
    assert.ok(await out.locator('[data-action="live-reset"]').isDisabled());
  });

  it('a mouse drag on a leaf scrubs it; the numbers follow the kernel; no node moves', async () => {
    const before = await drawn(frame);
    const x0 = frame.locator(OUT).getByRole('slider', { name: 'x0', exact: true });
    const box = (await x0.boundingBox())!;
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2, { steps: 5 });
    await wb.screenshot('live-drag-x0');
    await wb.page.mouse.up();
    await settle(frame);
    const x = await sliderValue(frame, 'x0');
    assert.equal(x, -0.5, 'a 20 px drag is 5 steps of 0.1');
    const after = await drawn(frame);
    assertMatchesKernel(after, { x0: x });
    assertSameBoxes(before, after);
    assert.ok(await frame.locator(`${OUT} .bpnb-details`).count() === 0, 'a drag does not open the details');
  });

  it('a drag storm ends on the last value, without an update per move', async () => {
    const w2 = frame.locator(OUT).getByRole('slider', { name: 'w2', exact: true });
    const box = (await w2.boundingBox())!;
    const startUpdates = await liveUpdates(frame);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await wb.page.mouse.move(cx, cy);
    await wb.page.mouse.down();
    const moves = 120;
    for (let i = 1; i <= moves; i++) await wb.page.mouse.move(cx + ((i * 7) % 60) - 20, cy, { steps: 1 });
    // Last position: +40 px → 10 steps.
    await wb.page.mouse.move(cx + 40, cy);
    await wb.page.mouse.up();
    await settle(frame);
    const w = await sliderValue(frame, 'w2');
    assert.equal(w, -2);
    assertMatchesKernel(await drawn(frame), { x0: -0.5, w2: -2 });
    const painted = (await liveUpdates(frame)) - startUpdates;
    assert.ok(painted >= 1 && painted <= moves + 1, `${painted} repaints for ${moves + 1} moves`);
    // Faster than a mouse can go: 300 moves within one frame (a burst of input events) make one repaint, at the last value.
    const burst = await frame.evaluate(async (sel) => {
      const out = document.querySelector(sel)!;
      const g = out.querySelector('[role="slider"][aria-label="w2"]') as SVGGElement;
      const r = g.getBoundingClientRect();
      const cx = r.x + r.width / 2;
      const cy = r.y + r.height / 2;
      const before = Number(out.getAttribute('data-live-updates'));
      g.dispatchEvent(new PointerEvent('pointerdown', { clientX: cx, clientY: cy, bubbles: true, pointerId: 7, button: 0 }));
      for (let i = 1; i <= 300; i++) g.dispatchEvent(new PointerEvent('pointermove', { clientX: cx + ((i * 13) % 80) - 40, clientY: cy, bubbles: true, pointerId: 7 }));
      g.dispatchEvent(new PointerEvent('pointermove', { clientX: cx - 20, clientY: cy, bubbles: true, pointerId: 7 }));
      g.dispatchEvent(new PointerEvent('pointerup', { clientX: cx - 20, clientY: cy, bubbles: true, pointerId: 7 }));
      await new Promise<void>((res) => requestAnimationFrame(() => requestAnimationFrame(() => res())));
      return { repaints: Number(out.getAttribute('data-live-updates')) - before, value: Number(g.getAttribute('aria-valuenow')) };
    }, OUT);
    assert.equal(burst.value, -2.5, 'the burst ends 5 steps left of -2');
    assert.equal(burst.repaints, 1, `${burst.repaints} repaints for a burst of 302 moves`);
    assertMatchesKernel(await drawn(frame), { x0: -0.5, w2: -2.5 });
    console.log(`      drag storm: ${moves + 1} mouse moves → ${painted} repaints; a burst of 302 moves in one frame → ${burst.repaints}`);
  });

  it('Apply writes the values into the cell, keeps its comment, and the kernel agrees; the re-run keeps the layout', async () => {
    const before = await drawn(frame);
    const out = frame.locator(OUT);
    await wb.screenshot('live-before-apply');
    await out.locator('[data-action="live-apply"]').click();
    // The cell's text: only the two numbers changed.
    const cellText = async () => ((await wb.codeCell(0).locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
    const deadline = Date.now() + 20_000;
    while (!(await cellText()).includes('w2 = -2.5  #') && Date.now() < deadline) await wb.page.waitForTimeout(100);
    const text = await cellText();
    assert.ok(text.includes('w0 = 2; x0 = -0.5; w1 = -3; x1 = -2; w2 = -2.5  # the lecture\'s weights'), text);
    // The kernel ran the cell: its new output is drawn with the kernel's numbers.
    const expected = kernelGraph({ x0: -0.5, w2: -2.5 });
    const fValue = formatTensor(expected.nodes.find((n) => n.id === expected.target)!.value, { precision: 4 });
    const newFrame = await graphFrame(wb, `graph of f = ${fValue}`);
    const sel = outputOf(`graph of f = ${fValue}`);
    await newFrame.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-reused') === 'true', sel, { timeout: 20_000 });
    const after = await newFrame.evaluate((s) => Array.from(document.querySelectorAll<SVGGElement>(`${s} svg g.node[data-payload-id]`)).map((g) => {
      const r = g.getBoundingClientRect();
      return { id: g.dataset.payloadId ?? '', value: g.querySelector('.bpnb-value')?.textContent ?? '', grad: g.querySelector('.bpnb-grad')?.textContent ?? '', box: { x: r.x, y: r.y, w: r.width, h: r.height } };
    }), sel);
    assertMatchesKernel(after, { x0: -0.5, w2: -2.5 });
    assertSameBoxes(before, after);
    // The reused drawing has ids of its own: every arrowhead it refers to is its own, and unique in the page.
    const markers = await newFrame.evaluate((s) => {
      const svg = document.querySelector(`${s} svg`)!;
      return Array.from(svg.querySelectorAll('[marker-end]')).map((p) => {
        const id = /url\(#(.+)\)/.exec(p.getAttribute('marker-end') ?? '')?.[1] ?? '';
        return { id, inside: svg.querySelector(`[id="${id}"]`) !== null, inPage: document.querySelectorAll(`[id="${id}"]`).length };
      });
    }, sel);
    assert.ok(markers.length > 0 && markers.every((m) => m.inside && m.inPage === 1), JSON.stringify(markers));
    // The sliders start from the cell's new values.
    assert.equal(Number(await newFrame.locator(sel).getByRole('slider', { name: 'x0', exact: true }).getAttribute('aria-valuenow')), -0.5);
    await wb.screenshot('live-after-apply');
  });

  it('Apply is one undo step: one Undo in the cell brings back the cell\'s own numbers', async () => {
    const cellText = async () => ((await wb.codeCell(0).locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
    assert.ok((await cellText()).includes('x0 = -0.5'), await cellText());
    await wb.codeCell(0).locator('.view-lines').click();
    await wb.page.keyboard.press('Control+z');
    const deadline = Date.now() + 10_000;
    while (!(await cellText()).includes('x0 = -1;') && Date.now() < deadline) await wb.page.waitForTimeout(100);
    assert.ok((await cellText()).includes(NEURON[0]), await cellText());
  });
});


describe('UI live graphs: Apply across cells', function () {
  let wb: Workbench;
  const INPUTS = ['w = 2; x = -1  # inputs, in their own cell'];
  const GRAPH = ['f = w * x * w', 'backward f'];

  before(async () => {
    wb = await Workbench.open({ source: makeSource('cells', { 'two.bpnb': [INPUTS, GRAPH] }) });
    await wb.openNotebook('two.bpnb', 2);
    await wb.runAll();
  });

  after(async () => {
    await wb?.close();
  });

  it('a leaf assigned in an earlier cell: Apply edits that cell and runs it and the graph\'s cell', async () => {
    const frame = await graphFrame(wb, 'graph of f = -4');
    const w = frame.locator(outputOf('graph of f')).getByRole('slider', { name: 'w', exact: true });
    await w.focus();
    await w.press('Shift+ArrowRight'); // 2 → 3
    await frame.locator(outputOf('graph of f')).locator('[data-action="live-apply"]').click();
    const text = async (i: number) => ((await wb.codeCell(i).locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
    const deadline = Date.now() + 20_000;
    while (!(await text(0)).includes('w = 3;') && Date.now() < deadline) await wb.page.waitForTimeout(100);
    assert.equal((await text(0)).trim(), 'w = 3; x = -1  # inputs, in their own cell');
    assert.equal((await text(1)).trim(), GRAPH.join(''), 'the graph\'s cell is unchanged (the editor lines, joined)');
    // Both cells ran: the kernel's graph says f = w·x·w = -9, ∂f/∂w = 2wx = -6.
    const p = new Session().run(['w = 3; x = -1', ...GRAPH].join('\n')).graph!;
    const f = formatTensor(p.nodes.find((n) => n.id === p.target)!.value, { precision: 4 });
    assert.equal(f, '-9');
    const after = await graphFrame(wb, `graph of f = ${f}`);
    const label = await after.locator(`${outputOf(`graph of f = ${f}`)} svg[role="img"]`).getAttribute('aria-label');
    assert.match(label ?? '', /∂f\/∂w = -6/);
    // Run All numbered the cells [1] and [2]; Apply ran the inputs' cell again, as [3].
    const order = (await wb.codeCell(0).textContent()) ?? '';
    assert.match(order, /\[3\]/, 'the inputs\' cell ran again');
  });
});
