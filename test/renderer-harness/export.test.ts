// Image export in the real renderer bundle (headless Chromium): the one code
// path VS Code and `bpnb export --format svg|png` use. Files are checked with a
// real XML parser and PNG decoder (test/lib/images.ts), and the exported SVG is
// laid out in the page to check that no label spills out of its shape.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { GraphPayload } from '../../src/diagram/payload';
import { Session } from '../../src/lang/session';
import { outputKey } from '../../src/renderer/messages';
import { checkPng, checkSvg } from '../lib/images';
import { chain, hostile, lectureAdd, lectureSigmoid } from './fixtures';
import { openPage, OUT_DIR, pageErrors, sharedBrowser, type PageHarness } from './harness';

declare const harness: PageHarness;

let page: Page;

async function render(id: string, payload: GraphPayload): Promise<void> {
  await page.evaluate(([i, json]) => harness.render(i, JSON.parse(json)), [id, JSON.stringify(payload)] as [string, string]);
}

let counter = 0;
/** Sends an export request the way src/commands/exportImage.ts does and waits for the answer. */
async function ask(payload: GraphPayload, extra: Record<string, unknown> = {}): Promise<{ ok?: boolean; data?: string; error?: string }> {
  const text = JSON.stringify(payload);
  const requestId = `q${++counter}`;
  await page.evaluate((m) => harness.send(m), { type: 'bpnb.export', requestId, outputKey: outputKey(text), format: 'svg', payload: text, ...extra });
  await page.waitForFunction((r) => harness.posted.some((m) => m.requestId === r && m.type === 'bpnb.exportResult'), requestId, { timeout: 30_000 });
  const [ack, answer] = await page.evaluate((r) => [
    harness.posted.findIndex((m) => m.requestId === r && m.type === 'bpnb.exportAck'),
    harness.posted.findIndex((m) => m.requestId === r && m.type === 'bpnb.exportResult'),
  ], requestId);
  // The renderer acknowledges before it draws (the extension then waits as long as the drawing takes).
  if (ack >= 0) assert.ok(ack < answer, 'the acknowledgement comes first');
  return (await page.evaluate((i) => harness.posted[i], answer))!;
}

/**
 * Lays the SVG file out in the page: the ink of every label (the boxes of its
 * non-blank characters) must sit inside its node's shape, inside the circle for gates.
 */
async function overflowingLabels(svgText: string): Promise<string[]> {
  return page.evaluate((text) => {
    const host = document.createElement('div');
    host.innerHTML = text.replace(/^<\?xml[^>]*>\s*/, '');
    document.body.append(host);
    const bad: string[] = [];
    for (const g of Array.from(host.querySelectorAll<SVGGElement>('g.node'))) {
      const shape = g.querySelector<SVGGraphicsElement>('.label-container, circle, rect, polygon');
      const label = g.querySelector<SVGTextElement>('.label text');
      if (!shape || !label) continue;
      const s = shape.getBoundingClientRect();
      const m = label.getScreenCTM()!;
      const chars = label.textContent ?? '';
      let out = 0;
      for (let i = 0; i < label.getNumberOfChars(); i++) {
        if (/[\s\u2007\u200b\u00a0]/.test(chars[i] ?? ' ')) continue;
        const e = label.getExtentOfChar(i);
        for (const [x, y] of [[e.x, e.y], [e.x + e.width, e.y], [e.x, e.y + e.height], [e.x + e.width, e.y + e.height]]) {
          const p = new DOMPoint(x, y).matrixTransform(m);
          const inBox = p.x >= s.left - 0.5 && p.x <= s.right + 0.5 && p.y >= s.top - 0.5 && p.y <= s.bottom + 0.5;
          const inCircle = shape.tagName !== 'circle' || Math.hypot(p.x - (s.left + s.right) / 2, p.y - (s.top + s.bottom) / 2) <= s.width / 2 + 0.5;
          if (!inBox || !inCircle) out++;
        }
      }
      if (out) bad.push(`${label.textContent} (${out} corners outside the ${shape.tagName} ${Math.round(s.width)}×${Math.round(s.height)})`);
    }
    host.remove();
    return bad;
  }, svgText);
}

