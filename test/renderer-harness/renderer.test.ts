// The real renderer bundle in headless Chromium, driven through its own API
// (activate → renderOutputItem) with a RendererContext made by index.html.
// Run: npx mocha --config test/renderer-harness/.mocharc.json
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { GraphPayload } from '../../src/diagram/payload';
import { parseNotebook } from '../../src/notebookFile';
import { Session } from '../../src/lang/session';
import { outputKey } from '../../src/renderer/messages';
import { chain, hostile, lectureAdd, lectureSigmoid } from './fixtures';
import { openPage, OUT_DIR, pageErrors, sharedBrowser, type PageHarness } from './harness';
import { readDataFiles } from '../../src/cli/dataFiles';
import { filesToRead } from '../../src/lang/dataFiles';

declare const harness: PageHarness;

let page: Page;

async function render(id: string, payload: GraphPayload | undefined, raw?: string): Promise<void> {
  // As JSON text: GraphPayload's recursive types are too deep for playwright's argument typing.
  await page.evaluate(([i, json, r]) => harness.render(i, json === undefined ? undefined : JSON.parse(json), r), [id, payload === undefined ? undefined : JSON.stringify(payload), raw] as [string, string | undefined, string | undefined]);
}

/** Clicks, then waits for the output's next visible change (a drawing or a playback step). */
async function clickAndRedraw(id: string, selector: string): Promise<void> {
  const before = await updates(id);
  await page.click(`#out-${id} ${selector}`);
  await page.waitForFunction(([i, n]) => Number(document.querySelector(`#out-${i} .bpnb-output`)?.getAttribute('data-updates')) > (n as number) &&
    !document.querySelector(`#out-${i} .bpnb-output[data-busy]`), [id, before] as const);
}

async function updates(id: string): Promise<number> {
  return Number(await page.getAttribute(`#out-${id} .bpnb-output`, 'data-updates'));
}

async function renders(id: string): Promise<number> {
  return Number(await page.getAttribute(`#out-${id} .bpnb-output`, 'data-renders'));
}

async function svgText(id: string): Promise<string> {
  return page.evaluate((i) => document.querySelector(`#out-${i} svg`)?.textContent ?? '', id);
}

/** A node's text as a person sees it: without text hidden by CSS (playback hides gradients not reached yet). */
async function nodeText(id: string, payloadId: string): Promise<string> {
  return page.evaluate(([i, p]) => {
    const g = document.querySelector(`#out-${i} g.node[data-payload-id="${p}"]`);
    if (!g) return '<missing>';
    const walker = document.createTreeWalker(g, NodeFilter.SHOW_TEXT);
    let out = '';
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t.parentElement && getComputedStyle(t.parentElement).visibility !== 'hidden') out += t.textContent;
    }
    return out;
  }, [id, payloadId] as const);
}

async function current(id: string): Promise<string[]> {
  return page.evaluate((i) => Array.from(document.querySelectorAll(`#out-${i} g.node.bpnb-current`)).map((g) => (g as SVGGElement).dataset.payloadId ?? '?'), id);
}

