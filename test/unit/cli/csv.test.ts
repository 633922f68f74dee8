// bpnb run next to a CSV file: the CLI reads what csv("…") names from the
// notebook's folder on the real file system (a temporary folder here).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo, type CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { notebook } from './fakeIo';

/** main() with the real file system, stdout and stderr captured. */
async function bpnb(argv: string[], stdin = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...nodeIo, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => stdin };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

describe('cli: csv("…") beside the notebook', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpnb-csv-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'points.csv'), 'x,y,label\r\n0.5,1,0\r\n-2,3,1\r\n');
    writeFileSync(join(dir, 'ragged.csv'), '1,2\n3,4\n5\n');
    writeFileSync(join(dir, 'latin1.csv'), Buffer.from([0x31, 0x2c, 0xe9, 0x0a]));
    // Just over the 10 MB limit (a sparse file: nothing is written), and a folder named like a file.
    writeFileSync(join(dir, 'big.csv'), '');
    truncateSync(join(dir, 'big.csv'), 10_000_001);
    mkdirSync(join(dir, 'folder.csv'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a notebook that reads a CSV file in a folder beside it', async () => {
    writeFileSync(join(dir, 'read.bpnb'), notebook(['code', ['X = csv("data/points.csv", "x", "y")', 'y = csv("data/points.csv", -1)', 's = sum(X)']]));
    const r = await bpnb(['run', join(dir, 'read.bpnb'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const cell = JSON.parse(r.stdout).cells[0];
    assert.deepEqual(cell.variables.X.value, [[0.5, 1], [-2, 3]]);
    assert.deepEqual(cell.variables.y.value, [0, 1]);
    assert.equal(cell.variables.s.value, 2.5);
  });

  it('prints a missing file and a ragged row with their place in the notebook, and exits 1', async () => {
    const file = join(dir, 'bad.bpnb');
    const text = notebook(['markdown', ['# data']], ['code', ['a = 1', 'X = csv("nope.csv")']], ['code', ['R = csv("ragged.csv")']], ['code', ['L = csv("latin1.csv")']]);
    writeFileSync(file, text);
    // Where the file name is in the .bpnb file: its line, and its column (the JSON escapes the quote).
    const at = (needle: string) => {
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.includes(needle));
      return `${i + 1}:${lines[i].indexOf(needle) + 1}`;
    };
    const r = await bpnb(['run', file]);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 3, r.stderr);
    assert.equal(lines[0], `${file}:${at('\\"nope.csv')}: error: cannot read 'nope.csv': there is no such file in the notebook's folder (${dir}); nothing this cell assigned was kept (a) [E_FILE] (cell 1)`);
    assert.equal(lines[1], `${file}:${at('\\"ragged.csv')}: error: ragged.csv line 3 has 1 field, expected 2 (as line 1) [E_CSV] (cell 2)`);
    assert.equal(lines[2], `${file}:${at('\\"latin1.csv')}: error: cannot read 'latin1.csv': it is not UTF-8 text [E_FILE] (cell 3)`);
  });

  it('refuses a file over the size limit before reading it, and a folder', async () => {
    const file = join(dir, 'limits.bpnb');
    writeFileSync(file, notebook(['code', ['B = csv("big.csv")']], ['code', ['F = csv("folder.csv")']]));
    const r = await bpnb(['run', file]);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0], /: error: 'big\.csv' is 10,000,001 bytes, more than the limit of 10 MB for a CSV file \[E_LIMIT\] \(cell 0\)$/);
    assert.match(lines[1], /: error: cannot read 'folder\.csv': it is a folder \[E_FILE\] \(cell 1\)$/);
  });

  it('reads from the current folder for `bpnb run -`, and refuses a name outside it', async () => {
    const here = process.cwd();
    process.chdir(dir);
    try {
      const ok = await bpnb(['run', '-', '--json'], 'X = csv("ragged.csv", 0)\n');
      assert.equal(ok.status, 1, 'the ragged file is read from the current folder');
      assert.match(ok.stderr, /^<stdin>:1:9: error: ragged\.csv line 3 has 1 field, expected 2 \(as line 1\) \[E_CSV\]/);
      const out = await bpnb(['run', '-'], 'X = csv("../outside.csv")\n');
      assert.equal(out.status, 1);
      assert.match(out.stderr, /^<stdin>:1:9: error: '\.\.\/outside\.csv' leaves the notebook's folder .*\[E_FILE\]/);
    } finally {
      process.chdir(here);
    }
  });
});
