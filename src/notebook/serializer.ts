// The .bpnb file ⇄ VS Code's NotebookData. The file format itself (reading,
// validation with line/column errors, stable sorted-key writing, unknown keys)
// lives in src/notebookFile, shared with the CLI; this file only maps the on-disk
// Raw* shapes to and from the vscode types, which are kept apart.
//
// Unknown keys survive a round trip: the file's `metadata` object and its
// unknown keys (`extra`) travel in NotebookData.metadata and in each
// NotebookCellData.metadata as { metadata, extra }; an output's unknown keys
// travel in the output's metadata.

import * as vscode from 'vscode';
import {
  bytesToOutputData, outputDataToBytes, parseNotebook, serializeNotebook,
  type JsonObject, type Notebook, type NotebookCell, type NotebookOutput,
} from '../notebookFile';
import { saveOutputs } from './settings';

/** Keys under which the file's own fields travel in vscode metadata. */
const FILE_METADATA = 'metadata';
const EXTRA = 'extra';
/** Unknown keys of an output's items, by item index, kept in the output's metadata. */
const ITEM_EXTRA = 'bpnb.itemExtra';

const decoder = new TextDecoder();

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copies the defined ones of `fields` into a fresh object (vscode metadata must be plain JSON). */
function defined(fields: Record<string, JsonObject | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

export function outputToVscode(output: NotebookOutput): vscode.NotebookCellOutput {
  const items = output.items.map((item) => new vscode.NotebookCellOutputItem(outputDataToBytes(item.mime, item.data), item.mime));
  const metadata: JsonObject = { ...(output.metadata ?? {}) };
  if (output.extra) metadata[EXTRA] = output.extra;
  if (output.items.some((i) => i.extra)) metadata[ITEM_EXTRA] = output.items.map((i) => i.extra ?? {});
  return new vscode.NotebookCellOutput(items, Object.keys(metadata).length ? metadata : undefined);
}

function outputFromVscode(output: vscode.NotebookCellOutput): NotebookOutput {
  const { [EXTRA]: extra, [ITEM_EXTRA]: itemExtra, ...metadata } = (output.metadata ?? {}) as JsonObject;
  const raw: NotebookOutput = {
    items: output.items.map((item, i) => {
      const out: NotebookOutput['items'][number] = { mime: item.mime, data: bytesToOutputData(item.mime, item.data) };
      const e = Array.isArray(itemExtra) ? itemExtra[i] : undefined;
      if (isObject(e) && Object.keys(e).length) out.extra = e;
      return out;
    }),
  };
  if (Object.keys(metadata).length) raw.metadata = metadata;
  if (isObject(extra)) raw.extra = extra;
  return raw;
}

export function toNotebookData(file: Notebook): vscode.NotebookData {
  const cells = file.cells.map((raw) => {
    const isCode = raw.kind === 'code';
    const cell = new vscode.NotebookCellData(isCode ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup, raw.source, isCode ? 'bpnb' : 'markdown');
    if (raw.outputs) cell.outputs = raw.outputs.map(outputToVscode);
    const metadata = defined({ [FILE_METADATA]: raw.metadata, [EXTRA]: raw.extra });
    if (Object.keys(metadata).length) cell.metadata = metadata;
    return cell;
  });
  const data = new vscode.NotebookData(cells);
  data.metadata = defined({ [FILE_METADATA]: file.metadata, [EXTRA]: file.extra });
  return data;
}

export function fromNotebookData(data: vscode.NotebookData, withOutputs: boolean): Notebook {
  const meta = (data.metadata ?? {}) as JsonObject;
  const notebook: Notebook = {
    bpnb: 1,
    metadata: isObject(meta[FILE_METADATA]) ? meta[FILE_METADATA] : {},
    cells: data.cells.map((cell) => {
      const cellMeta = (cell.metadata ?? {}) as JsonObject;
      const raw: NotebookCell = { kind: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown', source: cell.value };
      if (cell.kind === vscode.NotebookCellKind.Code) raw.outputs = withOutputs ? (cell.outputs ?? []).map(outputFromVscode) : [];
      if (isObject(cellMeta[FILE_METADATA])) raw.metadata = cellMeta[FILE_METADATA];
      if (isObject(cellMeta[EXTRA])) raw.extra = cellMeta[EXTRA];
      return raw;
    }),
  };
  if (isObject(meta[EXTRA])) notebook.extra = meta[EXTRA];
  return notebook;
}

export class BpnbSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const text = decoder.decode(content);
    // A new, empty file is an empty notebook; anything else must parse.
    if (text.trim() === '') return new vscode.NotebookData([]);
    const parsed = parseNotebook(text);
    if (!parsed.ok) {
      // Throwing makes VS Code show an error editor instead of a notebook, so
      // a save can never overwrite the file with an empty notebook.
      const { message, line, column } = parsed.error;
      throw new Error(`This .bpnb file cannot be opened: ${message} (line ${line}, column ${column}). The file was left unchanged.`);
    }
    return toNotebookData(parsed.notebook);
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return new TextEncoder().encode(serializeNotebook(fromNotebookData(data, saveOutputs())));
  }
}

/** Registers the serializer; outputs are part of the document unless bpnb.outputs.save is off. */
export function registerSerializer(): vscode.Disposable {
  let registration = register();
  const watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('bpnb.outputs.save')) return;
    registration.dispose();
    registration = register();
  });
  return { dispose: () => { watcher.dispose(); registration.dispose(); } };
}

function register(): vscode.Disposable {
  return vscode.workspace.registerNotebookSerializer('bpnb', new BpnbSerializer(), { transientOutputs: !saveOutputs() });
}
