// `bpnb export`: the notebook as Markdown (GitHub renders the ```mermaid
// blocks) or as the Mermaid text of each cell's graph.

import { toMermaid, type DiagramOptions } from '../diagram';
import { cellOutputs, MARKDOWN_MIME, type Notebook } from '../format';
import { errorsOf } from './report';
import type { CellRun } from './runNotebook';

/** A code fence longer than any run of backticks inside `text`. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function toMarkdown(notebook: Notebook, runs: readonly CellRun[], options: DiagramOptions): string {
  const byIndex = new Map(runs.map((r) => [r.index, r.result]));
  const parts: string[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.kind === 'markdown') {
      parts.push(cell.source.trimEnd());
      return;
    }
    const f = fence(cell.source);
    parts.push(`${f}bpnb\n${cell.source}\n${f}`);
    const result = byIndex.get(index);
    if (!result) return;
    if (result.graph) parts.push('```mermaid\n' + toMermaid(result.graph, options).text + '```');
    for (const output of cellOutputs(result, options)) {
      for (const item of output.items) if (item.mime === MARKDOWN_MIME) parts.push(String(item.data).trimEnd());
    }
    for (const d of errorsOf(result.diagnostics)) {
      const where = `line ${d.range.startLine + 1}, column ${d.range.startColumn + 1}`;
      parts.push(`> **${d.code}** (${where}): ${d.message.replace(/[<>&]/g, (ch) => `&#${ch.charCodeAt(0)};`)}`);
    }
  });
  return parts.join('\n\n') + '\n';
}

export function toMermaidFile(runs: readonly CellRun[], options: DiagramOptions): string {
  const parts: string[] = [];
  for (const { index, result } of runs) {
    if (!result.graph) continue;
    parts.push(`%% cell ${index}\n` + toMermaid(result.graph, options).text);
  }
  return parts.join('\n');
}
