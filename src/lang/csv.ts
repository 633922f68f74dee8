// Comma-separated values as numbers: the text of a CSV file (RFC 4180, as
// spreadsheets and pandas write it) to a table of float64s, row-major. Pure:
// no file system here (the host reads the file, src/lang/dataFiles.ts turns
// csv(…) into a tensor).
//
// - Fields are separated by ',' and records by '\n', '\r\n' or '\r'. A field in
//   double quotes may hold ',', new lines and "" (a quote).
// - Blank lines and lines starting with '#' are skipped (as numpy.loadtxt does),
//   so a trailing empty line, or a comment above the data, is fine.
// - The first record is a header when none of its fields is a number: its
//   fields are the column names. Otherwise it is data.
// - Every data field is a number: JavaScript/Python syntax (`-1.5`, `.5`,
//   `2e-3`, `+3`), or `nan`, `inf`, `-inf` in any case; spaces around it are
//   ignored. An empty field is an error (there is no missing-value marker).
// - Every record has as many fields as the first one.

export interface CsvTable {
  /** The header's column names, when the first record is a header. */
  header: string[] | undefined;
  rows: number;
  columns: number;
  /** rows × columns numbers, row by row. */
  data: Float64Array;
}

export interface CsvProblem {
  /** 'E_CSV' for malformed content, 'E_LIMIT' for too many numbers. */
  code: 'E_CSV' | 'E_LIMIT';
  /** The file's line (1-based) where the problem is. */
  line: number;
  /** Says where and what, to follow the file's name: 'points.csv' + ' line 7 has 2 fields, expected 3 (as line 1)'. */
  message: string;
}

