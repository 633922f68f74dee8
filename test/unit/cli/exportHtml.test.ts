// `bpnb export --format html` (dist/cli.js): one self-contained page per
// notebook, opened in /usr/bin/chromium with every network request refused.
// Every example's graphs are drawn by bpnb's renderer inside the page, a live
// slider moves the numbers, plots are drawn by bpnb's plot renderer, and
// hostile text in a notebook (or in a plot's payload) stays text.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CurvePlot } from '../../../src/diagram/plotPayload';
import { notebookToHtml } from '../../../src/notebookFile/htmlPage';
import { plotOutput } from '../../../src/notebookFile/outputs';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const CHROMIUM = process.env.BPNB_CHROMIUM ?? '/usr/bin/chromium';
const EXAMPLES = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.bpnb')).sort();

describe('bpnb export --format html (dist/cli.js, Chromium offline)', function () {
  this.timeout(180_000);
  let dir: string;
  let browser: Browser;
  const requests: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'bpnb-cli-html-'));
    // The data files the examples read (csv("data/…")), beside the copies.
    cpSync(join(root, 'examples', 'data'), join(dir, 'data'), { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Exports the notebook and opens the page from a file URL with every request refused. */
  async function open(notebook: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; html: string }> {
    const out = join(dir, notebook.replace(/\.bpnb$/, '.html'));
    const r = spawnSync(process.execPath, [cli, 'export', notebook, '--format', 'html', '--out', out], { encoding: 'utf8', cwd: dir });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return openFile(out, colorScheme);
  }

  /** Opens a written page from a file URL with every request refused. */
  async function openFile(out: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; html: string }> {
    const html = readFileSync(out, 'utf8');
    const page = await browser.newPage({ colorScheme });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on('request', (req) => { if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) requests.push(req.url()); });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${out}`);
    (page as Page & { errors?: string[] }).errors = errors;
    return { page, html };
  }

  for (const example of EXAMPLES) {
    it(`draws every graph of ${example} with nothing fetched, and its first slider moves the numbers`, async () => {
      writeFileSync(join(dir, example), readFileSync(join(root, 'examples', example)));
      requests.length = 0;
      const { page, html } = await open(example);
      const expected = (html.match(/class="bpnb-graph"/g) ?? []).length;
      assert.ok(expected > 0, 'no graph in the page');
      await page.waitForFunction((n) => document.querySelectorAll('.bpnb-graph-output svg.flowchart, .bpnb-graph-output svg[id]').length >= n, expected, { timeout: 60_000 });
      const drawn = await page.evaluate(() => [...document.querySelectorAll('.bpnb-graph-output')].map((o) => o.querySelector('svg') !== null));
      assert.deepEqual(drawn, drawn.map(() => true), 'a graph was not drawn');
      // Its first live input (spec §3: role slider, named after the leaf) moves the numbers, offline.
      const live = await page.evaluate(() => {
        const slider = document.querySelector('.bpnb-graph-output [role="slider"]');
        const output = slider?.closest('.bpnb-graph-output');
        if (!slider || !output) return undefined;
        output.setAttribute('data-test-live', '');
        return { name: slider.getAttribute('aria-label'), value: slider.getAttribute('aria-valuenow'), text: output.textContent };
      });
      // 07 works with vectors and matrices only: no scalar leaf, no slider.
      assert.equal(live !== undefined, !example.startsWith('07-'), `${example}: a slider where a scalar leaf is drawn`);
      if (live) {
        await page.locator('[data-test-live] [role="slider"]').first().focus();
        await page.keyboard.press('ArrowUp');
        await page.waitForFunction((t) => document.querySelector('[data-test-live]')?.textContent !== t, live.text, { timeout: 10_000 });
        const after = await page.locator('[data-test-live] [role="slider"]').first().getAttribute('aria-valuenow');
        assert.notEqual(after, live.value, `${live.name}: aria-valuenow did not move`);
      }
      assert.deepEqual(requests, [], 'the page fetched something');
      assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
      await page.close();
    });
  }

  it('renders the lecture: Markdown as HTML, the numbers on the graph, dark when the system is dark', async () => {
    writeFileSync(join(dir, 'lecture.bpnb'), readFileSync(join(root, 'examples', '01-computation-graph.bpnb')));
    const { page } = await open('lecture.bpnb', 'dark');
    assert.equal(await page.locator('h1').first().textContent(), '1. Differentiating a computation graph');
    assert.ok(await page.locator('strong', { hasText: 'local' }).count() > 0, 'bold text not rendered');
    await page.waitForFunction(() => document.querySelectorAll('.bpnb-graph-output svg').length >= 2, undefined, { timeout: 60_000 });
    const text = await page.locator('.bpnb-graph-output').last().textContent();
    assert.match(text ?? '', /-12/);
    assert.equal(await page.evaluate(() => document.body.classList.contains('vscode-dark')), true, 'the renderer was not told the page is dark');
    await page.screenshot({ path: join(root, 'test-results', 'html-export-lecture-dark.png'), fullPage: false }).catch(() => undefined);
    await page.close();
  });

  it('moves the numbers with a live slider, in the page, offline', async () => {
    writeFileSync(join(dir, 'live.bpnb'), readFileSync(join(root, 'examples', '01-computation-graph.bpnb')));
    requests.length = 0;
    const { page } = await open('live.bpnb');
    await page.waitForFunction(() => document.querySelectorAll('.bpnb-graph-output g.bpnb-live-input').length > 0, undefined, { timeout: 60_000 });
    const graph = page.locator('.bpnb-graph-output').last();
    const fNode = graph.locator('g.node', { hasText: 'f =' });
    const before = await fNode.textContent();
    assert.match(before ?? '', /-12/);
    const x = graph.locator('g.bpnb-live-input[aria-label="x"]');
    await x.focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => {
      const outputs = document.querySelectorAll('.bpnb-graph-output');
      const f = [...outputs[outputs.length - 1].querySelectorAll('g.node')].find((n) => /f =/.test(n.textContent ?? ''));
      return f !== undefined && !/-12(?![\d.])/.test(f.textContent ?? '');
    }, undefined, { timeout: 10_000 });
    assert.notEqual(await fNode.textContent(), before, 'f did not change when x moved');
    assert.deepEqual(requests, [], 'the page fetched something');
    await page.close();
  });

  it('keeps hostile text inert: no script runs, no element is injected', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const nb = {
      bpnb: 1, metadata: {},
      cells: [
        { kind: 'markdown', source: [`# Title ${hostile}\n\n[link](javascript:window.__pwned=3) </script><script>window.__pwned=4</script>`], outputs: [] },
        { kind: 'code', source: [`x = 2 # ${hostile} </script><script>window.__pwned=5</script>\ny = x * x\nbackward y`], outputs: [] },
      ],
    };
    writeFileSync(join(dir, 'hostile.bpnb'), JSON.stringify(nb));
    const { page } = await open('hostile.bpnb');
    await page.waitForFunction(() => document.querySelectorAll('.bpnb-graph-output svg').length >= 1, undefined, { timeout: 60_000 });
    await page.locator('a').first().click({ timeout: 2000 }).catch(() => undefined);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    // The only scripts in the page are bpnb's: its own one, and the graphs' JSON (inert data).
    assert.equal(await page.locator('main img, main script:not(.bpnb-payload)').count(), 0, 'an element from the notebook text was created');
    assert.equal(await page.locator('script:not(.bpnb-payload)').count(), 1, 'a script besides the page script');
    assert.match(await page.locator('h1').textContent() ?? '', /<img src=x/);
    await page.close();
  });

  it('draws the plots of a `plot` and a `descend` cell, following the system theme, with nothing fetched', async () => {
    const nb = {
      bpnb: 1, metadata: {},
      cells: [
        { kind: 'code', source: ['x = 1.5\nf = x*x*x - 2*x\nplot f wrt x'], outputs: [] },
        { kind: 'code', source: ['w = 3\nL = (w - 1)*(w - 1)\ndescend L wrt w lr 0.1 steps 20'], outputs: [] },
      ],
    };
    writeFileSync(join(dir, 'plots.bpnb'), JSON.stringify(nb));
    requests.length = 0;
    const { page, html } = await open('plots.bpnb');
    assert.equal((html.match(/class="bpnb-plot"/g) ?? []).length, 2, 'two plot outputs in the page');
    await page.waitForFunction(() => document.querySelectorAll('.bpnb-plot-drawing svg.bpnb-plot').length >= 2, undefined, { timeout: 60_000 });
    const plots = await page.evaluate(() => [...document.querySelectorAll('.bpnb-plot-drawing')].map((d) => ({
      svgs: d.querySelectorAll('svg.bpnb-plot').length,
      kind: d.querySelector('svg.bpnb-plot')?.getAttribute('class'),
      curves: ['bpnb-value', 'bpnb-grad', 'bpnb-loss'].filter((c) => (d.querySelector(`g.${c} path`)?.getAttribute('d') ?? '').length > 20),
      labels: [...d.querySelectorAll('[aria-label$="axis label"]')].map((t) => (t.textContent ?? '').replace(/[↑→]/g, '').trim()),
      caption: d.querySelector('.bpnb-plot-caption')?.textContent,
      background: d.querySelector('rect.bpnb-plot-background')?.getAttribute('fill'),
    })));
    assert.equal(plots.length, 2);
    assert.equal(plots[0].svgs, 1);
    assert.match(plots[0].kind ?? '', /bpnb-plot-curve/);
    assert.deepEqual(plots[0].curves, ['bpnb-value', 'bpnb-grad'], 'f and ∂f/∂x drawn as two curves');
    assert.deepEqual(plots[0].labels, ['f', 'x', '∂f/∂x', 'x']);
    assert.match(plots[0].caption ?? '', /at x = 1\.5: f = 0\.375, ∂f\/∂x = 4\.75/);
    assert.match(plots[1].kind ?? '', /bpnb-plot-descent/);
    assert.deepEqual(plots[1].curves, ['bpnb-loss']);
    assert.deepEqual(plots[1].labels, ['L (log scale)', 'step']);
    assert.match(plots[1].caption ?? '', /after 20 steps/);
    assert.deepEqual(plots.map((p) => p.background), ['#ffffff', '#ffffff'], 'light page, light plots');
    // The reader's system turns dark: the plots are redrawn on the dark page background.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => [...document.querySelectorAll('rect.bpnb-plot-background')].every((r) => r.getAttribute('fill') === '#1f1f1f'), undefined, { timeout: 10_000 });
    assert.equal(await page.locator('.bpnb-plot-drawing svg.bpnb-plot').count(), 2);
    await page.screenshot({ path: join(root, 'test-results', 'html-export-plots-dark.png'), fullPage: true }).catch(() => undefined);
    assert.deepEqual(requests, [], 'the page fetched something');
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
    await page.close();
  });

  it('keeps a hostile plot payload inert (a saved output of a shared notebook): its text is drawn as text', async () => {
    // The VS Code command exports the outputs saved in the notebook, so a payload is not to be trusted.
    const hostile = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><!--';
    const curve: CurvePlot = {
      kind: 'curve', target: hostile, wrt: `x${hostile}`, x: [0, 1, 2], value: [0, 1, 4], grad: [0, 2, 4],
      at: { x: 1, value: 1, grad: 2 }, warning: hostile,
    };
    const out = join(dir, 'hostile-plot.html');
    writeFileSync(out, notebookToHtml(`plot ${hostile}`, [
      { kind: 'code', source: `plot ${hostile}`, outputs: [plotOutput(curve), { items: [{ mime: 'application/vnd.bpnb.plot+json', data: { kind: 'curve', target: hostile } }] }] },
    ], readFileSync(join(root, 'dist', 'page.js'), 'utf8')));
    requests.length = 0;
    const { page } = await openFile(out);
    await page.waitForFunction(() => document.querySelectorAll('.bpnb-plot-drawing svg.bpnb-plot').length >= 1, undefined, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('main img, main script:not(.bpnb-payload)').count(), 0, 'an element from the payload was created');
    assert.equal(await page.locator('script:not(.bpnb-payload)').count(), 1, 'a script besides the page script');
    assert.equal(await page.locator('script.bpnb-payload').count(), 2, 'a payload escaped its <script>');
    const drawn = page.locator('.bpnb-plot-drawing').first();
    assert.ok((await drawn.locator('.bpnb-plot-warning').textContent() ?? '').includes('<img src=x onerror='), 'the warning is not shown as text');
    assert.ok((await drawn.locator('svg.bpnb-plot > title').textContent() ?? '').includes(hostile), 'the caption is not the target as written');
    // A payload this version cannot read says so instead of drawing.
    assert.match(await page.locator('.bpnb-plot-drawing').nth(1).textContent() ?? '', /not one this version can draw/);
    assert.deepEqual(requests, [], 'the page fetched something');
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
    await page.close();
  });
});
