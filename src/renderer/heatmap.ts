// Tensors as pictures: fills the heatmap placeholders that src/diagram puts
// in a tensor node's label (mermaid.ts heatLabel) with one SVG <rect> per
// cell, coloured on the diverging scale of src/diagram/heatmap.ts, inside a
// frame in the colour of what it shows (value green, gradient red, tangent
// blue, as the numbers of a scalar node). The same cells are drawn on screen
// (inside the HTML label's placeholder) and in exported images (over the
// blank rows of a text label), so an export shows what the screen shows.
//
// Cells are SVG rects rather than a canvas image: they export to every SVG
// viewer, stay sharp at any zoom, and a test can read each cell's colour.
// src/diagram caps a heatmap at HEAT_MAX_SIDE² cells, whatever the tensor.
//
// Styles are inline and !important: Mermaid's sheet styles every `.node rect`
// (and the selected or current node's shapes) with !important rules, which
// only an inline !important outranks. The export writes them again as plain
// inline styles (exportRender.ts inlineStyles), which librsvg reads.
import { asMatrix, extentOf, HEAT_SCALES, heatBox, heatColour, heatGrid, textOn, type HeatGrid, type HeatTheme } from '../diagram/heatmap';
import { DEFAULT_PRECISION, formatNumber } from '../diagram/numbers';
import type { GraphNode, GraphPayload, JsonTensor } from '../diagram/payload';
import { h } from './dom';
import { buildViewModel, type DiagramOptions, type HeatKind, type ViewModel } from '../diagram/viewModel';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The frame colour of each kind of tensor (the theme's value / gradient / tangent colours). */
export type FrameColours = Record<HeatKind, string>;

/**
 * Fills or repaints every heatmap of a drawing on screen from `payload`
 * (the payload the drawing shows, or a live update of the same shape).
 * Nodes are found by `data-payload-id` (view.ts decorates them). Returns the
 * number of heatmaps painted.
 */
export function paintHeatmaps(svg: SVGSVGElement, payload: GraphPayload, options: DiagramOptions, theme: HeatTheme, frames: FrameColours): number {
  if (!svg.querySelector('.bpnb-heat')) return 0;
  const model = buildViewModel(payload, { ...options, heatmaps: true, highlight: undefined });
  let painted = 0;
  for (const v of model.nodes) {
    if (!v.heat) continue;
    const g = svg.querySelector(`g.node[data-payload-id="${CSS.escape(v.payloadId)}"]`);
    if (!g) continue;
    for (const kind of ['value', 'grad', 'tangent'] as const) {
      const t = v.heat[kind];
      const slot = g.querySelector<HTMLElement>(`.bpnb-heat-${kind}`);
      if (t === undefined || !slot) continue;
      if (paintSlot(slot, t, kind, theme, frames[kind])) painted++;
    }
  }
  return painted;
}

/** One placeholder (an inline-block in an HTML label): an inline <svg> of its size holding the cells. */
function paintSlot(slot: HTMLElement, t: JsonTensor, kind: HeatKind, theme: HeatTheme, frame: string): boolean {
  const grid = heatGrid(t);
  if (!grid) return false;
  const { width, height } = heatBox(grid);
  let svg = slot.querySelector<SVGSVGElement>(':scope > svg');
  if (!svg) {
    svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('aria-hidden', 'true');
    svg.style.display = 'block';
    slot.replaceChildren(svg);
  }
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  drawCells(svg, grid, { x: 0, y: 0, width, height }, kind, theme, frame);
  return true;
}

/**
 * Draws (or repaints in place, when the grid has the same size) a heatmap's
 * cells and frame into `parent`, in the box given (user units of `parent`).
 */
export function drawCells(parent: Element, grid: HeatGrid, box: { x: number; y: number; width: number; height: number }, kind: HeatKind, theme: HeatTheme, frame: string): SVGGElement {
  let g = parent.querySelector<SVGGElement>(':scope > g.bpnb-heatmap');
  const same = g !== null && g.dataset.rows === String(grid.rows) && g.dataset.cols === String(grid.cols);
  if (!g || !same) {
    g?.remove();
    g = buildCells(grid, box, frame);
    parent.append(g);
  }
  g.dataset.kind = kind;
  g.dataset.extent = String(grid.extent);
  const cells = g.querySelectorAll<SVGRectElement>('rect.bpnb-heat-cell');
  grid.cells.forEach((x, i) => {
    const fill = heatColour(x, grid.extent, theme);
    const cell = cells[i];
    if (cell && cell.dataset.fill !== fill) {
      cell.dataset.fill = fill;
      cell.style.setProperty('fill', fill, 'important');
    }
  });
  return g;
}

function buildCells(grid: HeatGrid, box: { x: number; y: number; width: number; height: number }, frame: string): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'bpnb-heatmap');
  g.dataset.rows = String(grid.rows);
  g.dataset.cols = String(grid.cols);
  g.dataset.sourceRows = String(grid.sourceRows);
  g.dataset.sourceCols = String(grid.sourceCols);
  g.setAttribute('shape-rendering', 'crispEdges');
  const w = box.width / grid.cols;
  const h = box.height / grid.rows;
  for (let i = 0; i < grid.rows; i++) {
    for (let j = 0; j < grid.cols; j++) {
      const r = document.createElementNS(SVG_NS, 'rect');
      r.setAttribute('class', 'bpnb-heat-cell');
      r.setAttribute('x', fix(box.x + j * w));
      r.setAttribute('y', fix(box.y + i * h));
      // A hair wider than the cell, so neighbours leave no seam when scaled.
      r.setAttribute('width', fix(w + 0.05));
      r.setAttribute('height', fix(h + 0.05));
      r.style.setProperty('stroke', 'none', 'important');
      r.style.setProperty('stroke-width', '0', 'important');
      g.append(r);
    }
  }
  const f = document.createElementNS(SVG_NS, 'rect');
  f.setAttribute('class', 'bpnb-heat-frame');
  f.setAttribute('x', fix(box.x + 0.5));
  f.setAttribute('y', fix(box.y + 0.5));
  f.setAttribute('width', fix(Math.max(0, box.width - 1)));
  f.setAttribute('height', fix(Math.max(0, box.height - 1)));
  f.style.setProperty('fill', 'none', 'important');
  f.style.setProperty('stroke', frame, 'important');
  f.style.setProperty('stroke-width', '1px', 'important');
  f.style.setProperty('stroke-dasharray', 'none', 'important');
  g.append(f);
  return g;
}

