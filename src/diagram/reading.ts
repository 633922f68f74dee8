// One reading of a graph payload: the answers that hovers (src/editor), the
// renderer's captions and details, the Markdown table and the CLI all ask of
// a GraphPayload, written once so that they read the same everywhere.
//
// - A node's display name (`nameOf`): its bound name; a constant's literal;
//   an unnamed gate's symbol in parentheses, with a subscript when the graph
//   holds several unnamed gates of that symbol: `(+)₁`, `(+)₂` in topological
//   order. So `∂o/∂(+)₁ = ∂o/∂(+)₂ × ∂(+)₂/∂(+)₁` names two different nodes.
// - Its inputs in operand order and its consumers.
// - A gate's local derivative in the operands' own names (`∂(q·z)/∂q = z`,
//   not the op's template `∂(a·b)/∂a = b`, whose letters clash with a user's).
// - The chain-rule terms with numbers. Products are written with ` × ` and
//   plain numbers (`-4 × 1 = -4`), as the lecture says "upstream × local".
//
// Pure: no VS Code, no DOM.

import type { GateGroup, GraphEdge, GraphNode, GraphPayload, JsonScalar, JsonTensor } from './payload';
import { DEFAULT_PRECISION, formatNumber, formatValue, isScalar, toNumber } from './numbers';

/** How a product is written in every chain rule, caption and hover. */
export const TIMES = ' × ';

/** ∂top/∂bottom. */
export function partial(top: string, bottom: string): string {
  return `∂${top}/∂${bottom}`;
}

/** One input of a gate, or one use of a node by a consumer: the edge and the node at its other end. */
export interface Operand {
  edge: GraphEdge;
  node: GraphNode;
}

/** One term of a chain rule: the gradient arriving from `consumer`, times its local derivative. */
/** One use of a node: the consumer, and the local derivative ∂consumer/∂node in words and as a number. */
export interface Use {
  consumer: GraphNode;
  local?: JsonScalar;
  words: string;
  /** The edge, for a use by a gate as drawn expanded. */
  edge?: GraphEdge;
  /** The collapsed call, for a use inside one. */
  call?: GateGroup;
}

export interface GradientTerm extends Use {
  /** `∂f/∂c × ∂c/∂v` in names. */
  symbolic: string;
  /** `-4 × 1` when both factors are scalars. */
  numeric?: string;
  /** Their product, when both are scalars. */
  value?: number;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

function subscript(n: number): string {
  return String(n).replace(/[0-9]/g, (d) => SUBSCRIPTS[Number(d)]);
}

/** Ops written between their operands (`x + y`); every other op reads as a call (`exp(e)`). */
const INFIX = new Set(['add', 'sub', 'mul', 'div', 'pow', 'matmul']);

/** The placeholder letters in each op's derivative words (src/engine/ops), by operand position. */
const PLACEHOLDERS: Record<string, readonly string[]> = {
  add: ['a', 'b'], sub: ['a', 'b'], mul: ['a', 'b'], div: ['a', 'b'], pow: ['a', 'b'],
  max: ['a', 'b'], min: ['a', 'b'], dot: ['a', 'b'], matmul: ['A', 'B'], transpose: ['X'],
};
const UNARY_PLACEHOLDER = ['x'];

export class GraphReading {
  private readonly byId = new Map<string, GraphNode>();
  private readonly inputEdges = new Map<string, GraphEdge[]>();
  private readonly useEdges = new Map<string, GraphEdge[]>();
  private readonly names = new Map<string, string>();
  private readonly groupById = new Map<string, GateGroup>();

  constructor(readonly payload: GraphPayload) {
    for (const n of payload.nodes) this.byId.set(n.id, n);
    for (const e of payload.edges) {
      push(this.inputEdges, e.to, e);
      push(this.useEdges, e.from, e);
    }
    for (const list of this.inputEdges.values()) list.sort((a, b) => a.index - b.index);
    for (const g of payload.groups ?? []) this.groupById.set(g.id, g);
    this.nameUnnamedGates();
  }

  node(id: string | undefined): GraphNode | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  group(id: string | undefined): GateGroup | undefined {
    return id === undefined ? undefined : this.groupById.get(id);
  }

  /** How the node is called in formulas, captions, details and hovers. */
  nameOf(node: GraphNode | string): string {
    const n = typeof node === 'string' ? this.byId.get(node) : node;
    if (!n) return typeof node === 'string' ? node : '?';
    return this.names.get(n.id) ?? n.name ?? n.label ?? n.id;
  }

  /** The name as a factor inside a formula: a negative constant in parentheses. */
  private operandText(node: GraphNode): string {
    const name = this.nameOf(node);
    return name.startsWith('-') ? `(${name})` : name;
  }

