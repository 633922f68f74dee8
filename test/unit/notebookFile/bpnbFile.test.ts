import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNotebook, serializeNotebook, stringifySorted, type Notebook, type ParsedNotebook } from '../../../src/notebookFile';

const examples = join(__dirname, '..', '..', '..', 'examples');

function ok(text: string): ParsedNotebook {
  const r = parseNotebook(text);
  if (!r.ok) assert.fail(`expected a notebook, got ${JSON.stringify(r.error)}`);
  return r;
}

function err(text: string): { code: string; message: string; line: number; column: number } {
  const r = parseNotebook(text);
  if (r.ok) assert.fail('expected an error');
  return r.error;
}

describe('parseNotebook', () => {
  it('reads the spec example', () => {
    const { notebook } = ok(`{
  "bpnb": 1,
  "metadata": {},
  "cells": [
    { "kind": "markdown", "source": ["# Backprop", "text"] },
    { "kind": "code", "source": ["x = -2", "y = 5"], "outputs": [] }
  ]
}`);
    assert.equal(notebook.cells.length, 2);
    assert.deepEqual(notebook.cells[0], { kind: 'markdown', source: '# Backprop\ntext' });
    assert.deepEqual(notebook.cells[1], { kind: 'code', source: 'x = -2\ny = 5', outputs: [] });
  });

  it('reads source as a string too', () => {
    const { notebook } = ok('{"bpnb":1,"cells":[{"kind":"code","source":"a = 1\\nb = 2"}]}');
    assert.equal(notebook.cells[0].source, 'a = 1\nb = 2');
    assert.deepEqual(notebook.cells[0].outputs, []);
    assert.deepEqual(notebook.metadata, {});
  });

  it('says that text which is not JSON at all is not a notebook, at its first character', () => {
    for (const [text, at, starts] of [['# Title\n', [1, 1], '"# Title"'], ['\n\n  x = -2; y = 5\n', [3, 3], '"x = -2; y = 5"'], ['<html>', [1, 1], '"<html>"']] as const) {
      const r = parseNotebook(text);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'E_NOT_NOTEBOOK');
      assert.deepEqual([r.error.line, r.error.column], at);
      assert.ok(r.error.message.startsWith('not a bpnb notebook') && r.error.message.endsWith(starts), r.error.message);
    }
    for (const text of ['{ "bpnb": 1, ', '[1, 2', 'true false', '"unterminated', '\\"bpnb": 1, "cells": []}']) {
      const r = parseNotebook(text);
      assert.ok(!r.ok && r.error.code === 'E_JSON', `${text}: JSON that broke (a damaged notebook too) is reported as such`);
    }
  });

  it('reports invalid JSON at its line and column', () => {
    const e = err('{\n  "bpnb": 1,\n  "cells": [,]\n}');
    assert.equal(e.code, 'E_JSON');
    assert.equal(e.line, 3);
    assert.equal(e.column, 13);
    assert.match(e.message, /invalid JSON: unexpected ','/);
  });

  it('reports an unterminated string where it starts', () => {
    const e = err('{"bpnb": 1, "cells": [{"kind": "code", "source": "x = 1');
    assert.equal(e.code, 'E_JSON');
    assert.match(e.message, /unterminated string/);
    assert.deepEqual([e.line, e.column], [1, 50]);
    const raw = err('{"bpnb": 1, "cells": [{"kind": "code", "source": "x = 1\n"}]}');
    assert.match(raw.message, /control character/);
    assert.deepEqual([raw.line, raw.column], [1, 56]);
  });

  it('reports a trailing comma, trailing garbage and an empty file', () => {
    assert.equal(err('{"bpnb": 1, "cells": [],}').code, 'E_JSON');
    assert.match(err('{"bpnb": 1, "cells": []} x').message, /after the end/);
    assert.match(err('').message, /empty/);
    assert.match(err('  \n').message, /empty/);
  });

  it('rejects an unknown version with the spec message', () => {
    const e = err('{\n  "bpnb": 7,\n  "cells": []\n}');
    assert.equal(e.code, 'E_VERSION');
    assert.equal(e.message, 'unsupported bpnb version 7; this extension reads version 1');
    assert.deepEqual([e.line, e.column], [2, 11]);
    assert.equal(err('{"cells": []}').code, 'E_VERSION');
    assert.equal(err('{"bpnb": "1", "cells": []}').message, 'unsupported bpnb version "1"; this extension reads version 1');
  });

  it('rejects cells that are not an array, and bad cells, with locations', () => {
    assert.match(err('{"bpnb": 1, "cells": {}}').message, /"cells" must be an array/);
    assert.match(err('{"bpnb": 1}').message, /"cells" must be an array of cells; found missing/);
    const e = err('{"bpnb": 1, "cells": [\n {"kind": "code"},\n {"kind": "raw", "source": []}]}');
    assert.equal(e.message, 'cell 1: "kind" must be "markdown" or "code"; found string "raw"');
    assert.deepEqual([e.line, e.column], [3, 11]);
    assert.match(err('{"bpnb": 1, "cells": [{"kind": "code", "source": [1]}]}').message, /line 1 must be a string/);
    assert.match(err('{"bpnb": 1, "cells": [{"kind": "code", "source": 3}]}').message, /array of lines or a string/);
    assert.match(err('{"bpnb": 1, "cells": [{"kind": "code", "outputs": [{"items": [{"data": 1}]}]}]}').message, /"mime" must be a non-empty string/);
    assert.match(err('[]').message, /JSON object/);
  });

  it('reads a file that starts with a byte-order mark, and still locates errors', () => {
    assert.equal(ok('\ufeff{"bpnb": 1, "cells": []}').notebook.cells.length, 0);
    const e = err('\ufeff{"bpnb": 1, "cells": 5}');
    assert.deepEqual([e.line, e.column], [1, 23]);
  });

  it('keeps "__proto__" keys as data', () => {
    const { notebook } = ok('{"bpnb": 1, "cells": [], "metadata": {"__proto__": {"polluted": true}}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(notebook.metadata), ['__proto__']);
    assert.match(serializeNotebook(notebook), /"__proto__": \{\n {6}"polluted": true/);
  });
});

describe('serializeNotebook', () => {
  const notebook: Notebook = {
    bpnb: 1,
    metadata: { zeta: 1, alpha: { b: 2, a: [3, { y: 1, x: 2 }] } },
    extra: { future: 'kept' },
    cells: [
      { kind: 'markdown', source: '# Title\n\nText', extra: { id: 'm1' } },
      {
        kind: 'code', source: 'x = 1\r\ny = 2', metadata: { collapsed: true },
        outputs: [{ items: [{ mime: 'text/markdown', data: '| a |' }, { mime: 'application/vnd.bpnb.graph+json', data: { nodes: [], b: 'NaN' } }], metadata: { t: 1 }, extra: { k: 0 } }],
      },
      { kind: 'code', source: '' },
    ],
  };

  it('writes sorted keys, two-space indent, line arrays and a trailing newline', () => {
    const text = serializeNotebook(notebook);
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "bpnb": 1,\n  "cells": [\n'));
    assert.match(text, /"source": \[\n {8}"x = 1",\n {8}"y = 2"\n {6}\]/);
    assert.match(text, /"metadata": \{\n {4}"alpha": \{\n {6}"a": \[/);
    assert.match(text, /"future": "kept"/);
    assert.match(text, /"data": "\| a \|",\n {14}"mime": "text\/markdown"/);
    // Empty code cell: source [] and outputs [].
    assert.match(text, /"kind": "code",\n {6}"outputs": \[\],\n {6}"source": \[\]/);
    assert.deepEqual(Object.keys(JSON.parse(text)), ['bpnb', 'cells', 'future', 'metadata']);
  });

  it('round-trips: parse(serialize(x)) equals x up to line-end normalisation', () => {
    const back = ok(serializeNotebook(notebook)).notebook;
    const expected = structuredClone(notebook);
    expected.cells[1].source = 'x = 1\ny = 2';
    expected.cells[2].outputs = [];
    assert.deepEqual(back, expected);
  });

  it('is byte-identical on a canonical file', () => {
    const canonical = serializeNotebook(notebook);
    assert.equal(serializeNotebook(ok(canonical).notebook), canonical);
  });

  it('writes every example back byte-identical', () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.bpnb'));
    assert.ok(files.includes('hello.bpnb'));
    for (const f of files) {
      const text = readFileSync(join(examples, f), 'utf8');
      assert.equal(serializeNotebook(ok(text).notebook), text, f);
    }
  });

  it('keeps unknown keys at every level through a parse/serialize cycle', () => {
    const text = '{"bpnb":1,"x":{"q":[1,{"z":null}]},"cells":[{"kind":"code","source":[],"u":1,"outputs":[{"items":[{"mime":"text/plain","data":"hi","w":2}],"v":3}]}],"metadata":{"m":true}}';
    const once = serializeNotebook(ok(text).notebook);
    assert.deepEqual(JSON.parse(once), JSON.parse(text));
  });
});

describe('locate', () => {
  it('maps a cell position to the file, for array and string sources, across escapes', () => {
    const text = [
      '{',
      '  "bpnb": 1,',
      '  "cells": [',
      '    { "kind": "markdown", "source": ["# t"] },',
      '    { "kind": "code", "source": [',
      '      "x = 1",',
      '      "s = \\"q\\" + y"',
      '    ] },',
      '    { "kind": "code", "source": "a = 1\\nbb = zz" }',
      '  ]',
      '}',
    ].join('\n');
    const r = ok(text);
    assert.deepEqual(r.locate(1, 1, 1), { line: 6, column: 8 });
    // 'y' is column 11 in the cell line `s = "q" + y`; in the file each \" takes two characters.
    assert.deepEqual(r.locate(1, 2, 11), { line: 7, column: 8 + 12 });
    // String source: line 2, column 6 ('zz') sits after the escaped \n on the same file line.
    assert.deepEqual(r.locate(2, 2, 6), { line: 9, column: 46 });
  });
});

describe('stringifySorted', () => {
  it('sorts integer-like keys as strings too', () => {
    assert.equal(stringifySorted({ b: 1, 10: 'x', 2: 'y', a: { 1: true } }), '{\n  "10": "x",\n  "2": "y",\n  "a": {\n    "1": true\n  },\n  "b": 1\n}');
  });

  it('matches JSON.stringify for values without objects to sort, and writes non-finite numbers as null', () => {
    const value = [1, 'two', [true, null], [], {}, 0.1, -0, NaN];
    assert.equal(stringifySorted(value), JSON.stringify(value, null, 2));
  });
});
