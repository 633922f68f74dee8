import assert from 'node:assert/strict';
import { GRAPH_MIME } from '../../../src/diagram/payload';
import { parseNotebook } from '../../../src/notebookFile';
import { notebook, runCli } from './fakeIo';

const lecture = notebook(
  ['markdown', ['# f = (x + y) z']],
  ['code', ['x = -2; y = 5; z = -4', 'q = x + y']],
  ['markdown', ['then']],
  ['code', ['f = q * z', 'backward f']],
);

describe('bpnb run --json', () => {
  it('prints the spec §4 document: file indexes, the whole namespace, grads once reached', async () => {
    const r = await runCli(['run', 'n.bpnb', '--json'], { 'n.bpnb': lecture });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.cells.map((c: { index: number }) => c.index), [1, 3]);
    assert.deepEqual(doc.cells[0], {
      index: 1, ok: true, checks: [], errors: [],
      variables: { q: { value: 3 }, x: { value: -2 }, y: { value: 5 }, z: { value: -4 } },
    });
    assert.deepEqual(doc.cells[1].variables, {
      f: { value: -12, grad: 1 }, q: { value: 3, grad: -4 }, x: { value: -2, grad: -4 }, y: { value: 5, grad: -4 }, z: { value: -4, grad: 3 },
    });
    assert.deepEqual(Object.keys(doc), ['cells']);
    assert.deepEqual(Object.keys(doc.cells[1]), ['index', 'ok', 'variables', 'checks', 'errors']);
  });

  it('adds what each cell said as `messages` (spec §4): the echo of a bare expression, seed, check lines', async () => {
    const file = notebook(['code', ['a = 3.72', 'a * 10']], ['code', ['seed 42', 'w = 2; b = w * w', 'check b']], ['code', ['c = 1']]);
    const r = await runCli(['run', 'm.bpnb', '--json'], { 'm.bpnb': file });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.cells[0].messages, ['a * 10 = 37.2']);
    assert.equal(doc.cells[1].messages[0], 'seed 42: randn and rand restart from seed 42');
    assert.match(doc.cells[1].messages[1], /^check ∂b\/∂w: analytic 4, numeric 4\.0*\d*, relative error .* \(ok\)$/);
    assert.equal(doc.cells[1].checks.length, 1);
    assert.ok(!('messages' in doc.cells[2]), 'a cell that said nothing has no messages');
    assert.deepEqual(Object.keys(doc.cells[0]), ['index', 'ok', 'variables', 'checks', 'errors', 'messages']);
  });

  it('writes the report beside the graph with --inplace: the echo and the check table, as VS Code shows them', async () => {
    const file = notebook(['code', ['w = 2; b = w * w', 'b * 10', 'check b']]);
    const r = await runCli(['run', 'm.bpnb', '--inplace'], { 'm.bpnb': file });
    assert.equal(r.status, 0, r.stderr);
    const parsed = parseNotebook(r.files.get('m.bpnb')!);
    assert.ok(parsed.ok);
    const outputs = parsed.notebook.cells[0].outputs!;
    assert.deepEqual(outputs.map((o) => o.items.map((i) => i.mime)), [[GRAPH_MIME, 'text/markdown'], ['text/markdown']]);
    const report = String(outputs[1].items[0].data);
    assert.ok(report.includes('```text\nb * 10 = 40\n```'), report);
    assert.match(report, /\| ∂b\/∂w \| 4 \| 4 \| [^|]+ \| ok \|/);
  });

  it('reports a failing cell, goes on, and exits 1', async () => {
    const file = notebook(['code', ['a = 1']], ['code', ['b = a +', 'c = (2']], ['code', ['d = a * 3']]);
    const r = await runCli(['run', 'bad.bpnb', '--json'], { 'bad.bpnb': file });
    assert.equal(r.status, 1);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.cells[1].ok, false);
    assert.ok(doc.cells[1].errors.length >= 2, 'all syntax errors of the cell');
    const first = doc.cells[1].errors[0];
    assert.equal(first.code, 'E_SYNTAX');
    assert.equal(typeof first.message, 'string');
    assert.deepEqual([first.line, first.column], [1, 8]);
    assert.deepEqual(Object.keys(first), ['code', 'message', 'line', 'column']);
    assert.equal(doc.cells[2].ok, true);
    assert.deepEqual(doc.cells[2].variables.d, { value: 3 });
    assert.ok(!('b' in doc.cells[2].variables), 'the failed cell bound nothing');
  });

  it('writes errors to stderr as FILE:LINE:COL pointing into the .bpnb file', async () => {
    const file = notebook(['markdown', ['# t']], ['code', ['a = 1', 'b = a + nope']]);
    const r = await runCli(['run', 'e.bpnb'], { 'e.bpnb': file });
    assert.equal(r.status, 1);
    // Line 2 of cell 1 is line 15 of the file: `        "b = a + nope"`, `nope` at column 18.
    const fileLines = file.split('\n');
    assert.equal(fileLines[14].trim(), '"b = a + nope"');
    assert.match(r.stderr, /^e\.bpnb:15:18: error: .*nope.* \[E_\w+\] \(cell 1\)\n$/);
    assert.match(r.stdout, /cell 1: failed \(1 error\)/);
  });
});