  /** f in ∂f/∂x: the target's bound name, else its display name. */
  get targetName(): string {
    if (this.payload.targetName) return this.payload.targetName;
    const t = this.byId.get(this.payload.target);
    return t ? this.nameOf(t) : 'f';
  }

  /** x in ∂v/∂x for forward mode. */
  get seedName(): string | undefined {
    const s = this.node(this.payload.seed);
    return s ? this.nameOf(s) : undefined;
  }

  /** The node's inputs in operand order. */
  inputs(node: GraphNode | string): Operand[] {
    const id = typeof node === 'string' ? node : node.id;
    return (this.inputEdges.get(id) ?? []).flatMap((edge) => {
      const n = this.byId.get(edge.from);
      return n ? [{ edge, node: n }] : [];
    });
  }

  /** The gates that read this node, one entry per use (`x*x` uses x twice). */
  consumers(node: GraphNode | string): Operand[] {
    const id = typeof node === 'string' ? node : node.id;
    return (this.useEdges.get(id) ?? []).flatMap((edge) => {
      const n = this.byId.get(edge.to);
      return n ? [{ edge, node: n }] : [];
    });
  }

  /** What a gate computes, in its operands' names: `x + y`, `exp(e)`; a leaf's own name. */
  formula(node: GraphNode): string {
    if (node.kind !== 'gate') return this.nameOf(node);
    const args = this.inputs(node).map((o) => this.operandText(o.node));
    if (INFIX.has(node.op) && args.length === 2) return `${args[0]} ${node.symbol} ${args[1]}`;
    if (node.op === 'neg' && args.length === 1) return `−${args[0]}`;
    return `${node.symbol}(${args.join(', ')})`;
  }

  /**
   * The local derivative of an edge in the operands' names:
   * `∂(a·b)/∂a = b` on the edge q → f = q·z reads `∂(q·z)/∂q = z`.
   */
  localFormula(edge: GraphEdge): string {
    const consumer = this.byId.get(edge.to);
    const text = edge.localText ?? '';
    if (!consumer || consumer.op === 'stack') return text;
    const operands = this.inputs(consumer).map((o) => this.operandText(o.node));
    const letters = PLACEHOLDERS[consumer.op] ?? (operands.length === 1 ? UNARY_PLACEHOLDER : []);
    if (letters.length === 0 || letters.length !== operands.length) return text;
    const names = new Map(letters.map((l, i) => [l, operands[i]]));
    const normalized = text
      .replace(/ᵇ⁻¹/g, '^(b−1)')
      .replace(/ᵇ/g, '^b')
      .replace(/eˣ/g, 'exp(x)')
      .replace(/Ā/g, 'A\u0304'); // precomposed: Ā is A with a macron (the gradient of A)
    const pattern = new RegExp(`(?<![A-Za-z0-9_])(${letters.join('|')})(?![A-Za-z0-9_])`, 'g');
    return normalized.replace(pattern, (l) => names.get(l) ?? l);
  }

  /**
   * `∂f/∂q: ∂(q·z)/∂q = z = -4`: the local derivative of one edge in words
   * and, when scalar, its number (not repeated when the words end in it).
   */
  localLine(edge: GraphEdge, precision = DEFAULT_PRECISION): string {
    const consumer = this.byId.get(edge.to);
    const input = this.byId.get(edge.from);
    const head = partial(consumer ? this.nameOf(consumer) : edge.to, input ? this.nameOf(input) : edge.from);
    return `${head}: ${withNumber(this.localFormula(edge), edge.local, precision)}`;
  }

  /** The outermost user-gate call the node was built inside (what a collapsed drawing shows instead of it). */
  outermostCall(node: GraphNode): GateGroup | undefined {
    let found: GateGroup | undefined;
    const seen = new Set<string>();
    for (let id = node.group; id !== undefined && !seen.has(id); id = this.groupById.get(id)?.parent) {
      seen.add(id);
      const g = this.groupById.get(id);
      if (g) found = g;
    }
    return found;
  }

  /**
   * The uses of a node as drawn. With `collapse`, a use inside a collapsed
   * call is one use by the call (standing for its output node) with the
   * gate's own local derivative (the product of its insides).
   */
  uses(node: GraphNode, collapse = false): Use[] {
    const uses: Use[] = [];
    const calls = new Set<string>();
    const own = collapse ? this.outermostCall(node) : undefined;
    for (const { edge, node: c } of this.consumers(node)) {
      const call = collapse ? this.outermostCall(c) : undefined;
      if (call && call !== own) {
        const out = this.byId.get(call.output);
        const i = call.inputs.indexOf(node.id);
        if (!out || calls.has(call.id)) continue;
        calls.add(call.id);
        uses.push({ consumer: out, local: i >= 0 ? call.local?.[i] : undefined, words: `the ${call.name} gate's local derivative`, call });
        continue;
      }
      uses.push({ consumer: c, local: edge.local, words: this.localFormula(edge), edge });
    }
    return uses;
  }

