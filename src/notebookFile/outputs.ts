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
import type { CellResult } from '../lang/result';
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
 * The outputs a cell run shows: the graph (GRAPH_MIME) with its Markdown
 * fallback table (plus any `check` report and messages) in one output, then
 * one error output per error diagnostic, its location within the cell.
 */
export function cellOutputs(result: CellResult, options: DiagramOptions = {}): NotebookOutput[] {
  const outputs: NotebookOutput[] = [];
  const markdown: string[] = [];
  if (result.graph) markdown.push(toMarkdownTable(result.graph, options));
  if (result.checks.length > 0) {
    markdown.push(
      '| check | analytic | numeric | rel. error |\n| --- | --- | --- | --- |\n' +
      result.checks.map((c) => `| ∂${c.target}/∂${c.wrt} | ${formatNumber(c.analytic, 6)} | ${formatNumber(c.numeric, 6)} | ${formatNumber(c.relError, 2)} |`).join('\n') + '\n',
    );
  }
  // With a check table, the session's one-line-per-check messages would repeat it.
  const messages = result.checks.length > 0 ? result.messages.filter((m) => !m.startsWith('check ')) : result.messages;
  for (const message of messages) markdown.push(message.replace(/[<>&|]/g, (ch) => `&#${ch.charCodeAt(0)};`) + '\n');
  const items: NotebookOutput['items'] = [];
  if (result.graph) items.push({ mime: GRAPH_MIME, data: result.graph as unknown as JsonObject });
  if (markdown.length > 0) items.push({ mime: MARKDOWN_MIME, data: markdown.join('\n') });
  if (items.length > 0) outputs.push({ items });
  for (const d of result.diagnostics) {
    if (d.severity !== 'error') continue;
    const where = `line ${d.range.startLine + 1}, column ${d.range.startColumn + 1}`;
    outputs.push({ items: [{ mime: ERROR_MIME, data: { name: d.code, message: `${where}: ${d.message}` } }] });
  }
  return outputs;
}
