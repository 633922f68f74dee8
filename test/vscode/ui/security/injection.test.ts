// Injection (issue 6): a shared .bpnb whose SAVED outputs carry hostile text,
// opened in the real VS Code. Node names, labels, edge texts, gate symbols and
// warnings in the graph payload, the Markdown fallback, a saved error output
// and a Markdown cell hold HTML, <script>, <img onerror>, Mermaid syntax ("],
// -->, click, %%{init}%%) and control characters; a code cell whose source is
// HTML is run live, so its error messages quote it. Every pass criterion is
// a state of the page: no script ran (a global flag each payload would set
// stays unset, no dialog opened), no script/img/iframe/event handler was
// created in the outputs, each label's text is there literally as text, the
// graph has exactly its nodes; and the SVG exported from the toolbar holds
// none of it either.
//
//   node esbuild.js && BPNB_SUITE=security npx tsx test/vscode/runner/run-ui-tests.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GRAPH_MIME } from '../../../../src/diagram/payload';
import { ERROR_MIME, MARKDOWN_MIME, cellOutputs } from '../../../../src/notebookFile';
import { Session } from '../../../../src/lang';
import { uiEnvironment, Workbench } from '../lib/harness';
import { type FrameReport, FLAG, inspect } from './frames';

/** What each attack would do if it ran: set this flag (or open a dialog). */
const SCRIPT = `<script>window.${FLAG}='script'</script>`;
const IMG = `<img src=x onerror="window.${FLAG}='img'">`;
const MERMAID = '"]; click n0 call alert(1) %%';
const INIT = '%%{init: {"securityLevel":"loose"}}%%';
const ARROW = 'a"]-->b["<svg onload=alert(2)>';
const CONTROL = 'ctl\u0000\u0007\u001b[31m\u202eend';

/** The lecture's f = (x + y) * z, run for real, with every text in its payload replaced by an attack. */
function hostileOutputs(): unknown[] {
  const result = new Session().run('x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f');
  assert.ok(result.ok && result.graph, 'the lecture cell ran');
  const p = result.graph;
  const attacks: Record<string, string> = { x: SCRIPT, y: IMG, z: MERMAID, q: INIT, f: ARROW };
  for (const n of p.nodes) {
    const a = n.name !== undefined ? attacks[n.name] : undefined;
    if (a !== undefined) { n.label = a; n.name = a; }
    if (n.kind === 'gate') n.symbol = CONTROL;
  }
  for (const e of p.edges) e.localText = `${IMG} ${MERMAID}`;
  p.targetName = ARROW;
  p.warnings = [`${SCRIPT} ${INIT}`];
  const [graph] = cellOutputs(result);
  // The Markdown fallback beside the graph: a raw hostile table, as a crafted file would have it.
  const markdown = `| node | value |\n| --- | --- |\n| ${SCRIPT} | ${IMG} |\n\n[link](javascript:window.${FLAG}='link')\n`;
  return [{ items: [{ mime: GRAPH_MIME, data: p }, { mime: MARKDOWN_MIME, data: markdown }], metadata: graph.metadata ?? {} }];
}

