// What the renderer uses from src/diagram (one Mermaid generator for the whole
// project: the kernel's Markdown fallback, the CLI export and this renderer).
export { formatNumber, formatTensor, toMermaid, type DiagramOptions, type MermaidResult } from '../diagram';
