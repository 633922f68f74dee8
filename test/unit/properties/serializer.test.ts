// Properties of the .bpnb format (src/notebookFile): random notebooks, unknown keys
// at every level included, survive a save and reload unchanged and save to the
// same bytes again; random bytes, truncated files and damaged files give a
// clear located error (or, when the damage happens to leave a valid notebook,
// a notebook), and the reader never throws. "Never overwritten" is a property
// of the VS Code serializer refusing to open such a file: see
// test/vscode/suite/notebook/serializer.test.ts, which opens generated
// truncated files in VS Code and checks their bytes stay the same.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseNotebook, serializeNotebook, type JsonObject, type JsonValue, type Notebook, type NotebookCell, type NotebookOutput,
} from '../../../src/notebookFile';
import { check } from './config';

/** Plain JSON (what a file can hold), normalised through JSON so -0 and friends compare as they read back. */
const json: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonValue);
const jsonObject = (reserved: readonly string[]): fc.Arbitrary<JsonObject> =>
  fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => !reserved.includes(k)), json, { maxKeys: 3 })
    .map((o) => JSON.parse(JSON.stringify(o)) as JsonObject);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Cell text: any characters, lines joined with '\n' (the file stores lines; '\r\n' reads back as '\n'). */
const source = fc.array(fc.string({ unit: 'binary', maxLength: 30 }).map((l) => l.replace(/[\r\n]/g, ' ')), { maxLength: 5 }).map((ls) => ls.join('\n'));

const output: fc.Arbitrary<NotebookOutput> = fc.record({
  items: fc.array(fc.record({
    mime: fc.constantFrom('application/vnd.bpnb.graph+json', 'text/markdown', 'application/vnd.code.notebook.error', 'x-custom/thing'),
    data: json,
    extra: maybe(jsonObject(['mime', 'data']).filter((o) => Object.keys(o).length > 0)),
  }, { requiredKeys: ['mime', 'data'] }), { maxLength: 2 }),
  metadata: maybe(jsonObject([])),
  extra: maybe(jsonObject(['items', 'metadata']).filter((o) => Object.keys(o).length > 0)),
}, { requiredKeys: ['items'] });

const cell: fc.Arbitrary<NotebookCell> = fc.oneof(
  fc.record({
    kind: fc.constant<'code'>('code'), source, outputs: fc.array(output, { maxLength: 2 }),
    metadata: maybe(jsonObject([])), extra: maybe(jsonObject(['kind', 'source', 'outputs', 'metadata']).filter((o) => Object.keys(o).length > 0)),
  }, { requiredKeys: ['kind', 'source', 'outputs'] }),
  fc.record({
    kind: fc.constant<'markdown'>('markdown'), source,
    metadata: maybe(jsonObject([])), extra: maybe(jsonObject(['kind', 'source', 'outputs', 'metadata']).filter((o) => Object.keys(o).length > 0)),
  }, { requiredKeys: ['kind', 'source'] }),
);

export const notebook: fc.Arbitrary<Notebook> = fc.record({
  bpnb: fc.constant<1>(1),
  metadata: jsonObject([]),
  cells: fc.array(cell, { maxLength: 4 }),
  extra: maybe(jsonObject(['bpnb', 'metadata', 'cells']).filter((o) => Object.keys(o).length > 0)),
}, { requiredKeys: ['bpnb', 'metadata', 'cells'] });

/** The notebook without the optional fields left undefined (the reader never sets them). */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function assertClearError(text: string, r: ReturnType<typeof parseNotebook>): void {
  if (r.ok) return;
  const { code, message, line, column } = r.error;
  assert.ok(['E_JSON', 'E_NOT_NOTEBOOK', 'E_VERSION', 'E_FORMAT'].includes(code), `code ${code}`);
  assert.ok(message.length > 0 && !/\n\s+at /.test(message), `message: ${message}`);
  const lines = text.split('\n');
  assert.ok(line >= 1 && line <= lines.length, `line ${line} of ${lines.length}`);
  assert.ok(column >= 1 && column <= lines[line - 1].length + 1, `column ${column} of a ${lines[line - 1].length}-character line`);
}

describe('properties/serializer', () => {
  it('a random notebook survives a save and reload unchanged, and saves to the same bytes again', () => {
    check(fc.property(notebook, (nb) => {
      const text = serializeNotebook(nb);
      const back = parseNotebook(text);
      assert.ok(back.ok, `did not read back: ${back.ok ? '' : back.error.message}\n${text}`);
      assert.deepEqual(plain(back.notebook), plain(nb));
      assert.equal(serializeNotebook(back.notebook), text);
    }), 1000);
  });

  it('random bytes give a notebook or a clear, located error, never an exception', () => {
    check(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = new TextDecoder().decode(bytes);
      assertClearError(text, parseNotebook(text));
    }), 1000);
  });

  it('a truncated notebook gives a clear E_JSON error located inside what is left', () => {
    check(fc.property(notebook, fc.double({ min: 0, max: 1, noNaN: true }), (nb, at) => {
      const whole = serializeNotebook(nb);
      const last = whole.trimEnd().length - 1; // the closing '}'
      const cut = 1 + Math.min(last - 1, Math.floor(at * last)); // keeps at least one character, loses at least the last '}'
      const text = whole.slice(0, cut);
      const r = parseNotebook(text);
      assert.ok(!r.ok, `a file cut at ${cut} of ${whole.length} still read as a notebook`);
      assert.equal(r.error.code, 'E_JSON');
      assertClearError(text, r);
    }), 1000);
  });

  it('a notebook with a few characters changed gives a notebook or a clear, located error', () => {
    const damage = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', 'x', '\u0000', ' ', '1')), { minLength: 1, maxLength: 3 });
    check(fc.property(notebook, damage, (nb, edits) => {
      let text = serializeNotebook(nb);
      for (const [at, ch] of edits) {
        const i = Math.floor(at * text.length);
        text = text.slice(0, i) + ch + text.slice(i + 1);
      }
      const r = parseNotebook(text);
      assertClearError(text, r);
      if (r.ok) assert.equal(parseNotebook(serializeNotebook(r.notebook)).ok, true, 'a damaged file that reads must also save and read back');
    }), 1000);
  });
});
