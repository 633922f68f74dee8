// bpnb.copyMermaid and bpnb.exportMarkdown: text exports built in the
// extension host from the outputs the notebook shows, with src/diagram and the
// Markdown writer `bpnb export --format md` uses (src/notebookFile/markdown.ts), so
// the two never drift apart. Both write the readable Mermaid text (no <font>
// or #160; noise). The Markdown export asks whether the graphs go in as
// Mermaid blocks or as SVG files beside the Markdown; the SVGs come from
// bpnb.exportSvg, the renderer's one image export path.
//
// Tests pass `{ uri, cellIndex }` (copy) or `{ uri, target, graphs? }`
// (Markdown; graphs 'mermaid' by default, or 'svg'): no dialog, no
// notification, errors thrown.

import * as vscode from 'vscode';
import { toMermaid, type DiagramOptions } from '../diagram';
import { bytesToOutputData, graphImageName, notebookToMarkdown, graphOfItem, type MarkdownCell } from '../notebookFile';
import type { NotebookOutput } from '../notebookFile/bpnbFile';
import { GRAPH_MIME } from '../diagram/payload';
import { notebookToHtml } from '../notebookFile/htmlPage';
import { outputOptions } from '../notebook/settings';
import { plotKey, writePlotImages } from './exportPlots';
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
    const text = toMermaid(graph, { ...diagramOptions(), readable: true }).text;
    await vscode.env.clipboard.writeText(text);
    if (!explicit) void vscode.window.setStatusBarMessage(`bpnb: the Mermaid text of cell ${found.cellIndex + 1} is on the clipboard`, 4000);
    return text;
  } catch (e) {
    return fail(e, explicit !== undefined, 'copy the graph');
  }
}

/** How the Markdown holds the graphs. */
type GraphsAs = 'mermaid' | 'svg';

interface MarkdownArgs {
  uri?: vscode.Uri | string;
  target?: vscode.Uri | string;
  graphs?: GraphsAs;
}

/** The QuickPick: Mermaid blocks (GitHub draws them) or SVG files for places that do not render Mermaid. */
async function askGraphsAs(): Promise<GraphsAs | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: 'Mermaid blocks', description: 'GitHub and Mermaid-aware previews draw them', value: 'mermaid' as const },
    { label: 'SVG images beside the file', description: 'one image per graph, for places that do not render Mermaid', value: 'svg' as const },
  ], { title: 'Export Notebook as Markdown: the graphs as…', placeHolder: 'How should the Markdown show the graphs?' });
  return picked?.value;
}

/**
 * Writes the image of every graph the notebook shows beside the Markdown file
 * `target` through bpnb.exportSvg (the renderer draws it, as the SVG export
 * does) and returns each cell's relative image path.
 */
async function writeGraphImages(notebook: vscode.NotebookDocument, target: vscode.Uri): Promise<Map<number, string>> {
  const mdName = baseName(target);
  const images = new Map<number, string>();
  for (const cell of notebook.getCells()) {
    if (cell.kind !== vscode.NotebookCellKind.Code || !cell.outputs.some((o) => o.items.some((i) => i.mime === GRAPH_MIME))) continue;
    const name = graphImageName(mdName, cell.index);
    await vscode.commands.executeCommand('bpnb.exportSvg', { uri: notebook.uri, cellIndex: cell.index, target: vscode.Uri.joinPath(target, '..', name) });
    images.set(cell.index, name);
  }
  return images;
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
    // Markdown asks how the graphs go in (Mermaid blocks or SVG files beside it); a page draws them live.
    const graphsAs = format === 'html' ? 'live' : explicit ? explicit.graphs ?? 'mermaid' : await askGraphsAs();
    if (!graphsAs) return undefined;
    let target = explicit?.target === undefined ? undefined : toUri(explicit.target);
    if (!target) {
      target = await vscode.window.showSaveDialog({
        defaultUri: defaultTarget(notebook, undefined, format),
        filters: format === 'md' ? { Markdown: ['md'] } : { 'Web page': ['html'] },
        saveLabel: format === 'md' ? 'Export Markdown' : 'Export HTML',
      });
      if (!target) return undefined;
    }
    const images = graphsAs === 'svg' ? await writeGraphImages(notebook, target) : undefined;
    const plotImages = graphsAs === 'svg' ? await writePlotImages(notebook, target, baseName(target)) : undefined;
    const text = format === 'md'
      ? notebookToMarkdown(cells, diagramOptions(), images && plotImages ? {
        graphImage: (cellIndex) => images.get(cellIndex),
        plotImage: (cellIndex, plotIndex) => plotImages.get(plotKey(cellIndex, plotIndex)),
      } : {})
      : notebookToHtml(baseName(notebook.uri).replace(/\.bpnb$/i, '') || 'notebook', cells,
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'page.js'))));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    const count = (images?.size ?? 0) + (plotImages?.size ?? 0);
    const also = count ? ` and ${count} SVG image${count === 1 ? '' : 's'}` : '';
    if (!explicit) void announce(`bpnb: notebook exported to ${baseName(target)}${also}`, target);
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
