// bpnb.exportSvg / bpnb.exportPng: the graph of a cell as an image file. The
// picture exists only in the notebook's output webview, so the command asks
// the renderer for it over renderer messaging (src/renderer/messages.ts), then
// asks where to save it. The renderer's own toolbar buttons come back through
// the same channel and run the same flow.
//
// The request carries the output's JSON and the display settings, so any
// loaded instance of the renderer in the notebook can draw the export even
// when this cell's output is scrolled away or was never drawn. Only when no
// renderer has loaded at all (no graph on screen yet) does the command reveal
// the cell, which loads it, and ask again.
//
// Tests pass `{ uri, cellIndex, target }` and get the written URI back, with
// no dialog and no notification.

import * as vscode from 'vscode';
import { GRAPH_MIME } from '../diagram/payload';
import { isExportAck, isExportAsk, isExportResponse, outputKey, type ExportRequest, type ExportResponse, type ImageFormat } from '../renderer/messages';
import { outputOptions } from '../notebook/settings';

const RENDERER_ID = 'bpnb.graph';
/** How long the renderer gets to answer (a big PNG takes a moment to rasterize). */
const ANSWER_TIMEOUT_MS = 15_000;

export interface ExportArgs {
  uri?: vscode.Uri | string;
  cellIndex?: number;
  target?: vscode.Uri | string;
}

/** A user-facing failure: shown as is, never with a stack. */
export class ExportError extends Error {}

