// A notebook as Markdown: the one writer behind `bpnb export --format md` and
// VS Code's "Export Notebook as Markdown…". It reads cell outputs as the file
// stores them (cellOutputs' items), so the CLI passes the outputs of its run
// and VS Code the outputs the notebook shows.
//
// Each graph is either a ```mermaid block (GitHub and Mermaid-aware previews
// draw it) in the readable Mermaid text (plain label lines, no <font> or
// #160; noise, only the escapes a quoted label needs), or, for places that do
// not render Mermaid, an image link to an SVG file written beside the
// Markdown (`graphImageName`; the caller writes the files with the renderer's
// export path). Under each graph its table and a one-line legend.
//
// Each plot (PLOT_MIME: `plot`, `descend`, `boundary`) is likewise either a Mermaid
// ```xychart-beta block per panel (f, ∂f/∂x; the loss per step), which GitHub
// draws, or an image link to an SVG file that the plot renderer drew
// (`plotImageName`); a boundary has no Mermaid chart, so without its image it
// is one sentence. Under it, its one-line summary (the output's fallback).

import { toMermaid, type DiagramOptions } from '../diagram';
import { formatNumber } from '../diagram/numbers';
import { checkPayload } from '../diagram/checkPayload';
import { GRAPH_MIME, type GraphPayload } from '../diagram/payload';
import { PLOT_MIME, type PlotPayload } from '../diagram/plotPayload';
import { readPlot, toNumber } from '../diagram/plotReading';
import { readGraph } from '../diagram/reading';
import type { NotebookOutput } from './bpnbFile';
import { ERROR_MIME, MARKDOWN_MIME } from './outputs';

export interface MarkdownCell {
  kind: 'code' | 'markdown';
  source: string;
  /** Absent or empty: the code alone (a cell never run). */
  outputs?: readonly NotebookOutput[];
}

export interface MarkdownOptions {
  /**
   * Graphs as images instead of Mermaid blocks: the relative path of the
   * image of the graph in cell `cellIndex` (0-based, counting every cell), or
   * undefined to keep that graph as a Mermaid block.
   */
  graphImage?: (cellIndex: number, graph: GraphPayload) => string | undefined;
  /**
   * Plots as images instead of xychart blocks: the relative path of the image
   * of plot `plotIndex` (0-based, in the cell's output order) of cell
   * `cellIndex`, or undefined to keep that plot as Mermaid.
   */
  plotImage?: (cellIndex: number, plotIndex: number, plot: PlotPayload) => string | undefined;
}

/** The file name of a plot's image beside the Markdown: `lecture-cell2-plot1.svg` (both counted from 1). */
export function plotImageName(markdownFileName: string, cellIndex: number, plotIndex: number, format: 'svg' | 'png' = 'svg'): string {
  const stem = markdownFileName.replace(/\.(md|markdown)$/i, '') || 'plot';
  return `${stem}-cell${cellIndex + 1}-plot${plotIndex + 1}.${format}`;
}

/**
 * The file name of a graph's image beside the Markdown: `lecture-cell2.svg`
 * for the graph of the second cell of lecture.md (cells counted from 1, as the
 * cell list counts, like the image export's default name).
 */
export function graphImageName(markdownFileName: string, cellIndex: number, format: 'svg' | 'png' = 'svg'): string {
  const stem = markdownFileName.replace(/\.(md|markdown)$/i, '') || 'graph';
  return `${stem}-cell${cellIndex + 1}.${format}`;
}

/** A code fence longer than any run of backticks inside `text`. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

const escapeHtml = (s: string): string => s.replace(/[<>&]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The graph in an output item's data (a GraphPayload as JSON, or its text); undefined if it is not one this version reads. */
export function graphOfItem(data: unknown): GraphPayload | undefined {
  const value = typeof data === 'string' ? safeJson(data) : data;
  const checked = checkPayload(value);
  return checked.ok ? checked.payload : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Markdown text inside `[…]` or `*…*`: no brackets or emphasis from a name. */
const escapeInline = (s: string): string => s.replace(/[\\`*_[\]<>&|]/g, (ch) => `\\${ch}`);

/** What the numbers on the drawn nodes mean, as the renderer's legend says it. */
function legendLine(graph: GraphPayload): string | undefined {
  const r = readGraph(graph);
  const parts: string[] = [];
  if (graph.nodes.some((n) => n.grad !== undefined)) parts.push(`∂ g is ∂${r.targetName}/∂(node) = g, the gradient of ${r.targetName}`);
  if (graph.nodes.some((n) => n.tangent !== undefined)) parts.push(`ṫ t is ∂(node)/∂${r.seedName ?? 'x'} = t`);
  return parts.length ? `*On each node: its value; ${escapeInline(parts.join('; '))}.*` : undefined;
}

function graphMarkdown(graph: GraphPayload, cellIndex: number, options: DiagramOptions, md: MarkdownOptions): string {
  const image = md.graphImage?.(cellIndex, graph);
  if (image === undefined) return '```mermaid\n' + toMermaid(graph, { ...options, readable: true }).text + '```';
  const r = readGraph(graph);
  const t = r.node(graph.target);
  const alt = `Computation graph of ${r.targetName}${t && !Array.isArray(t.value) ? ` = ${formatNumber(t.value, options.precision)}` : ''}`;
  return `![${escapeInline(alt)}](${encodeURI(image)})`;
}

/** A number as xychart's grammar reads it: plain decimals (no exponent), 6 significant digits. */
function xyNumber(v: number): string {
  const rounded = Number(v.toPrecision(6));
  if (Math.abs(rounded) < 1e-12) return '0';
  const text = String(rounded);
  if (!text.includes('e')) return text;
  const decimals = Math.min(20, Math.max(0, 5 - Math.floor(Math.log10(Math.abs(rounded)))));
  return rounded.toFixed(decimals).replace(/\.?0+$/, '');
}

/** A quoted xychart text: its grammar has no escapes, so a double quote becomes a single one. */
const xyText = (s: string): string => `"${s.replace(/["\n\r]/g, "'")}"`;

