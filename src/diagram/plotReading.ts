// One reading of a plot payload (plotPayload.ts) for everything that shows it:
// the renderer's drawing and its caption, the cell's Markdown fallback, the
// Markdown export and the CLI. Pure: no DOM, no vscode.

import { formatNumber } from './numbers';
import type { JsonScalar } from './payload';
import type { BoundaryPlot, CurvePlot, DescentPlot, PlotPayload } from './plotPayload';

/** A JSON number stand-in ('NaN', 'Infinity', '-Infinity') as the number it stands for. */
export function toNumber(x: JsonScalar): number {
  if (typeof x === 'number') return x;
  return x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : NaN;
}

const isScalar = (v: unknown): v is JsonScalar =>
  typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const isScalars = (v: unknown): v is JsonScalar[] => Array.isArray(v) && v.every(isScalar);
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload in an output item's data (parsed JSON or its text), or undefined when it is not one this version reads. */
export function readPlot(data: unknown): PlotPayload | undefined {
  let v = data;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!isRecord(v) || typeof v.target !== 'string') return undefined;
  if (v.kind === 'curve') {
    const at = v.at;
    if (!isNumbers(v.x) || !isScalars(v.value) || !isScalars(v.grad)) return undefined;
    if (v.value.length !== v.x.length || v.grad.length !== v.x.length || typeof v.wrt !== 'string') return undefined;
    if (!isRecord(at) || typeof at.x !== 'number' || !isScalar(at.value) || !isScalar(at.grad)) return undefined;
    if (v.warning !== undefined && typeof v.warning !== 'string') return undefined;
    return v as unknown as CurvePlot;
  }
  if (v.kind === 'descent') {
    if (!Array.isArray(v.wrt) || !v.wrt.every((w) => typeof w === 'string')) return undefined;
    if (typeof v.steps !== 'number' || !isNumbers(v.lr) || v.lr.length !== 2 || !isScalars(v.loss) || v.loss.length === 0) return undefined;
    if (v.running !== undefined && !(isRecord(v.running) && typeof v.running.done === 'number')) return undefined;
    if (isRecord(v.running) && v.running.every !== undefined && !(typeof v.running.every === 'number' && v.running.every >= 1)) return undefined;
    return v as unknown as DescentPlot;
  }
  if (v.kind === 'boundary') {
    const pts = v.points;
    if (typeof v.over !== 'string' || (v.labels !== undefined && typeof v.labels !== 'string')) return undefined;
    if (!isNumbers(v.x) || !isNumbers(v.y) || v.x.length < 2 || v.y.length < 2) return undefined;
    if (!isScalars(v.value) || v.value.length !== v.x.length * v.y.length) return undefined;
    if (!isRecord(pts) || !isNumbers(pts.x) || !isNumbers(pts.y) || !isScalars(pts.value)) return undefined;
    if (pts.y.length !== pts.x.length || pts.value.length !== pts.x.length) return undefined;
    if (pts.label !== undefined && !(isNumbers(pts.label) && pts.label.length === pts.x.length)) return undefined;
    if (v.accuracy !== undefined && typeof v.accuracy !== 'number') return undefined;
    return v as unknown as BoundaryPlot;
  }
  return undefined;
}

/**
 * Whether the loss axis is logarithmic: when every loss is positive and they
 * span at least two decades (a descent that works usually does, and on a
 * linear axis everything after the first steps would lie flat on the floor).
 */
export function logLossScale(loss: readonly JsonScalar[]): boolean {
  const finite = loss.map(toNumber).filter(Number.isFinite);
  if (finite.length < 2 || finite.some((l) => l <= 0)) return false;
  return Math.max(...finite) / Math.min(...finite) >= 100;
}

/** The learning rate as people write it: `0.1`, or `1 → 0.1` when it changes. */
export function lrText(lr: readonly [number, number]): string {
  return lr[0] === lr[1] ? formatNumber(lr[0]) : `${formatNumber(lr[0])} → ${formatNumber(lr[1])}`;
}

/** The last recorded loss (the final one once the descent ended). */
export function lastLoss(d: DescentPlot): JsonScalar {
  return d.loss[d.loss.length - 1];
}

/** One sentence that says what the plot shows (the drawing's caption and aria-label, the fallback's text). */
export function plotCaption(p: PlotPayload): string {
  if (p.kind === 'curve') {
    const from = p.x.length ? formatNumber(p.x[0]) : '?';
    const to = p.x.length ? formatNumber(p.x[p.x.length - 1]) : '?';
    return `${p.target} and ∂${p.target}/∂${p.wrt} for ${p.wrt} from ${from} to ${to} (${p.x.length} points); ` +
      `at ${p.wrt} = ${formatNumber(p.at.x)}: ${p.target} = ${formatNumber(p.at.value)}, ∂${p.target}/∂${p.wrt} = ${formatNumber(p.at.grad)}`;
  }
  if (p.kind === 'boundary') return boundaryCaption(p);
  const wrt = p.wrt.length ? ` wrt ${p.wrt.join(', ')}` : '';
  const first = formatNumber(p.loss[0]);
  if (p.running) return `descending ${p.target}${wrt}: step ${p.running.done} of ${p.steps}, ${p.target} = ${formatNumber(lastLoss(p))} (from ${first}), lr ${lrText(p.lr)}`;
  return `${p.target} over ${p.steps} ${p.steps === 1 ? 'step' : 'steps'} of gradient descent${wrt}, lr ${lrText(p.lr)}: from ${first} to ${formatNumber(lastLoss(p))} (final)`;
}

/** The fraction as people read it: `100%`, `97%`, `99.5%`. */
export function percent(fraction: number): string {
  const p = fraction * 100;
  return `${Number.isInteger(p) ? p : Number(p.toFixed(1))}%`;
}

/** A boundary's sentence: what is drawn, on which grid, and how many points are on their label's side. */
function boundaryCaption(p: BoundaryPlot): string {
  const n = p.points.x.length;
  const labels = p.labels !== undefined ? `, coloured by ${p.labels}` : '';
  const accuracy = p.accuracy !== undefined ? `; ${percent(p.accuracy)} of them on their label's side (accuracy)` : '';
  return `the sign of ${p.target} over ${p.over} on a ${p.x.length}×${p.y.length} grid, with the ${n} ${n === 1 ? 'point' : 'points'}${labels}${accuracy}`;
}
