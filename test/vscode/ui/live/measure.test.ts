// Live graphs (issue 12): the figures docs/benchmarks.md publishes, measured in
// the real VS Code. A measurement suite: it reports medians to
// test-results/<run>/live-timings.json; it fails only on gross regressions
// (8× the targets) or when nothing was drawn.
//
//   node esbuild.js --production && BPNB_SUITE=live BPNB_GREP=measures npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../runner/vscode-server';
import { Workbench } from '../lib/harness';
import { drawnGraphs, graphCount, makeSource, report, stats } from './lib';

const RUNS = Number(process.env.BPNB_LIVE_RUNS ?? 5);
const SCALE = Number(process.env.BPNB_RENDER_BUDGET_SCALE ?? 8);
/** How long a person looks at the notebook before pressing Run All (the worker starts meanwhile). */
const LOOK_MS = 1000;

/**
 * Where the first drawing's time went, in ms after Run All (the frame's clock
 * is the machine's): the output frame started, the renderer bundle fetched,
 * and the drawing's own share (data-draw-ms).
 */
async function rendererPhases(wb: Workbench, t0: number): Promise<Record<string, number>> {
  for (const f of wb.outputFrames()) {
    const r = await f.evaluate(() => {
      const out = document.querySelector('.bpnb-output');
      if (!out) return undefined;
      const loads = performance.getEntriesByType('resource').filter((e) => /\/dist\/renderer\.js/.test(e.name)) as PerformanceResourceTiming[];
      const bundle = loads[0];
      return {
        origin: performance.timeOrigin,
        fetchStart: bundle?.fetchStart ?? NaN,
        fetchEnd: bundle?.responseEnd ?? NaN,
        draw: Number(out.getAttribute('data-draw-ms')),
        loads: loads.length,
      };
    }).catch(() => undefined);
    if (r) {
      return {
        frameStart: Math.round(r.origin - t0),
        bundleFetchStart: Math.round(r.origin + r.fetchStart - t0),
        bundleFetched: Math.round(r.origin + r.fetchEnd - t0),
        draw: r.draw,
        bundleLoads: r.loads,
      };
    }
  }
  return {};
}

describe('UI live graphs: measures', function () {
  this.timeout(900_000);

  for (const example of ['01-computation-graph.bpnb', '03-sigmoid-neuron.bpnb']) {
    it(`measures first Run All after opening → the first SVG drawn (${example})`, async () => {
      // VS Code draws outputs as they scroll into view: the figure is the first graph (the one on screen).
      assert.ok(graphCount(fs.readFileSync(path.join(REPO_ROOT, 'examples', example), 'utf8')) >= 1);
      const expected = 1;
      const times: number[] = [];
      const phases: Record<string, number>[] = [];
      for (let i = 0; i < RUNS; i++) {
        const wb = await Workbench.open({ source: makeSource(`first-${i}`, {}, [example]) });
        try {
          await wb.openNotebook(example, 2);
          await wb.page.waitForTimeout(LOOK_MS);
          // The palette ready with "Notebook: Run All" picked: the clock starts at the key press.
          await wb.page.locator('.notebook-editor:visible').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
          const input = await wb.openCommandPalette();
          await input.fill('>Notebook: Run All');
          const row = wb.page.locator('.quick-input-list .monaco-list-row').filter({ has: wb.page.locator('.label-name').getByText('Notebook: Run All', { exact: true }) }).first();
          await row.waitFor({ timeout: 10_000 });
          await row.hover();
          const t0 = Date.now();
          await row.click();
          while ((await drawnGraphs(wb)) < expected) {
            if (Date.now() - t0 > 60_000) {
              await wb.screenshot(`live-first-run-timeout-${i}`);
              throw new Error(`${example}: no graph drawn 60 s after Run All`);
            }
            await wb.page.waitForTimeout(10);
          }
          times.push(Date.now() - t0);
          phases.push(await rendererPhases(wb, t0));
          if (i === 0) await wb.screenshot(`live-first-run-${example.replace('.bpnb', '')}`);
        } finally {
          await wb.close();
        }
      }
      const s = stats(times);
      report(`first Run All → first SVG drawn, ${example} (ms)`, { ...s, all: times, phases });
      assert.ok(s.median < 350 * SCALE, JSON.stringify(s));
    });
  }
});
