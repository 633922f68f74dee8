// An exported notebook page (`bpnb export --format html`, the command
// Export Notebook as HTML…): one self-contained file. Markdown cells are
// rendered when the page opens, by its script (src/web/page.ts: markdown-it,
// raw HTML off: a shared notebook's text stays text), so the extensions do not
// carry a Markdown library; here they are escaped text (readable even with
// scripts off). Code cells
// with their source and outputs, every graph drawn by bpnb's own renderer
// with its toolbar, playback and live inputs, and every plot (`plot`,
// `descend`) drawn by bpnb's plot renderer (`pageScript`: dist/page.js,
// inlined; with scripts off a plot shows its one-line summary). Nothing is fetched when the page opens: no fonts, no scripts, no
// styles from elsewhere. TeX between $…$ is shown as written. Plain string
// building, shared by the CLI (Node) and both extensions (desktop and web).

import { GRAPH_MIME } from '../diagram/payload';
import { PLOT_MIME } from '../diagram/plotPayload';
import type { NotebookOutput } from './bpnbFile';
import { ERROR_MIME, MARKDOWN_MIME } from './outputs';

export interface HtmlCell {
  kind: 'markdown' | 'code';
  source: string;
  outputs?: readonly NotebookOutput[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Text inside a <script> element: the HTML parser ends the element at the
 * first `</script`, and `<!--` can change how it reads the rest. Both are
 * escaped in a way JavaScript and JSON read as the same characters.
 */
export function scriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\u0021--');
}

/** JSON inside a <script type="application/json">: `<` as \u003c, so no text can close the element. */
function jsonScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Markdown source as escaped text; the page's script renders it (src/web/page.ts). */
function markdown(source: string): string {
  return `<div class="bpnb-md">${escapeHtml(source)}</div>`;
}

function outputHtml(output: NotebookOutput): string {
  const graph = output.items.find((i) => i.mime === GRAPH_MIME);
  if (graph) {
    return `<div class="bpnb-graph" data-mime="${GRAPH_MIME}"><script type="application/json" class="bpnb-payload">${jsonScript(graph.data)}</script><div class="bpnb-graph-output"></div></div>`;
  }
  const plot = output.items.find((i) => i.mime === PLOT_MIME);
  if (plot) {
    // The summary (escaped text, rendered as Markdown) until the page's script draws the plot in its place.
    const summary = output.items.find((i) => i.mime === MARKDOWN_MIME);
    const fallback = summary && typeof summary.data === 'string' ? markdown(summary.data) : '';
    return `<div class="bpnb-plot" data-mime="${PLOT_MIME}"><script type="application/json" class="bpnb-payload">${jsonScript(plot.data)}</script><div class="bpnb-plot-drawing">${fallback}</div></div>`;
  }
  return output.items.map((item) => {
    const text = typeof item.data === 'string' ? item.data : JSON.stringify(item.data);
    if (item.mime === ERROR_MIME) {
      const e = (typeof item.data === 'object' && item.data !== null ? item.data : {}) as { name?: string; message?: string };
      return `<pre class="bpnb-error">${escapeHtml(`${e.name ?? 'Error'}: ${e.message ?? text}`)}</pre>`;
    }
    if (item.mime === MARKDOWN_MIME) return markdown(text);
    return `<pre class="bpnb-text">${escapeHtml(text)}</pre>`;
  }).join('\n');
}

const PAGE_CSS = `
:root { color-scheme: light dark;
  --vscode-font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; --vscode-font-size: 14px;
  --vscode-editor-font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  --vscode-editor-foreground: var(--vscode-foreground); --vscode-editor-background: var(--bg);
  --vscode-foreground: #1f1f1f; --bg: #ffffff; --code-bg: #f5f5f5; --border: #d4d4d4;
  --vscode-widget-border: #c8c8c8; --vscode-panel-border: #d4d4d4; --vscode-focusBorder: #0078d4;
  --vscode-errorForeground: #c42b1c; --vscode-editorWarning-foreground: #9d5d00;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-border: transparent;
  --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #1f1f1f; --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-toolbar-hoverBackground: rgba(184, 184, 184, 0.31); --vscode-editorWidget-background: #f8f8f8;
  --vscode-dropdown-background: #ffffff; --vscode-dropdown-foreground: #1f1f1f; --vscode-dropdown-border: #cecece; --vscode-contrastBorder: transparent; }
@media (prefers-color-scheme: dark) { :root {
  --vscode-foreground: #cccccc; --bg: #1f1f1f; --code-bg: #181818; --border: #3c3c3c;
  --vscode-widget-border: #454545; --vscode-panel-border: #3c3c3c; --vscode-focusBorder: #0078d4;
  --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-toolbar-hoverBackground: rgba(90, 93, 94, 0.31); --vscode-editorWidget-background: #202020;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c; } }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; background: var(--bg); color: var(--vscode-foreground);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5; }
.bpnb-cell { margin: 1rem 0; }
.bpnb-source { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: 0.6rem 0.8rem; overflow-x: auto; }
pre, code { font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
.bpnb-error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
.bpnb-text { white-space: pre-wrap; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--border); padding: 0.2rem 0.5rem; }
.bpnb-graph-output, .bpnb-plot-drawing { overflow-x: auto; }
.bpnb-md:not(.bpnb-rendered) { white-space: pre-wrap; }
`;

export function notebookToHtml(title: string, cells: readonly HtmlCell[], pageScript: string): string {
  const body = cells.map((cell) => {
    if (cell.kind === 'markdown') return `<section class="bpnb-cell bpnb-markdown">${markdown(cell.source)}</section>`;
    const outputs = (cell.outputs ?? []).map(outputHtml).join('\n');
    return `<section class="bpnb-cell bpnb-code"><pre class="bpnb-source"><code>${escapeHtml(cell.source)}</code></pre>${outputs ? `\n<div class="bpnb-outputs">${outputs}</div>` : ''}</section>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="generator" content="bpnb">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script>${scriptText(pageScript)}</script>
</body>
</html>
`;
}

