// GraphPayload → ViewModel: what the picture shows, independent of Mermaid
// syntax. Collapses user-gate calls when asked, formats every number once,
// and keeps big graphs readable by keeping the nodes nearest the target.
// Both the Mermaid text (mermaid.ts) and the Markdown table (table.ts) are
// printed from this one model, so they always agree.

import { CONST_NUMBERS_MAX } from './heatmap';
import { DEFAULT_PRECISION, formatNumber, formatShape, formatTensor } from './numbers';
import type { GraphNode, GraphPayload, JsonScalar, JsonTensor } from './payload';
import { drawnTitle, readGraph, type GraphReading } from './reading';

export type Direction = 'LR' | 'TD';
export type ShowWhat = 'values' | 'grads' | 'both';

export interface DiagramOptions {
  /** Left to right like the lecture (default), or top down. */
  direction?: Direction;
  /** Which numbers each node shows (default 'both'). Tangents show whenever present. */
  show?: ShowWhat;
  /** Draw each user-gate call as one node labelled with the gate's name. */
  collapseGates?: boolean;
  /** Most nodes drawn, nearest the target first (default 150). */
  nodeLimit?: number;
  /** Significant digits (default 4). */
  precision?: number;
  /** Print the local derivative on each edge. */
  edgeLabels?: boolean;
  /** Payload node id to mark (playback's current step). */
  highlight?: string;
  /**
   * Plain-text labels for Mermaid's SVG text mode (`htmlLabels: false`), used
   * by image export: no `<font>` markup (the lines are coloured afterwards,
   * from MermaidResult.lineKinds) and no `#160;` entities (text mode prints
   * them as they are); lines still break at `<br/>`.
   */
  textLabels?: boolean;
  /**
   * Mermaid text meant to be read as well as drawn (the Markdown export, the
   * clipboard): plain label lines as with `textLabels`, no circle padding,
   * and only the escapes Mermaid needs inside a quoted label (`"`, `#`, `%`, `<`,
   * `>`, `&`, a backtick), so `x [2]` reads `x [2]`, not `x #91;2#93;`.
   */
  readable?: boolean;
  /**
   * With `textLabels`: extra blank characters on each side of a circle's first
   * line, by Mermaid node id. Mermaid sizes a circle from its label's width
   * only; the export measures what a circle lacks and draws again with this.
   */
  circlePadding?: Record<string, number>;
  /**
   * Tensors as pictures (the renderer, on screen and in image exports): a
   * tensor node shows its name, its shape and a heatmap of each tensor it
   * shows (value, gradient, tangent) instead of their numbers; the renderer
   * paints them (src/renderer/heatmap.ts). Ignored with `readable`: text
   * meant to be read (Markdown, clipboard) keeps the numbers.
   */
  heatmaps?: boolean;
  /**
   * Label each edge that carries a tensor with its shape (`[100×16]`),
   * instead of its local derivative; edges of scalars keep theirs (with `edgeLabels`).
   */
  edgeShapes?: boolean;
}

/** Which tensors a node draws as heatmaps. */
export type HeatKind = 'value' | 'grad' | 'tangent';

export type ViewNodeKind = 'input' | 'const' | 'gate' | 'call';

export interface ViewNode {
  /** The payload node id this view node stands for (a call stands for its output node). */
  payloadId: string;
  /** Set for a collapsed user-gate call: the payload group id. */
  groupId?: string;
  kind: ViewNodeKind;
  /** Name, symbol, or gate name; plain text, not yet escaped for any output. */
  title: string;
  /** The op as a word for the table: 'input', 'const', 'add', the gate name for a call. */
  op: string;
  /** The op symbol for the table: '+', '×', the gate name for a call; '' for leaves. */
  symbol: string;
  shape: string;
  value?: string;
  grad?: string;
  tangent?: string;
  /**
   * With the `heatmaps` option, for a tensor node: the tensors drawn as
   * heatmaps, by what they are (the same ones `value`, `grad`, `tangent` print).
   */
  heat?: Partial<Record<HeatKind, JsonTensor>>;
  isTarget: boolean;
  isSeed: boolean;
  highlighted: boolean;
}

