// What a person sees: helpers for UI tests (test/vscode/ui/<area>/*.test.ts).
// The UI runner (test/vscode/runner/run-ui-tests.ts) starts one private VS
// Code server per run and tells these helpers where it is through
// environment variables; each Workbench.open() then gets its own browser
// context in the run's one chromium and its own copy of examples/ as the
// folder, with the extension loaded from the repository as a development
// extension (no extensionTestsPath).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { openBrowser, workbenchUrl, type BrowserSession } from '../../runner/browser';
import { REPO_ROOT } from '../../runner/vscode-server';
import { makeWorkspace } from '../../runner/workspace';

export interface UiEnvironment {
  /** http://127.0.0.1:PORT of the run's server. */
  origin: string;
  /** The run's temp folder: workspace copies go here. */
  tmpDir: string;
  /** The extension under test (the repository root unless the runner was told otherwise). */
  extensionPath: string;
  /** test-results/<run-name>/: screenshots and failure pictures. */
  resultsDir: string;
}

export function uiEnvironment(): UiEnvironment {
  const origin = process.env.BPNB_UI_ORIGIN;
  const tmpDir = process.env.BPNB_UI_TMP;
  if (!origin || !tmpDir) {
    throw new Error('UI tests run under the UI runner: npx tsx test/vscode/runner/run-ui-tests.ts (it starts the VS Code server).');
  }
  return {
    origin,
    tmpDir,
    extensionPath: process.env.BPNB_UI_EXTENSION ?? REPO_ROOT,
    resultsDir: process.env.BPNB_UI_RESULTS ?? path.join(REPO_ROOT, 'test-results', 'ui'),
  };
}

/** A span of the cell editor as Monaco coloured it. */
export interface Token {
  text: string;
  /** Monaco's token class, e.g. 'mtk6'. */
  className: string;
  /** The computed CSS colour, e.g. 'rgb(86, 156, 214)'. */
  color: string;
}

/** An <svg> found in a notebook output frame. */
export interface OutputSvg {
  frame: Frame;
  text: string;
  /** Mermaid marks its diagrams with aria-roledescription (e.g. 'flowchart-v2'). */
  roleDescription: string | null;
  width: number;
  height: number;
}

let workspaceCount = 0;

/** The workbench a group of suites shares (Workbench.shared), kept open between them; at most one. */
let kept: { group: string; wb: Workbench } | undefined;

