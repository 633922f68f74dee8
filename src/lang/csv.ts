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

const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/** 10^0 … 10^15, all exact doubles. */
const POW10: number[] = [];
for (let k = 0, p = 1; k <= 15; k++, p *= 10) POW10.push(p);

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * A field's number, or undefined if it is not one: `[+-]? (digits [. digits] | . digits) [e [+-] digits]`
 * with spaces or tabs around it, or nan / inf / infinity. One pass by char code (a million fields per
 * file): up to 15 digits and no exponent, m / 10^k is the correctly rounded value, as in the lexer.
 */
export function csvNumber(field: string): number | undefined {
  const v = scanNumber(field);
  if (v !== undefined) return v;
  // Other white space around it (a new line inside quotes, a no-break space): as String.trim sees it.
  const trimmed = field.trim();
  return trimmed.length !== field.length ? scanNumber(trimmed) : undefined;
}

function scanNumber(field: string): number | undefined {
  let i = 0;
  let end = field.length;
  while (i < end && (field.charCodeAt(i) === 32 || field.charCodeAt(i) === 9)) i++;
  while (end > i && (field.charCodeAt(end - 1) === 32 || field.charCodeAt(end - 1) === 9)) end--;
  const start = i;
  let sign = 1;
  let c = field.charCodeAt(i);
  if (c === 43 || c === 45) { if (c === 45) sign = -1; c = field.charCodeAt(++i); }
  let m = 0;
  let digits = 0;
  while (i < end && isDigit(c)) { m = m * 10 + (c - 48); digits++; c = field.charCodeAt(++i); }
  let frac = 0;
  if (i < end && c === 46) { // '.'
    c = field.charCodeAt(++i);
    while (i < end && isDigit(c)) { m = m * 10 + (c - 48); frac++; c = field.charCodeAt(++i); }
  }
  if (digits + frac === 0) return special(field.slice(start, end));
  if (i === end) return digits + frac <= 15 ? sign * (frac === 0 ? m : m / POW10[frac]) : Number(field.slice(start, end));
  if (c !== 101 && c !== 69) return undefined; // 'e' 'E'
  c = field.charCodeAt(++i);
  if (c === 43 || c === 45) c = field.charCodeAt(++i);
  if (!(i < end && isDigit(c))) return undefined;
  while (i < end && isDigit(field.charCodeAt(i))) i++;
  return i === end ? Number(field.slice(start, end)) : undefined;
}

function special(f: string): number | undefined {
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
  let values = new Float64Array(1024);
  let count = 0;
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
    if (count + columns > maxElements) {
      return fail('E_LIMIT', line, `has more than ${maxElements.toLocaleString('en-US')} numbers (the tensor size limit) by line ${line}`);
    }
    if (count + columns > values.length) {
      const grown = new Float64Array(Math.min(Math.max(2 * values.length, count + columns), maxElements));
      grown.set(values);
      values = grown;
    }
    for (let k = 0; k < fields.length; k++) {
      const v = csvNumber(fields[k]);
      if (v === undefined) return fail('E_CSV', line, notANumber(fields[k], line, k, header));
      values[count++] = v;
    }
    rows++;
  }
  if (columns < 0) return fail('E_CSV', 1, 'has no rows (only blank lines or comments)');
  if (rows === 0) return fail('E_CSV', firstLine, `has a header (line ${firstLine}) but no rows of numbers`);
  return { ok: true, table: { header, rows, columns, data: values.slice(0, count) } };
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
