// Live graphs: new numbers written into a drawing Mermaid already laid out.
// Every number a node shows sits in its own element (src/diagram/mermaid.ts:
// `.bpnb-value`, `.bpnb-grad`, `.bpnb-tangent`), and every edge label in a
// Mermaid label whose data-id names the edge; a repaint only sets their text.
// The text comes from the same view model Mermaid's text was made from, so a
// repainted drawing shows exactly what a new drawing would. No layout, no
// node moves.
import type { GraphPayload } from '../diagram/payload';
import { buildViewModel, type DiagramOptions } from '../diagram/viewModel';

/** Longest piece of text in a label, as src/diagram/mermaid.ts clips it. */
const MAX_PIECE = 80;

function clip(text: string): string {
  return text.length > MAX_PIECE ? text.slice(0, MAX_PIECE - 1) + '…' : text;
}

/** The elements of one drawing that hold numbers, found once per drawing. */
export interface PaintTargets {
  nodes: Map<string, { value?: Element; grad?: Element; tangent?: Element }>;
  /** Mermaid edge label data-id ('L_n0_n3_0') → the element holding its text. */
  edgeLabels: Map<string, Element>;
  /** Payload node id → Mermaid node id (a collapsed call: its output's id → the call's). */
  mermaidId: Map<string, string>;
}

/** `payloadOf`: Mermaid node id → payload node id, as toMermaid returned it for this drawing. */
export function paintTargets(svg: SVGSVGElement, payloadOf: ReadonlyMap<string, string>): PaintTargets {
  const nodes: PaintTargets['nodes'] = new Map();
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node[data-payload-id]'))) {
    nodes.set(g.dataset.payloadId ?? '', {
      value: g.querySelector('.bpnb-value') ?? undefined,
      grad: g.querySelector('.bpnb-grad') ?? undefined,
      tangent: g.querySelector('.bpnb-tangent') ?? undefined,
    });
  }
  const edgeLabels: PaintTargets['edgeLabels'] = new Map();
  for (const label of Array.from(svg.querySelectorAll('g.edgeLabel g.label[data-id]'))) {
    const text = label.querySelector('p') ?? label.querySelector('span.edgeLabel') ?? label.querySelector('text');
    if (text) edgeLabels.set(label.getAttribute('data-id') ?? '', text);
  }
  const mermaidId = new Map<string, string>();
  for (const [mid, pid] of payloadOf) mermaidId.set(pid, mid);
  return { nodes, edgeLabels, mermaidId };
}

/**
 * Sets every number of the drawing from `payload` (same shape as the drawn
 * one): node values, gradients, tangents, and edge labels when they are on.
 * Returns how many text nodes changed.
 */
export function paintNumbers(targets: PaintTargets, payload: GraphPayload, options: DiagramOptions): number {
  const model = buildViewModel(payload, { ...options, highlight: undefined });
  let changed = 0;
  const set = (el: Element | undefined, text: string | undefined): void => {
    // A tensor's heatmap placeholder (src/renderer/heatmap.ts repaints it), not text.
    if (!el || text === undefined || el.classList.contains('bpnb-heat')) return;
    const t = clip(text);
    if (el.textContent !== t) {
      el.textContent = t;
      changed++;
    }
  };
  for (const v of model.nodes) {
    const el = targets.nodes.get(v.payloadId);
    if (!el) continue;
    if (v.kind !== 'const') set(el.value, v.value);
    set(el.grad, v.grad === undefined ? undefined : '∂ ' + v.grad);
    set(el.tangent, v.tangent === undefined ? undefined : 'ṫ ' + v.tangent);
  }
  if (options.edgeLabels) {
    // Mermaid numbers parallel edges between the same two nodes 0, 1, … in the order of the text.
    const seen = new Map<string, number>();
    for (const e of model.edges) {
      const a = targets.mermaidId.get(model.nodes[e.from].payloadId);
      const b = targets.mermaidId.get(model.nodes[e.to].payloadId);
      if (a === undefined || b === undefined) continue;
      const pair = `${a}_${b}`;
      const k = seen.get(pair) ?? 0;
      seen.set(pair, k + 1);
      if (e.label !== undefined) set(targets.edgeLabels.get(`L_${pair}_${k}`), e.label);
    }
  }
  return changed;
}

/**
 * What makes two drawings interchangeable up to their numbers: the payload
 * without values, gradients, tangents, local derivatives and warnings, with
 * the drawing's options and theme. A re-run cell whose key matches a drawing
 * on screen is repainted instead of laid out again.
 */
export function shapeKey(payload: GraphPayload, options: DiagramOptions, theme: string): string {
  return JSON.stringify({
    theme,
    options,
    mode: payload.mode, target: payload.target, seed: payload.seed, omitted: payload.omitted,
    order: payload.backwardOrder,
    nodes: payload.nodes.map((n) => [n.id, n.label, n.op, n.symbol, n.kind, n.shape, n.group ?? '', n.grad === undefined, n.tangent === undefined,
      // A constant's title is its value, and a tensor's shape shows: both are layout, not numbers to repaint.
      n.kind === 'const' ? n.value : '']),
    edges: payload.edges.map((e) => [e.from, e.to, e.index, e.localText, e.local === undefined]),
    groups: payload.groups.map((g) => [g.id, g.name, g.parent ?? '', g.output, g.inputs, g.local === undefined]),
  });
}