describe('bpnb run (text)', () => {
  it('prints each cell with what changed', async () => {
    const r = await runCli(['run', 'n.bpnb'], { 'n.bpnb': lecture });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^cell 1: ok\n {2}q = 3\n {2}x = -2\n {2}y = 5\n {2}z = -4\ncell 3: ok\n/);
    assert.match(r.stdout, / {2}f = -12 ∂ 1\n/);
    assert.match(r.stdout, /2 code cells, 0 failed\n$/);
  });

  it('runs plain source from stdin as one cell', async () => {
    const r = await runCli(['run', '-', '--json'], {}, 'x = 3\ny = x * x\nbackward y\n');
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.cells.length, 1);
    assert.equal(doc.cells[0].index, 0);
    assert.deepEqual(doc.cells[0].variables.x, { value: 3, grad: 6 });
  });

  it('writes warnings to stderr too, and still exits 0', async () => {
    const r = await runCli(['run', '-'], {}, 'x = 0\ny = log(x)\n');
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^<stdin>:2:5: warning: log\(0\).* \[W_\w+\] \(cell 0\)\n$/);
    assert.match(r.stdout, / {2}warning: log\(0\)/);
  });

  it('reports stdin errors at the line within the source', async () => {
    const r = await runCli(['run', '-'], {}, 'x = 1\ny = x +* 2\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^<stdin>:2:\d+: error: /);
  });
});

describe('bpnb run --inplace', () => {
  it('writes the graph and the Markdown table into each code cell, canonically', async () => {
    const r = await runCli(['run', 'n.bpnb', '--inplace'], { 'n.bpnb': lecture });
    assert.equal(r.status, 0);
    const written = r.files.get('n.bpnb')!;
    const parsed = parseNotebook(written);
    assert.ok(parsed.ok);
    const cell = parsed.notebook.cells[3];
    assert.equal(cell.source, 'f = q * z\nbackward f');
    const items = cell.outputs![0].items;
    assert.deepEqual(items.map((i) => i.mime), [GRAPH_MIME, 'text/markdown']);
    assert.equal((items[0].data as { targetName?: string }).targetName, 'f');
    assert.match(String(items[1].data), /\| \*\*f = ×\*\* \| × \(mul\) \| -12 \| 1 \|/);
    assert.equal(parsed.notebook.cells[0].outputs, undefined, 'markdown cells get no outputs');
  });

  it('writes an error output for a failing cell', async () => {
    const r = await runCli(['run', 'n.bpnb', '--inplace'], { 'n.bpnb': notebook(['code', ['x = (']]) });
    assert.equal(r.status, 1);
    const parsed = parseNotebook(r.files.get('n.bpnb')!);
    assert.ok(parsed.ok);
    assert.equal(parsed.notebook.cells[0].outputs![0].items[0].mime, 'application/vnd.code.notebook.error');
  });

  it('leaves the file alone and exits 2 when it cannot write', async () => {
    const r = await runCli(['run', 'n.bpnb', '--inplace'], { 'n.bpnb': lecture }, '', true);
    assert.equal(r.status, 2);
    assert.equal(r.files.get('n.bpnb'), lecture);
    assert.match(r.stderr, /cannot write n\.bpnb: read-only file system \(the file was left unchanged\)/);
  });

  it('never touches a file it cannot parse', async () => {
    const broken = '{"bpnb": 1, "cells": [';
    const r = await runCli(['run', 'b.bpnb', '--inplace'], { 'b.bpnb': broken });
    assert.equal(r.status, 2);
    assert.equal(r.files.get('b.bpnb'), broken);
    assert.match(r.stderr, /^b\.bpnb:1:23: error: invalid JSON: /);
  });
});

