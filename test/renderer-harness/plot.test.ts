// The plot renderer bundle (src/plotRenderer) in headless Chromium: what it
// draws for hand-made payloads in each theme, its standalone SVG (which
// librsvg must draw as an image), live descent updates, and a bad payload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { openRendererPage } from '../../src/cli/exportImages';
import { PLOT_MIME } from '../../src/diagram/plotPayload';
import { LIVE_POINTS, liveCurve } from '../../src/notebook/workerCore';
import { boundaryPlot, fallingDescent, polePlot, sigmoidPlot } from './plotFixtures';
import { launch, OUT_DIR, ORIGIN } from './harness';

const ROOT = join(__dirname, '..', '..');

async function buildPlotRenderer(): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, 'plotRenderer.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'plotRenderer', 'index.ts')],
    bundle: true, outfile, platform: 'browser', format: 'esm', target: 'es2022', logLevel: 'error', legalComments: 'none',
  });
  return readFileSync(outfile, 'utf8');
}

/** A page like an output webview (theme class on <body>, VS Code's variables on <html>), the bundle activated. */
const EDITOR: Record<string, [string, string]> = {
  'vscode-light': ['#ffffff', '#3b3b3b'], 'vscode-dark': ['#1f1f1f', '#cccccc'], 'vscode-high-contrast': ['#000000', '#ffffff'],
};
const PAGE = (theme: string): string => `<!doctype html><html style="--vscode-editor-background: ${EDITOR[theme][0]}; --vscode-editor-foreground: ${EDITOR[theme][1]}">
<head><meta charset="utf-8"></head><body class="${theme}"><script type="module">
  import { activate, plotSvg } from './renderer.js';
  const api = activate({});
  window.plots = {
    plotSvg,
    render(id, text) {
      let el = document.getElementById('out-' + id);
      if (!el) { el = document.createElement('div'); el.id = 'out-' + id; document.body.append(el); }
      api.renderOutputItem({ id, mime: '${PLOT_MIME}', metadata: {}, text: () => text, json: () => JSON.parse(text),
        data: () => new TextEncoder().encode(text), blob: () => new Blob([text]) }, el, new AbortController().signal);
    },
  };
  document.body.dataset.ready = '1';
</script></body></html>`;

interface Drawn { aria: string; values: number; grads: number; tangents: number; marks: number; losses: number; texts: string[]; logTicks: boolean; background: string }

declare const plots: { render(id: string, text: string): void; plotSvg(p: unknown, theme: string): string };

