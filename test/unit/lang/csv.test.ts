// Reading CSV files: the text parser (src/lang/csv.ts), the scan for the
// files a cell reads and the csv(…) built-in (src/lang/dataFiles.ts), through
// a real Session with the files a host would pass (RunOptions.files).

import assert from 'node:assert/strict';
import { Session, tokenize, printProgram, parse } from '../../../src/lang';
import { csvNumber, parseCsv, type CsvParse } from '../../../src/lang/csv';
import { MAX_CSV_BYTES, dataPathProblem, fileRefs, filesToRead, type DataFiles } from '../../../src/lang/dataFiles';

const BIG = 1_000_000;

function table(p: CsvParse) {
  assert.ok(p.ok, p.ok ? '' : p.problem.message);
  return p.table;
}

function problem(p: CsvParse) {
  assert.ok(!p.ok, 'expected the CSV to be refused');
  return p.problem;
}

describe('lang: the CSV parser', () => {
  it('reads numbers row by row, and a header row (no field a number) as the column names', () => {
    const t = table(parseCsv('x,y,label\n1,2.5,0\n-3,.5e1,1\n', BIG));
    assert.deepEqual(t.header, ['x', 'y', 'label']);
    assert.equal(t.rows, 2);
    assert.equal(t.columns, 3);
    assert.deepEqual([...t.data], [1, 2.5, 0, -3, 5, 1]);
    const n = table(parseCsv('1,2\n3,4', BIG));
    assert.equal(n.header, undefined, 'a first row of numbers is data');
    assert.deepEqual([...n.data], [1, 2, 3, 4]);
  });

  it('takes CRLF and lone CR line ends, a byte-order mark, blank lines, # comments and a trailing empty line', () => {
    const t = table(parseCsv('\ufeff# made by hand\r\na,b\r\n1,2\r\n\r\n  \r\n3,4\r5,6\r\n\r\n', BIG));
    assert.deepEqual(t.header, ['a', 'b']);
    assert.deepEqual([...t.data], [1, 2, 3, 4, 5, 6]);
  });

  it('reads quoted fields: commas, "" and new lines inside them, spaces around numbers', () => {
    const t = table(parseCsv('"x, cm","say ""hi""","two\nlines"\n " 1 ", 2 ,3\n', BIG));
    assert.deepEqual(t.header, ['x, cm', 'say "hi"', 'two\nlines']);
    assert.deepEqual([...t.data], [1, 2, 3]);
  });

  it('reads nan and inf in any case, as numpy does, and numbers exactly as JavaScript parses them', () => {
    assert.ok(Number.isNaN(csvNumber('NaN')));
    assert.equal(csvNumber('-inf'), -Infinity);
    assert.equal(csvNumber('Infinity'), Infinity);
    assert.equal(csvNumber('+3'), 3);
    assert.equal(csvNumber('0.1'), 0.1);
    assert.equal(csvNumber('1e'), undefined);
    assert.equal(csvNumber('0x10'), undefined);
    assert.equal(csvNumber(''), undefined);
  });

  it('refuses a ragged row, naming its file line (counting the lines of a quoted field) and the expected count', () => {
    const p = problem(parseCsv('a,b,c\n1,2,3\n\n4,5\n', BIG));
    assert.equal(p.code, 'E_CSV');
    assert.equal(p.line, 4);
    assert.equal(p.message, 'line 4 has 2 fields, expected 3 (as line 1, the header)');
    const q = problem(parseCsv('1,"2\n",3\n4,5,6,7\n', BIG));
    assert.equal(q.line, 3);
    assert.match(q.message, /^line 3 has 4 fields, expected 3 \(as line 1\)$/);
  });

  it('refuses a field that is not a number with its line and column (and its header name), and an empty field', () => {
    const p = problem(parseCsv('x,y\n1,2\n3,abc\n', BIG));
    assert.equal(p.line, 3);
    assert.equal(p.message, 'line 3, column 2 ("y"): \'abc\' is not a number');
    assert.equal(problem(parseCsv('1,2\n3,\n', BIG)).message, 'line 2, column 2: is empty');
    // A first row that mixes numbers and text is data with a bad field, not a header.
    assert.equal(problem(parseCsv('1,x\n2,3\n', BIG)).message, "line 1, column 2: 'x' is not a number");
    assert.match(problem(parseCsv('a;b\n1;2\n', BIG)).message, /'1;2' is not a number \(fields must be separated by commas\)/);
  });

  it('refuses an unclosed quote at the line it opened, text after a closing quote, and a file without rows', () => {
    assert.deepEqual(problem(parseCsv('1,2\n"3,4\n5,6\n', BIG)), { code: 'E_CSV', line: 2, message: 'line 2: a quoted field is never closed (a " is missing)' });
    assert.equal(problem(parseCsv('"1"x,2\n', BIG)).message, "line 1: text after a quoted field's closing quote");
    assert.equal(problem(parseCsv('', BIG)).message, 'has no rows (only blank lines or comments)');
    assert.equal(problem(parseCsv('\n# nothing\n', BIG)).line, 1);
    assert.equal(problem(parseCsv('x,y\n', BIG)).message, 'has a header (line 1) but no rows of numbers');
  });

  it('stops at the element limit with E_LIMIT, at the row that passes it', () => {
    const p = problem(parseCsv('1,2\n3,4\n5,6\n', 5));
    assert.equal(p.code, 'E_LIMIT');
    assert.equal(p.line, 3);
    assert.equal(table(parseCsv('1,2\n3,4\n5,6\n', 6)).rows, 3);
    // One long line stops at the limit too, before it is all split.
    const wide = problem(parseCsv(`1,2\n${'7,'.repeat(100)}7\n`, 50));
    assert.deepEqual([wide.code, wide.line], ['E_LIMIT', 2]);
    assert.equal(wide.message, 'has more than 50 numbers (the tensor size limit) in line 2 alone');
  });
});

