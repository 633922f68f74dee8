// The messages between the extension host and the plot renderer (both sides
// import this file; plain data, no DOM, no vscode): the extension asks for the
// standalone SVG (or, with format 'png', a PNG) of a plot payload, any loaded
// plot renderer of that notebook editor answers (the drawing depends only on
// the payload and the theme).

export interface PlotSvgRequest {
  type: 'bpnb.plotSvg'; requestId: string; payload: unknown; theme: 'light' | 'dark';
  /** Absent: 'svg'. 'png' asks for a PNG at `scale` pixels per CSS pixel (default 2). */
  format?: 'svg' | 'png';
  scale?: number;
}
export interface PlotSvgResponse {
  type: 'bpnb.plotSvgResult'; requestId: string; ok: boolean; svg?: string; error?: string;
  /** For format 'png': the PNG's bytes in base64, and its size in pixels. */
  png?: string; pixelWidth?: number; pixelHeight?: number;
}

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;

export function isPlotSvgRequest(m: unknown): m is PlotSvgRequest {
  return isObject(m) && m.type === 'bpnb.plotSvg' && typeof m.requestId === 'string';
}

export function isPlotSvgResponse(m: unknown): m is PlotSvgResponse {
  return isObject(m) && m.type === 'bpnb.plotSvgResult' && typeof m.requestId === 'string' && typeof m.ok === 'boolean';
}
