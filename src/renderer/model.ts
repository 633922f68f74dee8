// The renderer's pure logic: everything that can be decided from a GraphPayload
// without a DOM — playback steps, captions, node details, the fallback table,
// the accessible summary. Unit-tested in Node (test/unit/renderer).
import type { GraphEdge, GraphNode, GraphPayload, JsonScalar, JsonTensor } from '../diagram/payload';
import { formatTensor } from './diagramApi';

export const PRECISION = 4;
/** Most elements of a tensor printed in a caption, a panel or a table cell. */
const MAX_ELEMENTS = 6;

export function isScalar(v: JsonTensor | undefined): v is JsonScalar {
  return v !== undefined && !Array.isArray(v);
}

function toNumber(v: JsonScalar): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Checks that an output's JSON is a GraphPayload this renderer can draw, so a
 * stale or foreign output gets a sentence instead of a crash.
 */
export function checkPayload(x: unknown): { ok: true; payload: GraphPayload } | { ok: false; message: string } {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return { ok: false, message: 'the output is not a JSON object' };
  const p = x as Partial<GraphPayload>;
  if (p.version !== 1) return { ok: false, message: `unsupported graph version ${JSON.stringify(p.version)} (this renderer reads version 1)` };
  if (!Array.isArray(p.nodes) || !Array.isArray(p.edges)) return { ok: false, message: 'the graph has no node or edge list' };
  for (const [i, n] of p.nodes.entries()) {
    if (typeof n !== 'object' || n === null || typeof n.id !== 'string' || typeof n.label !== 'string') {
      return { ok: false, message: `node ${i} has no id or label` };
    }
  }
  for (const [i, e] of p.edges.entries()) {
    if (typeof e !== 'object' || e === null || typeof e.from !== 'string' || typeof e.to !== 'string') {
      return { ok: false, message: `edge ${i} has no endpoints` };
    }
  }
  const payload: GraphPayload = {
    ...(p as GraphPayload),
    groups: Array.isArray(p.groups) ? p.groups : [],
    backwardOrder: Array.isArray(p.backwardOrder) ? p.backwardOrder.filter((s) => typeof s === 'string') : [],
    warnings: Array.isArray(p.warnings) ? p.warnings.map(String) : [],
    omitted: typeof p.omitted === 'number' && p.omitted > 0 ? p.omitted : 0,
    mode: p.mode === 'reverse' || p.mode === 'forward' || p.mode === 'check' || p.mode === 'show' ? p.mode : 'show',
    target: typeof p.target === 'string' ? p.target : '',
  };
  return { ok: true, payload };
}

/** A value for people, through src/diagram's formatter ('' when absent). */
export function formatValue(v: JsonTensor | undefined, precision = PRECISION): string {
  if (v === undefined) return '';
  return formatTensor(v, { precision, maxItems: MAX_ELEMENTS });
}

/** How a node is called in formulas: its bound name, else its gate symbol in parentheses. */
export function nodeName(n: GraphNode): string {
  if (n.name) return n.name;
  if (n.kind === 'gate') return `(${n.label})`;
  return n.label;
}

export function indexNodes(p: GraphPayload): Map<string, GraphNode> {
  return new Map(p.nodes.map((n) => [n.id, n]));
}

function targetName(p: GraphPayload, nodes: Map<string, GraphNode>): string {
  if (p.targetName) return p.targetName;
  const t = nodes.get(p.target);
  return t ? nodeName(t) : 'f';
}

function d(top: string, bottom: string): string {
  return `∂${top}/∂${bottom}`;
}

// ---------------------------------------------------------------- playback

/** The backward sweep's order as steps over nodes present in the payload (a cut graph leaves some out). */
export function playbackSteps(p: GraphPayload): string[] {
  if (p.mode !== 'reverse' && p.mode !== 'check') return [];
  const present = new Set(p.nodes.map((n) => n.id));
  return p.backwardOrder.filter((id) => present.has(id));
}

/**
 * The payload as it looks at one step of the sweep: nodes the sweep has not
 * handled yet carry no gradient. step >= steps.length shows everything.
 */
export function payloadAtStep(p: GraphPayload, steps: readonly string[], step: number): GraphPayload {
  if (step >= steps.length) return p;
  const reached = new Set(steps.slice(0, Math.max(0, step + 1)));
  return {
    ...p,
    nodes: p.nodes.map((n) => {
      if (reached.has(n.id) || n.grad === undefined) return n;
      const { grad: _hidden, ...rest } = n;
      return rest;
    }),
  };
}

/**
 * What the gate handled at this step does, one line per input, as the lecture
 * writes it: upstream × local = downstream.
 */