function fix(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * Image export (text labels): draws each tensor node's heatmaps over the
 * blank rows that reserve their room, centred in the rows' measured box.
 * `kinds`: per Mermaid node id, what each label row is (toMermaid's
 * lineKinds); `model` the view model the labels came from, by Mermaid id.
 * The drawing must be laid out (in the document) for the rows to be measured.
 */
export function paintTextHeatmaps(
  svg: SVGSVGElement, nodeIdOf: (elementId: string) => string | undefined, kinds: Record<string, readonly string[]>,
  tensors: Record<string, ViewModel['nodes'][number]['heat']>, theme: HeatTheme, frames: FrameColours,
): number {
  let painted = 0;
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const id = nodeIdOf(g.id);
    const heat = id === undefined ? undefined : tensors[id];
    const lineKinds = id === undefined ? undefined : kinds[id];
    const text = g.querySelector<SVGTextElement>('.label text');
    if (!heat || !lineKinds || !text?.parentNode) continue;
    const rows = Array.from(text.querySelectorAll<SVGTSpanElement>(':scope > tspan'));
    for (const kind of ['value', 'grad', 'tangent'] as const) {
      const t = heat[kind];
      const grid = t === undefined ? undefined : heatGrid(t);
      const mine = rows.filter((_, i) => lineKinds[i] === `heat-${kind}`);
      if (!grid || !mine.length) continue;
      const boxes = mine.map((r) => r.getBBox());
      const top = Math.min(...boxes.map((b) => b.y));
      const bottom = Math.max(...boxes.map((b) => b.y + b.height));
      const cx = boxes.reduce((a, b) => a + b.x + b.width / 2, 0) / boxes.length;
      const want = heatBox(grid);
      // Never larger than the rows reserved (fonts differ a little from the estimate).
      const k = Math.min(1, (bottom - top) / want.height);
      const width = want.width * k, height = want.height * k;
      const holder = document.createElementNS(SVG_NS, 'g');
      holder.setAttribute('class', `bpnb-heat bpnb-heat-${kind}`);
      text.parentNode.append(holder);
      drawCells(holder, grid, { x: cx - width / 2, y: (top + bottom) / 2 - height / 2, width, height }, kind, theme, frames[kind]);
      painted++;
    }
    // The blank rows did their job (Mermaid sized the node around them); they are the label's last rows, so nothing moves.
    rows.forEach((row, i) => {
      if (lineKinds[i]?.startsWith('heat-')) row.remove();
    });
  }
  return painted;
}

