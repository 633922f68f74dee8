// Builds the renderer bundle exactly as esbuild.js does and opens
// index.html in headless Debian Chromium through playwright-core.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openRendererPage } from '../../src/cli/exportImages';
import { flowchartOnly } from '../../scripts/mermaidFlowchartOnly.cjs';

const ROOT = join(__dirname, '..', '..');
export const OUT_DIR = join(ROOT, 'test-results', 'renderer-harness');
export const ORIGIN = 'http://harness.test';
const CHROMIUM = process.env.BPNB_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

let bundle: Promise<string> | undefined;

/** The renderer bundle (built once per test run). */
export function buildRenderer(): Promise<string> {
  bundle ??= (async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const outfile = join(OUT_DIR, 'renderer.js');
    await esbuild.build({
      entryPoints: [join(ROOT, 'src', 'renderer', 'index.ts')],
      bundle: true, outfile, platform: 'browser', format: 'esm', target: 'es2022', external: ['fs'],
      banner: { js: 'var define = undefined;' }, loader: { '.css': 'text' }, logLevel: 'error', legalComments: 'none', plugins: [flowchartOnly],
    });
    return readFileSync(outfile, 'utf8');
  })();
  return bundle;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** What index.html puts on `window.harness` (declare it in a test file as `declare const harness: PageHarness`). */
export interface PageHarness {
  render(id: string, payload: unknown, raw?: string, metadata?: unknown): Promise<void>;
  send(m: unknown): void;
  posted: { type?: string; requestId?: string; ok?: boolean; data?: string; error?: string }[];
}

/** One Chromium for the test file (mocha root hooks): launched before its tests, closed after. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet');
    return browser;
  };
}

/** A fresh page with the harness loaded and the renderer activated. */
export async function openPage(browser: Browser, theme = 'vscode-light'): Promise<Page> {
  const js = await buildRenderer();
  const html = readFileSync(join(__dirname, 'index.html'), 'utf8').replace('class="vscode-light"', `class="${theme}"`);
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await openRendererPage(page, ORIGIN, html, js);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 20000 });
  return page;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}
