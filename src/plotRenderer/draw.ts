// Draws a plot payload as one standalone <svg> with Observable Plot: the same
// element goes on screen and, serialized, into an SVG/PNG export, so exports
// look like what the person saw. A curve plot is two panels that share the x
// axis (f above, ∂f/∂x below: their scales differ, often by orders of
// magnitude, so one y axis would flatten one of them); a descent plot is one
// panel of the loss per step; a boundary plot is one panel of the grid's
// cells coloured by the sign of the model's output, the points on top.
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../diagram/numbers';
import { lastLoss, logLossScale, lrText, percent, plotCaption, toNumber } from '../diagram/plotReading';
import type { BoundaryPlot, CurvePlot, DescentPlot, PlotPayload } from '../diagram/plotPayload';
import type { PlotColors } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = '"Segoe UI", "Helvetica Neue", Arial, sans-serif';
const WIDTH = 560;
const PANEL = 190;
const CAPTION = 34;

/** The drawing of `p` in the given colours, as one <svg> that needs nothing around it. */
export function drawPlot(p: PlotPayload, colors: PlotColors, width = WIDTH): SVGSVGElement {
  if (p.kind === 'boundary') return drawBoundary(p, colors, width);
  const panels = p.kind === 'curve' ? curvePanels(p, colors, width) : [descentPanel(p, colors, width)];
  const caption = plotCaption(p);
  const height = panels.length * PANEL + CAPTION;
  const svg = el('svg', {
    width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': caption, class: `bpnb-plot bpnb-plot-${p.kind}`,
    'font-family': FONT, 'font-size': '12',
  });
  svg.append(el('title', {}, caption));
  svg.append(el('rect', { width: '100%', height: '100%', fill: colors.background, class: 'bpnb-plot-background' }));
  panels.forEach((panel, i) => {
    panel.setAttribute('x', '0');
    panel.setAttribute('y', String(i * PANEL));
    svg.append(panel);
  });
  const text = el('text', {
    x: '8', y: String(height - 12), fill: colors.foreground, class: 'bpnb-plot-caption',
  }, p.kind === 'descent' ? descentCaption(p) : curveCaption(p));
  svg.append(text);
  if (p.kind === 'curve' && p.warning) {
    svg.append(el('text', { x: String(width - 8), y: '14', 'text-anchor': 'end', fill: colors.warning, class: 'bpnb-plot-warning' }, `⚠ ${p.warning}`));
  }
  return svg;
}

/** The standalone SVG file of a drawing (exports, the Markdown images). */
export function plotSvgText(p: PlotPayload, colors: PlotColors): string {
  return svgFile(drawPlot(p, colors));
}

/** A drawing as a standalone SVG file's text. */
export function svgFile(svg: SVGSVGElement): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
}

function curveCaption(p: CurvePlot): string {
  return `at ${p.wrt} = ${formatNumber(p.at.x)}: ${p.target} = ${formatNumber(p.at.value)}, ∂${p.target}/∂${p.wrt} = ${formatNumber(p.at.grad)} (the tangent's slope)`;
}

function descentCaption(p: DescentPlot): string {
  const last = formatNumber(lastLoss(p));
  if (p.running) return `step ${p.running.done} of ${p.steps} · ${p.target} = ${last} · lr ${lrText(p.lr)}`;
  return `final ${p.target} = ${last} after ${p.steps} ${p.steps === 1 ? 'step' : 'steps'} · lr ${lrText(p.lr)}`;
}

