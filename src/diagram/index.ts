// The diagram module: GraphPayload → Mermaid text and Markdown table.
// Pure functions, no VS Code and no DOM: the kernel, the CLI and the renderer share them.

export { toMermaid, escapeLabel, LABEL_COLORS, TEXT_PAD, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, type LineKind, type MermaidResult } from './mermaid';
export { toMarkdownTable, escapeMarkdown } from './table';
export { formatNumber, formatTensor, formatShape, formatValue, shapeText, isScalar, toNumber, DEFAULT_PRECISION } from './numbers';
export { buildViewModel, DEFAULT_NODE_LIMIT, type DiagramOptions, type Direction, type ShowWhat, type ViewModel } from './viewModel';
export * from './payload';
