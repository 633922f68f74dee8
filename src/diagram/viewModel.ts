// GraphPayload → ViewModel: what the picture shows, independent of Mermaid
// syntax. Collapses user-gate calls when asked, formats every number once,
// and keeps big graphs readable by keeping the nodes nearest the target.
// Both the Mermaid text (mermaid.ts) and the Markdown table (table.ts) are
// printed from this one model, so they always agree.

import { DEFAULT_PRECISION, formatNumber, formatShape, formatTensor } from './numbers';
import type { GateGroup, GraphEdge, GraphNode, GraphPayload, JsonTensor } from './payload';

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
   * With `textLabels`: extra blank characters on each side of a circle's first
   * line, by Mermaid node id. Mermaid sizes a circle from its label's width
   * only; the export measures what a circle lacks and draws again with this.
   */
  circlePadding?: Record<string, number>;
}

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

export function buildViewModel(payload: GraphPayload, options: DiagramOptions = {}): ViewModel {
  const precision = options.precision ?? DEFAULT_PRECISION;
  const show: ShowWhat = options.show ?? 'both';
  const nodeLimit = Math.max(1, Math.floor(options.nodeLimit ?? DEFAULT_NODE_LIMIT));
  const fmt = (t: JsonTensor | undefined): string | undefined =>
    t === undefined ? undefined : formatTensor(t, { precision });

  const nodes = Array.isArray(payload.nodes) ? payload.nodes : [];
  const edges = Array.isArray(payload.edges) ? payload.edges : [];
  const groups = Array.isArray(payload.groups) ? payload.groups : [];
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) byId.set(n.id, n);

  // Which view node each payload node lands in: itself, or the outermost
  // collapsed call that contains it.
  const groupById = new Map<string, GateGroup>();
  for (const g of groups) groupById.set(g.id, g);
  const outermost = (groupId: string | undefined): GateGroup | undefined => {
    let found: GateGroup | undefined;
    const seen = new Set<string>();
    for (let id = groupId; id !== undefined && !seen.has(id); id = groupById.get(id)?.parent) {
      seen.add(id);
      const g = groupById.get(id);
      if (g) found = g;
    }
    return found;
  };

  const view: ViewNode[] = [];
  const viewOf = new Map<string, number>(); // payload node id → view index
  const callView = new Map<string, number>(); // group id → view index
  for (const n of nodes) {
    const call = options.collapseGates ? outermost(n.group) : undefined;
    if (call) {
      let index = callView.get(call.id);
      if (index === undefined) {
        const out = byId.get(call.output) ?? n;
        index = view.length;
        callView.set(call.id, index);
        view.push({
          payloadId: out.id,
          groupId: call.id,
          kind: 'call',
          title: out.name ? `${out.name} = ${call.name}` : call.name,
          op: call.name,
          symbol: call.name,
          shape: formatShape(out.shape ?? []),
          ...numbers(out),
          isTarget: false,
          isSeed: false,
          highlighted: false,
        });
      }
      viewOf.set(n.id, index);
      continue;
    }
    viewOf.set(n.id, view.length);
    if (n.kind === 'const') {
      // A literal is its value: one line, no gradient (nobody asked for ∂f/∂2).
      const value = fmt(n.value) ?? n.label;
      view.push({
        payloadId: n.id, kind: 'const', title: n.name ? `${n.name} = ${value}` : value, op: 'const', symbol: '',
        shape: formatShape(n.shape ?? []), value: show === 'grads' ? undefined : value, isTarget: false, isSeed: false, highlighted: false,
      });
      continue;
    }
    view.push({
      payloadId: n.id,
      kind: n.kind === 'input' ? 'input' : 'gate',
      title: nodeTitle(n),
      op: n.kind === 'input' ? 'input' : n.op,
      symbol: n.kind === 'gate' ? n.symbol : '',
      shape: formatShape(n.shape ?? []),
      ...numbers(n),
      isTarget: false,
      isSeed: false,
      highlighted: false,
    });
  }

  function numbers(n: GraphNode): Pick<ViewNode, 'value' | 'grad' | 'tangent'> {
    return {
      value: show === 'grads' ? undefined : fmt(n.value),
      grad: show === 'values' ? undefined : fmt(n.grad),
      tangent: fmt(n.tangent),
    };
  }

  const mark = (payloadId: string | undefined, apply: (v: ViewNode) => void): void => {
    if (payloadId === undefined) return;
    const index = viewOf.get(payloadId);
    if (index !== undefined) apply(view[index]);
  };
  mark(payload.target, (v) => { v.isTarget = true; });
  mark(payload.seed, (v) => { v.isSeed = true; });
  mark(options.highlight, (v) => { v.highlighted = true; });

  // Edges between view nodes. Inside a collapsed call the edges vanish; the
  // edges into it are its arguments, with the call's own local derivatives.
  const viewEdges: (ViewEdge & { order: number })[] = [];
  const localOf = (e: GraphEdge): string | undefined =>
    e.local !== undefined ? formatNumber(e.local, precision) : e.localText || undefined;
  const extraIntoCall = new Set<string>();
  for (const e of edges) {
    const from = viewOf.get(e.from);
    const to = viewOf.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    if (view[to].kind === 'call') {
      // Arguments are added below from the group's inputs; anything else a
      // gate body reads from outside (a global name) still gets a wire.
      const g = groupById.get(view[to].groupId ?? '');
      if (g && !(g.inputs ?? []).includes(e.from) && !extraIntoCall.has(`${from}>${to}`)) {
        extraIntoCall.add(`${from}>${to}`);
        viewEdges.push({ from, to, order: Number.MAX_SAFE_INTEGER });
      }
      continue;
    }
    viewEdges.push({ from, to, order: e.index, label: options.edgeLabels ? localOf(e) : undefined });
  }
  for (const [groupId, to] of callView) {
    const g = groupById.get(groupId);
    if (!g) continue;
    (g.inputs ?? []).forEach((inputId, i) => {
      const from = viewOf.get(inputId);
      if (from === undefined || from === to) return;
      const local = g.local?.[i];
      viewEdges.push({
        from, to, order: i,
        label: options.edgeLabels && local !== undefined ? formatNumber(local, precision) : undefined,
      });
    });
  }
  // Deterministic order: by consumer, then operand position.
  viewEdges.sort((a, b) => a.to - b.to || a.order - b.order || a.from - b.from);

  const hasTangents = view.some((v) => v.tangent !== undefined);
  const omitted = Number.isFinite(payload.omitted) ? Math.max(0, payload.omitted) : 0;
  const model: ViewModel = {
    direction: options.direction === 'TD' ? 'TD' : 'LR',
    mode: payload.mode,
    nodes: view,
    edges: viewEdges.map(({ from, to, label }) => (label === undefined ? { from, to } : { from, to, label })),
    hidden: omitted,
    hasTangents,
    warnings: Array.isArray(payload.warnings) ? payload.warnings : [],
  };
  return limitNodes(model, nodeLimit);
}

function nodeTitle(n: GraphNode): string {
  if (n.kind === 'input') return n.name ?? n.label ?? n.symbol ?? n.id;
  const symbol = n.symbol || n.op;
  return n.name ? `${n.name} = ${symbol}` : symbol;
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
