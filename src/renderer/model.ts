// The renderer's pure logic: everything that can be decided from a GraphPayload
// without a DOM — node details, the fallback table, the accessible summary,
// the output's checks (playback is in playback.ts). The names and chain rules
// come from src/diagram/reading.ts, as the hovers' do. Unit-tested in Node
// (test/unit/renderer).
import type { GraphNode, GraphPayload, JsonTensor } from '../diagram/payload';
import { formatValue as formatNumbers } from '../diagram/numbers';
import { partial, readGraph } from '../diagram/reading';

export const PRECISION = 4;

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
  return formatNumbers(v, precision);
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

/**
 * The details panel of a node. With `collapse`, the output node of a
 * collapsed user-gate call stands for the call: one gate with its own local
 * derivatives (the product of its insides), and the chain rule runs through
 * calls as drawn.
 */
export function nodeDetails(p: GraphPayload, id: string, precision = PRECISION, collapse = false): NodeDetails | undefined {
  const r = readGraph(p);
  const node = r.node(id);
  if (!node) return undefined;
  const call = collapse ? r.outermostCall(node) : undefined;
  const asCall = call !== undefined && call.output === node.id;
  const me = r.nameOf(node);
  const f = r.targetName;
  const op = asCall ? `${call.name} (user gate)` : node.kind === 'gate' ? `${node.op} (${node.symbol})` : node.kind === 'const' ? 'constant' : 'input';
  const rows: [string, string][] = [
    ['op', op],
    ['shape', node.shape.length ? `[${node.shape.join(', ')}]` : 'scalar'],
    ['value', formatValue(node.value, precision)],
  ];
  if (node.grad !== undefined) rows.push(['grad', `${partial(f, me)} = ${formatValue(node.grad, precision)}`]);
  if (node.tangent !== undefined) rows.push(['tangent', `${partial(me, r.seedName ?? 'seed')} = ${formatValue(node.tangent, precision)}`]);
  const inside = r.group(node.group);
  if (inside && !asCall) rows.push(['inside', `${inside.name}(…)`]);
  let title: string;
  let locals: string[];
  if (asCall) {
    const args = call.inputs.map((i) => r.nameOf(i)).join(', ');
    title = node.name ? `${me} = ${call.name}(${args})` : `${call.name}(${args})`;
    locals = r.callLocalLines(call, precision);
  } else {
    title = node.kind === 'gate' && node.name ? `${me} = ${r.formula(node)}` : me;
    locals = r.inputs(node).map(({ edge }) => r.localLine(edge, precision));
  }
  return { title, rows, locals, chain: chainRule(p, node, f, precision, collapse) };
}

function chainRule(p: GraphPayload, node: GraphNode, f: string, precision: number, collapse: boolean): string {
  if (node.id === p.target) return `${partial(f, f)} = 1 (the seed of the backward sweep)`;
  if (node.grad === undefined) return p.mode === 'reverse' ? 'No gradient: the backward sweep did not reach this node.' : 'No gradient: run backward to get one.';
  return readGraph(p).chainRule(node, precision, collapse) ?? '';
}

// ---------------------------------------------------------------- table and summary

export interface TableRow { name: string; op: string; value: string; grad: string; tangent: string }

/** The fallback table (the picture's content without the picture): named nodes, or all when none is named. */
export function tableRows(p: GraphPayload, precision = PRECISION): TableRow[] {
  const r = readGraph(p);
  const named = p.nodes.filter((n) => n.name);
  const list = named.length ? named : p.nodes;
  return list.map((n) => ({
    name: r.nameOf(n),
    op: n.kind === 'gate' ? n.symbol : n.kind,
    value: formatValue(n.value, precision),
    grad: formatValue(n.grad, precision),
    tangent: formatValue(n.tangent, precision),
  }));
}

/** The aria-label of the drawn graph: what it computes and the main numbers. */
/** `hidden`: nodes not drawn, the payload's omitted ones included (toMermaid's count). */
export function ariaSummary(p: GraphPayload, hidden = p.omitted, precision = PRECISION): string {
  const r = readGraph(p);
  const f = r.targetName;
  const t = r.node(p.target);
  const gates = p.nodes.filter((n) => n.kind === 'gate').length;
  const inputs = p.nodes.filter((n) => n.kind === 'input');
  const mode = { reverse: 'Backward pass', forward: 'Forward-mode', check: 'Gradient check', show: 'Computation' }[p.mode];
  let s = `${mode} graph of ${f}${t ? ` = ${formatValue(t.value, precision)}` : ''}: ${p.nodes.length} nodes, ${gates} gates.`;
  const withGrad = inputs.filter((n) => n.grad !== undefined).slice(0, 8);
  if (withGrad.length) s += ` Gradients: ${withGrad.map((n) => `${partial(f, r.nameOf(n))} = ${formatValue(n.grad, precision)}`).join(', ')}.`;
  const withTangent = p.nodes.filter((n) => n.id === p.target && n.tangent !== undefined);
  if (withTangent.length) s += ` Tangent of ${f}: ${formatValue(withTangent[0].tangent, precision)}.`;
  if (hidden > 0) s += ` ${hidden} node${hidden === 1 ? '' : 's'} hidden.`;
  return s;
}

export interface LegendEntry {
  kind: 'value' | 'grad' | 'tangent';
  /** How the drawing writes it: '3', '∂ -4', 'ṫ 1'. */
  sample: string;
  /** What it means, with the target's (or the seed's) name. */
  meaning: string;
}

/** What the numbers on the nodes mean: the drawing's legend ("On each node: …"). */
export function legend(p: GraphPayload): LegendEntry[] {
  const r = readGraph(p);
  const f = r.targetName;
  const entries: LegendEntry[] = [{ kind: 'value', sample: 'v', meaning: "the node's value" }];
  if (p.nodes.some((n) => n.grad !== undefined)) {
    entries.push({ kind: 'grad', sample: '∂ g', meaning: `${partial(f, '(node)')} = g, the gradient of ${f} with respect to the node` });
  }
  if (p.nodes.some((n) => n.tangent !== undefined)) {
    const x = r.seedName ?? 'x';
    entries.push({ kind: 'tangent', sample: 'ṫ t', meaning: `${partial('(node)', x)} = t, how the node changes with ${x}` });
  }
  return entries;
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
