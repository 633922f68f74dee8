// Messages between the extension host (src/commands/exportImage.ts) and the
// renderer, over `vscode.notebooks.createRendererMessaging('bpnb.graph')`.
// Types only: both runtimes import this file, neither pulls in the other's API.

export type ImageFormat = 'svg' | 'png';

/** Extension → renderer: "send me the picture of this output". */
export interface ExportRequest {
  type: 'bpnb.export';
  /** Echoed in the answer so concurrent requests do not mix. */
  requestId: string;
  /** NotebookCellOutput.id of the graph output (the renderer's OutputItem.id). */
  outputId: string;
  format: ImageFormat;
  /** PNG only: device pixels per CSS pixel (setting bpnb.export.scale). */
  scale?: number;
}

/** Renderer → extension. */
export type ExportResponse =
  | { type: 'bpnb.exportResult'; requestId: string; ok: true; format: ImageFormat; /** SVG text, or PNG as base64 */ data: string }
  | { type: 'bpnb.exportResult'; requestId: string; ok: false; error: string };

export function isExportRequest(m: unknown): m is ExportRequest {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ExportRequest>;
  return r.type === 'bpnb.export' && typeof r.requestId === 'string' && typeof r.outputId === 'string'
    && (r.format === 'svg' || r.format === 'png');
}

export function isExportResponse(m: unknown): m is ExportResponse {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ExportResponse>;
  return r.type === 'bpnb.exportResult' && typeof r.requestId === 'string' && typeof r.ok === 'boolean';
}