describe('bpnb export', () => {
  it('writes Markdown: markdown cells as-is, code in bpnb fences, a mermaid block and the table', async () => {
    const r = await runCli(['export', 'n.bpnb', '--format', 'md'], { 'n.bpnb': lecture });
    assert.equal(r.status, 0);
    assert.ok(r.stdout.startsWith('# f = (x + y) z\n\n```bpnb\nx = -2; y = 5; z = -4\nq = x + y\n```\n\n```mermaid\nflowchart LR\n'));
    assert.match(r.stdout, /\nthen\n\n```bpnb\nf = q \* z\nbackward f\n```\n\n```mermaid\nflowchart LR\n[^`]*```\n\n\| node \| op \| value \| grad \|/);
  });

  it('shows a failing cell\'s errors as quoted lines, with no graph', async () => {
    const r = await runCli(['export', 'n.bpnb'], { 'n.bpnb': notebook(['code', ['x = 1']], ['code', ['y = x + <']]) });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /```bpnb\ny = x \+ <\n```\n\n> \*\*E_SYNTAX\*\* \(line 1, column \d+\): [^\n]*&#60;/);
    assert.equal(r.stdout.match(/```mermaid/g)?.length, 1, 'only the good cell has a graph');
  });

  it('uses a longer fence when the code holds backticks', async () => {
    const r = await runCli(['export', 'n.bpnb'], { 'n.bpnb': notebook(['code', ['x = 1 # ``` in a comment']]) });
    assert.match(r.stdout, /^````bpnb\nx = 1 # ``` in a comment\n````\n/);
  });

  it('writes Mermaid text per cell, and --out writes a file', async () => {
    const r = await runCli(['export', 'n.bpnb', '--format=mmd', '--out', 'g.mmd', '--direction', 'TD'], { 'n.bpnb': lecture });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    const text = r.files.get('g.mmd')!;
    assert.match(text, /^%% cell 1\nflowchart TD\n/);
    assert.match(text, /\n%% cell 3\nflowchart TD\n/);
  });

  it('--edge-shapes labels each edge that carries a tensor with its shape (export only)', async () => {
    const r = await runCli(['export', 'n.bpnb', '--format=mmd', '--edge-shapes'], { 'n.bpnb': notebook(['code', ['A = [[1, 2], [3, 4]]', 'f = sum(A * A)']]) });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.match(/ -->\|"#91;2×2#93;"\| /g)?.length, 3, r.stdout);
    const run = await runCli(['run', 'n.bpnb', '--edge-shapes'], { 'n.bpnb': lecture });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown option '--edge-shapes' for 'run'/);
  });

    it('--out FOLDER works for every text format: the file is named after the notebook', async () => {
    for (const format of ['md', 'mmd', 'json']) {
      for (const out of ['figs', 'figs/']) {
        const r = await runCli(['export', 'dir/lecture.bpnb', '--format', format, '--out', out], { 'dir/lecture.bpnb': lecture, 'figs/': '' });
        assert.equal(r.status, 0, r.stderr);
        const written = `${out.replace(/\/$/, '')}/lecture.${format}`;
        assert.ok(r.files.has(written), `${format} --out ${out}: wrote ${[...r.files.keys()].join(', ')}`);
        assert.ok(r.files.get(written)!.length > 50);
      }
    }
  });

  it('writes the same JSON as run --json', async () => {
    const a = await runCli(['export', 'n.bpnb', '--format', 'json'], { 'n.bpnb': lecture });
    const b = await runCli(['run', 'n.bpnb', '--json'], { 'n.bpnb': lecture });
    assert.equal(a.stdout, b.stdout);
  });
});

