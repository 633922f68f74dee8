// `bpnb export --format svg|png` as a user runs it: the built dist/cli.js in a
// child process, drawing with the real renderer bundle in /usr/bin/chromium
// (CHROME_PATH, or BPNB_CHROMIUM for a different path). The files it writes get
// the same checks as VS Code's exports (test/lib/images.ts).

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPng, checkSvg } from '../../lib/images';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const CHROMIUM = process.env.BPNB_CHROMIUM ?? '/usr/bin/chromium';

describe('bpnb export --format svg|png (dist/cli.js)', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'bpnb-cli-img-'));
    copyFileSync(join(root, 'examples', '01-computation-graph.bpnb'), join(dir, 'lecture.bpnb'));
    copyFileSync(join(root, 'examples', '09-training.bpnb'), join(dir, 'training.bpnb'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const bpnb = (args: string[], env: NodeJS.ProcessEnv = { ...process.env, CHROME_PATH: CHROMIUM }) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env });

  it('writes one SVG per graph next to the notebook, with the lecture numbers in text labels', () => {
    const r = bpnb(['export', 'lecture.bpnb', '--format', 'svg']);
    assert.equal(r.status, 0, r.stderr);
    const written = r.stdout.trim().split('\n');
    assert.deepEqual(written, ['lecture-cell1.svg', 'lecture-cell3.svg'], 'named by cell index, counted from 0 like --cell');
    const svg = checkSvg(readFileSync(join(dir, 'lecture-cell3.svg'), 'utf8'));
    for (const want of ['x\n-2\n∂ -4', 'y\n5\n∂ -4', 'z\n-4\n∂ 3', 'q = +\n3\n∂ -4', 'f = ×\n-12\n∂ 1']) {
      assert.ok(svg.labels.includes(want), `${JSON.stringify(want)} in ${JSON.stringify(svg.labels)}`);
    }
  });

  it('writes the PNG of one cell into --out DIR at 2×, opaque and not blank', () => {
    mkdirSync(join(dir, 'figs'), { recursive: true });
    const s = bpnb(['export', 'lecture.bpnb', '--format', 'svg', '--cell', '3', '--out', 'figs']);
    assert.equal(s.status, 0, s.stderr);
    const r = bpnb(['export', 'lecture.bpnb', '--format', 'png', '--cell', '3', '--out', 'figs']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(join(dir, 'figs')).sort(), ['lecture-cell3.png', 'lecture-cell3.svg']);
    const svg = checkSvg(readFileSync(join(dir, 'figs', 'lecture-cell3.svg'), 'utf8'));
    const png = checkPng(readFileSync(join(dir, 'figs', 'lecture-cell3.png')));
    assert.equal(png.width, Math.ceil(svg.width * 2));
    assert.equal(png.height, Math.ceil(svg.height * 2));
    assert.ok(Math.abs(png.width / png.height - svg.width / svg.height) < 0.02, 'same aspect ratio');
    assert.ok(png.opaque, 'opaque');
    assert.ok(png.colours > 50, `not blank (${png.colours} colours)`);
  });

  it('writes SVGs that librsvg draws at the same size, not blank (rsvg-convert)', () => {
    const r = spawnSync('rsvg-convert', ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, 'rsvg-convert is installed (librsvg2-bin, see .ci/run)');
    const file = join(dir, 'lecture-cell3.svg');
    const svg = checkSvg(readFileSync(file, 'utf8'));
    const out = join(dir, 'rsvg.png');
    const c = spawnSync('rsvg-convert', ['-z', '2', '-b', 'white', file, '-o', out], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.equal(c.stderr, '', 'no warnings from librsvg');
    const png = checkPng(readFileSync(out));
    assert.equal(png.width, Math.round(svg.width * 2));
    assert.equal(png.height, Math.round(svg.height * 2));
    assert.ok(png.colours > 50, `librsvg drew the graph (${png.colours} colours)`);
    assert.match(readFileSync(file, 'utf8'), /<text [^>]*xml:space="preserve"/, 'spaces between words survive in librsvg and Inkscape');
  });

  it('writes each plot too: examples/09-training\'s boundaries, loss curve and sigmoid plots, as SVG and PNG', () => {
    mkdirSync(join(dir, 'train'), { recursive: true });
    const r = bpnb(['export', 'training.bpnb', '--format', 'svg', '--out', 'train']);
    assert.equal(r.status, 0, r.stderr);
    const written = r.stdout.trim().split('\n').map((p) => p.replace(/^train[\\/]/, ''));
    for (const name of ['training-cell7-plot0.svg', 'training-cell9-plot0.svg', 'training-cell11-plot0.svg', 'training-cell14-plot0.svg', 'training-cell14-plot1.svg']) {
      assert.ok(written.includes(name), `${name} in ${written.join(', ')}`);
    }
    assert.ok(written.includes('training-cell9.svg'), 'the graphs are still written');
    // The trained boundary: one rect per grid cell and the 100 points, as `bpnb run --json` says.
    const report = spawnSync(process.execPath, [cli, 'run', 'training.bpnb', '--json'], { encoding: 'utf8', cwd: dir, maxBuffer: 64 << 20 });
    assert.equal(report.status, 0, report.stderr);
    const json = JSON.parse(report.stdout) as { cells: { index: number; boundaries?: { x: number[]; y: number[]; accuracy: number }[] }[] };
    const boundary = json.cells.find((c) => c.index === 11)!.boundaries![0];
    assert.equal(boundary.accuracy, 1);
    const text = readFileSync(join(dir, 'train', 'training-cell11-plot0.svg'), 'utf8');
    const svg = checkSvg(text);
    const cells = text.match(/<g[^>]*class="bpnb-boundary-cells"[^>]*>[\s\S]*?<\/g>/g) ?? [];
    assert.equal(cells.length, 2, 'the cells where s > 0 and where s ≤ 0');
    assert.equal(cells.join('').match(/<rect /g)?.length, boundary.x.length * boundary.y.length, 'one rect per grid cell');
    const points = text.match(/<g[^>]*class="bpnb-boundary-points"[^>]*>[\s\S]*?<\/g>/g) ?? [];
    assert.equal(points.join('').match(/<circle /g)?.length, 100, 'the 100 moons points');
    assert.match(text, /accuracy 100%/);
    // librsvg draws it, the same size.
    const out = join(dir, 'train', 'rsvg.png');
    const c = spawnSync('rsvg-convert', ['-b', 'white', join(dir, 'train', 'training-cell11-plot0.svg'), '-o', out], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.equal(checkPng(readFileSync(out)).width, Math.round(svg.width));
    // The PNG of that cell's plot, at 2×.
    const p = bpnb(['export', 'training.bpnb', '--format', 'png', '--cell', '11', '--out', 'train']);
    assert.equal(p.status, 0, p.stderr);
    const png = checkPng(readFileSync(join(dir, 'train', 'training-cell11-plot0.png')));
    assert.equal(png.width, Math.ceil(svg.width * 2));
    assert.equal(png.height, Math.ceil(svg.height * 2));
    assert.ok(png.opaque && png.colours > 50, `opaque, not blank (${png.colours} colours)`);
  });

  it('finds the browser with --browser and says how to get one when there is none (exit 2)', () => {
    const none = bpnb(['export', 'lecture.bpnb', '--format', 'svg'], { PATH: join(dir, 'empty'), HOME: dir });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no[\s\S]*found[\s\S]*apt-get install chromium[\s\S]*--browser[\s\S]*CHROME_PATH/);
    assert.doesNotMatch(none.stderr, /\n\s+at /, 'no stack trace');
    const explicit = bpnb(['export', 'lecture.bpnb', '--format', 'svg', '--cell', '1', '--browser', CHROMIUM, '--out', 'b'], { PATH: join(dir, 'empty'), HOME: dir });
    assert.equal(explicit.status, 2, 'the --out folder must exist');
    mkdirSync(join(dir, 'b'));
    const ok = bpnb(['export', 'lecture.bpnb', '--format', 'svg', '--cell', '1', '--browser', CHROMIUM, '--out', 'b'], { PATH: join(dir, 'empty'), HOME: dir });
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(existsSync(join(dir, 'b', 'lecture-cell1.svg')));
    const bad = bpnb(['export', 'lecture.bpnb', '--format', 'svg', '--browser', join(dir, 'nope')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--browser .*nope: no such file/);
  });

  it('rejects a cell without a graph and options that need an image format', () => {
    const md = bpnb(['export', 'lecture.bpnb', '--format', 'svg', '--cell', '0']);
    assert.equal(md.status, 2);
    assert.match(md.stderr, /cell 0 is a markdown cell/);
    const missing = bpnb(['export', 'lecture.bpnb', '--format', 'png', '--cell', '99']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cell 99 does not exist/);
    const wrong = bpnb(['export', 'lecture.bpnb', '--format', 'md', '--cell', '1']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--cell is for --format svg or png/);
  });
});