export function stepCaption(p: GraphPayload, steps: readonly string[], step: number, precision = PRECISION): string[] {
  const id = steps[step];
  const nodes = indexNodes(p);
  const node = id === undefined ? undefined : nodes.get(id);
  if (!node) return [];
  const f = targetName(p, nodes);
  const me = nodeName(node);
  const upstream = node.grad;
  const lines: string[] = [];
  const head = `${d(f, me)} = ${formatValue(upstream, precision)}`;
  if (id === p.target) lines.push(`${head} (the seed: ${d(f, f)} = 1)`);
  const inputs = p.edges.filter((e) => e.to === id).sort((a, b) => a.index - b.index);
  if (inputs.length === 0) {
    lines.push(`${head}: ${me} is ${node.kind === 'const' ? 'a constant' : 'an input'}, its gradient is complete.`);
    return lines;
  }
  for (const e of inputs) {
    const input = nodes.get(e.from);
    if (!input) continue;
    const x = nodeName(input);
    const consumers = p.edges.filter((o) => o.from === e.from).length;
    const more = consumers > 1 ? ` (one of ${consumers} terms added into ${d(f, x)})` : '';
    lines.push(`${head} → ${d(f, x)} = ${d(f, me)} × ${d(me, x)} = ${product(upstream, e, precision)}${more}`);
  }
  return lines;
}

/** "−4 × 1 = −4" when both factors are scalars, else the local derivative in words. */
function product(upstream: JsonTensor | undefined, e: GraphEdge, precision: number): string {
  if (isScalar(upstream) && e.local !== undefined) {
    const v = toNumber(upstream) * toNumber(e.local);
    return `${formatValue(upstream, precision)} × ${formatValue(e.local, precision)} = ${formatValue(v, precision)}`;
  }
  return `${formatValue(upstream, precision)} × (${e.localText})`;
}

// ---------------------------------------------------------------- details

export interface NodeDetails {
  title: string;
  rows: [string, string][];
  /** One line per input: ∂node/∂input, in words and as a number. */
  locals: string[];
  /** How the node's gradient came about: the sum over its consumers. */
  chain: string;
}

export function nodeDetails(p: GraphPayload, id: string, precision = PRECISION): NodeDetails | undefined {
  const nodes = indexNodes(p);
  const node = nodes.get(id);
  if (!node) return undefined;
  const me = nodeName(node);
  const f = targetName(p, nodes);
  const rows: [string, string][] = [
    ['op', node.kind === 'gate' ? `${node.op} (${node.symbol})` : node.kind === 'const' ? 'constant' : 'input'],
    ['shape', node.shape.length ? `[${node.shape.join(', ')}]` : 'scalar'],
    ['value', formatValue(node.value, precision)],
  ];
  if (node.grad !== undefined) rows.push(['grad', `${d(f, me)} = ${formatValue(node.grad, precision)}`]);
  if (node.tangent !== undefined) {
    const seed = p.seed ? nodes.get(p.seed) : undefined;
    rows.push(['tangent', `${d(me, seed ? nodeName(seed) : 'seed')} = ${formatValue(node.tangent, precision)}`]);
  }
  if (node.group) {
    const g = p.groups.find((x) => x.id === node.group);
    if (g) rows.push(['inside', `${g.name}(…)`]);
  }
  const locals = p.edges
    .filter((e) => e.to === id)
    .sort((a, b) => a.index - b.index)
    .map((e) => {
      const input = nodes.get(e.from);
      const name = input ? nodeName(input) : e.from;
      return `${d(me, name)}: ${e.localText}${e.local !== undefined ? ` = ${formatValue(e.local, precision)}` : ''}`;
    });
  return { title: `${me}${node.name && node.kind === 'gate' ? ` = ${node.label}` : ''}`, rows, locals, chain: chainRule(p, nodes, node, f, precision) };
}

function chainRule(p: GraphPayload, nodes: Map<string, GraphNode>, node: GraphNode, f: string, precision: number): string {
  const me = nodeName(node);
  if (node.id === p.target) return `${d(f, f)} = 1 (the seed of the backward sweep)`;
  if (node.grad === undefined) return p.mode === 'reverse' ? 'No gradient: the backward sweep did not reach this node.' : 'No gradient: run backward to get one.';
  const uses = p.edges.filter((e) => e.from === node.id);
  if (uses.length === 0) return `${d(f, me)} = ${formatValue(node.grad, precision)}`;
  const symbolic: string[] = [];
  const numeric: string[] = [];
  let allScalar = true;
  for (const e of uses) {
    const c = nodes.get(e.to);
    if (!c) continue;
    const cn = nodeName(c);
    symbolic.push(`${d(f, cn)} × ${d(cn, me)}`);
    if (isScalar(c.grad) && e.local !== undefined) numeric.push(`${formatValue(c.grad, precision)} × ${formatValue(e.local, precision)}`);
    else allScalar = false;
  }
  const parts = [`${d(f, me)} = ${symbolic.join(' + ')}`];
  if (allScalar && numeric.length) parts.push(numeric.join(' + '));
  parts.push(formatValue(node.grad, precision));
  return parts.join(' = ');
}

