// Reading data files from a cell: csv("points.csv"). The evaluator is
// synchronous and runs where there may be no file system (a Web Worker), so
// reading is split in two:
//
// 1. Before the run, the host asks `filesToRead(source)`: the file names of
//    every csv("…") call in the cell, found by scanning its tokens. It reads
//    them (the extension through vscode.workspace.fs beside the notebook,
//    src/notebook/cellFiles.ts; the CLI with node:fs, src/cli/dataFiles.ts)
//    and passes what it found with the run (RunOptions.files).
// 2. While the cell runs, csv(…) takes its file from there, parses it
//    (src/lang/csv.ts) and makes a constant: data, never a leaf.
//
// Every problem (a missing file, a ragged row, a bad number, a name that
// leaves the notebook's folder) is a diagnostic at the file name in the cell.

import { Tensor } from '../engine';
import type { Call, Expr } from './ast';
import { parseCsv, type CsvParse } from './csv';
import type { DiagnosticCode } from './diagnostics';
import { Lexer } from './lexer';
import type { Span } from './span';

/** The largest file csv() reads (the host checks the size before reading). */
export const MAX_CSV_BYTES = 10_000_000;

/** Why the host could not give a file's text. */
export type DataFileProblem =
  | 'missing'    // no such file
  | 'too-large'  // more than MAX_CSV_BYTES (`size` says how big)
  | 'unreadable' // anything else (`detail` says what: a folder, permission denied, not UTF-8 …)
  | 'no-folder'; // the notebook is not saved anywhere (untitled)

/** A file as the host found it: its text, or why there is none. Plain data (crosses the worker boundary). */
export type DataFile =
  | { text: string }
  | { problem: DataFileProblem; detail?: string; size?: number };

/** The files of one run, by the name written in the cell (`"data/points.csv"`). */
export type DataFiles = Record<string, DataFile>;

/** A csv("…") call's file name and where it is written. */
export interface FileRef { path: string; span: Span }

/**
 * What is wrong with a file name as written, or undefined. A name is read
 * relative to the notebook's folder and must stay inside it: no absolute
 * paths, no '..', '/' between folders (on every system).
 */
export function dataPathProblem(path: string): string | undefined {
  const hint = 'name a file in the notebook\'s folder or below it, e.g. "points.csv" or "data/points.csv"';
  if (path.trim() === '') return `the file name is empty: ${hint}`;
  if (path.includes('\\')) return `write '/' between folders, not '\\': ${hint}`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) return `'${path}' is an absolute path; csv reads only files beside the notebook: ${hint}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) return `the file name has a control character: ${hint}`;
  if (path.split('/').includes('..')) return `'${path}' leaves the notebook's folder ('..'); csv reads only files beside the notebook: ${hint}`;
  return undefined;
}

/** Every csv("…") call's file name in a cell's source, located, in order (invalid names too). */
export function fileRefs(source: string): FileRef[] {
  if (!source.includes('csv')) return []; // no lexing of a long cell that reads no file
  const lexer = new Lexer(source);
  const refs: FileRef[] = [];
  // The last two tokens: a call is `csv` `(` STRING.
  let before = lexer.next();
  let prev = lexer.next();
  while (prev.kind !== 'eof') {
    const t = lexer.next();
    if (t.kind === 'newline') continue; // csv(\n "points.csv") is still a call
    if (before.kind === 'name' && before.text === 'csv' && prev.kind === '(' && t.kind === 'string') {
      refs.push({ path: t.text.slice(1, -1), span: { start: t.start, end: t.end, line: t.line, column: t.column, endLine: t.endLine, endColumn: t.endColumn } });
    }
    before = prev;
    prev = t;
  }
  return refs;
}

/** The files the host should read for a cell: each valid name once, in order of first use. */
export function filesToRead(source: string): string[] {
  return [...new Set(fileRefs(source).map((r) => r.path).filter((p) => dataPathProblem(p) === undefined))];
}

/** The first csv(…) call inside an expression (to refuse it in a gate's body), iteratively. */
export function findCsvCall(e: Expr): Call | undefined {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'call':
        if (x.callee.name === 'csv') return x;
        stack.push(...x.args);
        break;
      case 'unary': stack.push(x.operand); break;
      case 'binary': stack.push(x.left, x.right); break;
      case 'index': stack.push(x.target, ...x.indices); break;
      case 'array': stack.push(...x.elements); break;
      default: break;
    }
  }
  return undefined;
}

/** What csv(…) uses of the evaluator. */
export interface CsvCallContext {
  readonly files?: DataFiles;
  readonly maxTensorSize: number;
  integer(e: Expr, what: string, code: DiagnosticCode): number;
  fail(code: DiagnosticCode, message: string, span: Span): never;
}

/** What csv(…) gives: the tensor, and the names of its columns when the file has a header. */
export interface CsvValue { tensor: Tensor; columns: string[] | undefined }

