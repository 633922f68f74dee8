// Image export: THE one code path that turns a graph payload into an SVG or
// PNG file, used by VS Code (the renderer answers the extension's export
// request) and by the command line (`bpnb export --format svg|png` loads this
// same bundle in headless Chromium and calls exportGraph).
//
// The picture is drawn again, off screen, not copied from the output: Mermaid
// in SVG text mode (no HTML inside <foreignObject>, which Inkscape, librsvg
// and many converters cannot draw), in the export theme (light by default, so
// images read well on paper), with every colour written into the file.
import type { GraphPayload } from '../diagram/payload';
import { LABEL_COLORS, TEXT_PAD, toMermaid, type DiagramOptions, type LineKind, type MermaidResult } from '../diagram';
import { parseSvg } from './dom';
import { drawMermaid } from './draw';
import { paintTextHeatmaps } from './heatmap';
import { fittingScale, rasterize, standaloneSvg } from './image';
import { buildViewModel } from '../diagram/viewModel';
import type { ImageFormat } from './messages';
import { bakePalette, labelColours } from './palette';
import type { ThemeKind } from './theme';

export interface ExportOptions {
  format: ImageFormat;
  /** PNG: device pixels per CSS pixel (default 2). */
  scale?: number;
  /** Colours of the picture (default light). */
  theme?: ThemeKind;
  /** Background colour (default: white for light themes, the theme's editor background otherwise). */
  background?: string;
  /** Direction, numbers shown, gate collapsing, node limit, precision, edge labels. */
  diagram?: DiagramOptions;
}

export interface ExportedImage {
  format: ImageFormat;
  /** The SVG text, or the PNG as base64. */
  data: string;
  /** Size of the drawing in CSS pixels (the PNG is this times the scale). */
  width: number;
  height: number;
  /** PNG only: its size in pixels. */
  pixelWidth?: number;
  pixelHeight?: number;
}

const DEFAULT_BACKGROUND: Record<ThemeKind, string> = { light: '#ffffff', 'hc-light': '#ffffff', dark: '#1e1e1e', 'hc-dark': '#000000' };

/** The graph of `payload` as a standalone SVG or PNG. Throws an Error with a one-line message when it cannot be drawn. */
export async function exportGraph(payload: GraphPayload, opts: ExportOptions): Promise<ExportedImage> {
  const theme = opts.theme ?? 'light';
  const background = opts.background ?? DEFAULT_BACKGROUND[theme];
  // Tensors as pictures unless the caller says otherwise (heatmap.ts draws them over their blank rows).
  const diagram: DiagramOptions = { heatmaps: true, ...opts.diagram, highlight: undefined, textLabels: true };
  let mm = toMermaid(payload, diagram);
  let drawn = await draw(mm.text, theme);
  // Mermaid sizes a circle from its label's width only: measure what each circle lacks and draw once more.
  const padding = circleShortfall(drawn.svg, drawn.id);
  if (padding) {
    mm = toMermaid(payload, { ...diagram, circlePadding: padding });
    drawn = await draw(mm.text, theme);
  }
  const svg = drawn.svg;
  if (diagram.heatmaps) drawHeatmaps(svg, drawn.id, payload, diagram, mm, theme);
  cleanLabels(svg);
  colourLines(svg, drawn.id, mm.lineKinds ?? {}, labelColours(theme, LABEL_COLORS));
  bakePalette(svg, theme);
  inlineStyles(svg);
  if (svg.querySelector('foreignObject')) throw new Error('the drawing still holds HTML labels');
  const { text, width, height } = standaloneSvg(svg, { background, title: `Computation graph of ${payload.targetName ?? 'the cell'}` });
  if (opts.format === 'svg') return { format: 'svg', data: text, width, height };
  const scale = fittingScale(width, height, clampScale(opts.scale));
  const data = await rasterize(text, width, height, scale, background);
  return { format: 'png', data, width, height, pixelWidth: Math.max(1, Math.ceil(width * scale)), pixelHeight: Math.max(1, Math.ceil(height * scale)) };
}

