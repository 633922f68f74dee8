// A notebook as Markdown (GitHub renders the ```mermaid blocks): the one
// writer behind `bpnb export --format md` and VS Code's "Export Notebook as
// Markdown…". It reads cell outputs as the file stores them (cellOutputs'
// items), so the CLI passes the outputs of its run and VS Code the outputs the
// notebook shows.

import { toMermaid, type DiagramOptions } from '../diagram';
import { GRAPH_MIME, type GraphPayload } from '../diagram/payload';
import type { NotebookOutput } from './bpnbFile';
import { ERROR_MIME, MARKDOWN_MIME } from './outputs';

export interface MarkdownCell {
  kind: 'code' | 'markdown';
  source: string;
  /** Absent or empty: the code alone (a cell never run). */
  outputs?: readonly NotebookOutput[];
}

/** A code fence longer than any run of backticks inside `text`. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

const escapeHtml = (s: string): string => s.replace(/[<>&]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The Mermaid text of a graph output item's data (a GraphPayload as JSON, or its text). */
export function graphOfItem(data: unknown): GraphPayload | undefined {
  const value = typeof data === 'string' ? safeJson(data) : data;
  if (!value || typeof value !== 'object' || !Array.isArray((value as GraphPayload).nodes)) return undefined;
  return value as GraphPayload;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function notebookToMarkdown(cells: readonly MarkdownCell[], options: DiagramOptions): string {
  const parts: string[] = [];
  for (const cell of cells) {
    if (cell.kind === 'markdown') {
      parts.push(cell.source.trimEnd());
      continue;
    }
    const f = fence(cell.source);
    parts.push(`${f}bpnb\n${cell.source}\n${f}`);
    const graphs: string[] = [];
    const tables: string[] = [];
    const errors: string[] = [];
    for (const output of cell.outputs ?? []) {
      for (const item of output.items) {
        if (item.mime === GRAPH_MIME) {
          const graph = graphOfItem(item.data);
          if (graph) graphs.push('```mermaid\n' + toMermaid(graph, options).text + '```');
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
    parts.push(...graphs, ...tables, ...errors);
  }
  return parts.join('\n\n') + '\n';
}
