// The drawn graph as a file: an SVG that stands alone (explicit size,
// background, fonts and our highlight styles inlined) and a PNG rasterized from
// it with an Image and a canvas.
import { FONT_FAMILY } from './theme';

export interface SvgExportOptions {
  background: string;
  /** Becomes the file's <title> (what viewers show as its name / accessible name). */
  title?: string;
}

/**
 * A drawn Mermaid SVG as a file: XML declaration, namespaces, explicit size,
 * an opaque background, the font inlined; Mermaid's own <style> stays inside.
 * CSS rules about <foreignObject> (Mermaid writes some for HTML labels) are
 * dropped: the export has none, and a file should not mention what it lacks.
 */
export function standaloneSvg(svg: SVGSVGElement, opts: SvgExportOptions): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height, x, y } = svgBox(svg);
  const ns = 'http://www.w3.org/2000/svg';
  clone.setAttribute('xmlns', ns);
  clone.setAttribute('width', String(Math.ceil(width)));
  clone.setAttribute('height', String(Math.ceil(height)));
  for (const a of ['style', 'role', 'aria-roledescription', 'aria-label', 'data-theme']) clone.removeAttribute(a);
  clone.setAttribute('font-family', FONT_FAMILY);
  // Mermaid writes each word as a <tspan> starting with its space; without this, librsvg and
  // Inkscape drop those spaces ('q=+' for 'q = +').
  for (const t of Array.from(clone.querySelectorAll('text'))) t.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:space', 'preserve');
  for (const st of Array.from(clone.querySelectorAll('style'))) {
    st.textContent = (st.textContent ?? '').replace(/[^{}]*foreignObject[^{}]*\{[^{}]*\}/gi, '');
  }
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('x', String(x));
  bg.setAttribute('y', String(y));
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('fill', opts.background);
  clone.insertBefore(bg, clone.firstChild);
  if (opts.title) {
    const title = document.createElementNS(ns, 'title');
    title.textContent = opts.title;
    clone.insertBefore(title, clone.firstChild);
  }
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`, width: Math.ceil(width), height: Math.ceil(height) };
}

export function svgBox(svg: SVGSVGElement): { x: number; y: number; width: number; height: number } {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
  const w = parseFloat(svg.getAttribute('width') ?? '');
  const h = parseFloat(svg.getAttribute('height') ?? '');
  if (w > 0 && h > 0) return { x: 0, y: 0, width: w, height: h };
  const b = svg.getBBox();
  return { x: b.x, y: b.y, width: b.width, height: b.height };
}

/** The largest side and area of a canvas every browser draws (Chromium allows more, Safari less). */
const MAX_SIDE = 16_384;
const MAX_AREA = 16_384 * 16_384 / 2;

/** The scale to rasterize at: the one asked for, lowered just enough for a very big graph to fit a canvas. */
export function fittingScale(width: number, height: number, scale: number): number {
  const s = Number.isFinite(scale) && scale > 0 ? Math.min(scale, 8) : 2;
  const fit = Math.min(MAX_SIDE / Math.max(1, width), MAX_SIDE / Math.max(1, height), Math.sqrt(MAX_AREA / Math.max(1, width * height)));
  return s <= fit ? s : Math.floor(fit * 100) / 100;
}

/**
 * PNG (base64, no data: prefix) of a standalone SVG at `scale` device pixels
 * per CSS pixel (see fittingScale for graphs too big for that).
 */
export async function rasterize(svgText: string, width: number, height: number, scale: number, background: string): Promise<string> {
  const s = fittingScale(width, height, scale);
  const w = Math.max(1, Math.ceil(width * s));
  const h = Math.max(1, Math.ceil(height * s));
  const img = new Image();
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  try {
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2D canvas available');
    g.fillStyle = background;
    g.fillRect(0, 0, w, h);
    g.drawImage(img, 0, 0, w, h);
    const dataUrl = canvas.toDataURL('image/png');
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  } finally {
    img.src = "";
  }
}