async function draw(text: string, theme: ThemeKind): Promise<{ svg: SVGSVGElement; id: string }> {
  const drawn = await drawMermaid(text, theme, true);
  if (!drawn.ok) throw new Error(`the graph could not be drawn: ${drawn.message}`);
  const svg = parseSvg(drawn.svg);
  if (!svg) throw new Error('Mermaid produced an SVG that could not be read');
  return { svg, id: drawn.id };
}

/** Each tensor node's heatmaps, over the blank rows its label reserved for them (laid out off screen to measure the rows). */
function drawHeatmaps(svg: SVGSVGElement, svgId: string, payload: GraphPayload, diagram: DiagramOptions, mm: MermaidResult, theme: ThemeKind): void {
  const model = buildViewModel(payload, diagram);
  const heatOf = new Map(model.nodes.filter((v) => v.heat).map((v) => [v.payloadId, v.heat]));
  const tensors: Record<string, (typeof model.nodes)[number]['heat']> = {};
  for (const [mid, pid] of Object.entries(mm.nodeIds)) if (heatOf.has(pid)) tensors[mid] = heatOf.get(pid);
  if (!Object.keys(tensors).length) return;
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-100000px;top:0;visibility:hidden;';
  host.append(svg);
  document.body.append(host);
  try {
    paintTextHeatmaps(svg, (elementId) => nodeIdOf(elementId, svgId), mm.lineKinds ?? {}, tensors, theme, labelColours(theme, LABEL_COLORS));
  } finally {
    host.remove();
    svg.remove();
  }
}

/** Blank characters that src/diagram pads circle titles with. */
const BLANKS = /[\u2800\s]/;

/**
 * Lays the drawing out off screen and returns, per circle node whose text does
 * not fit, how many padding characters each side of its first line needs
 * (on top of `extra`, the padding it was drawn with). Undefined when all fit.
 */
function circleShortfall(svg: SVGSVGElement, svgId: string, extra: Record<string, number> = {}): Record<string, number> | undefined {
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-100000px;top:0;visibility:hidden;';
  host.append(svg);
  document.body.append(host);
  try {
    const result: Record<string, number> = {};
    let figure = 0;
    for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
      const circle = g.querySelector<SVGCircleElement>('circle.label-container, circle');
      const text = g.querySelector<SVGTextElement>('.label text');
      const id = nodeIdOf(g.id, svgId);
      if (!circle || !text || id === undefined) continue;
      const ink = inkCorners(text);
      if (!ink.length) continue;
      const c = circle.getBoundingClientRect();
      const cx = (c.left + c.right) / 2, cy = (c.top + c.bottom) / 2, r = c.width / 2;
      const need = Math.max(...ink.map(([x, y]) => Math.hypot(x - cx, y - cy))) + 3;
      if (need <= r) continue;
      if (!figure) figure = figureWidth(text);
      // The circle's radius is half the label's width plus padding; the label is as wide as its
      // widest row, so the first row must grow to the width that gives the radius needed.
      const width = text.getBBox().width;
      const first = text.querySelector<SVGTSpanElement>(':scope > tspan');
      const firstWidth = first ? first.getBBox().width : width;
      const target = width + 2 * (need - r);
      result[id] = (extra[id] ?? 0) + Math.max(1, Math.ceil((target - firstWidth) / (2 * figure)));
    }
    return Object.keys(result).length ? result : undefined;
  } finally {
    host.remove();
    svg.remove();
  }
}

/** Screen corners of the non-blank characters of a text element. */
function inkCorners(text: SVGTextElement): [number, number][] {
  const m = text.getScreenCTM();
  if (!m) return [];
  const s = text.textContent ?? '';
  const out: [number, number][] = [];
  const n = text.getNumberOfChars();
  for (let i = 0; i < n && i < s.length; i++) {
    if (BLANKS.test(s[i])) continue;
    let e: DOMRect;
    try {
      e = text.getExtentOfChar(i);
    } catch {
      continue;
    }
    for (const [x, y] of [[e.x, e.y], [e.x + e.width, e.y], [e.x, e.y + e.height], [e.x + e.width, e.y + e.height]]) {
      const p = new DOMPoint(x, y).matrixTransform(m);
      out.push([p.x, p.y]);
    }
  }
  return out;
}

