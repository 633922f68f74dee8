// bpnb.exportPlotSvg / bpnb.exportPlotPng: one plot (a `plot`, `descend` or
// `boundary` output) as an image file. The sibling of the graph's export
// (exportImage.ts), with the same shape: which plot, its picture from the
// plot renderer (over renderer messaging: the payload travels in the request,
// so any plot renderer loaded in the notebook's editor can draw it), where to
// save it, the file. The picture is drawn in the theme `bpnb.export.theme`
// says (light, or the editor's kind), at `bpnb.export.scale` for a PNG.
//
// Which plot: an explicit one; else the selected cell's plots, else every
// plot of the notebook; one is taken as it is, several are offered in a quick
// pick ("Cell 12 · boundary: the sign of s over X …").
//
// Tests pass `{ uri, cellIndex, plotIndex?, target }` and get the written URI
// back, with no dialog and no notification.

import * as vscode from 'vscode';
import { PLOT_MIME, type PlotPayload } from '../diagram/plotPayload';
import { plotCaption, readPlot } from '../diagram/plotReading';
import type { PlotSvgResponse } from '../plotRenderer/messages';
import {
  ANSWER_TIMEOUT_MS, base64ToBytes, baseName, clampScale, ExportError, exportOutput, QUICK_ASK_TIMEOUT_MS, QUICK_ASKS, toUri, type ExportArgs,
} from './exportImage';
import { plotChannel, plotExportTheme } from './exportPlots';

type Format = 'svg' | 'png';

export interface PlotExportArgs extends ExportArgs {
  /** Which of the cell's plot outputs, counted from 0 (default 0). */
  plotIndex?: number;
}

interface PlotOutput {
  notebook: vscode.NotebookDocument;
  cellIndex: number;
  plotIndex: number;
  payload: PlotPayload;
}

/** The plot outputs of a cell, in output order, that this version can draw. */
export function plotsOf(cell: vscode.NotebookCell): PlotPayload[] {
  const out: PlotPayload[] = [];
  for (const o of cell.outputs) {
    for (const item of o.items) {
      if (item.mime !== PLOT_MIME) continue;
      const payload = readPlot(new TextDecoder().decode(item.data));
      if (payload) out.push(payload);
    }
  }
  return out;
}

const KIND_WORD: Record<PlotPayload['kind'], string> = { curve: 'plot', descent: 'descend', boundary: 'boundary' };

async function pickPlot(arg: unknown): Promise<PlotOutput | undefined> {
  const explicit = arg && typeof arg === 'object' && 'cellIndex' in arg ? arg as PlotExportArgs : undefined;
  if (explicit) {
    const uri = explicit.uri === undefined ? undefined : toUri(explicit.uri);
    const notebook = uri ? vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeNotebookEditor?.notebook;
    if (!notebook) throw new ExportError(`no open notebook ${uri ? baseName(uri) : ''}`.trim());
    const cellIndex = explicit.cellIndex ?? -1;
    if (!Number.isInteger(cellIndex) || cellIndex < 0 || cellIndex >= notebook.cellCount) {
      throw new ExportError(`cell index ${cellIndex} is out of range (the notebook has ${notebook.cellCount} cells).`);
    }
    const plots = plotsOf(notebook.cellAt(cellIndex));
    const plotIndex = explicit.plotIndex ?? 0;
    if (plots.length === 0) throw new ExportError(`cell ${cellIndex + 1} has no plot output. Run it first.`);
    if (!plots[plotIndex]) throw new ExportError(`cell ${cellIndex + 1} has ${plots.length} ${plots.length === 1 ? 'plot' : 'plots'}; there is no plot ${plotIndex + 1}.`);
    return { notebook, cellIndex, plotIndex, payload: plots[plotIndex] };
  }
  let notebook: vscode.NotebookDocument;
  let cells: vscode.NotebookCell[];
  if (arg && typeof arg === 'object' && 'notebook' in arg && 'index' in arg) {
    const cell = arg as { notebook: vscode.NotebookDocument; index: number };
    notebook = cell.notebook;
    cells = [notebook.cellAt(cell.index)];
  } else {
    const editor = vscode.window.activeNotebookEditor;
    if (!editor || editor.notebook.notebookType !== 'bpnb') throw new ExportError('open a .bpnb notebook and select a cell with a plot.');
    notebook = editor.notebook;
    const selected = editor.selections.at(0)?.start;
    const chosen = selected !== undefined && selected < notebook.cellCount ? notebook.cellAt(selected) : undefined;
    cells = chosen && plotsOf(chosen).length > 0 ? [chosen] : notebook.getCells();
  }
  const all = cells.flatMap((cell) => plotsOf(cell).map((payload, plotIndex) => ({ notebook, cellIndex: cell.index, plotIndex, payload })));
  if (all.length === 0) throw new ExportError(cells.length === 1 ? `cell ${cells[0].index + 1} has no plot output. Run it first.` : 'no cell of this notebook has a plot output. Run a cell with plot, descend or boundary first.');
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((p) => ({ label: `Cell ${p.cellIndex + 1} · ${KIND_WORD[p.payload.kind]}`, detail: plotCaption(p.payload), plot: p })),
    { title: 'Which plot?', placeHolder: 'Select a plot to export', matchOnDetail: true },
  );
  return picked?.plot;
}

