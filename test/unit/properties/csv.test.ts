// Properties of the CSV reader (src/lang/csv.ts): any table of numbers,
// written in any of the ways files are written (quoted or not, spaces around
// fields, CRLF / LF / CR, a header, blank and comment lines, a trailing line
// end or none, a byte-order mark), reads back as exactly those numbers; and
// arbitrary text never throws, giving a table or a problem at a line inside
// the text.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvNumber, parseCsv } from '../../../src/lang/csv';
import { check } from './config';

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0.1, -2.5, 1e-300, 5e-324, 1.7976931348623157e308),
);

/** How one number is written: JavaScript's shortest round-trip text, or its exponent form. */
const written = (v: number, exp: boolean) => (Object.is(v, -0) ? '-0' : exp ? v.toExponential() : String(v));

const layout = fc.record({
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quote: fc.boolean(),
  pad: fc.constantFrom('', ' ', '\t', '  '),
  exp: fc.boolean(),
  header: fc.boolean(),
  blank: fc.boolean(),
  comment: fc.boolean(),
  trailing: fc.boolean(),
  bom: fc.boolean(),
});

describe('properties: CSV files', () => {
  it('a table of numbers, however the file is laid out, reads back as exactly those numbers', () => {
    check(fc.property(
      fc.integer({ min: 1, max: 5 }).chain((cols) => fc.array(fc.array(number, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 8 })),
      layout,
      (table, l) => {
        const field = (text: string) => (l.quote ? `${l.pad}"${text}"${l.pad}` : `${l.pad}${text}${l.pad}`);
        const lines = table.map((row) => row.map((v) => field(written(v, l.exp))).join(','));
        if (l.blank) lines.splice(Math.floor(lines.length / 2), 0, l.pad);
        if (l.comment) lines.unshift('# made by a property');
        // A quoted header name may hold a comma and a quote (written "").
        if (l.header) lines.unshift(table[0].map((_, k) => field(l.quote ? `col ${k}, ""q""` : `col ${k}`)).join(','));
        const text = (l.bom ? '\ufeff' : '') + lines.join(l.eol) + (l.trailing ? l.eol : '');
        const p = parseCsv(text, 1_000_000);
        assert.ok(p.ok, `${JSON.stringify(text)}: ${p.ok ? '' : p.problem.message}`);
        assert.equal(p.table.rows, table.length);
        assert.equal(p.table.columns, table[0].length);
        assert.deepEqual(p.table.header, l.header ? table[0].map((_, k) => (l.quote ? `col ${k}, "q"` : `col ${k}`)) : undefined);
        assert.deepEqual([...p.table.data], table.flat().map((v) => (Object.is(v, -0) ? -0 : v)));
      },
    ), 500);
  });

  it('a field\'s number: the one-pass scanner agrees with the grammar written as a regular expression and Number()', () => {
    // The specification, slowly: trim, match the grammar, then JavaScript's own conversion.
    const spec = (field: string): number | undefined => {
      const f = field.trim();
      if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(f)) return Number(f);
      const m = /^([+-]?)(nan|inf|infinity)$/i.exec(f);
      return m ? (m[2].toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity) : undefined;
    };
    const piece = fc.constantFrom('0', '1', '7', '9', '12345678', '.', '-', '+', 'e', 'E', ' ', '\t', '\n', 'x', 'nan', 'Inf', 'inity', '\u00a0');
    const field = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((a) => a.join('')),
      fc.double().map(String),
      fc.double().map((d) => d.toExponential()),
      fc.double().map((d) => d.toFixed(Math.abs(d) < 1e21 ? 17 : 0)),
    );
    check(fc.property(field, (f) => {
      assert.ok(Object.is(csvNumber(f), spec(f)), `${JSON.stringify(f)}: ${csvNumber(f)} vs ${spec(f)}`);
    }), 5000);
  });

  it('arbitrary text never throws: a table, or a problem at a line of the text', () => {
    const soup = fc.array(fc.constantFrom('1', '-2.5', 'x', ',', '"', '""', '\n', '\r\n', '\r', ' ', '#', 'nan', '', 'e', '.'), { maxLength: 40 }).map((a) => a.join(''));
    check(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), soup), (text) => {
      const p = parseCsv(text, 1_000);
      if (p.ok) {
        assert.equal(p.table.data.length, p.table.rows * p.table.columns);
        assert.ok(p.table.rows >= 1 && p.table.columns >= 1);
      } else {
        const lineCount = text.split(/\r\n|\r|\n/).length;
        assert.ok(p.problem.line >= 1 && p.problem.line <= lineCount, `line ${p.problem.line} of ${lineCount}: ${p.problem.message}`);
        assert.ok(['E_CSV', 'E_LIMIT'].includes(p.problem.code));
      }
    }), 3000);
  });
});
