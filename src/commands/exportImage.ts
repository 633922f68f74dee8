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
/** How long the renderer gets to answer once it has the request (a big PNG takes a moment to rasterize). */
export const ANSWER_TIMEOUT_MS = 15_000;
/*
 * Why the command asks more than once. A renderer whose webview is still
 * starting can miss a message, and when no renderer has loaded in the notebook
 * yet (no graph drawn so far) nobody answers at all until revealing the cell
 * loads one. So the command asks briefly up to QUICK_ASKS times (revealing the
 * cell after the first miss, pausing RETRY_PAUSE_MS after a "not rendered"
 * answer so a loading webview is not flooded), which gives a cold webview
 * about QUICK_ASKS × QUICK_ASK_TIMEOUT_MS = 24 s to come up; then it asks once
 * more with the full ANSWER_TIMEOUT_MS.
 */
export const QUICK_ASKS = 8;
export const QUICK_ASK_TIMEOUT_MS = 3000;
const RETRY_PAUSE_MS = 500;

export interface ExportArgs {
  uri?: vscode.Uri | string;
  cellIndex?: number;
  target?: vscode.Uri | string;
}

/** A user-facing failure: shown as is, never with a stack. */
export class ExportError extends Error {}

/** Requests to the renderers of the notebooks and their answers, matched by request id. */
class RendererChannel implements vscode.Disposable {
  readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private readonly waiting = new Map<string, (r: ExportResponse | undefined) => void>();
  private readonly acked = new Map<string, () => void>();
  private counter = 0;

  /** The renderer's answer, or undefined when none came in time. */
  ask(editor: vscode.NotebookEditor, graph: GraphCell, format: ImageFormat, timeoutMs: number): Promise<ExportResponse | undefined> {
    const requestId = `${Date.now().toString(36)}-${++this.counter}`;
    const config = vscode.workspace.getConfiguration('bpnb');
    const request: ExportRequest = {
      type: 'bpnb.export', requestId, outputKey: graph.key, format, scale: clampScale(config.get<number>('export.scale', 2)),
      payload: graph.payload, diagram: outputOptions(), theme: config.get('export.theme') === 'editor' ? 'editor' : 'light',
    };
    const notRendered: ExportResponse = { type: 'bpnb.exportResult', requestId, ok: false, error: 'not-rendered' };
    return new Promise((resolve) => {
      let timer = setTimeout(() => settle(undefined), timeoutMs);
      const settle = (r: ExportResponse | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        this.acked.delete(requestId);
        resolve(r);
      };
      // The renderer acknowledges a request at once: from then on a big drawing gets the full time.
      this.acked.set(requestId, () => {
        clearTimeout(timer);
        timer = setTimeout(() => settle(undefined), ANSWER_TIMEOUT_MS);
      });
      this.waiting.set(requestId, settle);
      this.messaging.postMessage(request, editor).then((delivered) => {
        if (!delivered) this.waiting.get(requestId)?.(notRendered);
      }, () => this.waiting.get(requestId)?.(notRendered));
    });
  }

  /** An answer or an acknowledgement from a renderer; false for any other message. */
  receive(message: unknown): boolean {
    if (isExportResponse(message)) this.waiting.get(message.requestId)?.(message);
    else if (isExportAck(message)) this.acked.get(message.requestId)?.();
    else return false;
    return true;
  }

  dispose(): void {
    for (const settle of [...this.waiting.values()]) settle(undefined);
  }
}

const isNotRendered = (a: ExportResponse | undefined): boolean => a !== undefined && !a.ok && a.error === 'not-rendered';