describe('image export (renderer bundle)', () => {
  // Hooks of this file only (not root hooks, which would run around other files' tests too).
  const browser = sharedBrowser();
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: join(OUT_DIR, `export-${this.currentTest.title.replace(/\W+/g, '_')}.png`), fullPage: true });
    assert.deepEqual(pageErrors(page), [], 'no uncaught errors in the page');
    await page.close();
  });

  it('exports the lecture graph as a standalone SVG with text labels, the numbers in their colours, every label inside its shape', async () => {
    page = await openPage(browser());
    const p = lectureAdd();
    await render('a', p);
    const r = await ask(p);
    assert.equal(r.ok, true, r.error);
    writeFileSync(join(OUT_DIR, 'export-lecture-text.svg'), r.data!);
    const svg = checkSvg(r.data!);
    for (const want of ['x\n-2\n∂ -4', 'y\n5\n∂ -4', 'z\n-4\n∂ 3', 'q = +\n3\n∂ -4', 'f = ×\n-12\n∂ 1']) {
      assert.ok(svg.labels.includes(want), `label ${JSON.stringify(want)} in ${JSON.stringify(svg.labels)}`);
    }
    assert.match(r.data!, /<tspan [^>]*class="[^"]*bpnb-value"[^>]*style="fill: rgb\(46, 125, 50\);/, 'values green');
    assert.match(r.data!, /<tspan [^>]*class="[^"]*bpnb-grad"[^>]*style="fill: rgb\(198, 40, 40\);/, 'gradients red');
    assert.match(r.data!, /<rect [^>]*fill="#ffffff"/, 'an opaque white background');
    assert.deepEqual(await overflowingLabels(r.data!), []);
  });

  it('keeps multi-line, tensor and hostile labels inside their shapes, escaped', async () => {
    page = await openPage(browser());
    const s = new Session();
    const res = s.run('W = [[1.5, -2.25], [3.125, 4]]\nv = [0.5, -1]\nh = tanh(W @ v) - [98, 130]\nloss = sum(h * h) / 2\nbackward loss');
    assert.ok(res.graph, 'the session drew a graph');
    for (const [name, payload] of [['tensor', res.graph], ['hostile', hostile()], ['sigmoid', lectureSigmoid()], ['chain', chain(6)]] as const) {
      const r = await ask(payload);
      assert.equal(r.ok, true, `${name}: ${r.error}`);
      const svg = checkSvg(r.data!);
      assert.ok(svg.labels.length >= 3, name);
      assert.ok(svg.labels.every((l) => !/&#|#\d+;/.test(l)), `${name}: no entity codes left in ${JSON.stringify(svg.labels)}`);
      if (name === 'tensor') assert.ok(svg.labels.includes('[98, 130]'), `the constant vector reads as itself: ${JSON.stringify(svg.labels)}`);
      assert.deepEqual(await overflowingLabels(r.data!), [], name);
      if (name === 'hostile') {
        // '<' in text is written '&lt;', so every '<' starts a real tag.
        assert.ok(!/<(script|img|iframe|a)\b/i.test(r.data!) && !/<[^>]*\son[a-z]+=/i.test(r.data!), 'hostile labels stay text');
      }
    }
  });

  it('exports an output that is not on screen from the payload the extension sends, and says not-rendered without one', async () => {
    page = await openPage(browser());
    await render('other', chain(2));
    const p = lectureAdd();
    const r = await ask(p);
    assert.equal(r.ok, true, r.error);
    assert.ok(checkSvg(r.data!).labels.includes('f = ×\n-12\n∂ 1'));
    const text = JSON.stringify(p);
    await page.evaluate((k) => harness.send({ type: 'bpnb.export', requestId: 'bare', outputKey: k, format: 'svg' }), outputKey(text));
    await page.waitForFunction(() => harness.posted.some((m) => m.requestId === 'bare'));
    assert.equal((await page.evaluate(() => harness.posted.find((m) => m.requestId === 'bare')))?.error, 'not-rendered');
    // A request it can draw is acknowledged first.
    assert.ok(await page.evaluate(() => harness.posted.some((m) => m.type === 'bpnb.exportAck')), 'drawable requests are acknowledged');
  });

  it('draws the same without its style sheet (Inkscape 1.2 does not apply Mermaid\'s rules), with no !important (librsvg drops those)', async () => {
    page = await openPage(browser());
    const p = lectureSigmoid();
    const r = await ask(p);
    assert.equal(r.ok, true, r.error);
    const bare = r.data!.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
    assert.notEqual(bare, r.data, 'the file has a style sheet to leave out');
    // librsvg ignores an inline declaration marked !important (a dashed border came out solid).
    assert.doesNotMatch(r.data!.replace(/color: [^;"]*!important/g, ''), /!important/);
    writeFileSync(join(OUT_DIR, 'export-sigmoid-no-sheet.svg'), bare);
    // No named inner functions in the page: tsx (keepNames) would wrap them in a __name() the page lacks.
    const diff = await page.evaluate(async (texts) => {
      const data: Uint8ClampedArray[] = [];
      for (const text of texts) {
        const img = new Image();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const g = canvas.getContext('2d')!;
        g.drawImage(img, 0, 0);
        data.push(g.getImageData(0, 0, canvas.width, canvas.height).data);
      }
      const [pa, pb] = data;
      let differ = 0;
      let ink = 0;
      for (let i = 0; i < pa.length; i += 4) {
        const d = Math.max(Math.abs(pa[i] - pb[i]), Math.abs(pa[i + 1] - pb[i + 1]), Math.abs(pa[i + 2] - pb[i + 2]));
        if (d > 32) differ++;
        if (pa[i] < 200 || pa[i + 1] < 200 || pa[i + 2] < 200) ink++;
      }
      return { differ, ink, total: pa.length / 4 };
    }, [r.data!, bare] as [string, string]);
    assert.ok(diff.ink > diff.total / 100, `the drawing has ink: ${JSON.stringify(diff)}`);
    assert.ok(diff.differ <= diff.ink / 200, `pixels that change without the sheet: ${JSON.stringify(diff)}`);
  });

  it('rasterizes a sharp opaque PNG at the scale asked for, with the aspect ratio of the SVG', async () => {
    page = await openPage(browser());
    const p = lectureAdd();
    const svg = checkSvg((await ask(p)).data!);
    for (const scale of [2, 1]) {
      const r = await ask(p, { format: 'png', scale });
      assert.equal(r.ok, true, r.error);
      const bytes = Buffer.from(r.data!, 'base64');
      if (scale === 2) writeFileSync(join(OUT_DIR, 'export-lecture-text.png'), bytes);
      const png = checkPng(bytes);
      assert.equal(png.width, Math.ceil(svg.width * scale));
      assert.equal(png.height, Math.ceil(svg.height * scale));
      assert.ok(png.opaque, 'opaque background');
      assert.ok(png.colours > 50, `not blank: ${png.colours} colours`);
    }
  });

  it('draws in light colours by default even in a dark editor, and in the editor theme when asked', async () => {
    page = await openPage(browser(), 'vscode-dark');
    const p = lectureAdd();
    const light = await ask(p);
    assert.match(light.data!, /<rect [^>]*fill="#ffffff"/);
    assert.ok(!/#1b3249/.test(light.data!), 'no dark node fill');
    const editor = await ask(p, { theme: 'editor' });
    assert.match(editor.data!, /<rect [^>]*fill="#1f1f1f"/, 'the editor background');
    assert.match(editor.data!, /#1b3249|rgb\(27, 50, 73\)/, 'dark node fills written into the file');
    const png = checkPng(Buffer.from((await ask(p, { theme: 'editor', format: 'png' })).data!, 'base64'));
    assert.ok(png.opaque && png.colours > 50);
  });

  it('uses the output toolbar choices when the output is on screen (direction)', async () => {
    page = await openPage(browser());
    const p = lectureAdd();
    await render('a', p);
    const lr = checkSvg((await ask(p)).data!);
    await page.click('#out-a [data-action="direction"]');
    const td = checkSvg((await ask(p)).data!);
    assert.ok(lr.width > lr.height && td.height > td.width, `LR ${lr.width}×${lr.height}, TD ${td.width}×${td.height}`);
  });
});
