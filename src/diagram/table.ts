// ViewModel → Markdown table: the text/markdown fallback beside the graph,
// one row per node in topological order, with the same numbers as the picture.

import type { GraphPayload } from './payload';
import { buildViewModel, type DiagramOptions, type ViewNode } from './viewModel';

export function toMarkdownTable(payload: GraphPayload, options: DiagramOptions = {}): string {
  const model = buildViewModel(payload, options);
  const show = options.show ?? 'both';
  const columns: { head: string; cell: (n: ViewNode) => string }[] = [
    { head: 'node', cell: (n) => (n.isTarget ? `**${escapeMarkdown(n.title)}**` : escapeMarkdown(n.title)) },
    { head: 'op', cell: (n) => escapeMarkdown(n.kind === 'gate' && n.symbol && n.symbol !== n.op ? `${n.symbol} (${n.op})` : n.op) },
  ];
  if (model.nodes.some((n) => n.shape !== '')) columns.push({ head: 'shape', cell: (n) => escapeMarkdown(n.shape) });
  if (show !== 'grads') columns.push({ head: 'value', cell: (n) => escapeMarkdown(n.value ?? '') });
  // No empty grad column before any backward (show, forward mode), unless asked for grads.
  if (show === 'grads' || (show === 'both' && model.nodes.some((n) => n.grad !== undefined))) {
    columns.push({ head: 'grad', cell: (n) => escapeMarkdown(n.grad ?? '') });
  }
  if (model.hasTangents) columns.push({ head: 'tangent', cell: (n) => escapeMarkdown(n.tangent ?? '') });

  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [row(columns.map((c) => c.head)), row(columns.map(() => '---'))];
  for (const node of model.nodes) lines.push(row(columns.map((c) => c.cell(node))));
  if (model.hidden > 0) {
    const filler = columns.slice(1).map(() => '');
    lines.push(row([`… ${model.hidden} more ${model.hidden === 1 ? 'node' : 'nodes'} hidden`, ...filler]));
  }
  for (const warning of model.warnings) lines.push('', `> ⚠ ${escapeMarkdown(warning)}`);
  return lines.join('\n') + '\n';
}

/** Text that stays literal inside a Markdown table cell. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#~!]/g, (ch) => '\\' + ch);
}
