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

import { toMermaid, type DiagramOptions } from '../diagram';
import { formatNumber } from '../diagram/numbers';
import { checkPayload } from '../diagram/checkPayload';
import { GRAPH_MIME, type GraphPayload } from '../diagram/payload';
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
    for (const output of cell.outputs ?? []) {
      for (const item of output.items) {
        if (item.mime === GRAPH_MIME) {
          const graph = graphOfItem(item.data);
          if (!graph) continue;
          graphs.push(graphMarkdown(graph, cellIndex, options, md));
          const legend = legendLine(graph);
          if (legend) legends.push(legend);
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
