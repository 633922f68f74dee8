// Same-shape re-runs (issue 12): the usual edit-and-run loop changes numbers,
// not the graph. The last Mermaid drawings are kept by their shape key
// (livePaint.ts: the payload without its numbers, with the drawing's options
// and theme); a new output with a known key reuses that drawing's SVG under a
// fresh id and only its numbers are repainted: no Mermaid layout, the nodes
// exactly where they were.
import type { DrawResult } from './draw';

/** Drawings remembered (a notebook's graphs, a few toolbar variants each). */
const LIMIT = 32;

interface Entry {
  svg: string;
  id: string;
}

const entries = new Map<string, Entry>();
let counter = 0;

/** Remembers a successful drawing under its shape key. */
export function rememberDrawing(key: string, result: DrawResult): void {
  if (!result.ok) return;
  entries.delete(key);
  entries.set(key, { svg: result.svg, id: result.id });
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value as string);
}

/**
 * A drawing of this shape with its ids renamed (two outputs on screen must not
 * share ids: arrowheads and styles refer to them), or undefined. Its numbers
 * are those of the remembered drawing until repainted.
 */
export function reuseDrawing(key: string): (DrawResult & { ok: true }) | undefined {
  const e = entries.get(key);
  if (!e) return undefined;
  const id = `${e.id}-r${++counter}`;
  return { ok: true, svg: e.svg.split(e.id).join(id), id };
}