describe('lang: the files a cell reads', () => {
  it('finds each csv("…") call, located, skipping comments and computed names', () => {
    const src = 'X = csv("a.csv")  # csv("comment.csv")\ny = csv(\n  \'data/b.csv\', -1) + csv(name)\nz = other("c.csv")';
    assert.deepEqual(fileRefs(src).map((r) => [r.path, r.span.line, r.span.column, r.span.endColumn]), [['a.csv', 0, 8, 15], ['data/b.csv', 2, 2, 14]]);
    assert.deepEqual(filesToRead(src), ['a.csv', 'data/b.csv']);
    assert.deepEqual(filesToRead('a = csv("x.csv"); b = csv("x.csv"); c = csv("../up.csv"); d = csv("/etc/passwd")'), ['x.csv'], 'each valid name once');
    assert.deepEqual(filesToRead('x = 1 + 2'), []);
  });

  it('keeps names inside the notebook\'s folder: no absolute path, no .., no backslash, nothing empty', () => {
    for (const ok of ['points.csv', 'data/points.csv', './points.csv', 'a..b.csv', 'my data/p q.csv']) assert.equal(dataPathProblem(ok), undefined, ok);
    for (const bad of ['', '  ', '/etc/passwd', 'C:/x.csv', 'c:x.csv', '~/x.csv', '../x.csv', 'data/../../x.csv', 'data/..', 'data\\x.csv', 'a\u0000.csv']) {
      assert.ok(dataPathProblem(bad), `should refuse ${JSON.stringify(bad)}`);
    }
  });

  it('lexes strings in either quote, and an unclosed one is E_SYNTAX at its start; printing keeps them', () => {
    const { tokens } = tokenize('csv("a b.csv", \'x\')');
    assert.deepEqual(tokens.filter((t) => t.kind === 'string').map((t) => t.text), ['"a b.csv"', "'x'"]);
    const bad = tokenize('X = csv("a.csv)\ny = 1');
    assert.equal(bad.diagnostics.length, 1);
    assert.equal(bad.diagnostics[0].code, 'E_SYNTAX');
    assert.equal(bad.diagnostics[0].range.startColumn, 8);
    assert.equal(printProgram(parse('X = csv("a.csv", \'y\', -1)').program), 'X = csv("a.csv", \'y\', -1)');
  });
});