/** A chain of 74 gates, each with a constant: 149 nodes, the size the renderer is budgeted for. */
export function chainSource(): string[] {
  const lines = ['x = 0.5'];
  let prev = 'x';
  for (let i = 1; i <= 74; i++) {
    lines.push(`v${i} = ${prev} ${i % 2 ? '* 1.01' : '+ 0.5'}`);
    prev = `v${i}`;
  }
  return [...lines, `backward ${prev}`];
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly session: BrowserSession,
    private readonly env: UiEnvironment,
  ) {}

  /**
   * One workbench for several suites that want the same folder and each open
   * their own notebook in it (loading a workbench and its extension host is
   * most of a small suite's time). The first suite of `group` opens it with
   * `open`; each next one gets it back cleared: no notification, no editor
   * (so no output webview of an earlier suite).
   * It closes when a suite of another group, or one with a workbench of its
   * own, opens one, or with the run's browser at the end. A suite's `after`
   * calls close() as usual: for the group's workbench that is a no-op.
   * Only for suites that change no setting and no file another suite reads.
   */
  static async shared(group: string, open: () => Promise<Workbench>): Promise<Workbench> {
    if (kept?.group === group && !kept.wb.page.isClosed()) {
      await kept.wb.clear();
      return kept.wb;
    }
    await Workbench.closeKept();
    const wb = await open();
    kept = { group, wb };
    return wb;
  }

  /** Closes the workbench kept for a group of suites, if any. */
  private static async closeKept(): Promise<void> {
    const k = kept;
    kept = undefined;
    await k?.wb.session.close();
  }

  /** The shared workbench between two suites: no notification, no editor, no output frame. */
  private async clear(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.runCommand('Notifications: Clear All Notifications');
    await this.runCommand('View: Close All Editors');
    const deadline = Date.now() + 15_000;
    // Webview frames (outputs' among them); the web-worker extension host's frame stays, in every workbench.
    const webviews = () => this.outputFrames().filter((f) => f.url().includes('/webview/'));
    while (webviews().length > 0 || (await this.page.locator('.editor-group-container .tab').count()) > 0) {
      if (await this.page.locator('.monaco-dialog-box').isVisible()) throw new Error('closing the editors asked a question (an unsaved file?): this group of suites cannot share a workbench');
      if (Date.now() > deadline) {
        const frames = webviews().map((f) => f.url().slice(0, 120));
        const tabs = await this.page.locator('.editor-group-container .tab').allTextContents();
        throw new Error(`the shared workbench still has output frames ${JSON.stringify(frames)} and editors ${JSON.stringify(tabs)} after Close All Editors`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * A fresh browser context on a fresh copy of examples/ (or of `source`), on
   * the run's server or on another one (`origin`: e.g. a server with workspace
   * trust on). `ownBrowser`: a chromium of its own instead of a context in the
   * run's shared one (see openUrl).
   */
  static async open(opts: { source?: string; origin?: string; ownBrowser?: boolean } = {}): Promise<Workbench> {
    const env = { ...uiEnvironment(), ...(opts.origin ? { origin: opts.origin } : {}) };
    // Each copy in its own folder, keeping the source's name (the window title
    // and Explorer say "examples", as they would for a person).
    const source = opts.source ?? path.join(REPO_ROOT, 'examples');
    const workspace = makeWorkspace(path.join(env.tmpDir, `ws-${process.pid}-${++workspaceCount}`), source, path.basename(source));
    const remote = (p: string) => `vscode-remote://${new URL(env.origin).host}${encodeURI(p)}`;
    const url = workbenchUrl(env.origin, workspace, [
      ['extensionDevelopmentPath', remote(env.extensionPath)],
      ['skipWelcome', 'true'],
    ]);
    return Workbench.openUrl(url, workspace, env, opts);
  }

  /**
   * A fresh browser context (its own storage, cache and service workers) in
   * the run's one chromium, or with `ownBrowser` a chromium of its own (as a
   * measurement of a first start wants), on a workbench URL made elsewhere
   * (e.g. the one `npm start` prints), whose folder is `workspace`.
   */
  static async openUrl(url: string, workspace: string, env: UiEnvironment = uiEnvironment(), opts: { ownBrowser?: boolean } = {}): Promise<Workbench> {
    // One workbench at a time: a group's kept workbench goes when another opens.
    await Workbench.closeKept();
    const t0 = Date.now();
    const session = await openBrowser({ shared: !opts.ownBrowser });
    const wb = new Workbench(session.page, workspace, session, env);
    const t1 = Date.now();
    await session.page.goto(url);
    const t2 = Date.now();
    await session.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const t3 = Date.now();
    await session.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const t4 = Date.now();
    if (process.env.BPNB_UI_TIMINGS === '1') {
      console.log(`      [workbench] ready in ${t4 - t0} ms: browser ${t1 - t0}, page ${t2 - t1}, .monaco-workbench ${t3 - t2}, Explorer rows ${t4 - t3}`);
    }
    return wb;
  }

  /** Closes the browser context (or browser); a group's kept workbench (Workbench.shared) stays for the group's next suite. */
  async close(): Promise<void> {
    if (kept?.wb === this) return;
    await this.session.close();
  }

  /** Click a file by its name in the Explorer. */
  async openFile(name: string): Promise<void> {
    await this.page.locator('.explorer-folders-view').getByText(name, { exact: true }).click();
  }

  /**
   * Open a notebook from the Explorer and wait for its cells. The Explorer
   * shows files before the development extension's notebook type is
   * registered; a click in that moment opens the JSON as text, so this
   * closes it and clicks again until the notebook editor comes.
   */
  async openNotebook(name: string, cells = 1, timeout = 60_000): Promise<Locator> {
    const t0 = Date.now();
    const deadline = t0 + timeout;
    // The workbench marks code/didLoadExtensions once every extension's
    // contributions (the notebook type among them) are registered: a click
    // before it opens the file as text. Waiting for the mark saves the
    // click-close-click round below, which stays for safety.
    await this.page
      .waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions').length > 0, undefined, { timeout: Math.min(timeout, 30_000), polling: 100 })
      .catch(() => undefined);
    const tExt = Date.now();
    for (let attempt = 1; ; attempt++) {
      await this.openFile(name);
      const editor = this.page.locator('.notebook-editor:visible').first();
      if (await editor.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
        const t1 = Date.now();
        const cellsShown = await this.waitForNotebook(cells, Math.max(5000, deadline - Date.now()));
        if (process.env.BPNB_UI_TIMINGS === '1') console.log(`      [notebook] ${name} open in ${Date.now() - t0} ms: extensions loaded ${tExt - t0}, editor ${t1 - tExt} (click ${attempt}), ${cells} cell(s) ${Date.now() - t1}`);
        return cellsShown;
      }
      if (Date.now() > deadline) {
        await this.screenshot('timeout-waiting-for-notebook').catch(() => {});
        throw new Error(`${name} did not open as a notebook within ${timeout} ms (is its notebook type contributed?)`);
      }
      await this.runCommand('View: Close All Editors');
      await this.page.waitForTimeout(1000);
    }
  }

  /** Wait until a notebook editor shows at least `cells` cells. */
  async waitForNotebook(cells = 1, timeout = 30_000): Promise<Locator> {
    const editor = this.page.locator('.notebook-editor:visible').first();
    await editor.waitFor({ timeout });
    await editor.locator('.cell-list-container .monaco-list-row').nth(cells - 1).waitFor({ timeout });
    return editor;
  }

  /**
   * F1 until the command palette shows. F1 pressed while the keyboard focus
   * is inside an output webview (after a click on the graph) may never reach
   * the workbench; then focus goes back to the workbench (a click on the
   * side bar's title, which does nothing else) and F1 again.
   */
  async openCommandPalette(): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      if (await input.waitFor({ state: 'visible', timeout: 2500 }).then(() => true, () => false)) return input;
      if (attempt === 4) throw new Error('The command palette did not open (F1) after 4 attempts.');
      await this.page.keyboard.press('Escape');
      await this.page.locator('.part.sidebar .composite.title, .part.statusbar').first().click({ position: { x: 2, y: 2 } }).catch(() => {});
    }
  }

  /**
   * F1, type the command's title, pick the exact entry. The palette can close
   * again between opening and typing (an output webview taking the focus
   * back); then it is opened again.
   */
  async runCommand(title: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const input = await this.openCommandPalette();
      const typed = await input.fill(`>${title}`, { timeout: 5000 }).then(() => true, (err: unknown) => {
        if (attempt === 3) throw err;
        return false;
      });
      if (typed) break;
      await this.page.keyboard.press('Escape');
      await this.page.locator('.part.sidebar .composite.title, .part.statusbar').first().click({ position: { x: 2, y: 2 } }).catch(() => {});
    }
    // The entry whose label is exactly the title ("Notebook: Run All", not
    // "Notebook: Run All Below"), wherever the fuzzy ranking put it.
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    const exact = rows.filter({ has: this.page.locator('.label-name').getByText(title, { exact: true }) }).first();
    await rows.first().waitFor({ timeout: 10_000 });
    if (await exact.waitFor({ timeout: 5000 }).then(() => true, () => false)) await exact.click();
    else throw new Error(`No command titled exactly ${JSON.stringify(title)} in the command palette; it offered: ${(await rows.allTextContents()).join(' | ')}`);
  }

  /**
   * "Notebook: Run All" on the active notebook. If VS Code asks which kernel
   * to use, the first one offered is taken.
   */
  async runAll(): Promise<void> {
    await this.page.locator('.notebook-editor:visible').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
    await this.runCommand('Notebook: Run All');
    const picker = this.page.locator('.quick-input-widget', { hasText: /Select (Notebook )?Kernel/i });
    if (await picker.isVisible({ timeout: 1500 }).catch(() => false)) {
      await this.page.locator('.quick-input-widget input').press('Enter');
    }
  }

  /**
   * Run one code cell (0 = the first code cell) with its own run button, as
   * a person would (keys are a trap here: in the browser Ctrl+Enter inserts
   * a line in the cell editor).
   */
  async runCell(codeCell = 0): Promise<void> {
    const row = this.page.locator('.notebook-editor:visible .code-cell-row').nth(codeCell);
    const button = row.locator('.run-button-container .action-label').first();
    await row.hover();
    if (!(await button.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false))) {
      // The hover did not show it (seen after a stopped descent, whose output
      // above kept its old height for a while): select the cell by its status
      // bar, as a person clicks a cell, which shows its run button too.
      console.log(`      [harness] runCell(${codeCell}): no run button on hover; selecting the cell by its status bar`);
      await row.locator('.cell-statusbar-container').first().click();
      await row.hover();
    }
    await button.click();
  }

  /** The row of a code cell in the visible notebook editor (0 = the first code cell). */
  codeCell(index: number): Locator {
    return this.page.locator('.notebook-editor:visible .code-cell-row').nth(index);
  }

  /** The page coordinates of the middle of the first `text` in a code cell's editor, or undefined. */
  async textCenter(codeCell: number, text: string): Promise<{ x: number; y: number } | undefined> {
    const lines = this.codeCell(codeCell).locator('.monaco-editor .view-lines').first();
    await lines.scrollIntoViewIfNeeded();
    return lines.evaluate((root, wanted) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n.textContent ?? '').indexOf(wanted);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + wanted.length);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return undefined;
    }, text);
  }

  /**
   * Click the SVG button of the first graph's toolbar, accept the save
   * dialog's proposed name (which must end with `fileName`) and wait for the
   * file in the workspace folder; returns its path.
   */
  async exportSvgFromToolbar(fileName: string): Promise<string> {
    let graphFrame: Frame | undefined;
    for (const f of this.outputFrames()) if (await f.locator('.bpnb-output [data-action="export-svg"]').count().catch(() => 0)) graphFrame = f;
    if (!graphFrame) throw new Error('no output frame with the graph toolbar');
    return this.saveThroughDialog(fileName, () => graphFrame.locator('.bpnb-output [data-action="export-svg"]').first().click());
  }

  /**
   * An export through VS Code's save dialog, as a person does it: `start`
   * opens the dialog (a toolbar button, a command), the dialog must propose a
   * name ending with `fileName`, Enter accepts it, and the file must appear
   * in the workspace folder. An old file of that name is removed first (no
   * "replace?" question). Returns the file's path.
   */
  async saveThroughDialog(fileName: string, start: () => Promise<void>): Promise<string> {
    const file = path.join(this.workspace, fileName);
    fs.rmSync(file, { force: true });
    await start();
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 20_000 });
    await this.page.waitForFunction((name) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(name), fileName, { timeout: 20_000 });
    await input.press('Enter');
    await this.waitForFile(file);
    return file;
  }

  /**
   * Outputs are drawn when their cell is in view: go to the notebook's last
   * cell with the keyboard, as a person does (a wheel over an output's webview
   * stays in the webview): focus the cell list, Escape, Ctrl+End (VS Code's
   * Focus Last Cell), then ↓ until the last cell has the focus (checked after
   * each key, instead of 30 keys whatever happens).
   */
  async scrollNotebookToEnd(): Promise<void> {
    // The cell list's left gutter: focuses the notebook without entering an editor or an output's webview.
    await this.page.locator('.notebook-editor:visible .cell-list-container').first().click({ position: { x: 8, y: 8 } });
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+End');
    // The cell list's rows say where they are (aria-posinset of aria-setsize):
    // ↓ only until the focused row is the last one (at most 30 times).
    const focused = this.page.locator('.notebook-editor:visible .cell-list-container .monaco-list-row.focused').first();
    for (let i = 0; i < 30; i++) {
      await this.page.waitForTimeout(100);
      const at = await focused.evaluate((row) => [row.getAttribute('aria-posinset'), row.getAttribute('aria-setsize')], undefined, { timeout: 500 }).catch(() => undefined);
      if (at?.[0] && at[0] === at[1]) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.waitForTimeout(500);
  }

  /**
   * Preferences: Color Theme, then a click on the theme's own row (Enter could
   * take the row that was active before the list filtered). The theme is a
   * user setting: it outlives this workbench, so a suite that changes it sets
   * it back.
   */
  async setTheme(name: string): Promise<void> {
    // 'Preferences: Browse Color Themes in Marketplace' matches too.
    await this.runCommand('Preferences: Color Theme');
    // Wait for the theme picker itself, not the command palette it replaces.
    const input = this.page.locator('.quick-input-widget input[placeholder*="Color Theme" i]');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(name);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.getByText(name, { exact: true }) }).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Picks the QuickPick entry with this label, as a person clicks it. */
  async pickQuickItem(label: string): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.getByText(label, { exact: true }) }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
  }

  /**
   * Polls until `file` exists and its text satisfies `accept` (exports and
   * saves land on disk a moment after the UI says so); returns the text. The
   * one poll-until-the-file-is-there loop of the UI tests.
   */
  async waitForFile(file: string, accept: (text: string) => boolean = () => true, timeout = 20_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      if (text !== undefined && accept(text)) return text;
      if (Date.now() > deadline) {
        await this.screenshot(`timeout-waiting-for-${path.basename(file).replace(/\W+/g, '-')}`).catch(() => {});
        throw new Error(`${file} was not written${text === undefined ? '' : ' as expected'} within ${timeout} ms`);
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** The output frame that holds the bpnb graph whose aria-label contains `label` (e.g. 'graph of f = -12'). */
  async graphFrame(label: string, timeout = 60_000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.outputFrames()) {
        const hit = await frame
          .evaluate((l) => Array.from(document.querySelectorAll('.bpnb-output svg[role="img"]')).some((s) => (s.getAttribute('aria-label') ?? '').includes(l)), label)
          .catch(() => false);
        if (hit) return frame;
      }
      await this.page.waitForTimeout(200);
    }
    await this.screenshot(`timeout-waiting-for-graph-${label.replace(/\W+/g, '-')}`).catch(() => {});
    throw new Error(`no bpnb graph labelled …${label}… in any output frame within ${timeout} ms`);
  }

  /** The notebook output webviews' frames (the frames other than the workbench itself). */
  outputFrames(): Frame[] {
    return this.page.frames().filter((f) => f !== this.page.mainFrame() && !f.isDetached());
  }

  /** Every <svg> in every output frame, shadow roots included. */
  async outputSvgs(): Promise<OutputSvg[]> {
    const found: OutputSvg[] = [];
    for (const frame of this.outputFrames()) {
      // No named inner functions here: tsx (esbuild keepNames) would wrap them
      // in a __name() helper that does not exist inside the page.
      const svgs = await frame
        .evaluate(() => {
          const out: { text: string; role: string | null; width: number; height: number }[] = [];
          const roots: (Document | ShadowRoot)[] = [document];
          while (roots.length > 0) {
            const root = roots.pop()!;
            for (const svg of Array.from(root.querySelectorAll('svg'))) {
              // The outermost svg only (mermaid's diagram, not the shapes inside it).
              if (svg.parentElement?.closest('svg')) continue;
              const r = svg.getBoundingClientRect();
              // Its visible text: without the <style> mermaid puts inside.
              const copy = svg.cloneNode(true) as SVGSVGElement;
              copy.querySelectorAll('style').forEach((st) => st.remove());
              out.push({ text: copy.textContent ?? '', role: svg.getAttribute('aria-roledescription'), width: r.width, height: r.height });
            }
            for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
          }
          return out;
        })
        .catch((e: unknown) => {
          // A frame that went away while we looked is normal; anything else is a bug here.
          if (!/detached|destroyed|navigat/i.test(String(e))) throw e;
          return [];
        });
      for (const s of svgs) found.push({ frame, text: s.text, roleDescription: s.role, width: s.width, height: s.height });
    }
    return found;
  }

  /**
   * Wait for an output <svg> whose text contains every string in `contains`.
   * The typographic minus (U+2212, which diagrams print) counts as '-'.
   */
  async waitForOutputSvg(contains: string[], timeout = 60_000): Promise<OutputSvg> {
    const deadline = Date.now() + timeout;
    let last: OutputSvg[] = [];
    while (Date.now() < deadline) {
      last = await this.outputSvgs();
      const hit = last.find((s) => contains.every((c) => s.text.replace(/\u2212/g, '-').includes(c)));
      if (hit) return hit;
      await this.page.waitForTimeout(250);
    }
    const seen = last.map((s) => JSON.stringify(s.text.slice(0, 300))).join('\n  ') || '(no svg in any of the ' + this.outputFrames().length + ' frames)';
    await this.screenshot('timeout-waiting-for-svg').catch(() => {});
    throw new Error(`No output svg containing ${contains.map((c) => JSON.stringify(c)).join(', ')} within ${timeout} ms. Seen:\n  ${seen}`);
  }

  /** The coloured spans of a code cell's editor (0 = the first code cell). */
  async cellTokens(codeCell = 0): Promise<Token[]> {
    const editor = this.page.locator('.notebook-editor:visible .code-cell-row').nth(codeCell).locator('.monaco-editor .view-lines');
    await editor.waitFor({ timeout: 30_000 });
    return editor.evaluate((root) =>
      Array.from(root.querySelectorAll('.view-line span[class^="mtk"], .view-line span[class*=" mtk"]')).map((el) => ({
        text: el.textContent ?? '',
        className: Array.from(el.classList).find((c) => /^mtk\d+$/.test(c)) ?? '',
        color: getComputedStyle(el).color,
      })),
    );
  }

  /**
   * Save a screenshot as test-results/<run-name>/<name>.png (the whole page,
   * or one element). With BPNB_UPDATE_SCREENSHOTS=1 it is also copied to
   * docs/images/<name>.png, which the README shows.
   */
  async screenshot(name: string, target?: Locator): Promise<string> {
    fs.mkdirSync(this.env.resultsDir, { recursive: true });
    const file = path.join(this.env.resultsDir, `${name}.png`);
    if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    if (process.env.BPNB_UPDATE_SCREENSHOTS === '1') {
      const docs = path.join(REPO_ROOT, 'docs', 'images');
      fs.mkdirSync(docs, { recursive: true });
      fs.copyFileSync(file, path.join(docs, `${name}.png`));
    }
    return file;
  }
}
