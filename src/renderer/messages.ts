// Messages between the extension host (src/commands/exportImage.ts) and the
// renderer, over `vscode.notebooks.createRendererMessaging('bpnb.graph')`.
// Types only: both runtimes import this file, neither pulls in the other's API.

export type ImageFormat = 'svg' | 'png';

/** Extension → renderer: "send me the picture of this output". */
export interface ExportRequest {
  type: 'bpnb.export';
  /** Echoed in the answer so concurrent requests do not mix. */
  requestId: string;
  /**
   * Which graph: outputKey() of the output item's JSON text. The extension API
   * does not expose the output ids the renderer sees, so both sides name an
   * output by its content (two identical graphs draw the same picture anyway).
   */
  outputKey: string;
  format: ImageFormat;
  /** PNG only: device pixels per CSS pixel (setting bpnb.export.scale). */
  scale?: number;
  /**
   * The output's JSON text. With it the renderer draws the export even when
   * this output is not on screen (scrolled away, never drawn): any loaded
   * instance of the renderer in the notebook can answer.
   */
  payload?: string;
  /** Display settings (bpnb.graph.*); the output's own toolbar choices win when it is on screen. */
  diagram?: ExportDiagramOptions;
  /** bpnb.export.theme: 'light' (default) or 'editor' (the notebook's theme). */
  theme?: 'light' | 'editor';
}

export interface ExportDiagramOptions {
  direction?: 'LR' | 'TD';
  nodeLimit?: number;
  precision?: number;
  edgeLabels?: boolean;
}

/** Renderer → extension. */
export type ExportResponse =
  | { type: 'bpnb.exportResult'; requestId: string; ok: true; format: ImageFormat; /** SVG text, or PNG as base64 */ data: string }
  | { type: 'bpnb.exportResult'; requestId: string; ok: false; error: string };

export function isExportRequest(m: unknown): m is ExportRequest {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ExportRequest>;
  return r.type === 'bpnb.export' && typeof r.requestId === 'string' && typeof r.outputKey === 'string'
    && (r.format === 'svg' || r.format === 'png');
}

export function isExportResponse(m: unknown): m is ExportResponse {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ExportResponse>;
  return r.type === 'bpnb.exportResult' && typeof r.requestId === 'string' && typeof r.ok === 'boolean';
}

/** Renderer → extension, at once: "request received, drawing" (the extension then waits for the drawing however long it takes). */
export interface ExportAck {
  type: 'bpnb.exportAck';
  requestId: string;
}

export function isExportAck(m: unknown): m is ExportAck {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ExportAck>;
  return r.type === 'bpnb.exportAck' && typeof r.requestId === 'string';
}

/** Renderer → extension: the toolbar's export buttons ("run the export command for this graph"); 'mermaid' copies its Mermaid text. */
export interface ExportAsk {
  type: 'bpnb.exportFromRenderer';
  outputKey: string;
  format: ImageFormat | 'mermaid';
}

export function isExportAsk(m: unknown): m is ExportAsk {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ExportAsk>;
  return r.type === 'bpnb.exportFromRenderer' && typeof r.outputKey === 'string' && (r.format === 'svg' || r.format === 'png' || r.format === 'mermaid');
}

/** A graph output's name in these messages: FNV-1a of its JSON text, and the text's length. */
export function outputKey(jsonText: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < jsonText.length; i++) {
    h ^= jsonText.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${jsonText.length}`;
}
