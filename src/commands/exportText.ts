// bpnb.copyMermaid and bpnb.exportMarkdown: text exports built in the
// extension host from the outputs the notebook shows, with src/diagram and the
// Markdown writer `bpnb export --format md` uses (src/notebookFile/markdown.ts), so
// the two never drift apart. No webview is involved.
//
// Tests pass `{ uri, cellIndex }` (copy) or `{ uri, target }` (Markdown): no
// dialog, no notification, errors thrown.

import * as vscode from 'vscode';
import { toMermaid, type DiagramOptions } from '../diagram';
import { bytesToOutputData, notebookToMarkdown, graphOfItem, type MarkdownCell } from '../notebookFile';
import type { NotebookOutput } from '../notebookFile/bpnbFile';
import { notebookToHtml } from '../notebookFile/htmlPage';
import { outputOptions } from '../notebook/settings';
import { announce, baseName, defaultTarget, ExportError, explicitArgs, pickGraphCell, toUri } from './exportImage';

/** The display settings (bpnb.graph.*) at the time of the export. */
function diagramOptions(): DiagramOptions {
  const o = outputOptions();
  return { direction: o.direction, nodeLimit: o.nodeLimit, precision: o.precision, edgeLabels: o.edgeLabels };
}

function fail(e: unknown, explicit: boolean, what: string): undefined {
  const message = e instanceof ExportError ? e.message : `unexpected problem: ${e instanceof Error ? e.message : String(e)}`;
  if (explicit) throw new Error(`bpnb: cannot ${what}: ${message}`, { cause: e });
  void vscode.window.showErrorMessage(`bpnb: cannot ${what}: ${message}`);
  return undefined;
}

async function copyMermaid(arg: unknown): Promise<string | undefined> {
  const explicit = explicitArgs(arg);
  try {
    const found = await pickGraphCell(arg, explicit);
    if (!found) return undefined;
    const graph = graphOfItem(found.payload);
    if (!graph) throw new ExportError(`the graph output of cell ${found.cellIndex + 1} is not a graph this version can read.`);
    const text = toMermaid(graph, diagramOptions()).text;
    await vscode.env.clipboard.writeText(text);
    if (!explicit) void vscode.window.setStatusBarMessage(`bpnb: the Mermaid text of cell ${found.cellIndex + 1} is on the clipboard`, 4000);
    return text;
  } catch (e) {
    return fail(e, explicit !== undefined, 'copy the graph');
  }
}

interface MarkdownArgs {
  uri?: vscode.Uri | string;
  target?: vscode.Uri | string;
}

function markdownArgs(arg: unknown): MarkdownArgs | undefined {
  if (!arg || typeof arg !== 'object' || !('target' in arg)) return undefined;
  return arg as MarkdownArgs;
}

/** The outputs a cell shows, as the file would store them. */
function shownOutputs(cell: vscode.NotebookCell): NotebookOutput[] {
  return cell.outputs.map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, data: bytesToOutputData(i.mime, i.data) })) }));
}

/**
 * bpnb.exportMarkdown and bpnb.exportHtml: the notebook with the outputs it
 * shows, as Markdown or as a self-contained page (src/notebookFile/htmlPage.ts,
 * with dist/page.js read through vscode.workspace.fs, so the web extension
 * exports the same page).
 */
async function exportNotebook(arg: unknown, format: 'md' | 'html', extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const explicit = markdownArgs(arg);
  try {
    let notebook: vscode.NotebookDocument | undefined;
    if (explicit?.uri !== undefined) {
      const uri = toUri(explicit.uri);
      notebook = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString());
    } else if (arg instanceof vscode.Uri) {
      notebook = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === arg.toString());
    } else {
      notebook = vscode.window.activeNotebookEditor?.notebook;
    }
    if (!notebook || notebook.notebookType !== 'bpnb') throw new ExportError('open a .bpnb notebook first.');
    const cells: MarkdownCell[] = notebook.getCells().map((c) => ({
      kind: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'code',
      source: c.document.getText(),
      outputs: c.kind === vscode.NotebookCellKind.Code ? shownOutputs(c) : [],
    }));
    const text = format === 'md'
      ? notebookToMarkdown(cells, diagramOptions())
      : notebookToHtml(baseName(notebook.uri).replace(/\.bpnb$/i, '') || 'notebook', cells,
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'page.js'))));
    let target = explicit?.target === undefined ? undefined : toUri(explicit.target);
    if (!target) {
      target = await vscode.window.showSaveDialog({
        defaultUri: defaultTarget(notebook, undefined, format),
        filters: format === 'md' ? { Markdown: ['md'] } : { 'Web page': ['html'] },
        saveLabel: format === 'md' ? 'Export Markdown' : 'Export HTML',
      });
      if (!target) return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    if (!explicit) void announce(`bpnb: notebook exported to ${baseName(target)}`, target);
    return target;
  } catch (e) {
    return fail(e, explicit !== undefined, `export the notebook${format === 'html' ? ' as HTML' : ''}`);
  }
}

export function registerExportText(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('bpnb.copyMermaid', (arg?: unknown) => copyMermaid(arg)),
    vscode.commands.registerCommand('bpnb.exportMarkdown', (arg?: unknown) => exportNotebook(arg, 'md', context.extensionUri)),
    vscode.commands.registerCommand('bpnb.exportHtml', (arg?: unknown) => exportNotebook(arg, 'html', context.extensionUri)),
  );
}
