// bpnb.exportSvg / bpnb.exportPng: the graph of a cell as an image file. The
// picture exists only in the notebook's output webview, so the command asks
// the renderer for it over renderer messaging (src/renderer/messages.ts), then
// asks where to save it. The renderer's own toolbar buttons come back through
// the same channel and run the same flow.
//
// Tests pass `{ uri, cellIndex, target }` and get the written URI back, with
// no dialog and no notification.

import * as vscode from 'vscode';
import { GRAPH_MIME } from '../diagram/payload';
import { isExportAsk, isExportResponse, outputKey, type ExportRequest, type ExportResponse, type ImageFormat } from '../renderer/messages';

const RENDERER_ID = 'bpnb.graph';
/** How long the renderer gets to answer (a big PNG takes a moment to rasterize). */
const ANSWER_TIMEOUT_MS = 15_000;

interface ExportArgs {
  uri?: vscode.Uri | string;
  cellIndex?: number;
  target?: vscode.Uri | string;
}

/** A user-facing failure: shown as is, never with a stack. */
class ExportError extends Error {}

export function registerExportImage(context: vscode.ExtensionContext): void {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  const waiting = new Map<string, (r: ExportResponse) => void>();
  let counter = 0;

  const ask = (editor: vscode.NotebookEditor, key: string, format: ImageFormat): Promise<ExportResponse | undefined> => {
    const requestId = `${Date.now().toString(36)}-${++counter}`;
    const scale = vscode.workspace.getConfiguration('bpnb').get<number>('export.scale', 2);
    const request: ExportRequest = { type: 'bpnb.export', requestId, outputKey: key, format, scale: clampScale(scale) };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(requestId);
        resolve(undefined);
      }, ANSWER_TIMEOUT_MS);
      waiting.set(requestId, (r) => {
        clearTimeout(timer);
        waiting.delete(requestId);
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
      const { notebook, cellIndex, key } = findGraph(arg, explicit);
      const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook.uri.toString() === notebook.uri.toString());
      if (!editor) throw new ExportError(`the notebook ${baseName(notebook.uri)} is not open in an editor, so its graph is not drawn. Open it and try again.`);
      let answer = await ask(editor, key, format);
      if (answer && !answer.ok && answer.error === 'not-rendered') {
        // Notebook outputs are drawn when they scroll into view: show the cell and ask once more.
        editor.revealRange(new vscode.NotebookRange(cellIndex, cellIndex + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
        await delay(800);
        answer = await ask(editor, key, format);
      }
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
      if (!explicit) void vscode.window.setStatusBarMessage(`bpnb: graph exported to ${baseName(target)}`, 4000);
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
      if (isExportAsk(message)) {
        // The renderer's toolbar buttons: the same flow, for the cell that holds this graph.
        const cellIndex = editor.notebook.getCells().findIndex((c) => graphKey(c) === message.outputKey);
        if (cellIndex >= 0) void run(message.format, { notebook: editor.notebook, index: cellIndex });
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
function explicitArgs(arg: unknown): ExportArgs | undefined {
  if (!arg || typeof arg !== 'object' || !('cellIndex' in arg)) return undefined;
  return arg as ExportArgs;
}

/** Which cell's graph: the explicit one, a cell passed by a menu, the selected cell, or the first cell with a graph. */
function findGraph(arg: unknown, explicit: ExportArgs | undefined): { notebook: vscode.NotebookDocument; cellIndex: number; key: string } {
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
    if (selected < notebook.cellCount && graphKey(notebook.cellAt(selected))) wanted = selected;
  }
  if (wanted !== undefined) {
    if (!Number.isInteger(wanted) || wanted < 0 || wanted >= notebook.cellCount) {
      throw new ExportError(`cell index ${wanted} is out of range (the notebook has ${notebook.cellCount} cells).`);
    }
    const key = graphKey(notebook.cellAt(wanted));
    if (!key) throw new ExportError(`cell ${wanted + 1} has no graph output. Run it first.`);
    return { notebook, cellIndex: wanted, key };
  }
  for (let i = 0; i < notebook.cellCount; i++) {
    const key = graphKey(notebook.cellAt(i));
    if (key) return { notebook, cellIndex: i, key };
  }
  throw new ExportError('no cell of this notebook has a graph output. Run a cell first.');
}

/** The message key (see outputKey) of the cell's graph output, if it has one. */
function graphKey(cell: vscode.NotebookCell): string | undefined {
  for (const o of cell.outputs) {
    const item = o.items.find((i) => i.mime === GRAPH_MIME);
    if (item) return outputKey(new TextDecoder().decode(item.data));
  }
  return undefined;
}

function defaultTarget(notebook: vscode.NotebookDocument, cellIndex: number, format: ImageFormat): vscode.Uri | undefined {
  const stem = baseName(notebook.uri).replace(/\.bpnb$/i, '') || 'graph';
  const name = `${stem}-cell${cellIndex + 1}.${format}`;
  if (notebook.uri.scheme !== 'untitled') return vscode.Uri.joinPath(notebook.uri, '..', name);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

function toUri(u: vscode.Uri | string): vscode.Uri {
  if (typeof u !== 'string') return u;
  return /^[a-z][a-z0-9+.-]+:/i.test(u) ? vscode.Uri.parse(u) : vscode.Uri.file(u);
}

function baseName(uri: vscode.Uri): string {
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