describe('lang: csv(…)', () => {
  const files: DataFiles = {
    'p.csv': { text: 'x,y,label\n0.5,1,0\n-2,3,1\n4,-1,1\n' },
    'plain.csv': { text: '1,2\n3,4\n' },
    'ragged.csv': { text: 'x,y\n1,2\n3,4\n5\n' },
    'nan.csv': { text: '1,2\n3,oops\n' },
    'gone.csv': { problem: 'missing', detail: '/home/me/notebooks' },
    'big.csv': { problem: 'too-large', size: 12_345_678 },
    'dir.csv': { problem: 'unreadable', detail: 'is a folder' },
    'u.csv': { problem: 'no-folder' },
  };
  const run = (src: string | string[], s = new Session()) => {
    let r;
    for (const cell of Array.isArray(src) ? src : [src]) r = s.run(cell, { cellId: 'c', files });
    return { r: r!, s };
  };
  const err = (src: string, s = new Session()) => {
    const { r } = run(src, s);
    assert.equal(r.ok, false, `expected ${src} to fail`);
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    return { code: d.code, at: [d.range.startLine, d.range.startColumn, d.range.endColumn], message: d.message };
  };

  it('gives the whole file [rows, columns], one column as a vector, several as [rows, k], by index or header name', () => {
    const first = run('A = csv("p.csv"); y = csv("p.csv", -1); X = csv("p.csv", "x", 1); B = csv("plain.csv", 1, 1)');
    const v = first.r.variables;
    assert.deepEqual(v.A.shape, [3, 3]);
    assert.deepEqual(v.A.value, [[0.5, 1, 0], [-2, 3, 1], [4, -1, 1]]);
    assert.deepEqual(v.y.shape, [3]);
    assert.deepEqual(v.y.value, [0, 1, 1]);
    assert.deepEqual(v.X.value, [[0.5, 1], [-2, 3], [4, -1]]);
    assert.deepEqual(v.B.value, [[2, 2], [4, 4]]);
    // The header's names are kept for the hover (of the columns picked); a file without a header has none.
    assert.deepEqual(v.A.columns, ['x', 'y', 'label']);
    assert.deepEqual(v.X.columns, ['x', 'y']);
    assert.deepEqual(v.y.columns, ['label']);
    assert.equal(v.B.columns, undefined);
    // The graph's node carries them too (for the renderer's details).
    const shown = run('show X', first.s).r.graph!;
    assert.deepEqual(shown.nodes.find((n) => n.name === 'X')?.columns, ['x', 'y']);
  });

  it('is data: a constant an assignment keeps constant, no gradient, never trained by descend', () => {
    const { r, s } = run([
      'X = csv("p.csv", "x", "y"); y = 2 * csv("p.csv", "label") - 1',
      'w = [0.1, -0.2]; b = 0.0',
      'L = mean(relu(1 - y * (X @ w + b)))',
      'descend L steps 5 lr 0.1',
    ]);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('; '));
    assert.deepEqual(r.descents![0].wrt, ['w', 'b'], 'the data are not leaves');
    assert.deepEqual(r.variables.X.value, [[0.5, 1], [-2, 3], [4, -1]], 'descend left the data alone');
    assert.equal(r.variables.X.grad, undefined);
    const g = err('g = grad(X)', s);
    assert.equal(g.code, 'E_NO_GRAD');
  });

  it('reports a missing file, a ragged row and a bad number at the file name, with the file line', () => {
    assert.deepEqual(err('x = 1\nA = csv("gone.csv")'), {
      code: 'E_FILE', at: [1, 8, 18],
      message: "cannot read 'gone.csv': there is no such file in the notebook's folder (/home/me/notebooks); nothing this cell assigned was kept (x)",
    });
    assert.deepEqual(err('A = csv("ragged.csv")'), { code: 'E_CSV', at: [0, 8, 20], message: 'ragged.csv line 4 has 1 field, expected 2 (as line 1, the header)' });
    assert.deepEqual(err('A = 2 * csv(\'nan.csv\', 0)'), { code: 'E_CSV', at: [0, 12, 21], message: "nan.csv line 2, column 2: 'oops' is not a number" });
  });

  it('reports the size limit, an unreadable file and an untitled notebook; a file the host did not read', () => {
    assert.deepEqual(err('A = csv("big.csv")'), { code: 'E_LIMIT', at: [0, 8, 17], message: "'big.csv' is 12.3 MB, more than the limit of 10 MB for a CSV file" });
    assert.equal(err('A = csv("dir.csv")').message, "cannot read 'dir.csv': is a folder");
    assert.match(err('A = csv("u.csv")').message, /not saved in a folder yet/);
    assert.match(err('A = csv("never.csv")').message, /^'never\.csv' was not read/);
    const huge = new Session().run('A = csv("h.csv")', { files: { 'h.csv': { text: 'x'.repeat(MAX_CSV_BYTES + 1) } } });
    assert.equal(huge.diagnostics[0].code, 'E_LIMIT');
    const many = new Session({ maxTensorSize: 4 }).run('A = csv("p.csv")', { files });
    assert.equal(many.diagnostics[0].code, 'E_LIMIT');
    assert.match(many.diagnostics[0].message, /^p\.csv has more than 4 numbers/);
  });

  it('refuses names outside the folder, computed names, csv in a gate, and strings anywhere else', () => {
    assert.deepEqual(err('A = csv("../secret.csv")').at, [0, 8, 23]);
    assert.equal(err('A = csv("../secret.csv")').code, 'E_FILE');
    assert.equal(err('A = csv("/etc/passwd")').code, 'E_FILE');
    assert.deepEqual(err('n = 1; A = csv(n)'), { code: 'E_ARGUMENT', at: [0, 15, 16], message: 'csv needs the file name as a string in quotes, e.g. csv("points.csv") (the file is read before the cell runs, so it cannot be computed); nothing this cell assigned was kept (n)' });
    assert.equal(err('def load(k) = csv("p.csv", k)').code, 'E_ARGUMENT');
    assert.match(err('def load(k) = 2 * csv("p.csv", k)').message, /^csv cannot be called inside a gate/);
    assert.deepEqual(err('a = "p.csv" + 1').at, [0, 4, 11]);
    assert.equal(err('a = "p.csv" + 1').code, 'E_ARGUMENT');
    assert.equal(err('A = csv("plain.csv", "x")').message, 'plain.csv has no header row, so its columns have no names: pick a column by its index, 0 to 1');
    assert.deepEqual(err('A = csv("p.csv", 3)').code, 'E_INDEX');
    assert.equal(err('A = csv("p.csv", "z")').message, 'p.csv has no column "z"; its columns are "x", "y", "label"');
    assert.equal(err('A = csv()').code, 'E_ARITY');
  });

  it('keeps a cell transactional: a bad file later in the cell drops what the cell did before it', () => {
    const s = new Session();
    run('A = csv("plain.csv")', s);
    const bad = err('A = csv("p.csv"); B = csv("ragged.csv")', s);
    assert.equal(bad.code, 'E_CSV');
    const after = run('A', s).r;
    assert.deepEqual(after.variables.A.value, [[1, 2], [3, 4]], 'A is still the first file');
    assert.equal(after.variables.B, undefined);
  });
});
