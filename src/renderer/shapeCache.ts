// Same-shape re-runs (issue 12): the usual edit-and-run loop changes numbers,
// not the graph. The last Mermaid drawings are kept by their shape key
// (livePaint.ts: the payload without its numbers, with the drawing's options
// and theme); a new output with a known key gets a copy of that drawing under
// fresh ids and only its numbers are repainted: no Mermaid layout, no parsing,
// the nodes exactly where they were.

/** Drawings remembered (a notebook's graphs, a few toolbar variants each). */
const LIMIT = 32;

interface Entry {
  /** The drawing as parsed and sanitized (dom.ts parseSvg), before the view decorated it. */
  svg: SVGSVGElement;
  id: string;
}

const entries = new Map<string, Entry>();
let counter = 0;

/** Remembers a drawing (sanitized, undecorated) under its shape key. */
export function rememberDrawing(key: string, svg: SVGSVGElement, id: string): void {
  entries.delete(key);
  entries.set(key, { svg: svg.cloneNode(true) as SVGSVGElement, id });
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value as string);
}

/**
 * A copy of a drawing of this shape with its ids renamed (two outputs on
 * screen must not share ids: arrowheads and styles refer to them), or
 * undefined. Its numbers are those of the remembered drawing until repainted.
 */
export function reuseDrawing(key: string): { svg: SVGSVGElement; id: string } | undefined {
  const e = entries.get(key);
  if (!e) return undefined;
  const id = `${e.id}-r${++counter}`;
  const svg = e.svg.cloneNode(true) as SVGSVGElement;
  renameIds(svg, e.id, id);
  return { svg, id };
}

/** Mermaid derives every id of a drawing from the drawing's id: elements, marker references and its <style>. */
function renameIds(svg: SVGSVGElement, from: string, to: string): void {
  const swap = (v: string) => v.split(from).join(to);
  for (const el of [svg, ...Array.from(svg.querySelectorAll('[id]'))]) if (el.id.includes(from)) el.id = swap(el.id);
  for (const el of Array.from(svg.querySelectorAll('[marker-start], [marker-end], [marker-mid], [filter], [aria-labelledby], [aria-describedby]'))) {
    for (const name of ['marker-start', 'marker-end', 'marker-mid', 'filter', 'aria-labelledby', 'aria-describedby']) {
      const v = el.getAttribute(name);
      if (v?.includes(from)) el.setAttribute(name, swap(v));
    }
  }
  for (const style of Array.from(svg.querySelectorAll('style'))) style.textContent = swap(style.textContent ?? '');
}