/** The finite extent of `ys`, widened a little (and around a constant), for a y domain. */
function extent(ys: readonly number[]): [number, number] | undefined {
  const finite = ys.filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function frame(colors: PlotColors, width: number): Plot.PlotOptions {
  return {
    width, height: PANEL, marginLeft: 64, marginRight: 16, marginTop: 22, marginBottom: 34,
    style: { color: colors.foreground, background: 'transparent', fontFamily: FONT, fontSize: '12px', overflow: 'visible' },
  };
}

function curvePanels(p: CurvePlot, colors: PlotColors, width: number): SVGSVGElement[] {
  const xs = p.x;
  const f = p.value.map(toNumber);
  const g = p.grad.map(toNumber);
  const at = { x: p.at.x, f: toNumber(p.at.value), g: toNumber(p.at.grad) };
  const xDomain: [number, number] = xs.length > 1 ? [xs[0], xs[xs.length - 1]] : [at.x - 1, at.x + 1];
  const fName = p.target;
  const gName = `∂${p.target}/∂${p.wrt}`;
  const points = xs.map((x, i) => ({ x, f: f[i], g: g[i] }));
  const tangent = Number.isFinite(at.f) && Number.isFinite(at.g)
    ? xDomain.map((x) => ({ x, y: at.f + at.g * (x - at.x) }))
    : [];
  const fDomain = extent([...f, at.f]);
  const gDomain = extent([...g, at.g, 0]);
  const here = Number.isFinite(at.x) ? [at.x] : [];

  const top = Plot.plot({
    ...frame(colors, width),
    x: { domain: xDomain, label: p.wrt },
    y: { domain: fDomain, label: fName, grid: true },
    marks: [
      Plot.ruleX(here, { stroke: colors.grid, strokeDasharray: '3,3', className: 'bpnb-here' }),
      Plot.line(tangent, { x: 'x', y: 'y', stroke: colors.tangent, strokeWidth: 1.5, strokeDasharray: '6,4', clip: true, className: 'bpnb-tangent', ariaDescription: `tangent at ${p.wrt} = ${formatNumber(at.x)}` }),
      Plot.line(points, { x: 'x', y: 'f', stroke: colors.value, strokeWidth: 2, className: 'bpnb-value', ariaDescription: fName }),
      Plot.dot(Number.isFinite(at.f) ? [at] : [], { x: 'x', y: 'f', r: 5, fill: colors.value, stroke: colors.background, strokeWidth: 1.5, className: 'bpnb-mark', ariaDescription: `${fName} at ${p.wrt} = ${formatNumber(at.x)}` }),
      Plot.text([fName], { frameAnchor: 'top-right', dy: -14, fill: colors.value, fontWeight: 'bold', className: 'bpnb-panel-name' }),
    ],
  });
  const bottom = Plot.plot({
    ...frame(colors, width),
    x: { domain: xDomain, label: p.wrt },
    y: { domain: gDomain, label: gName, grid: true },
    marks: [
      Plot.ruleY([0], { stroke: colors.grid }),
      Plot.ruleX(here, { stroke: colors.grid, strokeDasharray: '3,3', className: 'bpnb-here' }),
      Plot.line(points, { x: 'x', y: 'g', stroke: colors.grad, strokeWidth: 2, className: 'bpnb-grad', ariaDescription: gName }),
      Plot.dot(Number.isFinite(at.g) ? [at] : [], { x: 'x', y: 'g', r: 5, fill: colors.grad, stroke: colors.background, strokeWidth: 1.5, className: 'bpnb-mark', ariaDescription: `${gName} at ${p.wrt} = ${formatNumber(at.x)}` }),
      Plot.text([gName], { frameAnchor: 'top-right', dy: -14, fill: colors.grad, fontWeight: 'bold', className: 'bpnb-panel-name' }),
    ],
  });
  return [top as SVGSVGElement, bottom as SVGSVGElement];
}

function descentPanel(p: DescentPlot, colors: PlotColors, width: number): SVGSVGElement {
  // A long running curve comes thinned (running.every): the loss every `every` steps, and last at step `done`.
  const every = p.running?.every ?? 1;
  const lastStep = p.loss.length - 1;
  const points = p.loss.map((l, i) => ({ step: i === lastStep && p.running ? p.running.done : i * every, loss: toNumber(l) }));
  const log = logLossScale(p.loss);
  const last = points[points.length - 1];
  const plot = Plot.plot({
    ...frame(colors, width),
    // The whole run's width from the start, so a live curve grows to the right instead of stretching.
    x: { domain: [0, Math.max(1, p.steps)], label: 'step' },
    y: log ? { type: 'log', label: `${p.target} (log scale)`, grid: true, tickFormat: (d: number) => formatNumber(d) } : { label: p.target, grid: true, domain: extent(points.map((q) => q.loss)) },
    marks: [
      Plot.line(points, { x: 'step', y: 'loss', stroke: colors.value, strokeWidth: 2, className: 'bpnb-loss', ariaDescription: `${p.target} per step` }),
      Plot.dot(Number.isFinite(last.loss) && (!log || last.loss > 0) ? [last] : [], { x: 'step', y: 'loss', r: 4, fill: colors.value, className: 'bpnb-mark' }),
      Plot.text([p.target], { frameAnchor: 'top-right', dy: -14, fill: colors.value, fontWeight: 'bold', className: 'bpnb-panel-name' }),
    ],
  });
  return plot as SVGSVGElement;
}

/** The margins of a boundary panel, and its inner height's bounds (the cells are square unless that would pass them). */
const B_MARGIN = { left: 48, right: 16, top: 16, bottom: 38 };
const B_MIN_INNER = 120;
const B_MAX_INNER = 480;

/**
 * A decision boundary: one rect per grid cell, filled by the sign of s at
 * its centre (micrograd's contourf of s > 0), faint, so the points stay the
 * strongest marks; the points on top, filled by their label (the larger label
 * in the colour of s > 0); a caption line with the legend and the accuracy.
 */
function drawBoundary(p: BoundaryPlot, colors: PlotColors, width: number): SVGSVGElement {
  const dx = p.x[1] - p.x[0];
  const dy = p.y[1] - p.y[0];
  const xDomain: [number, number] = [p.x[0] - dx / 2, p.x[p.x.length - 1] + dx / 2];
  const yDomain: [number, number] = [p.y[0] - dy / 2, p.y[p.y.length - 1] + dy / 2];
  const innerW = width - B_MARGIN.left - B_MARGIN.right;
  const innerH = Math.round(Math.min(B_MAX_INNER, Math.max(B_MIN_INNER, innerW * (yDomain[1] - yDomain[0]) / (xDomain[1] - xDomain[0]))));
  const panelHeight = innerH + B_MARGIN.top + B_MARGIN.bottom;
  type Cell = { x1: number; x2: number; y1: number; y2: number };
  const positive: Cell[] = [];
  const negative: Cell[] = [];
  p.value.forEach((v, k) => {
    const x = p.x[k % p.x.length], y = p.y[Math.floor(k / p.x.length)];
    const s = toNumber(v);
    if (Number.isNaN(s)) return; // no colour where the model has no value
    (s > 0 ? positive : negative).push({ x1: x - dx / 2, x2: x + dx / 2, y1: y - dy / 2, y2: y + dy / 2 });
  });
  const classes = p.points.label ? [...new Set(p.points.label)].sort((a, b) => a - b) : [];
  const high = classes.length > 0 ? classes[classes.length - 1] : undefined;
  const points = p.points.x.map((x, i) => ({ x, y: p.points.y[i], label: p.points.label?.[i] }));
  const cellMark = (cells: Cell[], fill: string, side: string) => Plot.rect(cells, {
    x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill, fillOpacity: 0.3, shapeRendering: 'crispEdges',
    className: 'bpnb-boundary-cells', ariaDescription: `grid cells where ${p.target} ${side}`,
  });
  const dotMark = (data: typeof points, fill: string, what: string) => Plot.dot(data, {
    x: 'x', y: 'y', r: 4.5, fill, stroke: colors.foreground, strokeWidth: 0.75,
    className: 'bpnb-boundary-points', ariaDescription: what,
  });
  const pointMarks = p.points.label
    ? [
      dotMark(points.filter((q) => q.label !== high), colors.grad, `points labelled ${classes.slice(0, -1).map((c) => formatNumber(c)).join(', ')}`),
      dotMark(points.filter((q) => q.label === high), colors.value, `points labelled ${formatNumber(high ?? 0)}`),
    ]
    : [dotMark(points, colors.foreground, 'the points')];
  const panel = Plot.plot({
    width, height: panelHeight,
    marginLeft: B_MARGIN.left, marginRight: B_MARGIN.right, marginTop: B_MARGIN.top, marginBottom: B_MARGIN.bottom,
    style: { color: colors.foreground, background: 'transparent', fontFamily: FONT, fontSize: '12px', overflow: 'visible' },
    x: { domain: xDomain, label: `${p.over} column 0` },
    y: { domain: yDomain, label: `${p.over} column 1` },
    marks: [
      cellMark(positive, colors.value, '> 0'),
      cellMark(negative, colors.grad, '≤ 0'),
      Plot.frame({ stroke: colors.grid }),
      ...pointMarks,
    ],
  }) as SVGSVGElement;
  const caption = plotCaption(p);
  const height = panelHeight + CAPTION;
  const svg = el('svg', {
    width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': caption, class: 'bpnb-plot bpnb-plot-boundary',
    'font-family': FONT, 'font-size': '12',
  });
  svg.append(el('title', {}, caption));
  svg.append(el('rect', { width: '100%', height: '100%', fill: colors.background, class: 'bpnb-plot-background' }));
  panel.setAttribute('x', '0');
  panel.setAttribute('y', '0');
  svg.append(panel);
  // The legend and the accuracy, one line: ■ s > 0  ■ s ≤ 0 · 100 points · accuracy 100%
  const text = el('text', { x: '8', y: String(height - 12), fill: colors.foreground, class: 'bpnb-plot-caption' });
  const span = (t: string, fill?: string) => text.append(el('tspan', fill ? { fill } : {}, t));
  span('■ ', colors.value);
  span(`${p.target} > 0   `);
  span('■ ', colors.grad);
  span(`${p.target} ≤ 0`);
  const n = p.points.x.length;
  span(` · ${n} ${n === 1 ? 'point' : 'points'}${p.labels !== undefined ? ` coloured by ${p.labels}` : ''}`);
  if (p.accuracy !== undefined) span(` · accuracy ${percent(p.accuracy)}`);
  text.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:space', 'preserve');
  svg.append(text);
  return svg;
}

function el(tag: string, attrs: Record<string, string>, text?: string): SVGSVGElement {
  const e = document.createElementNS(SVG_NS, tag) as SVGSVGElement;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