/** A file's parse, kept while its DataFile lives (one run in the kernel): reading it twice parses once. */
const parsed = new WeakMap<DataFile, { maxElements: number; result: CsvParse }>();

/**
 * csv(file): the file's numbers [rows, columns]; csv(file, c): column c as a
 * vector [rows]; csv(file, c1, c2, …): those columns [rows, k]. A column is a
 * 0-based index (negative counts from the end, as v[-1]) or a header name.
 */
export function csvCall(cx: CsvCallContext, e: Call): CsvValue {
  const arg = e.args[0];
  if (arg.kind !== 'string') {
    cx.fail('E_ARGUMENT', 'csv needs the file name as a string in quotes, e.g. csv("points.csv") (the file is read before the cell runs, so it cannot be computed)', arg.span);
  }
  const path = arg.value;
  const where = arg.span;
  const bad = dataPathProblem(path);
  if (bad !== undefined) cx.fail('E_FILE', bad, where);
  const file = cx.files?.[path];
  if (file === undefined) cx.fail('E_FILE', `'${path}' was not read: csv reads files only in a notebook run by the bpnb kernel or the bpnb command`, where);
  if ('problem' in file) cx.fail(file.problem === 'too-large' ? 'E_LIMIT' : 'E_FILE', problemText(path, file), where);
  if (file.text.length > MAX_CSV_BYTES) cx.fail('E_LIMIT', `'${path}' is larger than the limit of ${MB(MAX_CSV_BYTES)} for a CSV file`, where);

  let entry = parsed.get(file);
  if (entry === undefined || entry.maxElements !== cx.maxTensorSize) {
    entry = { maxElements: cx.maxTensorSize, result: parseCsv(file.text, cx.maxTensorSize) };
    parsed.set(file, entry);
  }
  const result = entry.result;
  if (!result.ok) cx.fail(result.problem.code, `${path} ${result.problem.message}`, where);
  const table = result.table;

  if (e.args.length === 1) {
    return { tensor: new Tensor([table.rows, table.columns], table.data.slice()), columns: table.header?.slice() };
  }
  const picks = e.args.slice(1).map((a) => column(cx, a, path, table.columns, table.header));
  const out = new Float64Array(table.rows * picks.length);
  for (let r = 0; r < table.rows; r++) {
    for (let k = 0; k < picks.length; k++) out[r * picks.length + k] = table.data[r * table.columns + picks[k]];
  }
  const names = table.header ? picks.map((k) => table.header![k]) : undefined;
  const shape = picks.length === 1 ? [table.rows] : [table.rows, picks.length];
  return { tensor: new Tensor(shape, out), columns: names };
}

/** A column argument: a header name in quotes, or an index (negative from the end). */
function column(cx: CsvCallContext, a: Expr, path: string, columns: number, header: string[] | undefined): number {
  if (a.kind === 'string') {
    if (header === undefined) cx.fail('E_ARGUMENT', `${path} has no header row, so its columns have no names: pick a column by its index, 0 to ${columns - 1}`, a.span);
    const k = header.indexOf(a.value);
    if (k < 0) cx.fail('E_ARGUMENT', `${path} has no column "${a.value}"; its columns are ${header.map((h) => `"${h}"`).join(', ')}`, a.span);
    return k;
  }
  const k = cx.integer(a, 'a column index', 'E_INDEX');
  if (k < -columns || k >= columns) cx.fail('E_INDEX', `column ${k} is out of range: ${path} has ${columns} column${columns === 1 ? '' : 's'} (0 to ${columns - 1}, or -1 for the last)`, a.span);
  return k < 0 ? columns + k : k;
}

function problemText(path: string, file: { problem: DataFileProblem; detail?: string; size?: number }): string {
  switch (file.problem) {
    case 'missing': return `cannot read '${path}': there is no such file in the notebook's folder${file.detail ? ` (${file.detail})` : ''}`;
    case 'too-large': return `'${path}' is ${file.size !== undefined ? MB(file.size) : 'too large'}, more than the limit of ${MB(MAX_CSV_BYTES)} for a CSV file`;
    case 'no-folder': return `cannot read '${path}': the notebook is not saved in a folder yet (save it beside the file first)`;
    case 'unreadable': return `cannot read '${path}'${file.detail ? `: ${file.detail}` : ''}`;
  }
}

// Formatted only when a message needs it: the first toLocaleString with options starts
// ICU's number formatting, 10-25 ms that every CLI run and kernel start would pay at import.
function MB(bytes: number): string {
  const megabytes = (n: number) => (n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 });
  const mb = megabytes(bytes);
  // Just over the limit would read "10 MB, more than the limit of 10 MB": say the bytes.
  return bytes !== MAX_CSV_BYTES && mb === megabytes(MAX_CSV_BYTES) ? `${bytes.toLocaleString('en-US')} bytes` : `${mb} MB`;
}
