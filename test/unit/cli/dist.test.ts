// The built command, as a user runs it: `node esbuild.js`, then dist/cli.js in a child process.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNotebook } from '../../../src/notebookFile';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');

describe('dist/cli.js', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'bpnb-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const bpnb = (args: string[], input?: string) =>
    spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: dir });

  it('runs the hello example and prints the spec JSON', () => {
    const r = bpnb(['run', join(root, 'examples', 'hello.bpnb'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.cells[0].variables.x, { value: -2, grad: -4 });
  });

  it('reads stdin with `run -` and exits 1 on a failing cell, without a stack trace', () => {
    const r = bpnb(['run', '-'], 'x = 1\ny = x +\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^<stdin>:2:\d+: error: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('exits 2 on usage errors and unreadable files', () => {
    assert.equal(bpnb(['frob']).status, 2);
    const r = bpnb(['run', join(dir, 'missing.bpnb')]);
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('--inplace rewrites the file atomically, leaving no temporary file', () => {
    const file = join(dir, 'n.bpnb');
    writeFileSync(file, readFileSync(join(root, 'examples', 'hello.bpnb')));
    const r = bpnb(['run', file, '--inplace']);
    assert.equal(r.status, 0, r.stderr);
    const parsed = parseNotebook(readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    assert.equal(parsed.notebook.cells[1].outputs?.[0].items.length, 2);
    const leftovers = spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });
});
