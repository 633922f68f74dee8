// Cell outputs as the .bpnb file stores them, and the outputs a cell run
// produces. In the file an output item's `data` is readable JSON, not base64:
//   - JSON mimes (application/json, anything ending in +json such as the graph
//     mime, and VS Code's error mime): the JSON value itself, unless the bytes
//     are not JSON or are a bare JSON string, then the raw text as a string;
//   - text mimes (text/*, +xml, VS Code's stdout/stderr, javascript): the text;
//   - anything else (image/png …): base64 of the bytes.
// The VS Code serializer converts with outputDataToBytes / bytesToOutputData;
// the CLI's --inplace and the kernel build the same items with cellOutputs.

import { toMarkdownTable, type DiagramOptions } from '../diagram';
import { formatNumber } from '../diagram/numbers';
import { GRAPH_MIME } from '../diagram/payload';
import { PLOT_MIME, type PlotPayload } from '../diagram/plotPayload';
import { plotCaption } from '../diagram/plotReading';
import type { CellResult, Diagnostic } from '../lang/result';
import type { JsonObject, JsonValue, NotebookOutput } from './bpnbFile';

export const ERROR_MIME = 'application/vnd.code.notebook.error';
export const MARKDOWN_MIME = 'text/markdown';

export type OutputDataKind = 'json' | 'text' | 'binary';

export function outputDataKind(mime: string): OutputDataKind {
  const m = mime.toLowerCase().split(';')[0].trim();
  if (m === 'application/json' || m.endsWith('+json') || m === ERROR_MIME) return 'json';
  if (
    m.startsWith('text/') || m.endsWith('+xml') || m === 'application/javascript' ||
    m === 'application/vnd.code.notebook.stdout' || m === 'application/vnd.code.notebook.stderr'
  ) return 'text';
  return 'binary';
}

/** What the file stores for an output item's bytes. */
export function bytesToOutputData(mime: string, bytes: Uint8Array): JsonValue {
  const kind = outputDataKind(mime);
  if (kind === 'binary') return toBase64(bytes);
  const text = new TextDecoder().decode(bytes);
  if (kind === 'text') return text;
  try {
    const value = JSON.parse(text) as JsonValue;
    return typeof value === 'string' ? text : value;
  } catch {
    return text;
  }
}

/** The bytes of an output item as read from the file. */
export function outputDataToBytes(mime: string, data: JsonValue): Uint8Array {
  const kind = outputDataKind(mime);
  if (typeof data === 'string') return kind === 'binary' ? fromBase64(data) : new TextEncoder().encode(data);
  return new TextEncoder().encode(JSON.stringify(data));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  try {
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return new TextEncoder().encode(text); // not base64: keep the text rather than lose it
  }
}

/**
 * The outputs a cell run shows, in this order:
 *   1. the graph (GRAPH_MIME, drawn by bpnb's renderer) with its Markdown
 *      fallback table (shown only where the renderer is not available);
 *   2. one output per `plot`, then one per `descend`, then one per
 *      `boundary`, each kind in the cell's order
 *      (PLOT_MIME, drawn by bpnb's plot renderer), each with a one-line
 *      Markdown summary as its fallback;
 *   3. the cell's report as Markdown, an output of its own so that VS Code
 *      shows it beside the drawing: the echo of bare expressions and other
 *      messages, the `check` table (with a verdict per line) and warnings;
 *   4. one error output per error diagnostic, its location within the cell.
 * The kernel and the CLI's --inplace both write exactly these.
 */
export function cellOutputs(result: CellResult, options: DiagramOptions = {}): NotebookOutput[] {
  const outputs: NotebookOutput[] = [];
  if (result.graph) {
    outputs.push({ items: [
      { mime: GRAPH_MIME, data: result.graph as unknown as JsonObject },
      { mime: MARKDOWN_MIME, data: toMarkdownTable(result.graph, options) },
    ] });
  }
  for (const plot of [...(result.plots ?? []), ...(result.descents ?? []), ...(result.boundaries ?? [])]) outputs.push(plotOutput(plot));
  const report = cellReport(result);
  if (report) outputs.push({ items: [{ mime: MARKDOWN_MIME, data: report }] });
  for (const d of result.diagnostics) {
    if (d.severity !== 'error') continue;
    outputs.push({ items: [{ mime: ERROR_MIME, data: { name: d.code, message: `${locationOf(d)}: ${d.message}` } }] });
  }
  return outputs;
}

/** One plot's output: the payload for the plot renderer and a Markdown summary where that renderer is not available. */
export function plotOutput(plot: PlotPayload): NotebookOutput {
  return { items: [
    { mime: PLOT_MIME, data: plot as unknown as JsonObject },
    { mime: MARKDOWN_MIME, data: plotSummary(plot) },
  ] };
}

/** The Markdown fallback of a plot: what it shows in one sentence, and its warning. */
export function plotSummary(plot: PlotPayload): string {
  const head = plot.kind === 'curve' ? '**plot**' : plot.kind === 'boundary' ? '**boundary**' : plot.running ? '**descend** (running)' : '**descend**';
  const warning = plot.kind === 'curve' && plot.warning ? `\n\n**warning**: ${escapeText(plot.warning)}` : '';
  return `${head} ${escapeText(plotCaption(plot))}${warning}\n`;
}

/** How far the analytic gradient may stray from the numeric one and still be trusted. */
export function checkVerdict(relError: number): 'ok' | 'close' | 'MISMATCH' {
  // The same thresholds as the session's one-line check messages (src/lang/evaluator.ts).
  return relError <= 1e-6 ? 'ok' : relError <= 1e-3 ? 'close' : 'MISMATCH';
}

/**
 * What the cell says besides its graph, as Markdown, or '' when it says
 * nothing: its messages verbatim in a code block (an echo such as
 * `a * 10 = 37.2` holds `*`, which Markdown would read as emphasis), the check
 * report as a table, and its warnings.
 */
export function cellReport(result: CellResult): string {
  const parts: string[] = [];
  // With a check table, the session's one-line-per-check messages would repeat it.
  const messages = result.checks.length > 0 ? result.messages.filter((m) => !m.startsWith('check ∂')) : result.messages;
  if (messages.length > 0) {
    const text = messages.join('\n');
    const f = fence(text);
    parts.push(`${f}text\n${text}\n${f}`);
  }
  if (result.checks.length > 0) {
    parts.push(
      '| check | analytic | numeric | relative error | verdict |\n| --- | ---: | ---: | ---: | --- |\n' +
      result.checks.map((c) => {
        const verdict = checkVerdict(c.relError);
        return `| ∂${escapeText(c.target)}/∂${escapeText(c.wrt)} | ${formatNumber(c.analytic, 6)} | ${formatNumber(c.numeric, 6)} | ${formatNumber(c.relError, 2)} | ${verdict === 'ok' ? 'ok' : `**${verdict}**`} |`;
      }).join('\n'),
    );
  }
  for (const d of result.diagnostics) {
    if (d.severity === 'warning') parts.push(`**warning** (${locationOf(d)}): ${escapeText(d.message)}`);
  }
  return parts.length > 0 ? parts.join('\n\n') + '\n' : '';
}

function locationOf(d: Diagnostic): string {
  return `line ${d.range.startLine + 1}, column ${d.range.startColumn + 1}`;
}

/** A code fence longer than any run of backticks inside `text`. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Text that Markdown shows as written: no HTML, no emphasis, no table breaks. */
function escapeText(text: string): string {
  return text.replace(/[<>&]/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/([\\`*_[\]|])/g, '\\$1');
}
