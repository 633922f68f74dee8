// Tensors as pictures (issue 13, item 4): a tensor node shows small heatmaps
// of its value and gradient instead of a dump of numbers. This module is the
// pure part, shared by the renderer (on screen and in exported images) and the
// unit tests: a tensor as a grid of cells (downsampled to a fixed budget), the
// diverging colour scale per theme, and the box a heatmap takes in a node.
//
// The scale is symmetric about zero: a tensor's cells are coloured by
// x / max|x| over the whole tensor, so zero is the neutral middle, the most
// negative element the blue end and the most positive the red end (when they
// are the largest in magnitude). Each tensor (its value, its gradient) has its
// own extent; the details panel prints it as the scale's ends.

import type { JsonTensor } from './payload';
import { toNumber } from './numbers';

/** Most cells along each side of a node's heatmap; bigger tensors are pooled in blocks (see heatGrid). */
export const HEAT_MAX_SIDE = 24;
/** Longest side of a heatmap in a node, in CSS pixels. */
export const HEAT_BOX = 60;
/** A heatmap is never thinner than this (a vector is one row of cells). */
export const HEAT_MIN_THICKNESS = 8;
/** Largest cell, in CSS pixels (a 2×3 matrix does not become a 60-pixel wall). */
export const HEAT_MAX_CELL = 12;
/**
 * Constants with at most this many elements keep their numbers (`[98, 130]`
 * reads as itself); bigger ones (data such as 100 points) get a heatmap.
 */
export const CONST_NUMBERS_MAX = 6;

export interface HeatGrid {
  /** Rows × columns drawn (after downsampling). */
  rows: number;
  cols: number;
  /** Row-major cell values: each block's element of largest magnitude (NaN where a block holds a NaN). */
  cells: number[];
  /** The tensor as a matrix: leading axes flattened into rows, the last axis the columns. */
  sourceRows: number;
  sourceCols: number;
  /** max |x| over the tensor's finite elements (0 when all are 0 or none is finite): the scale's end. */
  extent: number;
}

/**
 * The tensor as a matrix: its leading axes flattened into rows, its last axis
 * the columns, elements row-major. Undefined for a scalar or a ragged tensor.
 */
export function asMatrix(t: JsonTensor): { rows: number; cols: number; data: number[] } | undefined {
  if (!Array.isArray(t)) return undefined;
  // Fast paths for the usual vector and matrix (live repaints call this per tensor per frame).
  if (t.length > 0 && !Array.isArray(t[0])) {
    const data = new Array<number>(t.length);
    for (let i = 0; i < t.length; i++) {
      const x = t[i];
      if (Array.isArray(x)) return undefined;
      data[i] = typeof x === 'number' ? x : toNumber(x);
    }
    return { rows: 1, cols: t.length, data };
  }
  const shape: number[] = [];
  for (let v: JsonTensor = t; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const data: number[] = [];
  const stack: [JsonTensor, number][] = [[t, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [JsonTensor, number];
    const leaf = depth === shape.length;
    if (leaf !== !Array.isArray(v)) return undefined;
    if (!Array.isArray(v)) {
      data.push(toNumber(v));
      continue;
    }
    if (v.length !== shape[depth]) return undefined;
    for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth + 1]);
  }
  const cols = shape[shape.length - 1];
  return { rows: cols === 0 ? 0 : data.length / cols, cols, data };
}

/**
 * A tensor as the grid a node draws: a vector is one row, a matrix its rows
 * and columns, a higher-rank tensor its leading axes flattened into rows.
 * More than `maxSide` rows (or columns) are pooled in contiguous blocks of
 * nearly equal size, each cell showing its block's element of largest
 * magnitude, so a [100, 16] activation becomes 24 × 16 cells. The extent is
 * the full tensor's, so the colours mean the same as in the details panel. Undefined for a scalar or a ragged or empty tensor.
 */
export function heatGrid(t: JsonTensor, maxSide = HEAT_MAX_SIDE): HeatGrid | undefined {
  const m = asMatrix(t);
  if (!m || m.rows === 0 || m.cols === 0) return undefined;
  const side = Math.max(1, Math.floor(maxSide));
  const rows = Math.min(m.rows, side);
  const cols = Math.min(m.cols, side);
  const cells: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r0 = Math.floor((i * m.rows) / rows), r1 = Math.floor(((i + 1) * m.rows) / rows);
    for (let j = 0; j < cols; j++) {
      const c0 = Math.floor((j * m.cols) / cols), c1 = Math.floor(((j + 1) * m.cols) / cols);
      cells[i * cols + j] = strongest(m.data, m.cols, r0, r1, c0, c1);
    }
  }
  return { rows, cols, cells, sourceRows: m.rows, sourceCols: m.cols, extent: extentOf(m.data) };
}

/**
 * A block's cell: its element of largest magnitude, sign kept (NaN if it
 * holds one). Averaging would wash a big tensor out to the neutral middle
 * (a few large activations among many small ones); this keeps a lone large
 * value visible, as it is in the details panel.
 */
function strongest(data: readonly number[], width: number, r0: number, r1: number, c0: number, c1: number): number {
  let best = 0;
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++) {
      const x = data[r * width + c];
      if (Number.isNaN(x)) return NaN;
      if (Math.abs(x) > Math.abs(best)) best = x;
    }
  }
  return best;
}

/** max |x| over the finite elements (0 when none is finite and non-zero). */
export function extentOf(data: readonly number[]): number {
  let e = 0;
  for (const x of data) if (Number.isFinite(x) && Math.abs(x) > e) e = Math.abs(x);
  return e;
}

