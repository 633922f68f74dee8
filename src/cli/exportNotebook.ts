// `bpnb export`: the notebook as Markdown (GitHub renders the ```mermaid
// blocks) or as the Mermaid text of each cell's graph.

import { toMermaid, type DiagramOptions } from '../diagram';
import { cellOutputs, notebookToMarkdown, type Notebook } from '../notebookFile';
import type { CellRun } from './runNotebook';

/** The notebook as Markdown, with the outputs of this run (the same writer as VS Code's export). */
export function toMarkdown(notebook: Notebook, runs: readonly CellRun[], options: DiagramOptions): string {
  const byIndex = new Map(runs.map((r) => [r.index, r.result]));
  return notebookToMarkdown(notebook.cells.map((cell, index) => {
    const result = byIndex.get(index);
    return { kind: cell.kind, source: cell.source, outputs: cell.kind === 'code' && result ? cellOutputs(result, options) : [] };
  }), options);
}

export function toMermaidFile(runs: readonly CellRun[], options: DiagramOptions): string {
  const parts: string[] = [];
  for (const { index, result } of runs) {
    if (!result.graph) continue;
    parts.push(`%% cell ${index}\n` + toMermaid(result.graph, options).text);
  }
  return parts.join('\n');
}