  /**
   * The chain-rule terms of the node's gradient: one per consumer that leads
   * to the target (a consumer without a gradient adds 0 and is left out).
   */
  gradientTerms(node: GraphNode, precision = DEFAULT_PRECISION, collapse = false): GradientTerm[] {
    const f = this.targetName;
    const v = this.nameOf(node);
    const terms: GradientTerm[] = [];
    for (const use of this.uses(node, collapse)) {
      const c = use.consumer;
      if (c.grad === undefined) continue;
      const cn = this.nameOf(c);
      const term: GradientTerm = { ...use, symbolic: `${partial(f, cn)}${TIMES}${partial(cn, v)}` };
      if (isScalar(c.grad) && use.local !== undefined) {
        term.numeric = `${formatNumber(c.grad, precision)}${TIMES}${formatNumber(use.local, precision)}`;
        term.value = toNumber(c.grad) * toNumber(use.local);
      }
      terms.push(term);
    }
    return terms;
  }

  /**
   * How the node's gradient came about, summed over its consumers:
   * `∂f/∂x = ∂f/∂a × ∂a/∂x + ∂f/∂b × ∂b/∂x = 4 × 2 + 6 × 1 = 14`.
   * Undefined when the node has no gradient.
   */
  chainRule(node: GraphNode, precision = DEFAULT_PRECISION, collapse = false): string | undefined {
    if (node.grad === undefined) return undefined;
    const f = this.targetName;
    const lhs = partial(f, this.nameOf(node));
    if (node.id === this.payload.target) return `${partial(f, f)} = 1 (the seed of the backward sweep)`;
    const total = formatValue(node.grad, precision);
    const terms = this.gradientTerms(node, precision, collapse);
    if (terms.length === 0) return `${lhs} = ${total} (its consumers are not in this graph)`;
    const parts = [lhs, terms.map((t) => t.symbolic).join(' + ')];
    if (terms.every((t) => t.numeric !== undefined)) parts.push(terms.map((t) => t.numeric).join(' + '));
    else parts.push(terms.map((t) => `${formatValue(t.consumer.grad, precision)}${TIMES}(${t.words})`).join(' + '));
    parts.push(total);
    let text = equation(parts);
    if (isScalar(node.grad) && terms.every((t) => t.value !== undefined)) {
      const sum = terms.reduce((s, t) => s + (t.value as number), 0);
      if (!near(sum, toNumber(node.grad)) && this.payload.omitted > 0) text += ' (plus consumers left out of this graph)';
    }
    return text;
  }

  /** Forward mode: the tangent of a node as the sum over its inputs, ∂v/∂x = Σ ∂v/∂a × ∂a/∂x. */
  tangentRule(node: GraphNode, precision = DEFAULT_PRECISION): string | undefined {
    if (node.tangent === undefined || !this.payload.seed) return undefined;
    const x = this.seedName ?? 'x';
    const v = this.nameOf(node);
    const lhs = partial(v, x);
    if (node.id === this.payload.seed) return `${lhs} = 1 (the seed of the forward sweep)`;
    const terms: { symbolic: string; numeric?: string }[] = [];
    for (const { edge, node: a } of this.inputs(node)) {
      if (a.tangent === undefined) continue;
      const al = this.nameOf(a);
      const isSeed = a.id === this.payload.seed;
      const numeric = edge.local !== undefined && isScalar(a.tangent)
        ? (isSeed ? formatNumber(edge.local, precision) : `${formatNumber(edge.local, precision)}${TIMES}${formatNumber(a.tangent, precision)}`)
        : undefined;
      terms.push({ symbolic: isSeed ? partial(v, al) : `${partial(v, al)}${TIMES}${partial(al, x)}`, numeric });
    }
    const total = formatValue(node.tangent, precision);
    if (terms.length === 0) return `${lhs} = ${total}`;
    const parts = [lhs, terms.map((t) => t.symbolic).join(' + ')];
    if (terms.every((t) => t.numeric !== undefined)) parts.push(terms.map((t) => t.numeric).join(' + '));
    parts.push(total);
    return equation(parts);
  }