export type CsvParse = { ok: true; table: CsvTable } | { ok: false; problem: CsvProblem };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/** A field's number, or undefined if it is not one. */
export function csvNumber(field: string): number | undefined {
  const f = field.trim();
  if (NUMBER.test(f)) return Number(f);
  const m = SPECIAL.exec(f);
  if (m) return m[2].toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** Parses CSV text; at most `maxElements` numbers (rows × columns) in all. */
export function parseCsv(text: string, maxElements: number): CsvParse {
  const records = new CsvRecords(text, maxElements);
  let header: string[] | undefined;
  let columns = -1;
  let firstLine = 0;
  const values: number[] = [];
  let rows = 0;
  for (;;) {
    const rec = records.next();
    if (rec === undefined) break;
    if ('problem' in rec) return { ok: false, problem: rec.problem };
    const { fields, line } = rec;
    if (columns < 0) {
      columns = fields.length;
      firstLine = line;
      if (fields.every((f) => csvNumber(f) === undefined)) {
        header = fields.map((f) => f.trim());
        continue;
      }
    } else if (fields.length !== columns) {
      return fail('E_CSV', line, `line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${columns} (as line ${firstLine}${header ? ', the header' : ''})`);
    }
    if (values.length + columns > maxElements) {
      return fail('E_LIMIT', line, `has more than ${maxElements.toLocaleString('en-US')} numbers (the tensor size limit) by line ${line}`);
    }
    for (let k = 0; k < fields.length; k++) {
      const v = csvNumber(fields[k]);
      if (v === undefined) return fail('E_CSV', line, notANumber(fields[k], line, k, header));
      values.push(v);
    }
    rows++;
  }
  if (columns < 0) return fail('E_CSV', 1, 'has no rows (only blank lines or comments)');
  if (rows === 0) return fail('E_CSV', firstLine, `has a header (line ${firstLine}) but no rows of numbers`);
  return { ok: true, table: { header, rows, columns, data: Float64Array.from(values) } };
}

function fail(code: CsvProblem['code'], line: number, message: string): CsvParse {
  return { ok: false, problem: { code, line, message } };
}

function notANumber(field: string, line: number, k: number, header: string[] | undefined): string {
  const name = header?.[k] ? ` ("${header[k]}")` : '';
  const shown = field.trim().length > 40 ? `${field.trim().slice(0, 40)}…` : field.trim();
  const what = shown === '' ? 'is empty' : `'${shown}' is not a number`;
  // A file separated by ';' or tabs reads as one field per line.
  const hint = /[;\t]/.test(field) ? ' (fields must be separated by commas)' : '';
  return `line ${line}, column ${k + 1}${name}: ${what}${hint}`;
}

type CsvRecord = { fields: string[]; line: number } | { problem: CsvProblem };

/** The records of a CSV text, one at a time, with the line each starts on. */
class CsvRecords {
  private i = 0;
  /** The 1-based line of position i. */
  private line = 1;

  /** `maxFields`: a record with more fields than this stops the reading (one 10 MB line of "1,1,…" is 5 million fields). */
  constructor(private readonly text: string, private readonly maxFields: number) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1; // a byte-order mark
  }

  next(): CsvRecord | undefined {
    const t = this.text;
    // Skip blank lines and comment lines.
    for (;;) {
      if (this.i >= t.length) return undefined;
      let j = this.i;
      while (j < t.length && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9)) j++;
      const c = t.charCodeAt(j);
      if (j >= t.length) { this.i = j; return undefined; }
      if (c === 35) { // '#'
        while (j < t.length && t.charCodeAt(j) !== 10 && t.charCodeAt(j) !== 13) j++;
        this.i = j;
        this.endOfLine();
        continue;
      }
      if (c === 10 || c === 13) { this.i = j; this.endOfLine(); continue; }
      break;
    }
    const line = this.line;
    const fields: string[] = [];
    for (;;) {
      const field = this.field();
      if (typeof field !== 'string') return field;
      fields.push(field);
      if (fields.length > this.maxFields) {
        return { problem: { code: 'E_LIMIT', line, message: `has more than ${this.maxFields.toLocaleString('en-US')} numbers (the tensor size limit) in line ${line} alone` } };
      }
      if (t.charCodeAt(this.i) === 44) { this.i++; continue; } // ','
      this.endOfLine();
      return { fields, line };
    }
  }

  /** One field, from i to just before its ',' or end of line; i is left there. */
  private field(): string | { problem: CsvProblem } {
    const t = this.text;
    let j = this.i;
    while (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9) j++;
    if (t.charCodeAt(j) !== 34) { // unquoted
      let k = this.i;
      while (k < t.length) {
        const c = t.charCodeAt(k);
        if (c === 44 || c === 10 || c === 13) break;
        k++;
      }
      const field = t.slice(this.i, k);
      this.i = k;
      return field;
    }
    const openLine = this.line;
    let value = '';
    let k = j + 1;
    for (;;) {
      const close = t.indexOf('"', k);
      if (close < 0) {
        return { problem: { code: 'E_CSV', line: openLine, message: `line ${openLine}: a quoted field is never closed (a " is missing)` } };
      }
      value += t.slice(k, close);
      this.countLines(k, close);
      if (t.charCodeAt(close + 1) === 34) { value += '"'; k = close + 2; continue; } // "" is a quote
      k = close + 1;
      break;
    }
    while (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 9) k++;
    const c = t.charCodeAt(k);
    if (k < t.length && c !== 44 && c !== 10 && c !== 13) {
      return { problem: { code: 'E_CSV', line: this.line, message: `line ${this.line}: text after a quoted field's closing quote` } };
    }
    this.i = k;
    return value;
  }

  private countLines(from: number, to: number): void {
    const t = this.text;
    for (let k = from; k < to; k++) {
      const c = t.charCodeAt(k);
      if (c === 10 || (c === 13 && t.charCodeAt(k + 1) !== 10)) this.line++;
    }
  }

  /** Steps over the line end at i ('\n', '\r\n' or '\r'), if any. */
  private endOfLine(): void {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === 13) this.i += t.charCodeAt(this.i + 1) === 10 ? 2 : 1;
    else if (c === 10) this.i++;
    else return;
    this.line++;
  }
}