export interface ViewEdge {
  /** Indexes into ViewModel.nodes. */
  from: number;
  to: number;
  /** Local derivative, formatted, when edge labels are on. */
  label?: string;
}

export interface ViewModel {
  direction: Direction;
  mode: GraphPayload['mode'];
  /** Kept nodes in topological order (every node after its inputs). */
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Nodes left out: by the node limit here plus those the session already omitted. */
  hidden: number;
  /** Whether any node carries a tangent (forward mode). */
  hasTangents: boolean;
  warnings: string[];
}

export const DEFAULT_NODE_LIMIT = 150;

/**
 * The picture of a payload, in four steps: which view node each payload node
 * lands in (itself, or the collapsed call around it), the target / seed /
 * highlight marks, the edges between view nodes, and the node limit.
 */
export function buildViewModel(payload: GraphPayload, options: DiagramOptions = {}): ViewModel {
  const p = wellFormed(payload);
  const reading = readGraph(p);
  const fmt = numberFormat(options);
  const placed = placeNodes(p, reading, options, fmt);
  markNodes(placed, p, options);
  const edges = connect(p, reading, placed, options);
  const omitted = Number.isFinite(p.omitted) ? Math.max(0, p.omitted) : 0;
  const model: ViewModel = {
    direction: options.direction === 'TD' ? 'TD' : 'LR',
    mode: p.mode,
    nodes: placed.view,
    edges,
    hidden: omitted,
    hasTangents: placed.view.some((v) => v.tangent !== undefined),
    warnings: p.warnings,
  };
  return limitNodes(model, Math.max(1, Math.floor(options.nodeLimit ?? DEFAULT_NODE_LIMIT)));
}

/** A payload whose lists are lists (outputs from older or foreign files may lack some). */
function wellFormed(p: GraphPayload): GraphPayload {
  if (Array.isArray(p.nodes) && Array.isArray(p.edges) && Array.isArray(p.groups) && Array.isArray(p.warnings)) return p;
  return {
    ...p,
    nodes: Array.isArray(p.nodes) ? p.nodes : [],
    edges: Array.isArray(p.edges) ? p.edges : [],
    groups: Array.isArray(p.groups) ? p.groups : [],
    warnings: Array.isArray(p.warnings) ? p.warnings : [],
  };
}

interface NumberFormat {
  /** A value, gradient or tangent as the picture prints it (undefined stays undefined). */
  tensor(t: JsonTensor | undefined): string | undefined;
  /** A local derivative on an edge. */
  scalar(x: JsonScalar): string;
  /** The numbers a node shows, given the options' `show`. */
  numbers(n: GraphNode): Pick<ViewNode, 'value' | 'grad' | 'tangent'>;
}

function numberFormat(options: DiagramOptions): NumberFormat {
  const precision = options.precision ?? DEFAULT_PRECISION;
  const show: ShowWhat = options.show ?? 'both';
  const tensor = (t: JsonTensor | undefined): string | undefined => (t === undefined ? undefined : formatTensor(t, { precision }));
  return {
    tensor,
    scalar: (x) => formatNumber(x, precision),
    numbers: (n) => ({
      value: show === 'grads' ? undefined : tensor(n.value),
      grad: show === 'values' ? undefined : tensor(n.grad),
      tangent: tensor(n.tangent),
    }),
  };
}

interface Placed {
  view: ViewNode[];
  /** Payload node id → index of the view node that shows it. */
  viewOf: Map<string, number>;
  /** Collapsed call (group id) → index of its view node. */
  callView: Map<string, number>;
}