function figureWidth(text: SVGTextElement): number {
  const probe = text.cloneNode(false) as SVGTextElement;
  probe.textContent = TEXT_PAD.repeat(20);
  text.parentNode?.append(probe);
  const w = probe.getComputedTextLength() / 20;
  probe.remove();
  return w > 1 ? w : 8;
}

export function clampScale(x: unknown): number {
  const n = typeof x === 'number' && Number.isFinite(x) ? x : 2;
  return Math.min(8, Math.max(0.5, n));
}

/** Mermaid's node element id `<svgId>-flowchart-<nodeId>-<n>` → the Mermaid node id. */
function nodeIdOf(elementId: string, svgId: string): string | undefined {
  const m = /^(?:.*?)-flowchart-(.+)-\d+$/.exec(elementId.startsWith(svgId) ? elementId.slice(svgId.length) : elementId);
  return m?.[1];
}

/**
 * Label text as a person should read it. The circles are sized, so the padding
 * characters go (text-anchor middle keeps each title centred). And Mermaid's
 * text mode leaves an entity it made from our `#91;` codes undecoded when a
 * label starts with it (a constant vector `[98, 130]`): decode those.
 */
function cleanLabels(svg: SVGSVGElement): void {
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  const pad = new RegExp(TEXT_PAD, 'g');
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('style')) continue;
    const v = n.nodeValue ?? '';
    const clean = v.replace(pad, '').replace(/&#(\d{1,6});/g, (_, code: string) => String.fromCodePoint(Number(code)));
    if (clean !== v) n.nodeValue = clean;
  }
}

/** What draws an SVG element: the properties written onto each element of an exported file. */
const DRAWING_PROPERTIES = [
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-linecap', 'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style',
  'text-anchor', 'dominant-baseline',
];

/**
 * Writes the computed value of every drawing property into each element's own
 * style (plain, not !important), so the file draws the same without its
 * <style> sheet. Mermaid styles
 * edges, arrowheads, shapes and text through rules like `#mermaid-1 .flowchart-link`;
 * Inkscape 1.2 did not apply them (edges came out as filled black shapes, labels
 * left-aligned). Inline styles take precedence over the sheet for everyone, and
 * hold the very values Chromium computed from it, so browsers draw the same.
 */
function inlineStyles(svg: SVGSVGElement): void {
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-100000px;top:0;';
  host.append(svg);
  document.body.append(host);
  try {
    for (const el of Array.from(svg.querySelectorAll<SVGElement>('*'))) {
      if (el.closest('style, title, desc')) continue;
      const computed = getComputedStyle(el);
      for (const prop of DRAWING_PROPERTIES) {
        const value = computed.getPropertyValue(prop);
        if (value) el.style.setProperty(prop, value);
      }
    }
    // Now no sheet rule may outrank them: librsvg drops an inline declaration
    // marked !important (a constant's dashed border came out solid), and an
    // !important rule of the sheet would beat a plain inline one elsewhere.
    for (const st of Array.from(svg.querySelectorAll('style'))) st.textContent = (st.textContent ?? '').replace(/\s*!important/gi, '');
  } finally {
    host.remove();
    svg.remove();
  }
}

/** Each label row (one per line: no wrapping in text mode) gets the colour of what it shows. */
function colourLines(svg: SVGSVGElement, svgId: string, kinds: Record<string, LineKind[]>, colours: Record<'value' | 'grad' | 'tangent', string>): void {
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const id = nodeIdOf(g.id, svgId);
    const lineKinds = id === undefined ? undefined : kinds[id];
    if (!lineKinds) continue;
    const rows = Array.from(g.querySelectorAll<SVGTSpanElement>('.label text > tspan'));
    rows.forEach((row, i) => {
      const kind = lineKinds[i];
      if (kind !== 'value' && kind !== 'grad' && kind !== 'tangent') return; // titles, and a heatmap's blank rows
      row.classList.add(`bpnb-${kind}`);
      // On the row and its words: Mermaid's CSS colours tspans in some themes.
      for (const t of [row, ...Array.from(row.querySelectorAll<SVGTSpanElement>('tspan'))]) t.style.setProperty('fill', colours[kind], 'important');
    });
  }
}
