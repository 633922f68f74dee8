// Live inputs' message from the renderer to the extension (Apply), over the
// same renderer messaging as the exports (src/renderer/messages.ts). Types
// only: both runtimes import this file.

import type { SourceRange } from '../diagram/payload';

/** Renderer → extension: "write these slider values into their cells and run the graph's cell". */
export interface ApplyLiveValues {
  type: 'bpnb.applyLiveValues';
  /** outputKey() of the graph output's JSON text: which cell's graph. */
  outputKey: string;
  /** One entry per changed leaf: its name, new value, and the range of its assignment (range.cell: the cell). */
  values: { name: string; value: number; range: SourceRange }[];
}

export function isApplyLiveValues(m: unknown): m is ApplyLiveValues {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Partial<ApplyLiveValues>;
  return r.type === 'bpnb.applyLiveValues' && typeof r.outputKey === 'string' && Array.isArray(r.values)
    && r.values.every((v) => typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.value === 'number'
      && typeof v.range === 'object' && v.range !== null && typeof v.range.startLine === 'number' && typeof v.range.startColumn === 'number');
}
