// npm test checks the Debian prerequisites before any tier, and says in one
// line what to install (issue 11): here with a PATH that lacks rsvg-convert.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('npm test prerequisites', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-prereq-'));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the missing program and the Debian package in one line, and stops at once', () => {
    // A PATH with ripgrep only; chromium is found at its Debian path.
    const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
    assert.ok(rg, 'this machine has rg');
    fs.symlinkSync(rg, path.join(dir, 'rg'));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, 'test', 'run-all.mjs')], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: dir } });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '', 'no tier ran');
    assert.equal(r.stderr, 'bpnb: npm test needs rsvg-convert; install it with: apt-get install -y librsvg2-bin\n');
    assert.ok(Date.now() - t0 < 10_000, `it stopped at once (${Date.now() - t0} ms)`);
  });

  it('names every missing one', async () => {
    const { prerequisitesMessage } = await import('../../prerequisites.mjs');
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    const message = prerequisitesMessage({ PATH: empty, BPNB_CHROMIUM: path.join(empty, 'none') });
    const hasDebianChromium = fs.existsSync('/usr/bin/chromium');
    assert.equal(message, hasDebianChromium
      ? 'bpnb: npm test needs rg, rsvg-convert; install them with: apt-get install -y ripgrep librsvg2-bin'
      : 'bpnb: npm test needs chromium, rg, rsvg-convert; install them with: apt-get install -y chromium ripgrep librsvg2-bin');
    assert.equal(prerequisitesMessage(process.env), undefined, 'this machine has them all');
  });
});