/** One xychart-beta block: a line over an evenly spaced numeric x axis, or undefined when a value is not finite (xychart draws no gaps). */
function xychart(title: string, xLabel: string, x: [number, number], yLabel: string, ys: readonly number[]): string | undefined {
  if (ys.length === 0 || !ys.every(Number.isFinite)) return undefined;
  return '```mermaid\nxychart-beta\n' +
    `  title ${xyText(title)}\n` +
    `  x-axis ${xyText(xLabel)} ${xyNumber(x[0])} --> ${xyNumber(x[1])}\n` +
    `  y-axis ${xyText(yLabel)}\n` +
    `  line [${ys.map(xyNumber).join(', ')}]\n` +
    '```';
}

/** A plot as Markdown: its image, or one xychart block per panel (a sentence in place of a panel with NaN or ∞). */
function plotMarkdown(plot: PlotPayload, cellIndex: number, plotIndex: number, md: MarkdownOptions): string {
  const image = md.plotImage?.(cellIndex, plotIndex, plot);
  if (plot.kind === 'curve') {
    const g = `∂${plot.target}/∂${plot.wrt}`;
    if (image !== undefined) return `![${escapeInline(`${plot.target} and ${g} against ${plot.wrt}`)}](${encodeURI(image)})`;
    const range: [number, number] = [plot.x[0] ?? 0, plot.x[plot.x.length - 1] ?? 0];
    const f = xychart(`${plot.target} against ${plot.wrt}`, plot.wrt, range, plot.target, plot.value.map(toNumber));
    const d = xychart(`${g} against ${plot.wrt}`, plot.wrt, range, g, plot.grad.map(toNumber));
    return [f ?? `*${escapeInline(plot.target)} is not finite everywhere on this range: no chart.*`,
      d ?? `*${escapeInline(g)} is not finite everywhere on this range: no chart.*`].join('\n\n');
  }
  if (plot.kind === 'boundary') {
    const alt = `the decision boundary of ${plot.target} over ${plot.over}`;
    // No Mermaid chart draws a field of values: only the image says it, else the summary below does.
    return image !== undefined ? `![${escapeInline(alt)}](${encodeURI(image)})` : `*${escapeInline(alt)}: drawn in VS Code and in the SVG/PNG exports.*`;
  }
  if (image !== undefined) return `![${escapeInline(`${plot.target} per step of gradient descent`)}](${encodeURI(image)})`;
  return xychart(`${plot.target} per step of gradient descent`, 'step', [0, plot.loss.length - 1], plot.target, plot.loss.map(toNumber)) ??
    `*${escapeInline(plot.target)} is not finite at every step: no chart.*`;
}

export function notebookToMarkdown(cells: readonly MarkdownCell[], options: DiagramOptions, md: MarkdownOptions = {}): string {
  const parts: string[] = [];
  cells.forEach((cell, cellIndex) => {
    if (cell.kind === 'markdown') {
      parts.push(cell.source.trimEnd());
      return;
    }
    const f = fence(cell.source);
    parts.push(`${f}bpnb\n${cell.source}\n${f}`);
    const graphs: string[] = [];
    const tables: string[] = [];
    const errors: string[] = [];
    const legends: string[] = [];
    let plotIndex = 0;
    for (const output of cell.outputs ?? []) {
      for (const item of output.items) {
        if (item.mime === GRAPH_MIME) {
          const graph = graphOfItem(item.data);
          if (!graph) continue;
          graphs.push(graphMarkdown(graph, cellIndex, options, md));
          const legend = legendLine(graph);
          if (legend) legends.push(legend);
        } else if (item.mime === PLOT_MIME) {
          const plot = readPlot(item.data);
          if (plot) graphs.push(plotMarkdown(plot, cellIndex, plotIndex, md));
          plotIndex++;
        } else if (item.mime === MARKDOWN_MIME && typeof item.data === 'string') {
          tables.push(item.data.trimEnd());
        } else if (item.mime === ERROR_MIME && item.data && typeof item.data === 'object' && !Array.isArray(item.data)) {
          const { name, message } = item.data as { name?: unknown; message?: unknown };
          const text = String(message ?? '');
          // cellOutputs writes "line L, column C: message".
          const m = /^(line \d+, column \d+): ([\s\S]*)$/.exec(text);
          errors.push(m ? `> **${String(name)}** (${m[1]}): ${escapeHtml(m[2])}` : `> **${String(name)}**: ${escapeHtml(text)}`);
        }
      }
    }
    parts.push(...graphs, ...tables, ...legends, ...errors);
  });
  return parts.join('\n\n') + '\n';
}
