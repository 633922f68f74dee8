// `bpnb export --format svg|png`: each cell's graph and each of its plots as
// an image file, drawn by the project's own renderer bundles (dist/renderer.js
// and dist/plotRenderer.js, the files VS Code loads) in headless Chromium
// driven by playwright-core. The page calls the bundles' exportGraph and
// plotImage, the same code paths VS Code's export commands use.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { GraphPayload } from '../diagram/payload';
import type { PlotPayload } from '../diagram/plotPayload';
import type { DiagramOptions } from '../diagram';
import type { Page } from 'playwright-core';

export type ImageFormat = 'svg' | 'png';

export class BrowserNotFound extends Error {}

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const HOW_TO_GET_A_BROWSER = `bpnb export --format svg|png draws the graphs in a headless Chromium or Google Chrome, and none was found.
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install chromium
  Fedora:         sudo dnf install chromium
  macOS:          brew install --cask chromium   (or install Google Chrome)
then run the command again, or tell bpnb where it is:
  bpnb export FILE.bpnb --format svg --browser /path/to/chrome
  CHROME_PATH=/path/to/chrome bpnb export FILE.bpnb --format svg
The md, mmd and json formats need no browser.`;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** --browser, else CHROME_PATH, else the first of NAMES on the PATH (and the usual macOS/Windows places). */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined) {
    if (!isFile(explicit)) throw new BrowserNotFound(`--browser ${explicit}: no such file`);
    return explicit;
  }
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) {
    if (!isFile(fromEnv)) throw new BrowserNotFound(`CHROME_PATH=${fromEnv}: no such file`);
    return fromEnv;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const dir of dirs) {
      for (const candidate of [join(dir, name), join(dir, `${name}.exe`)]) if (isFile(candidate)) return candidate;
    }
  }
  for (const p of [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ]) if (isFile(p)) return p;
  throw new BrowserNotFound(HOW_TO_GET_A_BROWSER);
}

/** dist/renderer.js next to dist/cli.js (installed package), or the repository's dist/ (tests run src/ with tsx). */
export function findRendererBundle(): string {
  for (const p of [join(__dirname, 'renderer.js'), join(__dirname, '..', '..', 'dist', 'renderer.js')]) if (existsSync(p)) return p;
  throw new Error('the renderer bundle dist/renderer.js is missing (run npm run build)');
}

/** dist/plotRenderer.js beside the renderer bundle (see findRendererBundle). */
export function findPlotRendererBundle(): string {
  for (const p of [join(__dirname, 'plotRenderer.js'), join(__dirname, '..', '..', 'dist', 'plotRenderer.js')]) if (existsSync(p)) return p;
  throw new Error('the plot renderer bundle dist/plotRenderer.js is missing (run npm run build)');
}

/** A cell's graph, or (with `plotIndex`) its plot number plotIndex, counted from 0 in the cell's output order. */
export type ImageJob =
  | { index: number; payload: GraphPayload; plotIndex?: undefined }
  | { index: number; plotIndex: number; plot: PlotPayload };

export interface RenderedImage {
  index: number;
  plotIndex?: number;
  bytes: Uint8Array;
}

const ORIGIN = 'http://bpnb-export.invalid';

/**
 * Loads `html` at `origin`/ with the renderer bundle at `origin`/renderer.js
 * (and each of `more` at `origin`/its name),
 * both served from memory; every other request is refused, so nothing leaves
 * the machine. (The renderer harness opens its test page the same way.)
 */
export async function openRendererPage(page: Page, origin: string, html: string, bundle: string, more: Record<string, string> = {}): Promise<void> {
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${origin}/`) return route.fulfill({ contentType: 'text/html', body: html });
    if (url === `${origin}/renderer.js`) return route.fulfill({ contentType: 'text/javascript', body: bundle });
    const name = url.startsWith(`${origin}/`) ? url.slice(origin.length + 1) : '';
    if (Object.hasOwn(more, name)) return route.fulfill({ contentType: 'text/javascript', body: more[name] });
    return route.abort();
  });
  await page.goto(`${origin}/`);
}

/** Draws each job's graph or plot in one browser page; a failure to draw one is reported for that one only. */
export async function renderImages(
  jobs: readonly ImageJob[], format: ImageFormat, options: { browser: string; scale: number; diagram: DiagramOptions },
): Promise<(RenderedImage | { index: number; plotIndex?: number; error: string })[]> {
  // Loaded only here: the other commands need no browser. The functions passed
  // to page.evaluate run in the page: its globals through globalThis (this file
  // compiles without the DOM).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const bundle = readFileSync(findRendererBundle(), 'utf8');
  // Without plots, the page's import of plotImage gets a stand-in (the bundle is read only when needed).
  const plotBundle = jobs.some((j) => j.plotIndex !== undefined)
    ? readFileSync(findPlotRendererBundle(), 'utf8')
    : 'export function plotImage() { throw new Error("the plot renderer was not loaded"); }';
  const browser = await chromium.launch({
    executablePath: options.browser, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await openRendererPage(page, ORIGIN, PAGE, bundle, { 'plotRenderer.js': plotBundle });
    await page.waitForFunction(() => (globalThis as unknown as { bpnbReady?: boolean }).bpnbReady === true, undefined, { timeout: 30_000 });
    const results: (RenderedImage | { index: number; plotIndex?: number; error: string })[] = [];
    for (const job of jobs) {
      if (job.plotIndex !== undefined) {
        const drawn = await page.evaluate(async ([json, fmt, scale]) => {
          const w = globalThis as unknown as { bpnbPlotImage: (p: unknown, o: unknown) => Promise<{ data: string }> };
          try {
            return { ok: true, data: (await w.bpnbPlotImage(JSON.parse(json), { format: fmt, scale, theme: 'light' })).data };
          } catch (e) {
            return { ok: false, data: e instanceof Error ? e.message : String(e) };
          }
        }, [JSON.stringify(job.plot), format, options.scale] as [string, string, number]);
        const at = { index: job.index, plotIndex: job.plotIndex };
        if (!drawn.ok) results.push({ ...at, error: drawn.data });
        else results.push({ ...at, bytes: format === 'svg' ? new TextEncoder().encode(drawn.data) : Buffer.from(drawn.data, 'base64') });
        continue;
      }
      const answer = await page.evaluate(async ([json, fmt, scale, diagram]) => {
        const w = globalThis as unknown as { bpnbExport: (p: unknown, o: unknown) => Promise<{ data: string }> };
        try {
          return { ok: true, data: (await w.bpnbExport(JSON.parse(json), { format: fmt, scale, theme: 'light', diagram: JSON.parse(diagram) })).data };
        } catch (e) {
          return { ok: false, data: e instanceof Error ? e.message : String(e) };
        }
      }, [JSON.stringify(job.payload), format, options.scale, JSON.stringify(options.diagram)] as [string, string, number, string]);
      if (!answer.ok) results.push({ index: job.index, error: answer.data });
      else results.push({ index: job.index, bytes: format === 'svg' ? new TextEncoder().encode(answer.data) : Buffer.from(answer.data, 'base64') });
    }
    return results;
  } finally {
    await browser.close();
  }
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bpnb export</title></head>
<body style="margin:0;background:#fff">
<script type="module">
  import { exportGraph } from './renderer.js';
  import { plotImage } from './plotRenderer.js';
  window.bpnbExport = exportGraph;
  window.bpnbPlotImage = plotImage;
  window.bpnbReady = true;
</script></body></html>`;