// ---------------------------------------------------------------- table and summary

export interface TableRow { name: string; op: string; value: string; grad: string; tangent: string }

/** The fallback table (the picture's content without the picture): named nodes, or all when none is named. */
export function tableRows(p: GraphPayload, precision = PRECISION): TableRow[] {
  const named = p.nodes.filter((n) => n.name);
  const list = named.length ? named : p.nodes;
  return list.map((n) => ({
    name: nodeName(n),
    op: n.kind === 'gate' ? n.symbol : n.kind,
    value: formatValue(n.value, precision),
    grad: formatValue(n.grad, precision),
    tangent: formatValue(n.tangent, precision),
  }));
}

/** The aria-label of the drawn graph: what it computes and the main numbers. */
/** `hidden`: nodes not drawn, the payload's omitted ones included (toMermaid's count). */
export function ariaSummary(p: GraphPayload, hidden = p.omitted, precision = PRECISION): string {
  const nodes = indexNodes(p);
  const f = targetName(p, nodes);
  const t = nodes.get(p.target);
  const gates = p.nodes.filter((n) => n.kind === 'gate').length;
  const inputs = p.nodes.filter((n) => n.kind === 'input');
  const mode = { reverse: 'Backward pass', forward: 'Forward-mode', check: 'Gradient check', show: 'Computation' }[p.mode];
  let s = `${mode} graph of ${f}${t ? ` = ${formatValue(t.value, precision)}` : ''}: ${p.nodes.length} nodes, ${gates} gates.`;
  const withGrad = inputs.filter((n) => n.grad !== undefined).slice(0, 8);
  if (withGrad.length) s += ` Gradients: ${withGrad.map((n) => `${d(f, nodeName(n))} = ${formatValue(n.grad, precision)}`).join(', ')}.`;
  const withTangent = p.nodes.filter((n) => n.id === p.target && n.tangent !== undefined);
  if (withTangent.length) s += ` Tangent of ${f}: ${formatValue(withTangent[0].tangent, precision)}.`;
  if (hidden > 0) s += ` ${hidden} node${hidden === 1 ? '' : 's'} hidden.`;
  return s;
}

/** A short stable hash (FNV-1a, hex) for content-based Mermaid ids. */
export function hashText(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Mermaid's message for a problem, first line only, without its stack or parser trace. */
export function firstLine(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : String((err as { message?: unknown })?.message ?? err);
  const line = raw.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * The Mermaid node id inside a rendered element id. Mermaid 11 writes
 * `<svgId>-flowchart-<nodeId>-<n>`; older versions `flowchart-<nodeId>-<n>`.
 */
export function mermaidNodeId(elementId: string, svgId: string): string | undefined {
  let rest = elementId;
  if (rest.startsWith(`${svgId}-`)) rest = rest.slice(svgId.length + 1);
  const m = /^flowchart-(.+)-\d+$/.exec(rest);
  return m ? m[1] : undefined;
}

/** Display settings the kernel puts in a graph output's metadata (`metadata.bpnb`, from the bpnb.graph.* settings). */
export interface DisplayOptions {
  precision?: number;
  nodeLimit?: number;
  direction?: 'LR' | 'TD';
  edgeLabels?: boolean;
}

/** Reads DisplayOptions from output metadata, keeping only well-formed values. */
export function displayOptions(metadata: unknown): DisplayOptions {
  const m = (metadata as { bpnb?: Record<string, unknown> } | undefined)?.bpnb;
  if (typeof m !== 'object' || m === null) return {};
  const out: DisplayOptions = {};
  const int = (v: unknown, lo: number, hi: number) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : undefined);
  const precision = int(m.precision, 1, 17);
  if (precision !== undefined) out.precision = precision;
  const nodeLimit = int(m.nodeLimit, 1, 100_000);
  if (nodeLimit !== undefined) out.nodeLimit = nodeLimit;
  if (m.direction === 'LR' || m.direction === 'TD') out.direction = m.direction;
  if (typeof m.edgeLabels === 'boolean') out.edgeLabels = m.edgeLabels;
  return out;
}
