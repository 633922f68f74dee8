// The .bpnb notebook file (spec §2): read it with every problem reported at a
// line and column, write it back canonically (sorted keys, two-space indent,
// sources as arrays of lines, trailing newline) so it diffs well, and keep any
// key we do not know at any level. Pure: used by the CLI and by the VS Code
// serializer alike.

import { JsonSyntaxError, parseJson, stringifySorted, type JsonValue, type ParsedJson, type Position } from './json';

export type { JsonValue } from './json';
export type JsonObject = { [key: string]: JsonValue };

/** The only file version this code reads and writes. */
export const BPNB_VERSION = 1;

export type CellKind = 'markdown' | 'code';

export interface NotebookOutputItem {
  mime: string;
  /** A string for text mimes, a JSON value for JSON mimes (see outputs.ts). */
  data: JsonValue;
  /** Unknown keys, written back as they were. */
  extra?: JsonObject;
}

export interface NotebookOutput {
  items: NotebookOutputItem[];
  metadata?: JsonObject;
  extra?: JsonObject;
}

export interface NotebookCell {
  kind: CellKind;
  /** The cell's text, lines joined with '\n' (the file stores an array of lines). */
  source: string;
  /** Always an array for code cells; markdown cells have it only if the file did. */
  outputs?: NotebookOutput[];
  metadata?: JsonObject;
  extra?: JsonObject;
}

export interface Notebook {
  bpnb: typeof BPNB_VERSION;
  metadata: JsonObject;
  cells: NotebookCell[];
  extra?: JsonObject;
}

export type FormatErrorCode = 'E_JSON' | 'E_VERSION' | 'E_FORMAT';

export interface FormatError {
  code: FormatErrorCode;
  message: string;
  /** 1-based line and column in the file. */
  line: number;
  column: number;
}

export interface ParsedNotebook {
  ok: true;
  notebook: Notebook;
  /**
   * Where a position inside a cell's source (1-based line and column within
   * the cell) is in the file, so messages can point editors at the file.
   */
  locate(cellIndex: number, line: number, column: number): { line: number; column: number };
}

export type ParseResult = ParsedNotebook | { ok: false; error: FormatError };

class FormatProblem extends Error {
  constructor(readonly code: FormatErrorCode, message: string, readonly at: Position) {
    super(message);
  }
}

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const describe = (v: JsonValue | undefined): string =>
  v === undefined ? 'missing' : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;

export function parseNotebook(text: string): ParseResult {
  let parsed: ParsedJson;
  try {
    parsed = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      return { ok: false, error: { code: 'E_JSON', message: `invalid JSON: ${e.message}`, line: e.position.line, column: e.position.column } };
    }
    throw e;
  }
  try {
    return readNotebook(text, parsed);
  } catch (e) {
    if (e instanceof FormatProblem) {
      return { ok: false, error: { code: e.code, message: e.message, line: e.at.line, column: e.at.column } };
    }
    throw e;
  }
}

