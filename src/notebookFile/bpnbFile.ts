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

export type FormatErrorCode = 'E_JSON' | 'E_NOT_NOTEBOOK' | 'E_VERSION' | 'E_FORMAT';

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
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: JsonValue;
  try {
    // The fast path: the platform's parser. Positions are worked out only when
    // a message or `locate` needs one (a second, slower pass over the text).
    root = JSON.parse(body) as JsonValue;
  } catch (e) {
    try {
      parseJson(text);
    } catch (located) {
      if (located instanceof JsonSyntaxError) {
        const { line, column } = located.position;
        const first = /\S/.exec(body);
        if (first && !'{["'.includes(first[0]) && !/^[-\d]|^(true|false|null)\b/.test(body.slice(first.index)) && !body.includes('"bpnb"')) {
          // Not JSON at all (Markdown, language source, …), and no damaged notebook
          // either (it would name "bpnb"): say what the file is not, not where the JSON broke.
          const before = body.slice(0, first.index);
          const line = before.split('\n').length;
          const column = first.index - before.lastIndexOf('\n');
          const shown = JSON.stringify(body.slice(first.index).split('\n')[0].slice(0, 16));
          return { ok: false, error: { code: 'E_NOT_NOTEBOOK', message: `not a bpnb notebook: a .bpnb file is JSON that starts with '{', and this text starts with ${shown}`, line, column } };
        }
        return { ok: false, error: { code: 'E_JSON', message: `invalid JSON: ${located.message}`, line, column } };
      }
      throw located;
    }
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'E_JSON', message: `invalid JSON: ${message}`, line: 1, column: 1 } };
  }
  const locator = new Locator(text);
  try {
    return readNotebook(text, root, locator);
  } catch (e) {
    if (e instanceof FormatProblem) {
      return { ok: false, error: { code: e.code, message: e.message, line: e.at.line, column: e.at.column } };
    }
    throw e;
  }
}

type Path = readonly (string | number)[];

/** Positions of values by path, from a position-keeping parse done on first use. */
class Locator {
  private parsed: ParsedJson | undefined;
  readonly start: Position;

  constructor(private readonly text: string) {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.start = { offset: bom, line: 1, column: 1 + bom };
  }

  private get json(): ParsedJson {
    // Deep enough for root → cells[i] → outputs[k] → items[j] → "mime".
    this.parsed ??= parseJson(this.text, 6);
    return this.parsed;
  }

  positionAt(offset: number): Position {
    return this.json.positionAt(offset);
  }

  /** Where the value at `path` starts; the nearest enclosing value if the path does not exist. */
  at(path: Path): Position {
    const { value, positions } = this.json;
    let node: JsonValue = value;
    let position = this.start;
    for (const key of path) {
      if (node === null || typeof node !== 'object') break;
      const table = positions.get(node);
      const next: JsonValue | undefined = Array.isArray(node)
        ? node[key as number]
        : Object.prototype.hasOwnProperty.call(node, key) ? (node as JsonObject)[key as string] : undefined;
      const found = table ? (Array.isArray(table) ? table[key as number] : table[key as string]) : undefined;
      if (next === undefined || found === undefined) break;
      node = next;
      position = found;
    }
    return position;
  }
}