// ---------------------------------------------------------------- details panel and legend

/** Most cells the details panel prints as a table (a [100, 16] activation is 1,600). */
export const DETAILS_MAX_CELLS = 4_000;

/**
 * The details panel's full matrices of a tensor node: for its value, its
 * gradient and its tangent, a table of every number on its colour, under the
 * colour scale with its two ends (−max|x| and +max|x|). Nothing for a scalar.
 */
export function tensorSections(
  node: Pick<GraphNode, 'value' | 'grad' | 'tangent' | 'shape'>, names: Partial<Record<HeatKind, string>>,
  theme: HeatTheme, precision: number | undefined, frames: FrameColours,
): HTMLElement[] {
  if (!Array.isArray(node.value) || !node.shape.length) return [];
  const out: HTMLElement[] = [];
  for (const kind of ['value', 'grad', 'tangent'] as const) {
    const t = node[kind];
    const m = t === undefined ? undefined : asMatrix(t);
    if (!m) continue;
    out.push(matrixSection(names[kind] ?? kind, m, node.shape, kind, theme, precision, frames[kind]));
  }
  return out;
}

function matrixSection(
  title: string, m: { rows: number; cols: number; data: number[] }, shape: readonly number[], kind: HeatKind,
  theme: HeatTheme, precision: number | undefined, frame: string,
): HTMLElement {
  const extent = extentOf(m.data);
  const shown = Math.min(m.rows, Math.max(1, Math.floor(DETAILS_MAX_CELLS / Math.max(1, m.cols))));
  const section = h('section', { class: `bpnb-matrix bpnb-matrix-${kind}`, 'aria-label': `${title}, [${shape.join(', ')}]` });
  const head = h('div', { class: 'bpnb-matrix-title' }, h('b', {}, title), ` [${shape.join(', ')}]`);
  head.querySelector('b')?.style.setProperty('color', frame);
  section.append(head, scaleLegend(extent, theme, precision));
  const table = h('table', { class: 'bpnb-matrix-table' });
  if (shape.length > 2) table.title = `The leading axes [${shape.slice(0, -1).join(', ')}] are flattened into ${m.rows} rows`;
  const body = h('tbody', {});
  for (let r = 0; r < shown; r++) {
    const tr = h('tr', {});
    for (let c = 0; c < m.cols; c++) {
      const x = m.data[r * m.cols + c];
      const bg = heatColour(x, extent, theme);
      const td = h('td', {}, formatNumber(x, precision ?? DEFAULT_PRECISION));
      td.style.backgroundColor = bg;
      td.style.color = textOn(Number.isNaN(x) ? HEAT_SCALES[theme].nan : bg);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  section.append(h('div', { class: 'bpnb-matrix-scroll' }, table));
  if (shown < m.rows) section.append(h('div', { class: 'bpnb-matrix-more' }, `… the first ${shown} of ${m.rows} rows`));
  return section;
}

/** The colour scale as a bar from its negative end through zero to its positive end, with the ends' numbers. */
export function scaleLegend(extent: number, theme: HeatTheme, precision?: number): HTMLElement {
  const digits = precision ?? DEFAULT_PRECISION;
  const bar = h('span', { class: 'bpnb-scale-bar', role: 'presentation' });
  const stops = Array.from({ length: 9 }, (_, i) => heatColour(-1 + i / 4, 1, theme));
  bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  const neg = extent > 0 ? formatNumber(-extent, digits) : '0';
  const pos = extent > 0 ? formatNumber(extent, digits) : '0';
  return h('div', { class: 'bpnb-scale', 'aria-label': `Colour scale from ${neg} (blue) through 0 to ${pos} (red)` },
    h('span', { class: 'bpnb-scale-min' }, neg), bar, h('span', { class: 'bpnb-scale-max' }, pos));
}

/** The legend's entry for heatmaps (only when the drawing has some): what the colours mean. */
export function heatLegendItem(theme: HeatTheme): HTMLElement {
  const bar = h('span', { class: 'bpnb-scale-bar bpnb-scale-bar-small', role: 'presentation' });
  bar.style.background = `linear-gradient(to right, ${Array.from({ length: 9 }, (_, i) => heatColour(-1 + i / 4, 1, theme)).join(', ')})`;
  return h('span', { class: 'bpnb-legend-item bpnb-legend-heat' },
    h('b', {}, '▦'), ' a tensor as a heatmap: −max|x|', bar, '+max|x|, zero in the middle, each tensor on its own scale (click a node for its numbers)');
}