export function registerExportImage(context: vscode.ExtensionContext): void {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  const waiting = new Map<string, (r: ExportResponse) => void>();
  const acked = new Map<string, () => void>();
  let counter = 0;

  const ask = (editor: vscode.NotebookEditor, key: string, payload: string, format: ImageFormat, timeoutMs = ANSWER_TIMEOUT_MS): Promise<ExportResponse | undefined> => {
    const requestId = `${Date.now().toString(36)}-${++counter}`;
    const config = vscode.workspace.getConfiguration('bpnb');
    const request: ExportRequest = {
      type: 'bpnb.export', requestId, outputKey: key, format, scale: clampScale(config.get<number>('export.scale', 2)),
      payload, diagram: outputOptions(), theme: config.get('export.theme') === 'editor' ? 'editor' : 'light',
    };
    return new Promise((resolve) => {
      const giveUp = () => {
        waiting.delete(requestId);
        acked.delete(requestId);
        resolve(undefined);
      };
      let timer = setTimeout(giveUp, timeoutMs);
      // The renderer acknowledges a request at once: from then on a big drawing gets the full time.
      acked.set(requestId, () => {
        clearTimeout(timer);
        timer = setTimeout(giveUp, ANSWER_TIMEOUT_MS);
      });
      waiting.set(requestId, (r) => {
        clearTimeout(timer);
        waiting.delete(requestId);
        acked.delete(requestId);
        resolve(r);
      });
      messaging.postMessage(request, editor).then((delivered) => {
        if (!delivered) waiting.get(requestId)?.({ type: 'bpnb.exportResult', requestId, ok: false, error: 'not-rendered' });
      }, () => waiting.get(requestId)?.({ type: 'bpnb.exportResult', requestId, ok: false, error: 'not-rendered' }));
    });
  };

  const run = async (format: ImageFormat, arg: unknown): Promise<vscode.Uri | undefined> => {
    const explicit = explicitArgs(arg);
    try {
      const found = await pickGraphCell(arg, explicit);
      if (!found) return undefined;
      const { notebook, cellIndex, key, payload } = found;
      const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook.uri.toString() === notebook.uri.toString());
      if (!editor) throw new ExportError(`the notebook ${baseName(notebook.uri)} is not open in an editor. Open it and try again.`);
      // A renderer that is still starting can miss a message, and with no renderer loaded in
      // the notebook yet (no graph drawn so far) nobody answers: showing the cell loads it.
      // So ask briefly a few times, then once with the full timeout (a big PNG takes a while).
      let answer: ExportResponse | undefined;
      for (let attempt = 0; attempt < 8; attempt++) {
        answer = await ask(editor, key, payload, format, 3000);
        if (answer && !(answer.ok === false && answer.error === 'not-rendered')) break;
        if (attempt === 0) editor.revealRange(new vscode.NotebookRange(cellIndex, cellIndex + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
        if (answer) await delay(500);
      }
      if (!answer || (!answer.ok && answer.error === 'not-rendered')) answer = await ask(editor, key, payload, format);
      if (!answer) throw new ExportError(`the graph of cell ${cellIndex + 1} did not answer within ${ANSWER_TIMEOUT_MS / 1000} s. Scroll it into view and try again.`);
      if (!answer.ok) {
        throw new ExportError(answer.error === 'not-rendered'
          ? `the graph of cell ${cellIndex + 1} is not drawn on screen. Scroll it into view (or run the cell) and try again.`
          : answer.error);
      }
      const bytes = format === 'svg' ? new TextEncoder().encode(answer.data) : base64ToBytes(answer.data);
      let target = explicit?.target === undefined ? undefined : toUri(explicit.target);
      if (!target) {
        target = await vscode.window.showSaveDialog({
          defaultUri: defaultTarget(notebook, cellIndex, format),
          filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
          saveLabel: `Export ${format.toUpperCase()}`,
        });
        if (!target) return undefined;
      }
      await vscode.workspace.fs.writeFile(target, bytes);
      if (!explicit) void announce(`bpnb: graph exported to ${baseName(target)}`, target);
      return target;
    } catch (e) {
      const message = e instanceof ExportError ? e.message : `unexpected problem: ${e instanceof Error ? e.message : String(e)}`;
      if (explicit) throw new Error(`bpnb: cannot export the graph: ${message}`, { cause: e });
      void vscode.window.showErrorMessage(`bpnb: cannot export the graph: ${message}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    messaging.onDidReceiveMessage(({ editor, message }) => {
      if (isExportResponse(message)) {
        waiting.get(message.requestId)?.(message);
        return;
      }
      if (isExportAck(message)) {
        acked.get(message.requestId)?.();
        return;
      }
      if (isExportAsk(message)) {
        // The renderer's toolbar buttons: the same flow, for the cell that holds this graph.
        const cellIndex = editor.notebook.getCells().findIndex((c) => graphOf(c)?.key === message.outputKey);
        if (cellIndex < 0) return;
        const cell = { notebook: editor.notebook, index: cellIndex };
        if (message.format === 'mermaid') void vscode.commands.executeCommand('bpnb.copyMermaid', cell);
        else void run(message.format, cell);
      }
    }),
    vscode.commands.registerCommand('bpnb.exportSvg', (arg?: unknown) => run('svg', arg)),
    vscode.commands.registerCommand('bpnb.exportPng', (arg?: unknown) => run('png', arg)),
    // The format the user chose as the default (bpnb.export.format).
    vscode.commands.registerCommand('bpnb.exportGraph', (arg?: unknown) =>
      run(vscode.workspace.getConfiguration('bpnb.export').get<ImageFormat>('format') === 'png' ? 'png' : 'svg', arg)),
  );
}

/** `{ uri, cellIndex, target }` from a test or another extension; undefined for UI invocations. */
export function explicitArgs(arg: unknown): ExportArgs | undefined {
  if (!arg || typeof arg !== 'object' || !('cellIndex' in arg)) return undefined;
  return arg as ExportArgs;
}

export interface GraphCell {
  notebook: vscode.NotebookDocument;
  cellIndex: number;
  /** outputKey() of the graph output's JSON text. */
  key: string;
  /** The graph output's JSON text. */
  payload: string;
}

/**
 * Which cell's graph: the explicit one, a cell passed by a menu, the selected
 * cell if it has a graph, the only cell with a graph, else the one the user
 * picks (undefined if they cancel).
 */
export async function pickGraphCell(arg: unknown, explicit: ExportArgs | undefined): Promise<GraphCell | undefined> {
  let notebook: vscode.NotebookDocument | undefined;
  let wanted: number | undefined;
  if (explicit) {
    const uri = explicit.uri === undefined ? undefined : toUri(explicit.uri);
    notebook = uri ? vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeNotebookEditor?.notebook;
    if (!notebook) throw new ExportError(`no open notebook ${uri ? baseName(uri) : ''}`.trim());
    wanted = explicit.cellIndex;
  } else if (arg && typeof arg === 'object' && 'notebook' in arg && 'index' in arg) {
    const cell = arg as { notebook: vscode.NotebookDocument; index: number };
    notebook = cell.notebook;
    wanted = cell.index;
  } else {
    const editor = vscode.window.activeNotebookEditor;
    if (!editor || editor.notebook.notebookType !== 'bpnb') throw new ExportError('open a .bpnb notebook and select a cell with a graph.');
    notebook = editor.notebook;
    const selected = editor.selection.start;
    if (selected < notebook.cellCount && graphOf(notebook.cellAt(selected))) wanted = selected;
  }
  if (wanted !== undefined) {
    if (!Number.isInteger(wanted) || wanted < 0 || wanted >= notebook.cellCount) {
      throw new ExportError(`cell index ${wanted} is out of range (the notebook has ${notebook.cellCount} cells).`);
    }
    const g = graphOf(notebook.cellAt(wanted));
    if (!g) throw new ExportError(`cell ${wanted + 1} has no graph output. Run it first.`);
    return { notebook, cellIndex: wanted, ...g };
  }
  const withGraphs = notebook.getCells().filter((c) => graphOf(c));
  if (withGraphs.length === 0) throw new ExportError('no cell of this notebook has a graph output. Run a cell first.');
  let cell = withGraphs[0];
  if (withGraphs.length > 1) {
    const picked = await vscode.window.showQuickPick(
      withGraphs.map((c) => ({ label: `Cell ${c.index + 1}`, description: firstCodeLine(c), cell: c })),
      { title: 'Which cell\'s graph?', placeHolder: 'Select a cell with a graph' },
    );
    if (!picked) return undefined;
    cell = picked.cell;
  }
  return { notebook, cellIndex: cell.index, ...graphOf(cell)! };
}

function firstCodeLine(cell: vscode.NotebookCell): string {
  const line = cell.document.getText().split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 60 ? line.slice(0, 59) + '…' : line;
}

/** The end of an export: a notification that can open the file or show it in its folder. */
export async function announce(message: string, target: vscode.Uri): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, 'Open', 'Reveal');
  if (choice === 'Open') {
    await vscode.commands.executeCommand('vscode.open', target);
  } else if (choice === 'Reveal') {
    const commands = await vscode.commands.getCommands(true);
    await vscode.commands.executeCommand(commands.includes('revealFileInOS') && target.scheme === 'file' ? 'revealFileInOS' : 'revealInExplorer', target);
  }
}

/** The graph output of a cell: its JSON text and message key. */
export function graphOf(cell: vscode.NotebookCell): { key: string; payload: string } | undefined {
  for (const o of cell.outputs) {
    const item = o.items.find((i) => i.mime === GRAPH_MIME);
    if (item) {
      const payload = new TextDecoder().decode(item.data);
      return { key: outputKey(payload), payload };
    }
  }
  return undefined;
}

export function defaultTarget(notebook: vscode.NotebookDocument, cellIndex: number | undefined, format: string): vscode.Uri | undefined {
  const stem = baseName(notebook.uri).replace(/\.bpnb$/i, '') || 'graph';
  const name = cellIndex === undefined ? `${stem}.${format}` : `${stem}-cell${cellIndex + 1}.${format}`;
  if (notebook.uri.scheme !== 'untitled') return vscode.Uri.joinPath(notebook.uri, '..', name);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

export function toUri(u: vscode.Uri | string): vscode.Uri {
  if (typeof u !== 'string') return u;
  return /^[a-z][a-z0-9+.-]+:/i.test(u) ? vscode.Uri.parse(u) : vscode.Uri.file(u);
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function clampScale(x: unknown): number {
  const n = typeof x === 'number' && Number.isFinite(x) ? x : 2;
  return Math.min(8, Math.max(0.5, n));
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
