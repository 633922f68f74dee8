// What `bpnb run` prints: the JSON document of spec §4, a readable text report,
// and error lines `FILE:LINE:COL: message` for stderr.

import { formatNumber, formatTensor } from '../diagram';
import type { JsonScalar, JsonTensor } from '../diagram/payload';
import type { BoundaryPlot, CurvePlot, DescentPlot } from '../diagram/plotPayload';
import { plotCaption } from '../diagram/plotReading';
import type { CheckResult, Diagnostic } from '../lang/result';
import type { CellRun } from './runNotebook';

export interface JsonVariable { value: JsonTensor; grad?: JsonTensor; tangent?: JsonTensor }
export interface JsonError { code: string; message: string; line: number; column: number }
export interface JsonCell {
  index: number;
  ok: boolean;
  variables: Record<string, JsonVariable>;
  checks: CheckResult[];
  errors: JsonError[];
  /** What the cell said besides its variables (spec §4): echoes, `seed`, check lines; present when any. */
  messages?: string[];
  /** One per `plot` in the cell (spec §4); present when any. */
  plots?: JsonPlot[];
  /** One per `descend` in the cell (spec §4); present when any. */
  descents?: JsonDescent[];
  /** One per `boundary` in the cell (an addition to spec §4); present when any. */
  boundaries?: JsonBoundary[];
}
/** Spec §4's plot, plus the current point (`at`) and the warning the cell showed. */
export interface JsonPlot {
  target: string; wrt: string; x: number[]; value: JsonScalar[]; grad: JsonScalar[];
  at: CurvePlot['at']; warning?: string;
}
/** Spec §4's descent: `loss` has steps + 1 entries. */
export interface JsonDescent { target: string; wrt: string[]; steps: number; lr: [number, number]; loss: JsonScalar[] }
/** A decision boundary: the grid (x, y: cell centres; value row by row, value[j · x.length + i] at (x[i], y[j])) and the points. */
export type JsonBoundary = Omit<BoundaryPlot, 'kind'>;
export interface JsonReport { cells: JsonCell[] }

/** Spec §4. Error lines and columns are 1-based within the cell's source. */
export function jsonReport(runs: readonly CellRun[]): JsonReport {
  return { cells: runs.map((run) => jsonCell(run, true)) };
}

/** One cell of the report; without `withVariables` its `variables` are left empty (jsonText.ts writes them itself). */
export function jsonCell({ index, result }: CellRun, withVariables: boolean): JsonCell {
  const variables: Record<string, JsonVariable> = {};
  if (withVariables) {
    for (const name of Object.keys(result.variables).sort()) {
      const v = result.variables[name];
      const out: JsonVariable = { value: v.value };
      if (v.grad !== undefined) out.grad = v.grad;
      if (v.tangent !== undefined) out.tangent = v.tangent;
      variables[name] = out;
    }
  }
  const cell: JsonCell = {
    index,
    ok: result.ok,
    variables,
    checks: result.checks,
    errors: errorsOf(result.diagnostics).map((d) => ({
      code: d.code, message: d.message, line: d.range.startLine + 1, column: d.range.startColumn + 1,
    })),
  };
  if (result.messages.length > 0) cell.messages = result.messages;
  if (result.plots?.length) cell.plots = result.plots.map(jsonPlot);
  if (result.descents?.length) cell.descents = result.descents.map(jsonDescent);
  if (result.boundaries?.length) cell.boundaries = result.boundaries.map(({ kind: _kind, ...rest }) => rest);
  return cell;
}

function jsonPlot(p: CurvePlot): JsonPlot {
  const out: JsonPlot = { target: p.target, wrt: p.wrt, x: p.x, value: p.value, grad: p.grad, at: p.at };
  if (p.warning !== undefined) out.warning = p.warning;
  return out;
}

function jsonDescent(d: DescentPlot): JsonDescent {
  return { target: d.target, wrt: d.wrt, steps: d.steps, lr: d.lr, loss: d.loss };
}

export const errorsOf = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.severity === 'error');

/** Maps a 1-based position in a cell to the position an editor should jump to. */
export type Locate = (cellIndex: number, line: number, column: number) => { line: number; column: number };

/**
 * `FILE:LINE:COL: error: message [CODE] (cell N)` lines for stderr, errors and
 * warnings in cell order (info diagnostics stay in the report).
 */
export function diagnosticLines(file: string, runs: readonly CellRun[], locate: Locate): string[] {
  const lines: string[] = [];
  for (const { index, result } of runs) {
    for (const d of result.diagnostics) {
      if (d.severity === 'info') continue;
      const at = locate(index, d.range.startLine + 1, d.range.startColumn + 1);
      lines.push(`${file}:${at.line}:${at.column}: ${d.severity}: ${d.message} [${d.code}] (cell ${index})`);
    }
  }
  return lines;
}

const PRECISION = 6;
const show = (t: JsonTensor): string => formatTensor(t, { precision: PRECISION, maxItems: 8 });

/**
 * A readable report: per code cell its status, the names that are new or
 * changed since the previous cell (value, ∂ grad, ṫ tangent), checks, messages.
 */
export function textReport(runs: readonly CellRun[]): string {
  const out: string[] = [];
  let previous: Record<string, string> = {};
  for (const { index, result } of runs) {
    const errors = errorsOf(result.diagnostics);
    out.push(`cell ${index}: ${result.ok ? 'ok' : `failed (${errors.length} ${errors.length === 1 ? 'error' : 'errors'})`}`);
    const now: Record<string, string> = {};
    const rows: string[][] = [];
    for (const name of Object.keys(result.variables).sort()) {
      const v = result.variables[name];
      const row = [name, show(v.value), v.grad !== undefined ? `∂ ${show(v.grad)}` : '', v.tangent !== undefined ? `ṫ ${show(v.tangent)}` : ''];
      now[name] = row.join('\u0000');
      if (previous[name] !== now[name]) rows.push(row);
    }
    const widths = [0, 1, 2].map((c) => Math.max(0, ...rows.map((r) => [...r[c]].length)));
    for (const r of rows) {
      const cells = [r[0].padEnd(widths[0]), '=', r[1].padEnd(widths[1] + (r[1].length - [...r[1]].length)), r[2].padEnd(widths[2] + (r[2].length - [...r[2]].length)), r[3]];
      out.push(`  ${cells.join(' ').trimEnd()}`);
    }
    // The session's messages already include one line per `check` result.
    if (!result.messages.some((m) => m.startsWith('check '))) {
      for (const c of result.checks) {
        out.push(`  check ∂${c.target}/∂${c.wrt}: analytic ${formatNumber(c.analytic, PRECISION)}, numeric ${formatNumber(c.numeric, PRECISION)}, relative error ${formatNumber(c.relError, 2)}`);
      }
    }
    for (const m of result.messages) out.push(`  ${m}`);
    for (const p of [...(result.plots ?? []), ...(result.descents ?? []), ...(result.boundaries ?? [])]) out.push(`  ${p.kind === 'curve' ? 'plot' : p.kind === 'descent' ? 'descend' : 'boundary'}: ${plotCaption(p)}`);
    for (const d of result.diagnostics) {
      if (d.severity === 'error') out.push(`  error at line ${d.range.startLine + 1}, column ${d.range.startColumn + 1}: ${d.message} [${d.code}]`);
      else out.push(`  ${d.severity}: ${d.message}`);
    }
    if (result.ok) previous = now;
  }
  const failed = runs.filter((r) => !r.result.ok).length;
  out.push(`${runs.length} code ${runs.length === 1 ? 'cell' : 'cells'}, ${failed} failed`);
  return out.join('\n') + '\n';
}