describe('plot renderer (Observable Plot) in Chromium', () => {
  let browser: Browser;
  let bundle: string;
  before(async () => {
    bundle = await buildPlotRenderer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function page(theme = 'vscode-light'): Promise<Page & { errors: string[] }> {
    const p = await browser.newPage({ viewport: { width: 700, height: 600 } }) as Page & { errors: string[] };
    p.errors = [];
    p.on('pageerror', (e) => p.errors.push(e.message));
    await openRendererPage(p, ORIGIN, PAGE(theme), bundle);
    await p.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 20000 });
    return p;
  }

  async function render(p: Page, id: string, payload: unknown): Promise<Drawn> {
    await p.evaluate(([id, text]) => plots.render(id, text), [id, JSON.stringify(payload)]);
    return p.evaluate((id) => {
      const svg = document.querySelector(`#out-${id} svg.bpnb-plot`);
      if (!svg) throw new Error('no plot svg');
      return {
        aria: svg.getAttribute('aria-label') ?? '',
        values: svg.querySelectorAll('g.bpnb-value path').length, grads: svg.querySelectorAll('g.bpnb-grad path').length,
        tangents: svg.querySelectorAll('g.bpnb-tangent path').length,
        marks: svg.querySelectorAll('g.bpnb-mark circle').length, losses: svg.querySelectorAll('g.bpnb-loss path').length,
        texts: [...svg.querySelectorAll('text')].map((t) => t.textContent ?? ''),
        logTicks: [...svg.querySelectorAll('text')].some((t) => /log scale/.test(t.textContent ?? '')),
        background: svg.querySelector('rect.bpnb-plot-background')?.getAttribute('fill') ?? '',
      };
    }, id);
  }

  for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast']) {
    it(`draws f and ∂f/∂x, the mark and the tangent, labelled (${theme})`, async () => {
      const p = await page(theme);
      const d = await render(p, 'c1', sigmoidPlot());
      assert.equal(d.values, 1, 'the f curve');
      assert.equal(d.grads, 1, 'the ∂f/∂x curve');
      assert.equal(d.tangents, 1, 'the tangent line');
      assert.equal(d.marks, 2, 'the current x marked on both curves');
      assert.ok(d.texts.includes('s') && d.texts.includes('∂s/∂x'), `panel names and axis labels: ${d.texts.join('|')}`);
      assert.ok(d.texts.some((t) => t.startsWith('x')), 'the x axis is labelled with the leaf');
      assert.match(d.aria, /^s and ∂s\/∂x for x from -3 to 3 \(61 points\); at x = 0\.5: s = 0\.6225, ∂s\/∂x = 0\.235/);
      assert.equal(d.background, theme === 'vscode-dark' ? '#1f1f1f' : theme === 'vscode-light' ? '#ffffff' : '#000000');
      await p.screenshot({ path: join(OUT_DIR, `plot-curve-${theme}.png`) });
      assert.deepEqual(p.errors, []);
      await p.close();
    });
  }

  it('draws a descent on a log scale with its final loss, and redraws it live in place', async () => {
    const p = await page();
    const running = await render(p, 'd1', fallingDescent(100, 30));
    assert.equal(running.losses, 1);
    assert.ok(running.texts.some((t) => t.startsWith('step 30 of 100')), running.texts.join('|'));
    const done = await render(p, 'd1', fallingDescent(100));
    assert.equal(await p.locator('svg.bpnb-plot').count(), 1, 'the live update replaced the drawing');
    assert.ok(done.logTicks, 'four decades of loss: log scale');
    assert.ok(done.texts.some((t) => t.startsWith('final L = 0.0002656 after 100 steps · lr 1 → 0.1')), done.texts.join('|'));
    assert.match(done.aria, /L over 100 steps of gradient descent wrt w, b, lr 1 → 0.1: from 10 to 0.0002656 \(final\)/);
    await p.screenshot({ path: join(OUT_DIR, 'plot-descent-light.png') });
    // A flat-ish loss stays linear.
    const flat = await render(p, 'd2', { ...fallingDescent(3), loss: [2, 1.9, 1.8, 1.7] });
    assert.equal(flat.logTicks, false);
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('redraws a 1,000-step live descent quickly (a live update replaces the output item each time)', async () => {
    const p = await page();
    const times: number[] = [];
    for (let done = 50; done <= 1000; done += 50) {
      const text = JSON.stringify(fallingDescent(1000, done));
      // A live update after the first draws at the next animation frame; the drawing records its own time.
      times.push(await p.evaluate(async ([t, d]) => {
        plots.render('live', t as string);
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        const figure = document.querySelector('#out-live .bpnb-plot-output') as HTMLElement;
        if (!figure.textContent?.includes(`step ${d as number} of 1000`)) throw new Error(`not redrawn: ${figure.textContent}`);
        return Number(figure.dataset.drawMs);
      }, [text, done] as const));
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`      live descent redraw, 1,000 steps: median ${median.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${times.length} updates`);
    // The kernel sends at most one update per 100 ms; a redraw must take a small part of that.
    assert.ok(median < 40, `median redraw ${median} ms`);
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('redraws a running curve once per animation frame, the latest only; the final curve at once', async () => {
    const p = await page();
    await render(p, 'burst', fallingDescent(1000, 100));
    const r = await p.evaluate(async ([a, b, c]) => {
      const out = document.querySelector('#out-burst')!;
      let added = 0;
      new MutationObserver((records) => { for (const m of records) added += m.addedNodes.length; }).observe(out, { childList: true });
      plots.render('burst', a as string);
      plots.render('burst', b as string);
      const before = out.querySelector('.bpnb-plot-caption')?.textContent;
      await new Promise<void>((res) => requestAnimationFrame(() => res()));
      await new Promise<void>((res) => setTimeout(res, 0));
      const during = out.querySelector('.bpnb-plot-caption')?.textContent;
      const redraws = added;
      plots.render('burst', c as string);
      return { before, during, redraws, final: out.querySelector('.bpnb-plot-caption')?.textContent };
    }, [JSON.stringify(fallingDescent(1000, 200)), JSON.stringify(fallingDescent(1000, 300)), JSON.stringify(fallingDescent(1000))] as const);
    assert.match(r.before ?? '', /^step 100 of 1000/, 'a live update waits for the next frame');
    assert.match(r.during ?? '', /^step 300 of 1000/, 'the latest curve drawn');
    assert.equal(r.redraws, 1, 'two updates in one frame: one redraw');
    assert.match(r.final ?? '', /^final L = /, 'the final curve drawn at once');
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('draws a long running curve sent thinned (running.every) at its steps, the last point at step done', async () => {
    const p = await page();
    // 60,000 of 100,000 steps done, as the kernel's worker sends it: at most LIVE_POINTS + 1 points.
    const sent = liveCurve(fallingDescent(100_000, 60_000));
    assert.equal(sent.running?.every, 61);
    assert.ok(sent.loss.length <= LIVE_POINTS + 1, `${sent.loss.length} points`);
    const t0 = Date.now();
    const d = await render(p, 'thin', sent);
    const ms = Date.now() - t0;
    assert.equal(d.losses, 1);
    assert.ok(d.texts.some((t) => t.startsWith('step 60000 of 100000 · L = ')), d.texts.join('|'));
    // The mark is the loss at step 60,000: 60% of the way along the x axis (the panel's frame: 64 px left, 16 px right of 560).
    const cx = await p.evaluate(() => Number(document.querySelector('#out-thin g.bpnb-mark circle')?.getAttribute('cx')));
    assert.ok(Math.abs(cx - (64 + 0.6 * (560 - 64 - 16))) < 2, `the last point at x = ${cx}`);
    assert.ok(ms < 1000, `${ms} ms to draw`);
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('draws through NaN and infinities, and says so for an output it cannot read', async () => {
    const p = await page();
    const d = await render(p, 'n1', polePlot());
    assert.equal(d.values, 1);
    await p.evaluate(() => plots.render('bad', '{"kind":"curve","target":"f"}'));
    assert.equal(await p.locator('#out-bad').innerText(), 'bpnb: this plot output is not one this version can draw.');
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  for (const theme of ['vscode-light', 'vscode-dark']) {
    it(`draws a decision boundary: one cell per grid point coloured by the sign of s, the points by label (${theme})`, async () => {
      const p = await page(theme);
      const payload = boundaryPlot(30);
      await p.evaluate(([id, text]) => plots.render(id, text), ['b1', JSON.stringify(payload)]);
      const d = await p.evaluate(() => {
        const svg = document.querySelector('#out-b1 svg.bpnb-plot-boundary')!;
        // The fill of each mark's element: on its own or on its group (no named helper: tsx would wrap it in __name).
        return {
          cells: svg.querySelectorAll('g.bpnb-boundary-cells rect').length,
          cellFills: [...svg.querySelectorAll('g.bpnb-boundary-cells rect')].map((e) => e.getAttribute('fill') ?? e.closest('g')?.getAttribute('fill')),
          points: svg.querySelectorAll('g.bpnb-boundary-points circle').length,
          pointFills: [...svg.querySelectorAll('g.bpnb-boundary-points circle')].map((e) => e.getAttribute('fill') ?? e.closest('g')?.getAttribute('fill')),
          caption: svg.querySelector('.bpnb-plot-caption')?.textContent ?? '',
          aria: svg.getAttribute('aria-label') ?? '',
        };
      });
      const values = payload.value.map((v) => v as number);
      assert.equal(d.cells, payload.x.length * payload.y.length, 'one rect per grid cell');
      const positive = values.filter((v) => v > 0).length;
      const [blue, orange] = [...new Set(d.cellFills)];
      assert.ok(positive > 0 && positive < values.length, 'the model splits the plane');
      assert.equal(d.cellFills.filter((f) => f === blue).length, positive, 'the cells where s > 0 share one colour');
      assert.notEqual(blue, orange);
      assert.equal(d.points, 40);
      const high = payload.points.label!.filter((l) => l > 0).length;
      assert.equal(d.pointFills.filter((f) => f === blue).length, high, 'the points labelled +1 in the colour of s > 0');
      assert.equal(d.pointFills.filter((f) => f === orange).length, 40 - high);
      assert.match(d.caption, /■ s > 0 +■ s ≤ 0 · 40 points coloured by y · accuracy \d+(\.\d)?%/);
      assert.match(d.aria, /^the sign of s over X on a 30×\d+ grid, with the 40 points, coloured by y; \d+(\.\d)?% of them on their label's side/);
      await p.screenshot({ path: join(OUT_DIR, `plot-boundary-${theme}.png`) });
      assert.deepEqual(p.errors, []);
      await p.close();
    });
  }

  it('exports a standalone SVG that librsvg draws as an image', async () => {
    const p = await page('vscode-dark');
    const svg = await p.evaluate((payload) => plots.plotSvg(payload, 'dark'), sigmoidPlot() as unknown);
    assert.match(svg, /^<\?xml/);
    assert.ok(!svg.includes('var(--'), 'plain colours, no CSS variables');
    const file = join(OUT_DIR, 'plot-export-dark.svg');
    writeFileSync(file, svg);
    const r = spawnSync('rsvg-convert', ['-o', join(OUT_DIR, 'plot-export-dark.png'), file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    await p.close();
  });
});