function readNotebook(text: string, parsed: ParsedJson): ParsedNotebook {
  const start = parsed.positionAt(text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const root = parsed.value;
  const where = (container: object, key: string | number, fallback: Position): Position => {
    const table = parsed.positions.get(container);
    if (!table) return fallback;
    const p = Array.isArray(table) ? table[key as number] : table[key as string];
    return p ?? fallback;
  };
  if (!isObject(root)) {
    throw new FormatProblem('E_FORMAT', `a .bpnb file is a JSON object with "bpnb", "metadata" and "cells"; found ${describe(root)}`, start);
  }
  const { bpnb: version, metadata, cells, ...rootExtra } = root;
  const versionAt = where(root, 'bpnb', start);
  if (version === undefined) {
    throw new FormatProblem('E_VERSION', `missing "bpnb" version; this extension reads version ${BPNB_VERSION}`, start);
  }
  if (version !== BPNB_VERSION) {
    const shown = typeof version === 'number' || typeof version === 'string' ? String(version) : describe(version);
    throw new FormatProblem('E_VERSION', `unsupported bpnb version ${shown}; this extension reads version ${BPNB_VERSION}`, versionAt);
  }
  if (metadata !== undefined && !isObject(metadata)) {
    throw new FormatProblem('E_FORMAT', `"metadata" must be an object; found ${describe(metadata)}`, where(root, 'metadata', start));
  }
  if (!Array.isArray(cells)) {
    throw new FormatProblem('E_FORMAT', `"cells" must be an array of cells; found ${describe(cells)}`, where(root, 'cells', start));
  }

  const sourceAt: { offset: number; isArray: boolean; elements: Position[] }[] = [];
  const notebookCells = cells.map((cell, i): NotebookCell => {
    const cellAt = where(cells, i, start);
    const label = `cell ${i}`;
    if (!isObject(cell)) throw new FormatProblem('E_FORMAT', `${label} must be an object; found ${describe(cell)}`, cellAt);
    const { kind, source, outputs, metadata: cellMetadata, ...cellExtra } = cell;
    if (kind !== 'markdown' && kind !== 'code') {
      throw new FormatProblem('E_FORMAT', `${label}: "kind" must be "markdown" or "code"; found ${describe(kind)}`, where(cell, 'kind', cellAt));
    }
    const sourcePos = where(cell, 'source', cellAt);
    let cellText: string;
    if (source === undefined) cellText = '';
    else if (typeof source === 'string') cellText = source;
    else if (Array.isArray(source)) {
      source.forEach((line, k) => {
        if (typeof line !== 'string') {
          throw new FormatProblem('E_FORMAT', `${label}: "source" line ${k + 1} must be a string; found ${describe(line)}`, where(source, k, sourcePos));
        }
      });
      cellText = (source as string[]).join('\n');
    } else {
      throw new FormatProblem('E_FORMAT', `${label}: "source" must be an array of lines or a string; found ${describe(source)}`, sourcePos);
    }
    sourceAt.push({
      offset: sourcePos.offset,
      isArray: Array.isArray(source),
      elements: Array.isArray(source) ? (parsed.positions.get(source) as Position[]) : [],
    });
    if (cellMetadata !== undefined && !isObject(cellMetadata)) {
      throw new FormatProblem('E_FORMAT', `${label}: "metadata" must be an object; found ${describe(cellMetadata)}`, where(cell, 'metadata', cellAt));
    }
    const result: NotebookCell = { kind, source: cellText };
    if (outputs !== undefined) result.outputs = readOutputs(outputs, label, where(cell, 'outputs', cellAt), where);
    else if (kind === 'code') result.outputs = [];
    if (cellMetadata !== undefined) result.metadata = cellMetadata;
    if (Object.keys(cellExtra).length > 0) result.extra = cellExtra;
    return result;
  });

  const notebook: Notebook = { bpnb: BPNB_VERSION, metadata: metadata ?? {}, cells: notebookCells };
  if (Object.keys(rootExtra).length > 0) notebook.extra = rootExtra;

  const locate = (cellIndex: number, line: number, column: number): { line: number; column: number } => {
    const at = sourceAt[cellIndex];
    if (!at) return { line: start.line, column: start.column };
    if (at.isArray) {
      // Find the array element holding cell line `line` (an element may itself hold '\n's).
      let remaining = line - 1;
      for (const elementAt of at.elements) {
        const p = locateInString(text, elementAt.offset, remaining, column);
        if (p.found) return lineColumn(parsed.positionAt(p.offset));
        remaining -= p.linesSeen;
      }
      const last = at.elements.at(-1);
      const fallback = last ?? parsed.positionAt(at.offset);
      return { line: fallback.line, column: fallback.column };
    }
    const p = locateInString(text, at.offset, line - 1, column);
    return lineColumn(parsed.positionAt(p.found ? p.offset : at.offset));
  };
  return { ok: true, notebook, locate };
}

const lineColumn = (p: Position): { line: number; column: number } => ({ line: p.line, column: p.column });

/**
 * Walks the raw JSON string starting at `quoteOffset` (the opening quote) to
 * the decoded line `line` (0-based) and column (1-based) and returns that raw
 * offset; escapes (\", \n, \u00e9) take more raw characters than decoded ones.
 */
function locateInString(text: string, quoteOffset: number, line: number, column: number): { found: boolean; offset: number; linesSeen: number } {
  let i = quoteOffset + 1;
  let currentLine = 0;
  let col = 1;
  while (i < text.length && text[i] !== '"') {
    if (currentLine === line && col === column) return { found: true, offset: i, linesSeen: currentLine };
    let width = 1;
    let newline = false;
    if (text[i] === '\\') {
      width = text[i + 1] === 'u' ? 6 : 2;
      newline = text[i + 1] === 'n';
    }
    i += width;
    if (newline) {
      if (currentLine === line) return { found: true, offset: i - width, linesSeen: currentLine };
      currentLine++;
      col = 1;
    } else col++;
  }
  // Past the end of the line's text: point at the closing quote.
  if (currentLine === line) return { found: true, offset: i, linesSeen: currentLine };
  return { found: false, offset: i, linesSeen: currentLine + 1 };
}

function readOutputs(
  outputs: JsonValue,
  label: string,
  at: Position,
  where: (container: object, key: string | number, fallback: Position) => Position,
): NotebookOutput[] {
  if (!Array.isArray(outputs)) throw new FormatProblem('E_FORMAT', `${label}: "outputs" must be an array; found ${describe(outputs)}`, at);
  return outputs.map((output, k) => {
    const outputAt = where(outputs, k, at);
    const name = `${label}, output ${k}`;
    if (!isObject(output)) throw new FormatProblem('E_FORMAT', `${name} must be an object; found ${describe(output)}`, outputAt);
    const { items, metadata, ...extra } = output;
    if (!Array.isArray(items)) {
      throw new FormatProblem('E_FORMAT', `${name}: "items" must be an array of { "mime", "data" }; found ${describe(items)}`, where(output, 'items', outputAt));
    }
    if (metadata !== undefined && !isObject(metadata)) {
      throw new FormatProblem('E_FORMAT', `${name}: "metadata" must be an object; found ${describe(metadata)}`, where(output, 'metadata', outputAt));
    }
    const result: NotebookOutput = {
      items: items.map((item, j) => {
        const itemAt = where(items, j, outputAt);
        if (!isObject(item)) throw new FormatProblem('E_FORMAT', `${name}, item ${j} must be an object; found ${describe(item)}`, itemAt);
        const { mime, data, ...itemExtra } = item;
        if (typeof mime !== 'string' || mime === '') {
          throw new FormatProblem('E_FORMAT', `${name}, item ${j}: "mime" must be a non-empty string; found ${describe(mime)}`, where(item, 'mime', itemAt));
        }
        const read: NotebookOutputItem = { mime, data: data === undefined ? '' : data };
        if (Object.keys(itemExtra).length > 0) read.extra = itemExtra;
        return read;
      }),
    };
    if (metadata !== undefined) result.metadata = metadata;
    if (Object.keys(extra).length > 0) result.extra = extra;
    return result;
  });
}

/** The canonical file text: sorted keys, two-space indent, sources as line arrays, trailing newline. */
export function serializeNotebook(notebook: Notebook): string {
  const root: Record<string, unknown> = {
    ...(notebook.extra ?? {}),
    bpnb: BPNB_VERSION,
    metadata: notebook.metadata ?? {},
    cells: notebook.cells.map((cell) => {
      const raw: Record<string, unknown> = { ...(cell.extra ?? {}), kind: cell.kind, source: toLines(cell.source) };
      const outputs = cell.outputs ?? (cell.kind === 'code' ? [] : undefined);
      if (outputs !== undefined) raw.outputs = outputs.map(writeOutput);
      if (cell.metadata !== undefined) raw.metadata = cell.metadata;
      return raw;
    }),
  };
  return stringifySorted(root) + '\n';
}

function writeOutput(output: NotebookOutput): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    ...(output.extra ?? {}),
    items: output.items.map((item) => ({ ...(item.extra ?? {}), mime: item.mime, data: item.data })),
  };
  if (output.metadata !== undefined) raw.metadata = output.metadata;
  return raw;
}

/** '' → [], 'a\nb' → ['a', 'b']; CRLF and CR line ends become lines too. */
export function toLines(source: string): string[] {
  return source === '' ? [] : source.split(/\r\n|\r|\n/);
}
