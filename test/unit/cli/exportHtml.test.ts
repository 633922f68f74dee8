// `bpnb export --format html` (dist/cli.js): one self-contained page per
// notebook, opened in /usr/bin/chromium with every network request refused.
// Every example's graphs are drawn by bpnb's renderer inside the page, a live
// slider moves the numbers, and hostile text in a notebook stays text.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
    it(`draws every graph of ${example} with nothing fetched`, async () => {
      writeFileSync(join(dir, example), readFileSync(join(root, 'examples', example)));
      requests.length = 0;
      const { page, html } = await open(example);
      const expected = (html.match(/class="bpnb-graph"/g) ?? []).length;
      assert.ok(expected > 0, 'no graph in the page');
      await page.waitForFunction((n) => document.querySelectorAll('.bpnb-graph-output svg.flowchart, .bpnb-graph-output svg[id]').length >= n, expected, { timeout: 60_000 });
      const drawn = await page.evaluate(() => [...document.querySelectorAll('.bpnb-graph-output')].map((o) => o.querySelector('svg') !== null));
      assert.deepEqual(drawn, drawn.map(() => true), 'a graph was not drawn');
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
});