  /**
   * One backward step through a gate, as the lecture writes it, one line per
   * input: `∂f/∂q = -4 → ∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4`.
   */
  backwardLines(node: GraphNode, precision = DEFAULT_PRECISION, collapse = false): string[] {
    const f = this.targetName;
    const me = this.nameOf(node);
    const head = `${partial(f, me)} = ${formatValue(node.grad, precision)}`;
    const lines: string[] = [];
    if (node.id === this.payload.target) lines.push(`${head} (the seed: ${partial(f, f)} = 1)`);
    const inputs = this.inputs(node);
    if (inputs.length === 0) {
      lines.push(`${head}: ${me} is ${node.kind === 'const' ? 'a constant' : 'an input'}, its gradient is complete.`);
      return lines;
    }
    for (const { edge, node: input } of inputs) {
      const x = this.nameOf(input);
      const uses = this.uses(input, collapse).length;
      const more = uses > 1 ? ` (one of ${uses} terms added into ${partial(f, x)})` : '';
      lines.push(`${head} → ${partial(f, x)} = ${partial(f, me)}${TIMES}${partial(me, x)} = ${this.product(node.grad, edge.local, this.localFormula(edge), precision)}${more}`);
    }
    return lines;
  }

  /** A collapsed user-gate call as one gate: its backward step through the gate's own local derivatives. */
  callBackwardLines(group: GateGroup, precision = DEFAULT_PRECISION): string[] {
    // The call's inputs are outside the call, so their uses are counted as drawn collapsed.
    const out = this.byId.get(group.output);
    if (!out) return [];
    const f = this.targetName;
    const me = this.nameOf(out);
    const head = `${partial(f, me)} = ${formatValue(out.grad, precision)}`;
    const lines: string[] = [];
    if (out.id === this.payload.target) lines.push(`${head} (the seed: ${partial(f, f)} = 1)`);
    group.inputs.forEach((id, i) => {
      const input = this.byId.get(id);
      if (!input) return;
      const x = this.nameOf(input);
      const local = group.local?.[i];
      const words = `the ${group.name} gate's local derivative`;
      const uses = this.uses(input, true).length;
      const more = uses > 1 ? ` (one of ${uses} terms added into ${partial(f, x)})` : '';
      lines.push(`${head} → ${partial(f, x)} = ${partial(f, me)}${TIMES}${partial(me, x)} = ${this.product(out.grad, local, words, precision)}${more}`);
    });
    return lines;
  }

  /** A user-gate call's local derivatives as one gate (the product of its insides), one line per input. */
  callLocalLines(group: GateGroup, precision = DEFAULT_PRECISION): string[] {
    const out = this.byId.get(group.output);
    const me = out ? this.nameOf(out) : group.name;
    return group.inputs.map((id, i) => {
      const input = this.byId.get(id);
      const local = group.local?.[i];
      const value = local !== undefined ? ` = ${formatNumber(local, precision)}` : '';
      return `${partial(me, input ? this.nameOf(input) : `input ${i}`)}: the ${group.name} gate's local derivative (the product of its insides)${value}`;
    });
  }

  private product(upstream: JsonTensor | undefined, local: JsonScalar | undefined, words: string, precision: number): string {
    if (isScalar(upstream) && local !== undefined) {
      const v = toNumber(upstream) * toNumber(local);
      return `${formatNumber(upstream, precision)}${TIMES}${formatNumber(local, precision)} = ${formatNumber(v, precision)}`;
    }
    return `${formatValue(upstream, precision)}${TIMES}(${words})`;
  }

  /** Gives each unnamed gate a name: its symbol in parentheses, numbered when the symbol repeats. */
  private nameUnnamedGates(): void {
    const bySymbol = new Map<string, GraphNode[]>();
    for (const n of this.payload.nodes) {
      if (n.name) continue;
      if (n.kind === 'gate') push(bySymbol, n.symbol || n.op, n);
      else if (n.kind === 'const') this.names.set(n.id, constName(n));
    }
    for (const [symbol, list] of bySymbol) {
      list.forEach((n, i) => this.names.set(n.id, `(${symbol})${list.length > 1 ? subscript(i + 1) : ''}`));
    }
  }
}

function constName(n: GraphNode): string {
  return isScalar(n.value) ? formatNumber(n.value, 17) : n.label;
}

/** `words = 1` unless the words already end in that number (`∂(x+y)/∂x = 1`, not `… = 1 = 1`). */
export function withNumber(words: string, local: JsonScalar | undefined, precision = DEFAULT_PRECISION): string {
  if (local === undefined) return words;
  const value = formatNumber(local, precision);
  const last = words.split('=').at(-1)?.trim();
  return last === value ? words : `${words} = ${value}`;
}

/** `a = b = c`, each side once: `∂q/∂x = 1`, not `∂q/∂x = ∂q/∂x = 1 = 1`. */
function equation(parts: string[]): string {
  return parts.filter((p, i) => p !== parts[i - 1]).join(' = ');
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const readings = new WeakMap<GraphPayload, GraphReading>();

/** The reading of a payload, built once per payload object (a payload is not mutated after it is read). */
export function readGraph(payload: GraphPayload): GraphReading {
  let r = readings.get(payload);
  if (!r) {
    r = new GraphReading(payload);
    readings.set(payload, r);
  }
  return r;
}