describe('usage', () => {
  it('--help and -h print usage and exit 0; --version prints the version', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([flag]);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage:\n {2}bpnb run FILE\.bpnb/);
    }
    const v = await runCli(['--version']);
    assert.match(v.stdout, /^bpnb \d+\.\d+\.\d+\n$/);
  });

  const bad: [string[], RegExp][] = [
    [[], /missing a command/],
    [['frob'], /unknown command 'frob'/],
    [['run'], /'run' needs a FILE\.bpnb/],
    [['run', 'a.bpnb', 'b.bpnb'], /takes one file/],
    [['run', 'a.bpnb', '--frob'], /unknown option '--frob'/],
    [['run', '-', '--inplace'], /--inplace needs a file/],
    [['export', 'a.bpnb', '--format', 'pdf'], /--format must be md, mmd, json, html, svg or png; got 'pdf'/],
    [['export', 'a.bpnb', '--format', 'svg', '--cell', '-1'], /--cell must be a cell index \(0, 1, …; cells count from 0\); got '-1'/],
    [['export', 'a.bpnb', '--format', 'png', '--scale', '20'], /--scale must be a number from 0\.5 to 8; got '20'/],
    [['export', 'a.bpnb', '--cell', '1'], /--cell is for --format svg or png/],
    [['export', 'a.bpnb', '--format', 'mmd', '--browser', '/x'], /--browser is for --format svg or png/],
    [['export', 'a.bpnb', '--out'], /'--out' needs a value/],
    [['export', 'a.bpnb', '--json'], /unknown option '--json' for 'export'/],
    [['run', 'a.bpnb', '--direction', 'up'], /--direction must be LR or TD/],
  ];
  for (const [argv, message] of bad) {
    it(`'${argv.join(' ')}' is a usage error (exit 2)`, async () => {
      const r = await runCli(argv);
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      // The one-line message and a pointer to --help, not the whole help (issue 11).
      const lines = r.stderr.split('\n');
      assert.match(lines[0], /^bpnb: /);
      assert.deepEqual(lines.slice(1), ["Run 'bpnb --help' for the usage.", '']);
      assert.equal(r.stdout, '');
    });
  }

  it('an unreadable file exits 2 with one clear line', async () => {
    const r = await runCli(['run', 'missing.bpnb']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'bpnb: cannot read missing.bpnb: no such file or directory\n');
  });

  it('a file that is not a notebook (README.md) says so, not where its JSON broke', async () => {
    const r = await runCli(['run', 'README.md'], { 'README.md': '# bpnb: backprop notebooks\n\nWrite `x = -2` …\n' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'README.md:1:1: error: not a bpnb notebook: a .bpnb file is JSON that starts with \'{\', and this text starts with "# bpnb: backprop" (to run a file of plain language source: bpnb run - < README.md)\n');
    assert.doesNotMatch(r.stderr, /invalid JSON/);
    // Broken JSON is still reported where it broke.
    const broken = await runCli(['run', 'b.bpnb'], { 'b.bpnb': '{\n  "bpnb": 1,,\n' });
    assert.match(broken.stderr, /^b\.bpnb:2:13: error: invalid JSON: /);
  });

  it('an unknown version exits 2 with the spec message', async () => {
    const r = await runCli(['run', 'v.bpnb'], { 'v.bpnb': '{\n  "bpnb": 7,\n  "cells": []\n}\n' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'v.bpnb:2:11: error: unsupported bpnb version 7; this extension reads version 1\n');
  });
});