function readNotebook(text: string, root: JsonValue, locator: Locator): ParsedNotebook {
  const where = (...path: Path): Position => locator.at(path);
  const problem = (code: FormatErrorCode, message: string, ...path: Path): FormatProblem =>
    new FormatProblem(code, message, where(...path));
  if (!isObject(root)) {
    throw problem('E_FORMAT', `a .bpnb file is a JSON object with "bpnb", "metadata" and "cells"; found ${describe(root)}`);
  }
  const { bpnb: version, metadata, cells, ...rootExtra } = root;
  if (version === undefined) {
    throw problem('E_VERSION', `missing "bpnb" version; this extension reads version ${BPNB_VERSION}`);
  }
  if (version !== BPNB_VERSION) {
    const shown = typeof version === 'number' ? String(version) : typeof version === 'string' ? JSON.stringify(version) : describe(version);
    throw problem('E_VERSION', `unsupported bpnb version ${shown}; this extension reads version ${BPNB_VERSION}`, 'bpnb');
  }
  if (metadata !== undefined && !isObject(metadata)) {
    throw problem('E_FORMAT', `"metadata" must be an object; found ${describe(metadata)}`, 'metadata');
  }
  if (!Array.isArray(cells)) {
    throw problem('E_FORMAT', `"cells" must be an array of cells; found ${describe(cells)}`, 'cells');
  }

  const notebookCells = cells.map((cell, i): NotebookCell => {
    const label = `cell ${i}`;
    if (!isObject(cell)) throw problem('E_FORMAT', `${label} must be an object; found ${describe(cell)}`, 'cells', i);
    const { kind, source, outputs, metadata: cellMetadata, ...cellExtra } = cell;
    if (kind !== 'markdown' && kind !== 'code') {
      throw problem('E_FORMAT', `${label}: "kind" must be "markdown" or "code"; found ${describe(kind)}`, 'cells', i, 'kind');
    }
    let cellText: string;
    if (source === undefined) cellText = '';
    else if (typeof source === 'string') cellText = source;
    else if (Array.isArray(source)) {
      source.forEach((line, k) => {
        if (typeof line !== 'string') {
          throw problem('E_FORMAT', `${label}: "source" line ${k + 1} must be a string; found ${describe(line)}`, 'cells', i, 'source', k);
        }
      });
      cellText = (source as string[]).join('\n');
    } else {
      throw problem('E_FORMAT', `${label}: "source" must be an array of lines or a string; found ${describe(source)}`, 'cells', i, 'source');
    }
    if (cellMetadata !== undefined && !isObject(cellMetadata)) {
      throw problem('E_FORMAT', `${label}: "metadata" must be an object; found ${describe(cellMetadata)}`, 'cells', i, 'metadata');
    }
    const result: NotebookCell = { kind, source: cellText };
    if (outputs !== undefined) result.outputs = readOutputs(outputs, label, ['cells', i, 'outputs'], where);
    else if (kind === 'code') result.outputs = [];
    if (cellMetadata !== undefined) result.metadata = cellMetadata;
    if (Object.keys(cellExtra).length > 0) result.extra = cellExtra;
    return result;
  });

  const notebook: Notebook = { bpnb: BPNB_VERSION, metadata: metadata ?? {}, cells: notebookCells };
  if (Object.keys(rootExtra).length > 0) notebook.extra = rootExtra;

  const locate = (cellIndex: number, line: number, column: number): { line: number; column: number } => {
    const cell = cells[cellIndex];
    if (!isObject(cell)) return lineColumn(locator.start);
    const source = cell.source;
    const sourceAt = where('cells', cellIndex, 'source');
    if (Array.isArray(source)) {
      // Find the array element holding cell line `line` (an element may itself hold '\n's).
      let remaining = line - 1;
      for (let k = 0; k < source.length; k++) {
        const p = locateInString(text, where('cells', cellIndex, 'source', k).offset, remaining, column);
        if (p.found) return lineColumn(locator.positionAt(p.offset));
        remaining -= p.linesSeen;
      }
      return lineColumn(source.length > 0 ? where('cells', cellIndex, 'source', source.length - 1) : sourceAt);
    }
    if (typeof source !== 'string') return lineColumn(sourceAt);
    const p = locateInString(text, sourceAt.offset, line - 1, column);
    return lineColumn(p.found ? locator.positionAt(p.offset) : sourceAt);
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
  path: Path,
  where: (...path: Path) => Position,
): NotebookOutput[] {
  const fail = (message: string, ...rest: Path): never => {
    throw new FormatProblem('E_FORMAT', message, where(...path, ...rest));
  };
  if (!Array.isArray(outputs)) return fail(`${label}: "outputs" must be an array; found ${describe(outputs)}`);
  return outputs.map((output, k) => {
    const name = `${label}, output ${k}`;
    if (!isObject(output)) return fail(`${name} must be an object; found ${describe(output)}`, k);
    const { items, metadata, ...extra } = output;
    if (!Array.isArray(items)) {
      return fail(`${name}: "items" must be an array of { "mime", "data" }; found ${describe(items)}`, k, 'items');
    }
    if (metadata !== undefined && !isObject(metadata)) {
      return fail(`${name}: "metadata" must be an object; found ${describe(metadata)}`, k, 'metadata');
    }
    const result: NotebookOutput = {
      items: items.map((item, j) => {
        if (!isObject(item)) return fail(`${name}, item ${j} must be an object; found ${describe(item)}`, k, 'items', j);
        const { mime, data, ...itemExtra } = item;
        if (typeof mime !== 'string' || mime === '') {
          return fail(`${name}, item ${j}: "mime" must be a non-empty string; found ${describe(mime)}`, k, 'items', j, 'mime');
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
