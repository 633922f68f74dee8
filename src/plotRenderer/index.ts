// Plot renderer entry: VS Code loads dist/plotRenderer.js in the output webview
// only when a cell has an output of PLOT_MIME (a `plot` or a `descend`), so the
// graph renderer and cells without plots never pay for it. Boilerplate only:
// the drawing is in draw.ts, the colours in theme.ts.
import type { ActivationFunction, OutputItem, RendererContext } from 'vscode-notebook-renderer';
import { readPlot } from '../diagram/plotReading';
import type { PlotPayload } from '../diagram/plotPayload';
import { fittingScale, rasterize } from '../renderer/image';
import { drawPlot, plotSvgText, svgFile } from './draw';
import { isPlotSvgRequest, type PlotSvgResponse } from './messages';
import { exportPlotColors, plotColors, watchPlotTheme, type PlotThemeKind } from './theme';

/** For exports (a page that loads this bundle): the standalone SVG file of a payload in a theme. */
export function plotSvg(payload: unknown, theme: PlotThemeKind = 'light'): string {
  const p = readPlot(payload);
  if (!p) throw new Error('not a plot this version of bpnb can draw');
  return plotSvgText(p, exportPlotColors(theme));
}

export interface PlotImage { format: 'svg' | 'png'; data: string; width: number; height: number; pixelWidth?: number; pixelHeight?: number }

/**
 * A plot as an image file: the standalone SVG text, or a PNG (base64) of it
 * at `scale` pixels per CSS pixel, rasterized as the graph's PNG export is
 * (the CLI's `export --format svg|png` and the palette's plot export).
 */
export async function plotImage(payload: unknown, opts: { format: 'svg' | 'png'; scale?: number; theme?: PlotThemeKind }): Promise<PlotImage> {
  const p = readPlot(payload);
  if (!p) throw new Error('not a plot this version of bpnb can draw');
  const colors = exportPlotColors(opts.theme ?? 'light');
  const svg = drawPlot(p, colors);
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const text = svgFile(svg);
  if (opts.format === 'svg') return { format: 'svg', data: text, width, height };
  const scale = fittingScale(width, height, opts.scale ?? 2);
  const data = await rasterize(text, width, height, scale, colors.background);
  return { format: 'png', data, width, height, pixelWidth: Math.max(1, Math.ceil(width * scale)), pixelHeight: Math.max(1, Math.ceil(height * scale)) };
}

interface Shown { element: HTMLElement; payload: PlotPayload }

export const activate: ActivationFunction = (ctx: RendererContext<unknown>) => {
  const shown = new Map<string, Shown>();
  // The extension's image exports (the Markdown export's "SVG images", Export Plot as SVG/PNG) ask for a plot's file.
  ctx.onDidReceiveMessage?.(async (message: unknown) => {
    if (!isPlotSvgRequest(message)) return;
    let answer: PlotSvgResponse;
    try {
      if (message.format === 'png') {
        const png = await plotImage(message.payload, { format: 'png', scale: message.scale, theme: message.theme });
        answer = { type: 'bpnb.plotSvgResult', requestId: message.requestId, ok: true, png: png.data, pixelWidth: png.pixelWidth, pixelHeight: png.pixelHeight };
      } else {
        answer = { type: 'bpnb.plotSvgResult', requestId: message.requestId, ok: true, svg: plotSvg(message.payload, message.theme) };
      }
    } catch (e) {
      answer = { type: 'bpnb.plotSvgResult', requestId: message.requestId, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    void ctx.postMessage?.(answer);
  });
  const draw = (s: Shown): void => {
    const t0 = performance.now();
    const figure = document.createElement('div');
    figure.className = 'bpnb-plot-output';
    figure.append(drawPlot(s.payload, plotColors()));
    s.element.replaceChildren(figure);
    figure.dataset.drawMs = (performance.now() - t0).toFixed(2); // what a (live) redraw costs, for the measurements
  };
  watchPlotTheme(() => shown.forEach(draw));
  // A running descent's curve (a live update every 100 ms or so) redraws at the
  // next animation frame, the latest curve only: a window that falls behind
  // skips curves instead of drawing each one late, so the final curve is never
  // queued behind a backlog. A first drawing and the final curve draw at once.
  const frames = new WeakMap<HTMLElement, { s: Shown }>();
  const drawSoon = (s: Shown): void => {
    const pending = frames.get(s.element);
    if (pending) {
      pending.s = s;
      return;
    }
    const next = { s };
    frames.set(s.element, next);
    requestAnimationFrame(() => {
      if (frames.get(s.element) !== next) return;
      frames.delete(s.element);
      draw(next.s);
    });
  };
  return {
    renderOutputItem(item: OutputItem, element: HTMLElement) {
      const payload = readPlot(safeJson(item));
      if (!payload) {
        shown.delete(item.id);
        const p = document.createElement('p');
        p.textContent = 'bpnb: this plot output is not one this version can draw.';
        element.replaceChildren(p);
        return;
      }
      const s = { element, payload };
      shown.set(item.id, s);
      if (payload.kind === 'descent' && payload.running && element.firstChild) {
        drawSoon(s);
      } else {
        frames.delete(element);
        draw(s);
      }
    },
    disposeOutputItem(id?: string) {
      if (id === undefined) shown.clear();
      else shown.delete(id);
    },
  };
};

function safeJson(item: OutputItem): unknown {
  try {
    return item.json() as unknown;
  } catch {
    return undefined;
  }
}