/** Step 1: one view node per payload node, or one per collapsed user-gate call for every node inside it. */
function placeNodes(p: GraphPayload, reading: GraphReading, options: DiagramOptions, fmt: NumberFormat): Placed {
  const placed: Placed = { view: [], viewOf: new Map(), callView: new Map() };
  const { view, viewOf, callView } = placed;
  const unmarked = { isTarget: false, isSeed: false, highlighted: false };
  for (const n of p.nodes) {
    const call = options.collapseGates ? reading.outermostCall(n) : undefined;
    if (call) {
      let index = callView.get(call.id);
      if (index === undefined) {
        const out = reading.node(call.output) ?? n;
        index = view.length;
        callView.set(call.id, index);
        view.push({
          payloadId: out.id, groupId: call.id, kind: 'call', title: out.name ? `${out.name} = ${call.name}` : call.name,
          op: call.name, symbol: call.name, shape: formatShape(out.shape ?? []), ...fmt.numbers(out), ...heatOf(out, options), ...unmarked,
        });
      }
      viewOf.set(n.id, index);
      continue;
    }
    viewOf.set(n.id, view.length);
    if (n.kind === 'const') {
      // A literal is its value: one line, no gradient (nobody asked for ∂f/∂2).
      const value = fmt.tensor(n.value) ?? n.label;
      // Data too big to read as numbers (100 points) is a picture, named by its name.
      const heat = heatOf(n, options, true);
      view.push({
        payloadId: n.id, kind: 'const', title: heat.heat ? n.name ?? 'const' : n.name ? `${n.name} = ${value}` : value, op: 'const', symbol: '',
        shape: formatShape(n.shape ?? []), value: options.show === 'grads' ? undefined : value, ...heat, ...unmarked,
      });
      continue;
    }
    view.push({
      payloadId: n.id, kind: n.kind === 'input' ? 'input' : 'gate', title: drawnTitle(n),
      op: n.kind === 'input' ? 'input' : n.op, symbol: n.kind === 'gate' ? n.symbol : '',
      shape: formatShape(n.shape ?? []), ...fmt.numbers(n), ...heatOf(n, options), ...unmarked,
    });
  }
  return placed;
}

/**
 * The heatmaps of a tensor node (none for a scalar, or without the option):
 * what the node shows, by the options' `show`. A constant draws its value
 * only, and only when it has more than CONST_NUMBERS_MAX elements.
 */
function heatOf(n: GraphNode, options: DiagramOptions, constant = false): Pick<ViewNode, 'heat'> {
  if (!options.heatmaps || options.readable || !Array.isArray(n.value) || !(n.shape?.length)) return {};
  const show: ShowWhat = options.show ?? 'both';
  if (constant) {
    const count = n.shape.reduce((a, b) => a * b, 1);
    // Its value is what a constant is (its title, otherwise), so it shows in every mode.
    return count > CONST_NUMBERS_MAX ? { heat: { value: n.value } } : {};
  }
  const heat: Partial<Record<HeatKind, JsonTensor>> = {};
  if (show !== 'grads') heat.value = n.value;
  if (show !== 'values' && n.grad !== undefined) heat.grad = n.grad;
  if (n.tangent !== undefined) heat.tangent = n.tangent;
  return Object.keys(heat).length ? { heat } : {};
}

/** Step 2: the target, forward mode's seed and playback's current node. */
function markNodes({ view, viewOf }: Placed, p: GraphPayload, options: DiagramOptions): void {
  const mark = (payloadId: string | undefined, apply: (v: ViewNode) => void): void => {
    const index = payloadId === undefined ? undefined : viewOf.get(payloadId);
    if (index !== undefined) apply(view[index]);
  };
  mark(p.target, (v) => { v.isTarget = true; });
  mark(p.seed, (v) => { v.isSeed = true; });
  mark(options.highlight, (v) => { v.highlighted = true; });
}

/**
 * Step 3: edges between view nodes, by consumer then operand position. Inside
 * a collapsed call the edges vanish; the edges into it are its arguments,
 * with the call's own local derivatives.
 */
