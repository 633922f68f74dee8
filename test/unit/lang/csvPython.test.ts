// An independent oracle for the CSV reader: files written by Python's own csv
// module (the writer spreadsheets-in-Python and pandas build on), with every
// quoting style and line end it offers, read back by csv.ts as exactly the
// header and the numbers Python was given. python3 is a prerequisite of npm
// test (it runs PyTorch); without it this test fails, saying why.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parseCsv } from '../../../src/lang/csv';
import { SEED, runs } from '../properties/config';

/** Python writes each table with the given quoting and line end; returns the texts. */
const WRITER = `
import csv, io, json, sys
out = []
for case in json.load(sys.stdin):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=getattr(csv, case['quoting']), lineterminator=case['eol'])
    if case['header'] is not None:
        w.writerow(case['header'])
    for row in case['rows']:
        w.writerow([float(v) if v is not None else float('nan') for v in row])
    out.append(buf.getvalue())
json.dump(out, sys.stdout)
`;

interface Case { quoting: string; eol: string; header: string[] | null; rows: (number | null)[][] }

const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -99, max: 99 }), fc.constantFrom(null, 1e-300, -0));
/** Column names: any text that is not a number (a letter first), no spaces at the ends, commas, quotes and line ends allowed. */
const name = fc.string({ maxLength: 10 }).map((s) => `c${s}`.trim()).filter((s) => s.length > 0);

describe('lang: CSV files written by Python\'s csv module', function () {
  this.timeout(60_000);

  it('read back as exactly the header and the numbers Python wrote, for every quoting style and line end', () => {
    const cases: Case[] = fc.sample(
      fc.integer({ min: 1, max: 4 }).chain((cols) => fc.record({
        quoting: fc.constantFrom('QUOTE_MINIMAL', 'QUOTE_ALL', 'QUOTE_NONNUMERIC'),
        eol: fc.constantFrom('\r\n', '\n'),
        header: fc.option(fc.array(name, { minLength: cols, maxLength: cols }), { nil: null }),
        rows: fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 6 }),
      })),
      { seed: SEED, numRuns: runs(200) },
    );
    const py = spawnSync('python3', ['-c', WRITER], { input: JSON.stringify(cases), encoding: 'utf8' });
    assert.equal(py.error, undefined, `python3 is needed for this oracle: ${py.error?.message}`);
    assert.equal(py.status, 0, py.stderr);
    const texts = JSON.parse(py.stdout) as string[];
    assert.equal(texts.length, cases.length);
    cases.forEach((c, i) => {
      const p = parseCsv(texts[i], 1_000_000);
      assert.ok(p.ok, `${JSON.stringify(texts[i])}: ${p.ok ? '' : p.problem.message}`);
      assert.deepEqual(p.table.header, c.header ?? undefined, JSON.stringify(texts[i]));
      // -0 travels to Python as JSON, which has no -0.
      const want = c.rows.flat().map((v) => (v === null ? NaN : Object.is(v, -0) ? 0 : v));
      assert.deepEqual([...p.table.data], want, JSON.stringify(texts[i]));
    });
  });
});