describe('renderer in Chromium', () => {
  // Hooks of this file only (not root hooks, which would run around other files' tests too).
  const browser = sharedBrowser();
  beforeEach(async () => {
    page = await openPage(browser());
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await page.screenshot({ path: join(OUT_DIR, `${this.currentTest.title.replace(/\W+/g, '_')}.png`), fullPage: true });
    }
    assert.deepEqual(pageErrors(page), [], 'no uncaught errors in the page');
    await page.close();
  });

  it('draws the lecture example with its values and gradients, as an accessible image', async () => {
    await render('a', lectureAdd());
    const text = await svgText('a');
    for (const s of ['x', 'q', 'f', '-12', '-4', '3', '∂ 1', '∂ -4', '∂ 3']) assert.ok(text.includes(s), `SVG shows ${s}: ${text}`);
    assert.equal(await nodeText('a', 'n0'), 'x-2∂ -4');
    const svg = page.locator('#out-a svg');
    assert.equal(await svg.getAttribute('role'), 'img');
    const label = await svg.getAttribute('aria-label');
    assert.match(label ?? '', /graph of f = -12: 5 nodes, 2 gates\. Gradients: ∂f\/∂x = -4, ∂f\/∂y = -4, ∂f\/∂z = 3/);
    // Mermaid left nothing behind outside the output.
    assert.equal(await page.locator('body > :not(.output, script)').count(), 0);
  });

  it('draws the kernel session\'s own payload of the lecture\'s sigmoid neuron with the lecture\'s numbers', async () => {
    const r = new Session().run('def sig(t) = 1 / (1 + exp(-t))\nw0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = sig(w0*x0 + w1*x1 + w2)\nbackward f');
    assert.ok(r.ok && r.graph);
    await render('s', r.graph);
    const text = await svgText('s');
    for (const s of ['0.7311', '∂ -0.1966', '∂ 0.3932', '∂ -0.3932', '∂ -0.5898', '∂ 0.1966', '0.3679', '1.368']) assert.ok(text.includes(s), `SVG shows ${s}: ${text}`);
    await clickAndRedraw('s', '[data-action="gates"]');
    assert.ok((await svgText('s')).includes('sig'));
    await page.screenshot({ path: join(OUT_DIR, 'lecture-sigmoid.png'), fullPage: true });
  });

  it('draws every graph of every example notebook, through the real session, without a problem', async () => {
    const dir = join(__dirname, '..', '..', 'examples');
    let drawn = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpnb')).sort()) {
      const parsed = parseNotebook(readFileSync(join(dir, file), 'utf8'));
      assert.ok(parsed.ok, file);
      const session = new Session();
      for (const [i, cell] of parsed.notebook.cells.entries()) {
        if (cell.kind !== 'code') continue;
        const r = session.run(cell.source, { files: readDataFiles(filesToRead(cell.source), dir) });
        if (!r.graph) continue;
        const id = `${file.replace(/\W/g, '_')}-${i}`;
        await render(id, r.graph);
        const error = await page.locator(`#out-${id} .bpnb-error`).isVisible();
        assert.equal(error, false, `${file} cell ${i}: ${await page.textContent(`#out-${id} .bpnb-error`)}`);
        assert.equal(await page.locator(`#out-${id} svg[role="img"]`).count(), 1, `${file} cell ${i} drew`);
        drawn++;
      }
    }
    assert.ok(drawn >= 8, `only ${drawn} graphs drawn`);
  });

  it('steps through the backward pass: highlight, masked gradients and the chain-rule caption', async () => {
    const p = lectureAdd();
    await render('a', p);
    assert.deepEqual(await current('a'), []);
    assert.equal(await page.textContent('#out-a .bpnb-step'), 'all 5 steps');

    await clickAndRedraw('a', '[data-action="next"]'); // wraps to the first step: f
    assert.deepEqual(await current('a'), ['n4']);
    assert.match(await page.textContent('#out-a .bpnb-caption') ?? '', /^∂f\/∂f = 1 \(the seed: ∂f\/∂f = 1\)\n∂f\/∂f = 1 → ∂f\/∂q = ∂f\/∂f × ∂f\/∂q = 1 × -4 = -4/);
    assert.equal(await nodeText('a', 'n0'), 'x-2', 'x is not reached yet: no gradient');
    assert.ok((await nodeText('a', 'n4')).includes('∂ 1'));
    assert.ok((await nodeText('a', 'n2')).includes('∂ 3'), 'z got its gradient at this step');

    await clickAndRedraw('a', '[data-action="next"]'); // q
    assert.deepEqual(await current('a'), ['n3']);
    // The lecture's highlighter: yellow with a red ring, over the diagram's own inline colours.
    const look = await page.evaluate(() => { const c = getComputedStyle(document.querySelector('#out-a g.node[data-payload-id="n3"] circle')!); return [c.fill, c.stroke, c.strokeWidth]; });
    assert.deepEqual(look, ['rgb(255, 245, 157)', 'rgb(213, 0, 0)', '4px']);
    const caption = await page.textContent('#out-a .bpnb-caption');
    assert.ok(caption?.includes('∂f/∂q = -4 → ∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4'), caption ?? '');
    assert.ok(caption?.includes('∂f/∂q = -4 → ∂f/∂y = ∂f/∂q × ∂q/∂y = -4 × 1 = -4'), caption ?? '');
    assert.equal(await page.textContent('#out-a .bpnb-step'), 'step 2 of 5');
    assert.ok((await nodeText('a', 'n3')).includes('∂ -4'));
    // Gradients earlier steps computed stay shown (issue 11 item 9): z's from step 1, and x's and y's from this one.
    assert.equal(await nodeText('a', 'n2'), 'z-4∂ 3');
    assert.equal(await nodeText('a', 'n0'), 'x-2∂ -4');

    await clickAndRedraw('a', '[data-action="prev"]');
    assert.deepEqual(await current('a'), ['n4']);

    // Stepping does not redraw: the layout stays still.
    const drawings = await renders('a');
    await clickAndRedraw('a', '[data-action="next"]');
    assert.equal(await renders('a'), drawings);
    // The slider's end shows the finished sweep again, with no highlight.
    const before = await updates('a');
    await page.locator('#out-a input[type="range"]').fill('5');
    await page.waitForFunction((n) => Number(document.querySelector('#out-a .bpnb-output')?.getAttribute('data-updates')) > n, before);
    assert.deepEqual(await current('a'), []);
    assert.equal(await nodeText('a', 'n0'), 'x-2∂ -4');
  });

  it('plays the sweep by itself and stops at the end', async () => {
    await render('a', lectureAdd());
    await page.click('#out-a [data-action="play"]');
    assert.equal(await page.textContent('#out-a [data-action="play"]'), 'Pause');
    await page.waitForFunction(() => document.querySelector('#out-a .bpnb-step')?.textContent === 'step 2 of 5', undefined, { timeout: 5000 });
    await page.click('#out-a [data-action="play"]');
    assert.equal(await page.textContent('#out-a [data-action="play"]'), 'Play');
  });

  it('plays faster at a higher speed', async () => {
    await render('a', lectureAdd());
    await page.selectOption('#out-a select[data-action="speed"]', '4');
    const started = Date.now();
    await page.click('#out-a [data-action="play"]');
    // 5 steps at 4× take about 1.1 s; at the normal pace they take 4.5 s.
    await page.waitForFunction(() => document.querySelector('#out-a .bpnb-step')?.textContent === 'all 5 steps', undefined, { timeout: 4000 });
    assert.ok(Date.now() - started < 4000);
    assert.equal(await page.textContent('#out-a [data-action="play"]'), 'Play');
  });

  it('pans to the current node in a long graph', async () => {
    await render('c', chain(40));
    const inView = (pid: string) => page.evaluate(([p]) => {
      const v = document.querySelector('#out-c .bpnb-viewport')!.getBoundingClientRect();
      const g = document.querySelector(`#out-c g.node[data-payload-id="${p}"]`)!.getBoundingClientRect();
      return g.left >= v.left - 1 && g.right <= v.right + 1 && g.top >= v.top - 1 && g.bottom <= v.bottom + 1;
    }, [pid] as const);
    const target = JSON.parse(JSON.stringify(chain(40))).target as string;
    assert.equal(await inView(target), false, 'the target starts out of view (the graph is wider than the output)');
    await clickAndRedraw('c', '[data-action="next"]');
    assert.deepEqual(await current('c'), [target]);
    assert.equal(await inView(target), true, 'playback brought it into view');
    await page.screenshot({ path: join(OUT_DIR, 'playback-pan.png') });
  });

  it('has a legend saying what ∂ means, with the target\'s name', async () => {
    await render('a', lectureAdd());
    const legend = await page.textContent('#out-a .bpnb-legend');
    assert.match(legend ?? '', /^On each node:v the node's value∂ g ∂f\/∂\(node\) = g, the gradient of f with respect to the node$/);
  });

  it('a collapsed user gate is one gate: one playback step, its own local derivative', async () => {
    const p = lectureSigmoid();
    await render('s', p);
    const expanded = await page.textContent('#out-s .bpnb-step');
    await clickAndRedraw('s', '[data-action="gates"]');
    const collapsed = await page.textContent('#out-s .bpnb-step');
    // The nodes inside sig that the sweep handles are no steps of their own; its output (÷) is the call's one step.
    const inner = p.backwardOrder.filter((id) => p.nodes.find((n) => n.id === id)?.group === 'g0' && id !== p.groups[0].output).length;
    assert.ok(inner >= 3);
    assert.equal(Number(/\d+/.exec(collapsed ?? '')?.[0]), Number(/\d+/.exec(expanded ?? '')?.[0]) - inner, `${expanded} → ${collapsed}`);
    await clickAndRedraw('s', '[data-action="next"]');
    const out = p.groups[0].output;
    assert.deepEqual(await current('s'), [out]);
    const caption = await page.textContent('#out-s .bpnb-caption');
    assert.ok(caption?.includes('∂f/∂s = ∂f/∂f × ∂f/∂s = 1 × 0.1966 = 0.1966'), caption ?? '');
    await page.click(`#out-s g.node[data-payload-id="${out}"]`);
    const details = await page.textContent('#out-s .bpnb-details');
    assert.ok(details?.includes('sig (user gate)') && details.includes("∂f/∂s: the sig gate's local derivative (the product of its insides) = 0.1966"), details ?? '');
    await page.screenshot({ path: join(OUT_DIR, 'collapsed-gate-details.png'), fullPage: true });
  });

  it('toolbar: values only, gradients only, direction', async () => {
    await render('a', lectureAdd());
    await clickAndRedraw('a', '[data-show="values"]');
    let text = await svgText('a');
    assert.ok(!text.includes('∂') && text.includes('-12'), text);
    assert.equal(await page.getAttribute('#out-a [data-show="values"]', 'aria-pressed'), 'true');
    await clickAndRedraw('a', '[data-show="grads"]');
    text = await svgText('a');
    assert.ok(text.includes('∂ -4') && !text.includes('-12'), text);
    // The choice survives VS Code re-rendering the same output (RendererContext state).
    await render('a', lectureAdd());
    assert.equal(await page.getAttribute('#out-a [data-show="grads"]', 'aria-pressed'), 'true');
    assert.ok(!(await svgText('a')).includes('-12'));

    const box = () => page.evaluate(() => { const b = document.querySelector<SVGSVGElement>('#out-a svg')!.viewBox.baseVal; return { w: b.width, h: b.height }; });
    const lr = await box();
    await clickAndRedraw('a', '[data-action="direction"]');
    const td = await box();
    assert.equal(await page.textContent('#out-a [data-action="direction"]'), '⇅ TD');
    assert.ok(lr.w / lr.h > td.w / td.h, `TD is taller for its width than LR: ${JSON.stringify({ lr, td })}`);
  });

  it('collapses and expands user gates, only when there are some', async () => {
    await render('s', lectureSigmoid());
    const count = () => page.locator('#out-s g.node').count();
    const expanded = await count();
    await clickAndRedraw('s', '[data-action="gates"]');
    const collapsed = await count();
    assert.ok(collapsed < expanded, `${collapsed} < ${expanded}`);
    assert.ok((await svgText('s')).includes('sig'));
    await clickAndRedraw('s', '[data-action="gates"]');
    assert.equal(await count(), expanded);
    await render('a', lectureAdd());
    assert.equal(await page.locator('#out-a [data-action="gates"]').count(), 0);
  });

  it('re-renders with the other theme when the body class changes', async () => {
    await render('a', lectureAdd());
    const before = await renders('a');
    const lightId = await page.getAttribute('#out-a svg', 'id');
    await page.evaluate(() => { document.body.className = 'vscode-dark'; });
    await page.waitForFunction((n) => Number(document.querySelector('#out-a .bpnb-output')?.getAttribute('data-renders')) > n, before);
    assert.equal(await page.getAttribute('#out-a svg', 'data-theme'), 'dark');
    assert.notEqual(await page.getAttribute('#out-a svg', 'id'), lightId);
    // Mermaid's dark theme draws edges in a light colour, and the nodes get the dark palette.
    const stroke = await page.evaluate(() => getComputedStyle(document.querySelector('#out-a svg .flowchart-link')!).stroke);
    assert.notEqual(stroke, 'rgb(51, 51, 51)');
    const fill = (pid: string) => page.evaluate((p) => getComputedStyle(document.querySelector(`#out-a g.node[data-payload-id="${p}"] circle, #out-a g.node[data-payload-id="${p}"] rect`)!).fill, pid);
    assert.equal(await fill('n3'), 'rgb(58, 49, 32)', 'a gate is dark on a dark page');
    const labelColour = await page.evaluate(() => getComputedStyle(document.querySelector('#out-a g.node[data-payload-id="n3"] .nodeLabel')!).color);
    assert.equal(labelColour, 'rgb(232, 232, 232)', 'its label is light (it spills out of the circle)');
    await page.evaluate(() => { document.body.className = 'vscode-high-contrast'; });
    await page.waitForFunction(() => document.querySelector('#out-a svg')?.getAttribute('data-theme') === 'hc-dark');
    await page.screenshot({ path: join(OUT_DIR, 'lecture-hc.png') });
  });

  it('shows hostile labels as text and never runs them', async () => {
    await render('h', hostile());
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('#out-h img, #out-h script, #out-h [onerror], #out-h [onmouseover]').count(), 0);
    const text = await svgText('h');
    assert.ok(text.includes('<img src=x onerror'), text);
    assert.ok((await page.textContent('#out-h .bpnb-notes'))?.includes('<img src=x onerror="window.__pwned=3">'));
    assert.ok((await page.getAttribute('#out-h svg', 'aria-label'))?.includes('<b onmouseover=alert(1)>f</b>'));
  });

  it('a graph that cannot be drawn gives one readable line and the table', async () => {
    // Make every text measurement fail, as in a detached webview.
    await page.evaluate(() => {
      SVGGraphicsElement.prototype.getBBox = () => { throw new Error('measuring failed\n    at getBBox (renderer.js:1:1)'); };
    });
    await render('a', lectureAdd());
    const error = page.locator('#out-a .bpnb-error');
    assert.equal(await error.isVisible(), true);
    assert.equal(await error.textContent(), 'The graph could not be drawn: measuring failed');
    assert.equal(await page.locator('#out-a svg').count(), 0);
    assert.equal(await page.getAttribute('#out-a details.bpnb-table', 'open'), '');
    const cells = await page.locator('#out-a .bpnb-table td').allTextContents();
    assert.deepEqual(cells.slice(0, 4), ['x', 'input', '-2', '-4']);
    assert.equal(await page.locator('body > :not(.output, script)').count(), 0, 'no error SVG left in the page');
  });

  it('an output that is not a graph gives a sentence, not a crash', async () => {
    await render('v', { ...lectureAdd(), version: 7 } as unknown as GraphPayload);
    assert.equal(await page.textContent('#out-v .bpnb-error'), 'The graph could not be drawn: unsupported graph version 7 (this renderer reads version 1)');
    await render('j', undefined, '{ not json');
    assert.match(await page.textContent('#out-j .bpnb-error') ?? '', /^The graph could not be drawn: the output is not valid JSON/);
  });

  it('clicking a node opens its details with the chain rule', async () => {
    await render('a', lectureAdd());
    await page.click('#out-a g.node[data-payload-id="n3"]');
    const panel = page.locator('#out-a .bpnb-details');
    const text = await panel.textContent();
    assert.ok(text?.includes('∂q/∂x: ∂(x+y)/∂x = 1'), text ?? '');
    assert.ok(!text?.includes('= 1 = 1') && !text?.includes('q = q'), text ?? '');
    assert.equal(await page.textContent('#out-a .bpnb-details h4'), 'q = x + y');
    assert.ok(text?.includes('∂f/∂q = ∂f/∂f × ∂f/∂q = 1 × -4 = -4'), text ?? '');
    assert.equal(await page.locator('#out-a g.node.bpnb-selected').count(), 1);
    await page.keyboard.press('Escape');
    assert.equal(await panel.count(), 0);
    // Keyboard: a node is focusable and Enter opens it.
    await page.focus('#out-a g.node[data-payload-id="n0"]');
    await page.keyboard.press('Enter');
    assert.ok((await page.locator('#out-a .bpnb-details').textContent())?.includes('∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4'));
  });

  it('follows the kernel\'s display settings from the output metadata', async () => {
    await page.evaluate((json) => harness.render('m', JSON.parse(json), undefined, { bpnb: { precision: 2, direction: 'TD', edgeLabels: true, nodeLimit: 150 } }),
      JSON.stringify(chain(2)));
    const text = await svgText('m');
    assert.ok(text.includes('0.51') && !text.includes('0.505'), `2 significant digits: ${text}`);
    assert.equal(await page.textContent('#out-m [data-action="direction"]'), '⇅ TD');
    assert.ok(await page.locator('#out-m .edgeLabel').count() > 0);
  });

  it('a re-run under the same output id with new numbers updates the drawing in place; a new shape or new settings draw anew', async () => {
    // VS Code re-renders a re-run cell's output under the same output id, into the same element.
    const lecture = (x: number) => new Session().run(`x = ${x}; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f`).graph!;
    const first = lecture(-2);
    const id = (p: GraphPayload, name: string) => p.nodes.find((n) => n.label === name)!.id;
    await render('r', first);
    await page.evaluate(() => { (document.querySelector('#out-r svg') as SVGSVGElement).dataset.first = 'yes'; });
    assert.equal(await renders('r'), 1);
    // A slider moved and a node's details open: what the re-run must bring back to the kernel's numbers.
    await page.locator('#out-r [role="slider"][aria-label="x"]').press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('#out-r .bpnb-output')?.getAttribute('data-live-changed') === '1');
    await page.click(`#out-r g.node[data-payload-id="${id(first, 'q')}"]`);
    assert.ok((await page.textContent('#out-r .bpnb-details-host'))?.includes('3'));

    const second = lecture(-3);
    await render('r', second);
    const after = await page.evaluate(() => {
      const out = document.querySelector('#out-r .bpnb-output')!;
      const svg = out.querySelector('svg')!;
      return {
        sameSvg: svg.dataset.first === 'yes', svgs: out.querySelectorAll('svg[role="img"]').length, reused: out.getAttribute('data-reused'),
        label: svg.getAttribute('aria-label') ?? '', changed: out.getAttribute('data-live-changed'),
        reset: (out.querySelector('[data-action="live-reset"]') as HTMLButtonElement).disabled,
        slider: out.querySelector('[role="slider"][aria-label="x"]')?.getAttribute('aria-valuenow'),
        table: out.querySelector('.bpnb-table')?.textContent ?? '', details: out.querySelector('.bpnb-details-host')?.textContent ?? '',
      };
    });
    assert.equal(await renders('r'), 2);
    assert.ok(after.sameSvg, 'the drawing on screen was updated, not replaced');
    assert.equal(after.svgs, 1);
    assert.equal(after.reused, 'true');
    const numbers = (name: string) => page.evaluate((p) => {
      const g = document.querySelector(`#out-r g.node[data-payload-id="${p}"]`);
      return `${g?.querySelector('.bpnb-value')?.textContent} ${g?.querySelector('.bpnb-grad')?.textContent}`;
    }, id(second, name));
    assert.equal(await numbers('x'), '-3 ∂ -4');
    assert.equal(await numbers('q'), '2 ∂ -4');
    assert.equal(await numbers('z'), '-4 ∂ 2');
    assert.equal(await numbers('f'), '-8 ∂ 1');
    assert.ok(after.label.includes('graph of f = -8'), after.label);
    assert.equal(after.changed, '0', 'the slider values not applied are forgotten: the kernel\'s numbers are the truth');
    assert.ok(after.reset, 'Reset has nothing to reset');
    assert.equal(after.slider, '-3');
    assert.ok(after.table.includes('-8') && !after.table.includes('-12'), after.table);
    assert.ok(after.details.includes('2') && !after.details.includes('3'), `the open details follow: ${after.details}`);
    // The slider steps from the new value, and Reset goes back to it.
    await page.locator('#out-r [role="slider"][aria-label="x"]').press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('#out-r .bpnb-output')?.getAttribute('data-live-changed') === '1');
    const stepped = Number(await page.getAttribute('#out-r [role="slider"][aria-label="x"]', 'aria-valuenow'));
    assert.ok(stepped < -3, `a step left of the new value: ${stepped}`);
    assert.equal(await numbers('f'), `${(stepped + 5) * -4} ∂ 1`);
    await page.click('#out-r [data-action="live-reset"]');
    assert.equal(await numbers('f'), '-8 ∂ 1');

    // Other display settings (output metadata): a new drawing.
    await page.evaluate((json) => harness.render('r', JSON.parse(json), undefined, { bpnb: { precision: 2, direction: 'TD', edgeLabels: false, nodeLimit: 150 } }), JSON.stringify(second));
    await page.waitForFunction(() => document.querySelector<SVGSVGElement>('#out-r svg')?.dataset.first !== 'yes');
    assert.equal(await page.textContent('#out-r [data-action="direction"]'), '⇅ TD');
    // Another shape: a new drawing of it.
    await render('r', chain(3));
    assert.equal(await page.locator('#out-r svg[role="img"]').count(), 1);
    assert.ok((await page.getAttribute('#out-r svg', 'aria-label'))?.includes('7 nodes'));
    assert.equal(await nodeText('r', 'n0'), 'x0.5∂ 1.02');
  });

  it('forward mode shows tangents and no playback', async () => {
    const p = lectureAdd();
    p.mode = 'forward';
    p.seed = 'n0';
    p.backwardOrder = [];
    const tangents: Record<string, number> = { n0: 1, n3: 1, n4: -4 };
    for (const n of p.nodes) {
      delete n.grad;
      if (tangents[n.id] !== undefined) n.tangent = tangents[n.id];
    }
    await render('t', p);
    assert.ok((await nodeText('t', 'n4')).includes('ṫ -4'));
    assert.equal(await page.locator('#out-t .bpnb-playback').isVisible(), false);
    assert.equal(await page.locator('#out-t [data-show]').count(), 0);
  });

  it('a big graph is cut with a count, zooms and pans', async () => {
    await render('c', chain(400));
    assert.match(await page.textContent('#out-c .bpnb-notes') ?? '', /… \d+ nodes hidden/);
    const viewport = page.locator('#out-c .bpnb-viewport');
    assert.match(await viewport.getAttribute('class') ?? '', /bpnb-pannable/);
    const transform = () => page.evaluate(() => (document.querySelector('#out-c .bpnb-canvas') as HTMLElement).style.transform);
    const t0 = await transform();
    await page.click('#out-c [data-action="zoom-in"]');
    const t1 = await transform();
    assert.notEqual(t1, t0);
    const box = (await viewport.boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 100, box.y + 40, { steps: 5 });
    await page.mouse.up();
    const t2 = await transform();
    assert.notEqual(t2, t1, 'drag pans');
    await page.click('#out-c [data-action="fit"]');
    const fitted = await page.evaluate(() => {
      const c = document.querySelector('#out-c .bpnb-canvas') as HTMLElement;
      return { w: c.getBoundingClientRect().width, vw: (document.querySelector('#out-c .bpnb-viewport') as HTMLElement).clientWidth };
    });
    assert.ok(fitted.w <= fitted.vw + 1, JSON.stringify(fitted));
  });

  it('exports a standalone SVG and a PNG at the requested scale through renderer messaging', async () => {
    const p = lectureAdd();
    await render('a', p);
    await render('other', chain(3));
    // The extension names the output by its content, as it reads it from the cell.
    const key = outputKey(JSON.stringify(p));
    await page.evaluate((k) => harness.send({ type: 'bpnb.export', requestId: 'r1', outputKey: k, format: 'svg' }), key);
    await page.evaluate((k) => harness.send({ type: 'bpnb.export', requestId: 'r2', outputKey: k, format: 'png', scale: 2 }), key);
    await page.evaluate(() => harness.send({ type: 'bpnb.export', requestId: 'r3', outputKey: 'nope', format: 'svg' }));
    await page.waitForFunction(() => harness.posted.filter((m) => (m as { type?: string }).type === 'bpnb.exportResult').length >= 3);
    const posted = (await page.evaluate(() => harness.posted) as { type: string; requestId: string; ok: boolean; data?: string; error?: string }[])
      .filter((m) => m.type === 'bpnb.exportResult');
    const byId = new Map(posted.map((m) => [m.requestId, m]));
    const svg = byId.get('r1');
    assert.equal(svg?.ok, true);
    assert.match(svg!.data!, /^<\?xml/);
    assert.ok(svg!.data!.includes('-12') && svg!.data!.includes('<rect') && svg!.data!.includes('fill="#ffffff"'));
    assert.ok(!svg!.data!.includes('foreignObject'), 'no HTML labels in the file');
    const png = byId.get('r2');
    assert.equal(png?.ok, true, png?.error);
    const bytes = Buffer.from(png!.data!, 'base64');
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    const width = bytes.readUInt32BE(16);
    // The export is drawn again with SVG text labels (src/renderer/exportRender.ts): its own size, times the scale.
    const cssWidth = Number(/<svg [^>]*width="([\d.]+)"/.exec(svg!.data!)?.[1]);
    assert.equal(width, Math.ceil(cssWidth * 2));
    writeFileSync(join(OUT_DIR, 'export-lecture.png'), bytes);
    writeFileSync(join(OUT_DIR, 'export-lecture.svg'), svg!.data!);
    assert.deepEqual(byId.get('r3'), { type: 'bpnb.exportResult', requestId: 'r3', ok: false, error: 'not-rendered' });
    // The toolbar's export buttons ask the extension.
    await page.click('#out-a [data-action="export-png"]');
    assert.deepEqual(await page.evaluate(() => harness.posted.at(-1)), { type: 'bpnb.exportFromRenderer', outputKey: key, format: 'png' });
    await page.click('#out-a [data-action="copy-mermaid"]');
    assert.deepEqual(await page.evaluate(() => harness.posted.at(-1)), { type: 'bpnb.exportFromRenderer', outputKey: key, format: 'mermaid' });
  });
});
