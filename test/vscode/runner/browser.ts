// Debian's chromium driven by playwright-core (Playwright's own browser
// download is not reachable here). A run either launches its own browser
// (openBrowser()), or, in the UI tier, takes a new browser context in the
// one chromium of the run (openBrowser({ shared: true })): a context has its
// own storage, cache, cookies and service workers, like a fresh browser,
// without the cost of launching one per workbench.
import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const VIEWPORT = { width: 1400, height: 900 };

export function chromiumPath(): string {
  const candidates = [process.env.BPNB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('No chromium found: install it (apt-get install -y chromium) or set BPNB_CHROMIUM to its path.');
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Closes the context and, unless the browser is the shared one, the browser. */
  close(): Promise<void>;
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: process.env.BPNB_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

// The shared browser lives on globalThis: the UI runner and the suites it
// loads through mocha may hold two instances of this module (CJS and ESM).
const SHARED = Symbol.for('bpnb.sharedBrowser');
type Holder = { [SHARED]?: Promise<Browser> };

/** The run's one chromium, launched on first use, and again if it went away (a crash must not fail every later suite). */
async function sharedBrowser(): Promise<Browser> {
  const holder = globalThis as Holder;
  const current = holder[SHARED] ? await holder[SHARED].catch(() => undefined) : undefined;
  if (current?.isConnected()) return current;
  const next = launch();
  holder[SHARED] = next;
  return next;
}

/** Closes the shared chromium, if one was launched (the UI runner, at the end of the run). */
export async function closeSharedBrowser(): Promise<void> {
  const holder = globalThis as Holder;
  const b = holder[SHARED];
  delete holder[SHARED];
  if (b) await (await b.catch(() => undefined))?.close().catch(() => {});
}

export async function openBrowser(opts: { shared?: boolean } = {}): Promise<BrowserSession> {
  const browser = opts.shared ? await sharedBrowser() : await launch();
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    close: async () => {
      if (opts.shared) await context.close().catch(() => {});
      else await browser.close().catch(() => {});
    },
  };
}

/** ?folder=…&payload=… as the web workbench reads them. */
export function workbenchUrl(origin: string, folder: string, payload: [string, string][]): string {
  return `${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