/**
 * The picture from a plot renderer of the notebook's editor, asked as a
 * graph's is (exportImage.ts, the comment on QUICK_ASKS): briefly up to
 * QUICK_ASKS times, the cell revealed after the first miss, then once with
 * the full ANSWER_TIMEOUT_MS.
 */
async function drawnPlot(editor: vscode.NotebookEditor, plot: PlotOutput, format: Format): Promise<Uint8Array> {
  const config = vscode.workspace.getConfiguration('bpnb');
  const request = { payload: plot.payload, theme: plotExportTheme(), format, scale: clampScale(config.get<number>('export.scale', 2)) };
  let answer: PlotSvgResponse | undefined;
  for (let attempt = 0; attempt < QUICK_ASKS && !answer; attempt++) {
    answer = await plotChannel().ask(editor, request, QUICK_ASK_TIMEOUT_MS);
    if (!answer && attempt === 0) {
      // No plot renderer has loaded in this editor yet: showing the cell's plot loads one.
      editor.revealRange(new vscode.NotebookRange(plot.cellIndex, plot.cellIndex + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    }
  }
  answer ??= await plotChannel().ask(editor, request, ANSWER_TIMEOUT_MS);
  if (!answer) throw new ExportError(`the plot of cell ${plot.cellIndex + 1} did not answer. Scroll it into view and try again.`);
  if (!answer.ok) throw new ExportError(answer.error ?? 'the plot could not be drawn');
  const data = format === 'svg' ? answer.svg : answer.png;
  if (data === undefined) throw new ExportError(`the plot renderer sent no ${format.toUpperCase()}`);
  return format === 'svg' ? new TextEncoder().encode(data) : base64ToBytes(data);
}

async function exportPlotImage(format: Format, arg: unknown): Promise<vscode.Uri | undefined> {
  const explicit = arg && typeof arg === 'object' && 'cellIndex' in arg ? arg as PlotExportArgs : undefined;
  return exportOutput(format, explicit, 'plot', async () => {
    const plot = await pickPlot(arg);
    return plot && { notebook: plot.notebook, cellIndex: plot.cellIndex, plotIndex: plot.plotIndex, draw: (editor) => drawnPlot(editor, plot, format) };
  });
}

export function registerExportPlotImage(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('bpnb.exportPlotSvg', (arg?: unknown) => exportPlotImage('svg', arg)),
    vscode.commands.registerCommand('bpnb.exportPlotPng', (arg?: unknown) => exportPlotImage('png', arg)),
  );
}