function makeSource(): string {
  const dir = path.join(uiEnvironment().tmpDir, `security-src-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const nb = {
    bpnb: 1,
    metadata: {},
    cells: [
      { kind: 'code', source: ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'], outputs: hostileOutputs() },
      { kind: 'code', source: ['w = 1'], outputs: [{ items: [{ mime: ERROR_MIME, data: { name: `E_SYNTAX ${IMG}`, message: `${SCRIPT} ${IMG}` } }] }] },
      { kind: 'code', source: [IMG], outputs: [] },
    ],
  };
  fs.writeFileSync(path.join(dir, 'hostile.bpnb'), JSON.stringify(nb, null, 2) + '\n');
  return dir;
}

describe('UI: hostile text in a shared notebook stays inert text', function () {
  let wb: Workbench;
  const dialogs: string[] = [];

  before(async () => {
    wb = await Workbench.open({ source: makeSource() });
    wb.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await wb.openNotebook('hostile.bpnb', 3);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-security-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  after(async () => { await wb?.close(); });

  /** Waits for the hostile graph (drawn from the saved output, without running anything) and returns every frame's report. */
  async function reports(): Promise<FrameReport[]> {
    const out: FrameReport[] = [];
    for (const f of wb.outputFrames()) {
      const r = await inspect(f);
      if (r) out.push(r);
    }
    return out;
  }

  async function assertNothingRan(rs: FrameReport[]): Promise<void> {
    assert.ok(rs.length > 0, 'no output frame to inspect');
    if (process.env.BPNB_SECURITY_DEBUG) console.log(JSON.stringify(rs.map((r) => ({ url: r.url.slice(0, 60), flag: r.flag, active: r.active, markdownActive: r.markdownActive })), null, 1));
    for (const r of rs) {
      assert.equal(r.flag, undefined, `a payload ran: window.${FLAG} = ${JSON.stringify(r.flag)}`);
      assert.deepEqual(r.active, [], 'active elements in the outputs');
    }
    const top = await wb.page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], FLAG);
    assert.equal(top, undefined, 'a payload ran in the workbench itself');
    assert.deepEqual(dialogs, [], 'a dialog opened');
  }

  it('draws the saved graph with every hostile label as literal text and exactly its nodes', async () => {
    await wb.waitForOutputSvg(['<script>', 'onerror'], 60_000);
    await wb.page.waitForTimeout(1000); // let the Markdown cell and the other outputs render too
    const rs = await reports();
    const graphs = rs.flatMap((r) => r.graphs).filter((g) => g.nodes >= 0);
    assert.equal(graphs.length, 1, `one bpnb graph expected, found ${graphs.length}`);
    const [g] = graphs;
    // x, y, z (named inputs) and the two named gates q and f: 5 nodes, nothing hidden, nothing added.
    assert.equal(g.nodes, 5, `node count; text: ${g.text}`);
    const text = g.text.replace(/\u00a0/g, ' ');
    for (const label of [SCRIPT, IMG, MERMAID, INIT]) assert.ok(text.includes(label), `label ${JSON.stringify(label)} not shown literally in ${JSON.stringify(text)}`);
    // Control characters are dropped, the rest of the text stays.
    assert.ok(text.includes('ctl[31m'), `the gate symbol with control characters: ${JSON.stringify(text)}`);
    // The warning note under the graph, as text.
    assert.ok(g.notes.includes(`${SCRIPT} ${INIT}`), `the warning is not shown as text: ${JSON.stringify(g.notes.slice(0, 400))}`);
    await wb.screenshot('security-hostile-graph');
    if (process.env.BPNB_SECURITY_DEBUG) console.log(JSON.stringify(rs.map((r) => ({ url: r.url.slice(0, 60), flag: r.flag, active: r.active, markdownActive: r.markdownActive })), null, 1));
  });

  it('the SVG exported from the graph toolbar holds the labels as text and nothing active', async () => {
    const file = await wb.exportSvgFromToolbar('hostile-cell1.svg');
    const svg = fs.readFileSync(file, 'utf8');
    fs.copyFileSync(file, path.join(uiEnvironment().resultsDir, 'security-export.svg'));
    // Read as the SVG document it is (and as HTML, as a page embedding it would): no element or attribute that could run.
    const page = await wb.page.context().newPage();
    try {
      const found = await page.evaluate((text) => {
        const out: { active: string[]; text: string }[] = [];
        for (const type of ['image/svg+xml', 'text/html'] as const) {
          const doc = new DOMParser().parseFromString(text, type);
          const active: string[] = [];
          for (const el of Array.from(doc.querySelectorAll('*'))) {
            const tag = el.localName.toLowerCase();
            if (['script', 'iframe', 'img', 'image', 'object', 'embed', 'a'].includes(tag)) active.push(`<${tag}>`);
            for (const a of Array.from(el.attributes)) {
              if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) active.push(`${tag} ${a.name}=${a.value.slice(0, 60)}`);
            }
          }
          out.push({ active, text: doc.documentElement.textContent ?? '' });
        }
        return out;
      }, svg);
      for (const f of found) {
        assert.deepEqual(f.active, [], 'active elements or attributes in the exported SVG');
        for (const label of [SCRIPT, IMG, MERMAID]) assert.ok(f.text.includes(label), `label ${JSON.stringify(label)} is not in the exported SVG as text`);
      }
      await page.setContent(svg);
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], FLAG), undefined, 'the exported SVG ran a payload when opened');
    } finally {
      await page.close();
    }
  });
  it('no script ran, and no active element exists in any output or in the saved error output', async () => {
    await wb.scrollNotebookToEnd();
    const deadline = Date.now() + 30_000;
    let rs = await reports();
    const seen = () => rs.map((r) => r.text).join('\n');
    while (!seen().includes(`${SCRIPT} ${IMG}`) && Date.now() < deadline) {
      await wb.page.waitForTimeout(250);
      rs = await reports();
    }
    // The saved error output shows its message as text.
    assert.ok(seen().includes(`${SCRIPT} ${IMG}`), `the saved error message is not shown literally: ${JSON.stringify(seen().slice(0, 600))}`);
    await assertNothingRan(rs);
  });

  it('running a cell whose source is HTML shows its syntax errors as text, and still nothing ran', async () => {
    // Run All: the live cell's source is an <img onerror> tag, so its errors quote '<' (a comparison operator since issue 13, so the parser's), '"', '=' ….
    await wb.runAll();
    await wb.scrollNotebookToEnd();
    const deadline = Date.now() + 60_000;
    let rs = await reports();
    const seen = () => rs.map((r) => r.text).join('\n');
    while (!seen().includes("expected an expression but found '<'") && Date.now() < deadline) {
      await wb.page.waitForTimeout(250);
      rs = await reports();
    }
    assert.ok(seen().includes("expected an expression but found '<'"), `the live cell's errors: ${JSON.stringify(seen().slice(0, 600))}`);
    await assertNothingRan(rs);
    await wb.screenshot('security-after-run');
  });
});
