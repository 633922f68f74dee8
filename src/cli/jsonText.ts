// `bpnb run --json`'s text, written in one pass: byte for byte what
// JSON.stringify(jsonReport(runs), null, 2) + '\n' gives, without the object
// per name that jsonReport builds. A 100,000-line cell has 100,000 names; its
// variables are read from the session's columns (VariableTable) and written
// as text directly, in chunks of about 64 KB handed on as they fill (so the
// 10 MB of text never lives as 100,000 strings that the garbage collector
// would copy again and again). Everything else in a cell (checks, errors,
// messages, plots) is small and goes through JSON.stringify, indented to its depth.

import { variableTableOf } from '../lang/session';
import type { VariableTable } from '../lang/variableTable';
import type { JsonTensor } from '../diagram/payload';
import type { CellRun } from './runNotebook';
import { jsonCell } from './report';

const INDENT = '  ';

/** Text gathered into chunks of about CHUNK characters, each handed to `emit` when full. */
class Chunks {
  private text = '';
  constructor(private readonly emit: (chunk: string) => void) {}
  push(s: string): void {
    this.text += s;
    if (this.text.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.text.length > 0) this.emit(this.text);
    this.text = '';
  }
}
const CHUNK = 1 << 16;

/** JSON.stringify(jsonReport(runs), null, 2) + '\n', faster for cells with many names. */
export function jsonReportText(runs: readonly CellRun[]): string {
  const parts: string[] = [];
  writeJsonReport(runs, (chunk) => parts.push(chunk));
  return parts.join('');
}

/** The same text as jsonReportText, handed to `emit` in chunks as it is written. */
export function writeJsonReport(runs: readonly CellRun[], emit: (chunk: string) => void): void {
  const out = new Chunks(emit);
  if (runs.length === 0) out.push('{\n  "cells": []\n}\n');
  else {
    out.push('{\n  "cells": [\n');
    runs.forEach((run, k) => {
      if (k > 0) out.push(',\n');
      writeCell(out, run);
    });
    out.push('\n  ]\n}\n');
  }
  out.flush();
}

/** One cell at depth 2 (inside "cells"), its fields in jsonReport's order. */
function writeCell(out: Chunks, run: CellRun): void {
  const pad = INDENT.repeat(3);
  // The cell with its variables left empty: they are written from the table below, in their place.
  const cell = jsonCell(run, false);
  out.push(`${INDENT.repeat(2)}{\n`);
  let first = true;
  for (const [key, value] of Object.entries(cell)) {
    if (value === undefined) continue;
    if (!first) out.push(',\n');
    first = false;
    out.push(`${pad}${JSON.stringify(key)}: `);
    if (key === 'variables') writeVariables(out, run, 3);
    else out.push(indented(value, 3));
  }
  out.push(`\n${INDENT.repeat(2)}}`);
}

/** The cell's "variables" object at `depth`, from its table when the session made one. */
function writeVariables(out: Chunks, run: CellRun, depth: number): void {
  const table: VariableTable | undefined = variableTableOf(run.result);
  if (table === undefined) {
    out.push(indented(jsonCell(run, true).variables, depth));
    return;
  }
  const n = table.names.length;
  if (n === 0) {
    out.push('{}');
    return;
  }
  // Every entry is `pad"name": {`, its fields one per line at fieldPad, then `pad}`; entries are separated by ',\n'.
  const pad = INDENT.repeat(depth + 1);
  const fieldPad = INDENT.repeat(depth + 2);
  const open = `": {\n${fieldPad}"value": `;
  const gradField = `,\n${fieldPad}"grad": `;
  const tangentField = `,\n${fieldPad}"tangent": `;
  const close = `\n${pad}}`;
  const firstKey = `${pad}"`;
  const nextKey = `,\n${pad}"`;
  out.push('{\n');
  for (let i = 0; i < n; i++) {
    const grad = table.grad(i);
    const tangent = table.tangent(i);
    let entry = (i === 0 ? firstKey : nextKey) + jsonKey(table.names[i]) + open + tensorText(table.value(i), depth + 2);
    if (grad !== undefined) entry += gradField + tensorText(grad, depth + 2);
    if (tangent !== undefined) entry += tangentField + tensorText(tangent, depth + 2);
    out.push(entry + close);
  }
  out.push(`\n${INDENT.repeat(depth)}}`);
}

/** A name as it goes between a JSON key's quotes: identifiers need no escaping; anything else is escaped by JSON.stringify. */
function jsonKey(name: string): string {
  return PLAIN.test(name) ? name : JSON.stringify(name).slice(1, -1);
}
const PLAIN = /^[A-Za-z0-9_]*$/;

/** A value at `depth`: a number as JSON.stringify writes it (String(x) for a finite number), else indented JSON. */
function tensorText(v: JsonTensor, depth: number): string {
  return typeof v === 'number' ? String(v) : indented(v, depth);
}

/** JSON.stringify(value, null, 2) as it appears nested `depth` levels deep. */
function indented(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  // JSON strings never hold a raw new line, so every one starts a line of the layout.
  return depth === 0 || !text.includes('\n') ? text : text.replace(/\n/g, `\n${INDENT.repeat(depth)}`);
}