/** The rows and columns a tensor's heatmap has (after downsampling), from its first elements only; undefined for a scalar. */
export function heatDims(t: JsonTensor, maxSide = HEAT_MAX_SIDE): { rows: number; cols: number } | undefined {
  if (!Array.isArray(t)) return undefined;
  let rows = 1;
  let v: JsonTensor = t;
  while (Array.isArray(v) && v.length > 0 && Array.isArray(v[0])) {
    rows *= v.length;
    v = v[0];
  }
  const cols = Array.isArray(v) ? v.length : 0;
  if (rows === 0 || cols === 0) return undefined;
  const side = Math.max(1, Math.floor(maxSide));
  return { rows: Math.min(rows, side), cols: Math.min(cols, side) };
}

/** The size a heatmap of this grid takes in a node, in CSS pixels: square cells, at most HEAT_BOX a side. */
export function heatBox(grid: Pick<HeatGrid, 'rows' | 'cols'>): { width: number; height: number } {
  const cell = Math.min(HEAT_MAX_CELL, HEAT_BOX / Math.max(grid.rows, grid.cols));
  return {
    width: Math.max(HEAT_MIN_THICKNESS, round(grid.cols * cell)),
    height: Math.max(HEAT_MIN_THICKNESS, round(grid.rows * cell)),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------- the colour scale

export type HeatTheme = 'light' | 'dark' | 'hc-light' | 'hc-dark';

export interface HeatScale {
  /** From the negative end through zero (the middle) to the positive end. */
  stops: readonly string[];
  /** NaN's colour (not on the scale). */
  nan: string;
  /** The frame around a heatmap: shows its extent when its cells are near zero. */
  frame: string;
}

/**
 * Diverging scales, blue below zero and red above. Light: ColorBrewer's RdBu
 * (9 classes, reversed so that negative is blue), white in the middle. Dark
 * themes get a dark middle, so that size reads as brightness on a dark page
 * and a near-zero cell sits back. High contrast: the same directions with the
 * themes' own strong colours at the ends.
 */
export const HEAT_SCALES: Record<HeatTheme, HeatScale> = {
  light: {
    stops: ['#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b'],
    nan: '#9e9e9e', frame: '#757575',
  },
  dark: {
    stops: ['#8ecbff', '#4a98e0', '#2b5f94', '#23364d', '#2b2b2b', '#4f2a27', '#9a3b31', '#e0604a', '#ffa38f'],
    nan: '#9e9e9e', frame: '#8a8a8a',
  },
  'hc-light': {
    stops: ['#0f4a85', '#4a7bab', '#a5c1dd', '#ffffff', '#e3a097', '#c24a3a', '#b5200d'],
    nan: '#7f7f7f', frame: '#000000',
  },
  'hc-dark': {
    stops: ['#75beff', '#3a7fbf', '#1a3a5c', '#000000', '#5c2a1a', '#c2581f', '#f38518'],
    nan: '#a0a0a0', frame: '#ffffff',
  },
};

/** The colour of x on a scale symmetric about zero with ends ±extent. ±∞ are the ends; NaN is the scale's NaN colour. */
export function heatColour(x: number, extent: number, theme: HeatTheme = 'light'): string {
  const scale = HEAT_SCALES[theme] ?? HEAT_SCALES.light;
  if (Number.isNaN(x)) return scale.nan;
  let t: number;
  if (x === Infinity) t = 1;
  else if (x === -Infinity) t = -1;
  else t = extent > 0 ? Math.max(-1, Math.min(1, x / extent)) : 0;
  return lookup(theme, scale)[Math.round((t + 1) * LEVELS_HALF)];
}

/**
 * The scale at 2·LEVELS_HALF + 1 evenly spaced points, computed once per
 * theme: the ends and the middle are exact, and a step (1/512 of the range)
 * is below what an eye tells apart. Live repaints colour thousands of cells
 * a frame.
 */
const LEVELS_HALF = 256;
const tables = new Map<HeatTheme, string[]>();

function lookup(theme: HeatTheme, scale: HeatScale): string[] {
  let table = tables.get(theme);
  if (!table) {
    table = Array.from({ length: 2 * LEVELS_HALF + 1 }, (_, i) => interpolate(scale.stops, i / (2 * LEVELS_HALF)));
    tables.set(theme, table);
  }
  return table;
}

/** The scale's two ends and its middle, for legends: [negative end, zero, positive end]. */
export function heatEnds(theme: HeatTheme = 'light'): [string, string, string] {
  return [heatColour(-1, 1, theme), heatColour(0, 1, theme), heatColour(1, 1, theme)];
}

/** Piecewise-linear interpolation between evenly spaced stops, u in [0, 1], in sRGB. */
function interpolate(stops: readonly string[], u: number): string {
  const last = stops.length - 1;
  const pos = Math.max(0, Math.min(1, u)) * last;
  const i = Math.min(last - 1, Math.floor(pos));
  const f = pos - i;
  if (f === 0) return stops[i];
  if (f === 1 || i + 1 > last) return stops[Math.min(last, i + 1)];
  const a = rgb(stops[i]), b = rgb(stops[i + 1]);
  return hex(a.map((v, k) => v + (b[k] - v) * f) as [number, number, number]);
}

function rgb(hexColour: string): [number, number, number] {
  const n = parseInt(hexColour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex(c: [number, number, number]): string {
  return '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
}

/** Black or white, whichever reads better on a cell of this colour (the details panel's numbers). */
export function textOn(background: string): '#000000' | '#ffffff' {
  const [r, g, b] = rgb(background).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