/** The picture of the graph, asked of the renderers as the comment on QUICK_ASKS explains. */
async function drawnImage(channel: RendererChannel, editor: vscode.NotebookEditor, graph: GraphCell, format: ImageFormat): Promise<Uint8Array> {
  let answer: ExportResponse | undefined;
  for (let attempt = 0; attempt < QUICK_ASKS; attempt++) {
    answer = await channel.ask(editor, graph, format, QUICK_ASK_TIMEOUT_MS);
    if (answer && !isNotRendered(answer)) break;
    if (attempt === 0) editor.revealRange(new vscode.NotebookRange(graph.cellIndex, graph.cellIndex + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    if (answer) await delay(RETRY_PAUSE_MS);
  }
  if (!answer || isNotRendered(answer)) answer = await channel.ask(editor, graph, format, ANSWER_TIMEOUT_MS);
  const cell = graph.cellIndex + 1;
  if (!answer) throw new ExportError(`the graph of cell ${cell} did not answer within ${ANSWER_TIMEOUT_MS / 1000} s. Scroll it into view and try again.`);
  if (!answer.ok) {
    throw new ExportError(answer.error === 'not-rendered'
      ? `the graph of cell ${cell} is not drawn on screen. Scroll it into view (or run the cell) and try again.`
      : answer.error);
  }
  return format === 'svg' ? new TextEncoder().encode(answer.data) : base64ToBytes(answer.data);
}

/** Where to write an image: the explicit target, else the save dialog's answer (undefined if cancelled). */
export async function chooseTarget(defaultUri: vscode.Uri | undefined, format: 'svg' | 'png', explicit: ExportArgs | undefined): Promise<vscode.Uri | undefined> {
  if (explicit?.target !== undefined) return toUri(explicit.target);
  return vscode.window.showSaveDialog({
    defaultUri,
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    saveLabel: `Export ${format.toUpperCase()}`,
  });
}

/** One export: which graph, its picture, where to, the file; failures shown (or thrown to an explicit caller). */
async function exportImage(channel: RendererChannel, format: ImageFormat, arg: unknown): Promise<vscode.Uri | undefined> {
  const explicit = explicitArgs(arg);
  return exportOutput(format, explicit, 'graph', async () => {
    const graph = await pickGraphCell(arg, explicit);
    return graph && { notebook: graph.notebook, cellIndex: graph.cellIndex, draw: (editor) => drawnImage(channel, editor, graph, format) };
  });
}

/** An output chosen for export: its notebook and cell (and which plot), and how its picture is drawn in an editor showing it. */
export interface ChosenOutput {
  notebook: vscode.NotebookDocument;
  cellIndex: number;
  plotIndex?: number;
  draw(editor: vscode.NotebookEditor): Promise<Uint8Array>;
}

/**
 * What every image export does once it knows how to choose its output
 * (`choose`, undefined when the person cancelled): draw it in the notebook's
 * editor, ask where to save it, write the file, say so; `what` ('graph',
 * 'plot') names it in messages. Failures go to reportExportFailure.
 */
export async function exportOutput(format: 'svg' | 'png', explicit: ExportArgs | undefined, what: string,
  choose: () => Promise<ChosenOutput | undefined>): Promise<vscode.Uri | undefined> {
  try {
    const chosen = await choose();
    if (!chosen) return undefined;
    const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook.uri.toString() === chosen.notebook.uri.toString());
    if (!editor) throw new ExportError(`the notebook ${baseName(chosen.notebook.uri)} is not open in an editor. Open it and try again.`);
    const bytes = await chosen.draw(editor);
    const target = await chooseTarget(defaultTarget(chosen.notebook, chosen.cellIndex, format, chosen.plotIndex), format, explicit);
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, bytes);
    if (!explicit) void announce(`bpnb: ${what} exported to ${baseName(target)}`, target);
    return target;
  } catch (e) {
    return reportExportFailure(e, explicit !== undefined, `export the ${what}`);
  }
}

/**
 * The extension host's one boundary for export failures: an ExportError is
 * shown as it is, anything else is a bug in bpnb, shown in one line (no
 * stack). Explicit callers (tests, other extensions) get it thrown instead.
 */
function reportExportFailure(e: unknown, explicit: boolean, what: string): undefined {
  const message = e instanceof ExportError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  if (explicit) throw new Error(`bpnb: cannot ${what}: ${message}`, { cause: e });
  void vscode.window.showErrorMessage(`bpnb: cannot ${what}: ${message}`);
  return undefined;
}

export function registerExportImage(context: vscode.ExtensionContext): void {
  const channel = new RendererChannel();
  const run = (format: ImageFormat, arg: unknown) => exportImage(channel, format, arg);
  context.subscriptions.push(
    channel,
    channel.messaging.onDidReceiveMessage(({ editor, message }) => {
      if (channel.receive(message) || !isExportAsk(message)) return;
      // The renderer's toolbar buttons: the same flow, for the cell that holds this graph.
      const cellIndex = editor.notebook.getCells().findIndex((c) => graphOf(c)?.key === message.outputKey);
      if (cellIndex < 0) return;
      const cell = { notebook: editor.notebook, index: cellIndex };
      if (message.format === 'mermaid') void vscode.commands.executeCommand('bpnb.copyMermaid', cell);
      else void run(message.format, cell);
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
    // After Escape no cell is selected: `selections` is empty and `selection` undefined
    // (whatever the API's type says). Then the question below picks the cell.
    const selected = editor.selections.at(0)?.start;
    if (selected !== undefined && selected < notebook.cellCount && graphOf(notebook.cellAt(selected))) wanted = selected;
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

/**
 * The file an export suggests beside the notebook: `stem.md`, `stem-cellN.svg`,
 * or with `plotIndex` a cell's plot, `stem-cellN-plotK.png` (counted from 1).
 */
export function defaultTarget(notebook: vscode.NotebookDocument, cellIndex: number | undefined, format: string, plotIndex?: number): vscode.Uri | undefined {
  const stem = baseName(notebook.uri).replace(/\.bpnb$/i, '') || (plotIndex === undefined ? 'graph' : 'plot');
  const plot = plotIndex === undefined ? '' : `-plot${plotIndex + 1}`;
  const name = cellIndex === undefined ? `${stem}.${format}` : `${stem}-cell${cellIndex + 1}${plot}.${format}`;
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

export function clampScale(x: unknown): number {
  const n = typeof x === 'number' && Number.isFinite(x) ? x : 2;
  return Math.min(8, Math.max(0.5, n));
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