function connect(p: GraphPayload, reading: GraphReading, { view, viewOf, callView }: Placed, options: DiagramOptions): ViewEdge[] {
  const fmt = numberFormat(options);
  const edges: (ViewEdge & { order: number })[] = [];
  const extraIntoCall = new Set<string>();
  for (const e of p.edges) {
    const from = viewOf.get(e.from);
    const to = viewOf.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    if (view[to].kind === 'call') {
      // Arguments are added below from the group's inputs; anything else a
      // gate body reads from outside (a global name) still gets a wire.
      const g = reading.group(view[to].groupId);
      if (g && !(g.inputs ?? []).includes(e.from) && !extraIntoCall.has(`${from}>${to}`)) {
        extraIntoCall.add(`${from}>${to}`);
        edges.push({ from, to, order: Number.MAX_SAFE_INTEGER });
      }
      continue;
    }
    const label = e.local !== undefined ? fmt.scalar(e.local) : e.localText || undefined;
    const shape = options.edgeShapes ? shapeLabel(reading.node(e.from)) : undefined;
    edges.push({ from, to, order: e.index, label: shape ?? (options.edgeLabels ? label : undefined) });
  }
  for (const [groupId, to] of callView) {
    const g = reading.group(groupId);
    (g?.inputs ?? []).forEach((inputId, i) => {
      const from = viewOf.get(inputId);
      if (from === undefined || from === to) return;
      const local = g?.local?.[i];
      const shape = options.edgeShapes ? shapeLabel(reading.node(inputId)) : undefined;
      edges.push({ from, to, order: i, label: shape ?? (options.edgeLabels && local !== undefined ? fmt.scalar(local) : undefined) });
    });
  }
  // Deterministic order: by consumer, then operand position.
  edges.sort((a, b) => a.to - b.to || a.order - b.order || a.from - b.from);
  return edges.map(({ from, to, label }) => (label === undefined ? { from, to } : { from, to, label }));
}

/** `[100×16]` for a tensor node (what flows along its edges), undefined for a scalar. */
function shapeLabel(n: GraphNode | undefined): string | undefined {
  return n && n.shape?.length ? `[${formatShape(n.shape)}]` : undefined;
}

/**
 * Keeps at most `limit` nodes: the target (and the highlighted node), then its inputs, their inputs…
 * (breadth first, backward along the edges), then anything unreachable in
 * reverse topological order. The rest counts as hidden.
 */
export function limitNodes(model: ViewModel, limit: number): ViewModel {
  const n = model.nodes.length;
  if (n <= limit) return model;
  const inputsOf: number[][] = Array.from({ length: n }, () => []);
  for (const e of model.edges) inputsOf[e.to].push(e.from);
  const keep = new Uint8Array(n);
  let kept = 0;
  const queue: number[] = [];
  const visit = (i: number): void => {
    if (kept >= limit || keep[i]) return;
    keep[i] = 1;
    kept++;
    queue.push(i);
  };
  const target = model.nodes.findIndex((v) => v.isTarget);
  visit(target >= 0 ? target : n - 1);
  // Playback's current node stays visible even far from the target.
  const highlighted = model.nodes.findIndex((v) => v.highlighted);
  if (highlighted >= 0) visit(highlighted);
  for (let head = 0; head < queue.length && kept < limit; head++) {
    for (const from of inputsOf[queue[head]]) visit(from);
  }
  for (let i = n - 1; i >= 0 && kept < limit; i--) visit(i);

  const newIndex = new Int32Array(n).fill(-1);
  const nodes: ViewNode[] = [];
  for (let i = 0; i < n; i++) {
    if (keep[i]) {
      newIndex[i] = nodes.length;
      nodes.push(model.nodes[i]);
    }
  }
  const edges: ViewEdge[] = [];
  for (const e of model.edges) {
    const from = newIndex[e.from];
    const to = newIndex[e.to];
    if (from >= 0 && to >= 0) edges.push({ ...e, from, to });
  }
  return { ...model, nodes, edges, hidden: model.hidden + (n - nodes.length) };
}
