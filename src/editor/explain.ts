// The text of every hover, built from the last run's data (a GraphPayload and
// the CellResult's variables). Pure: no vscode import, so it is unit-tested in
// Node (test/unit/editor/explain.test.ts) and the VS Code provider stays thin.
// Output is Markdown.

import type { GateGroup, GraphEdge, GraphNode, GraphPayload, JsonScalar, SourceRange } from '../diagram/payload';
import type { GateInfo, VariableInfo } from '../lang/result';
import { BUILTINS, builtin, builtinDerivatives } from '../lang/builtins';
import { BUILTIN_DOCS, COMMAND_DOCS, docForOp, type BuiltinDoc } from './builtinDocs';
import { factor, formatScalar, formatTensor, isScalar, toNumber } from './format';

/** 0-based, like VS Code's Position. */
export interface Pos {
  line: number;
  character: number;
}

export const NOT_RUN_YET = 'This cell has not run yet: run it to see values, gradients and the chain rule here.';

// ---------------------------------------------------------------- lookups

export function nodeById(payload: GraphPayload, id: string): GraphNode | undefined {
  return payload.nodes.find((n) => n.id === id);
}

/** What a node is called in a formula: its variable name, else its gate symbol in parentheses. */
export function nodeLabel(n: GraphNode): string {
  return n.name ?? (n.kind === 'gate' ? `(${n.symbol})` : n.label);
}

/** The name of the payload's target, used as the numerator of every gradient: f in ∂f/∂x. */
export function targetLabel(payload: GraphPayload): string {
  const t = nodeById(payload, payload.target);
  return payload.targetName ?? (t ? nodeLabel(t) : 'f');
}

function rangeInCell(range: SourceRange | undefined, cellId: string | undefined): range is SourceRange {
  return range !== undefined && (cellId === undefined || range.cell === undefined || range.cell === cellId);
}

function contains(r: SourceRange, p: Pos): boolean {
  const afterStart = p.line > r.startLine || (p.line === r.startLine && p.character >= r.startColumn);
  const beforeEnd = p.line < r.endLine || (p.line === r.endLine && p.character < r.endColumn);
  return afterStart && beforeEnd;
}

/** Rough size of a range, to pick the innermost of several covering one position. */
function extent(r: SourceRange): number {
  return (r.endLine - r.startLine) * 100_000 + (r.endColumn - r.startColumn);
}

function startsBefore(r: SourceRange, p: Pos): boolean {
  return r.startLine < p.line || (r.startLine === p.line && r.startColumn <= p.character);
}

/**
 * Gate nodes created by the source at `pos` in the cell `cellId`, innermost
 * first. Several nodes share a range when a user gate is called more than once.
 */
export function gatesAt(payload: GraphPayload, pos: Pos, cellId?: string): GraphNode[] {
  const hits = payload.nodes.filter((n) => n.kind === 'gate' && rangeInCell(n.range, cellId) && contains(n.range!, pos));
  if (hits.length === 0) return [];
  const best = Math.min(...hits.map((n) => extent(n.range!)));
  return hits.filter((n) => extent(n.range!) === best);
}

/**
 * The node bound to `name` that the source at `pos` means: one whose range
 * covers the position, else the latest one bound before it in this cell,
 * else the latest one bound anywhere in the graph.
 */
export function namedNode(payload: GraphPayload, name: string, pos?: Pos, cellId?: string): GraphNode | undefined {
  const named = payload.nodes.filter((n) => n.name === name);
  if (named.length === 0) return undefined;
  if (pos) {
    const here = named.filter((n) => rangeInCell(n.range, cellId) && contains(n.range!, pos));
    if (here.length) return here[here.length - 1];
    const before = named.filter((n) => rangeInCell(n.range, cellId) && startsBefore(n.range!, pos));
    if (before.length) return before[before.length - 1];
  }
  return named[named.length - 1];
}

// ---------------------------------------------------------------- the chain rule

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The chain rule for the gradient of `node`, as the lecture writes it, summed
 * over every consumer when the value fans out:
 * `∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = (2)·(1) + (3)·(1) = 5`.
 * Undefined when the node has no gradient.
 */
export function chainRule(payload: GraphPayload, node: GraphNode, precision: number): string | undefined {
  if (node.grad === undefined) return undefined;
  const f = targetLabel(payload);
  const v = nodeLabel(node);
  const lhs = `∂${f}/∂${v}`;
  if (node.id === payload.target) return `${lhs} = 1 (the seed of the backward sweep)`;

  const uses = payload.edges.filter((e) => e.from === node.id);
  const terms: { symbolic: string; numeric?: string; value?: number; local: GraphEdge; consumer: GraphNode }[] = [];
  for (const e of uses) {
    const c = nodeById(payload, e.to);
    if (!c || c.grad === undefined) continue; // a consumer that does not lead to the target adds 0
    const cl = nodeLabel(c);
    const isTarget = c.id === payload.target;
    const symbolic = isTarget ? `∂${cl}/∂${v}` : `∂${f}/∂${cl}·∂${cl}/∂${v}`;
    let numeric: string | undefined;
    let value: number | undefined;
    if (e.local !== undefined && isScalar(c.grad)) {
      numeric = isTarget ? factor(e.local, precision) : `${factor(c.grad, precision)}·${factor(e.local, precision)}`;
      value = toNumber(c.grad) * toNumber(e.local);
    }
    terms.push({ symbolic, numeric, value, local: e, consumer: c });
  }
  const total = formatTensor(node.grad, precision);
  if (terms.length === 0) {
    return `${lhs} = ${total} (its consumers are not in this graph)`;
  }
  if (terms.length === 1 && terms[0].consumer.id === payload.target) {
    return `${lhs} = ${total} (the local derivative of ${f}: ${terms[0].local.localText})`;
  }
  const parts = [lhs, terms.map((t) => t.symbolic).join(' + ')];
  if (terms.every((t) => t.numeric !== undefined)) parts.push(terms.map((t) => t.numeric).join(' + '));
  parts.push(total);
  let text = parts.join(' = ');
  if (isScalar(node.grad) && terms.every((t) => t.value !== undefined)) {
    const sum = terms.reduce((s, t) => s + (t.value as number), 0);
    if (!near(sum, toNumber(node.grad)) && payload.omitted > 0) text += ' (plus consumers left out of this graph)';
  }
  return text;
}

/** Forward mode: the tangent of a gate as the sum over its inputs, ∂v/∂x = Σ ∂v/∂a·∂a/∂x. */
export function tangentRule(payload: GraphPayload, node: GraphNode, precision: number): string | undefined {
  if (node.tangent === undefined || !payload.seed) return undefined;
  const seed = nodeById(payload, payload.seed);
  const x = seed ? nodeLabel(seed) : 'x';
  const v = nodeLabel(node);
  const lhs = `∂${v}/∂${x}`;
  if (node.id === payload.seed) return `${lhs} = 1 (the seed of the forward sweep)`;
  const ins = payload.edges.filter((e) => e.to === node.id).sort((a, b) => a.index - b.index);
  const terms: { symbolic: string; numeric?: string }[] = [];
  for (const e of ins) {
    const a = nodeById(payload, e.from);
    if (!a || a.tangent === undefined) continue;
    const al = nodeLabel(a);
    const isSeed = a.id === payload.seed;
    terms.push({
      symbolic: isSeed ? `∂${v}/∂${al}` : `∂${v}/∂${al}·∂${al}/∂${x}`,
      numeric: e.local !== undefined && isScalar(a.tangent)
        ? (isSeed ? factor(e.local, precision) : `${factor(e.local, precision)}·${factor(a.tangent, precision)}`)
        : undefined,
    });
  }
  const total = formatTensor(node.tangent, precision);
  if (terms.length === 0) return `${lhs} = ${total}`;
  const parts = [lhs, terms.map((t) => t.symbolic).join(' + ')];
  if (terms.every((t) => t.numeric !== undefined)) parts.push(terms.map((t) => t.numeric).join(' + '));
  parts.push(total);
  return parts.join(' = ');
}

// ---------------------------------------------------------------- hover texts

function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/** Hover for a built-in function name: its definition and local derivative. */
export function explainBuiltin(name: string): string | undefined {
  const spec = builtin(name);
  const doc = BUILTIN_DOCS[name];
  if (!spec && !doc) return undefined;
  const lines = [`**${spec?.signature ?? doc!.signature}** (built-in)`, ''];
  if (doc) lines.push(doc.definition);
  if (spec && spec.doc !== doc?.definition) lines.push('', spec.doc);
  const lecture = doc?.derivatives ?? [];
  // The engine's own wording of the derivative, when it says something the lecture form does not.
  const engine = safeDerivatives(name).filter((d) => !lecture.includes(d));
  if (lecture.length || engine.length) {
    lines.push('', 'Local derivative:');
    for (const d of lecture) lines.push(`- ${d}`);
    for (const d of engine) lines.push(`- ${d}`);
  } else if (spec?.kind === 'constructor' || (doc && doc.derivatives.length === 0)) {
    lines.push('', 'A constructor: its arguments are sizes, not inputs, so it has no local derivative.');
  }
  if (doc?.pattern) lines.push('', `*${doc.pattern}*`);
  return lines.join('\n');
}

function safeDerivatives(name: string): string[] {
  try {
    return builtinDerivatives(name);
  } catch {
    return []; // an op missing from the engine registry must not break a hover
  }
}

/** Every built-in name: the language's table, and the documented ones. */
export function builtinNames(): string[] {
  return [...new Set([...Object.keys(BUILTINS), ...Object.keys(BUILTIN_DOCS)])].sort();
}

/** The signature and the first derivative line of a built-in, for completion items. */
export function builtinSummary(name: string): { signature: string; detail: string } | undefined {
  const spec = builtin(name);
  const doc = BUILTIN_DOCS[name];
  if (!spec && !doc) return undefined;
  return { signature: spec?.signature ?? doc!.signature, detail: doc?.derivatives[0] ?? spec?.doc ?? '' };
}

export type { BuiltinDoc };

/** Hover for a command word (`backward`, `check`, …). */
export function explainCommand(word: string): string | undefined {
  const doc = COMMAND_DOCS.find((c) => c.name === word);
  return doc ? `**${doc.usage}** (command)\n\n${doc.description}` : undefined;
}

/** Hover for a user gate defined by `def`. */
export function explainUserGate(gate: GateInfo): string {
  return [`**${gate.name}(${gate.params.join(', ')})** (user gate)`, '', '```bpnb', gate.text, '```', '',
    'Each call builds its inner nodes; its local derivative is the product of its insides (chain rule).'].join('\n');
}

/** The user-gate calls made by the source at `pos`, innermost first. */
export function callsAt(payload: GraphPayload, pos: Pos, cellId?: string): GateGroup[] {
  const hits = payload.groups.filter((g) => rangeInCell(g.range, cellId) && contains(g.range!, pos));
  return hits.sort((a, b) => extent(a.range!) - extent(b.range!));
}

/**
 * Hover for one call of a user gate after a run: its output and, when every
 * input is a scalar, the gate's local derivative w.r.t. each input (the
 * product of its insides, as if it were one gate).
 */
export function explainCall(payload: GraphPayload, group: GateGroup, precision: number): string {
  const out = nodeById(payload, group.output);
  const inputs = group.inputs.map((id) => nodeById(payload, id));
  const lines = [`Here: ${group.name}(${inputs.map((n, i) => (n ? `${nodeLabel(n)} = ${formatTensor(n.value, precision)}` : `input ${i}`)).join(', ')})${out ? ` = ${formatTensor(out.value, precision)}` : ''}`];
  if (group.local) {
    lines.push('', 'Local derivatives of the whole gate at this point (the product of its insides):');
    group.local.forEach((d, i) => {
      const n = inputs[i];
      lines.push(`- ∂${group.name}/∂${n ? nodeLabel(n) : `input ${i}`} = ${formatScalar(d, precision)}`);
    });
  }
  if (out?.grad !== undefined) lines.push('', `Upstream gradient ∂${targetLabel(payload)}/∂${group.name} = ${formatTensor(out.grad, precision)}`);
  return lines.join('\n');
}

/**
 * Hover for one occurrence of an operator or a call (`+`, `*`, `max(` …) after
 * a run: what the gate computed here, its local derivative w.r.t. each input
 * (formula and number), how the upstream gradient flows back, and the gate's
 * pattern in words.
 */
export function explainGate(payload: GraphPayload, node: GraphNode, precision: number, occurrences = 1): string {
  const doc = docForOp(node.op);
  const ins = payload.edges.filter((e) => e.to === node.id).sort((a, b) => a.index - b.index);
  const inputs = ins.map((e) => nodeById(payload, e.from));
  const title = doc ? `**${doc.name} gate** ${code(node.symbol)}` : `**${node.op} gate** ${code(node.symbol)}`;
  const lines = [title];
  if (doc) lines.push('', doc.definition);
  const named = node.name ? `${node.name} = ` : '';
  lines.push('', `Here: ${named}${code(node.symbol)}(${inputs.map((n, i) => (n ? `${nodeLabel(n)} = ${formatTensor(n.value, precision)}` : `input ${i}`)).join(', ')}) = ${formatTensor(node.value, precision)}`);
  if (ins.length) {
    lines.push('', 'Local derivatives at this point:');
    ins.forEach((e, i) => {
      const n = inputs[i];
      const num = e.local !== undefined ? ` = ${formatScalar(e.local, precision)}` : '';
      lines.push(`- w.r.t. ${n ? nodeLabel(n) : `input ${e.index}`}: ${e.localText}${num}`);
    });
  }
  if (node.grad !== undefined) {
    const f = targetLabel(payload);
    lines.push('', `Backward: upstream gradient ∂${f}/∂${nodeLabel(node)} = ${formatTensor(node.grad, precision)}; each input gets upstream × local:`);
    ins.forEach((e, i) => {
      const n = inputs[i];
      if (!n) return;
      if (e.local !== undefined && isScalar(node.grad)) {
        const contribution = toNumber(node.grad) * toNumber(e.local);
        lines.push(`- ${nodeLabel(n)} ← ${factor(node.grad as JsonScalar, precision)}·${factor(e.local, precision)} = ${formatScalar(contribution, precision)}`);
      } else {
        lines.push(`- ${nodeLabel(n)} ← upstream × ${e.localText}`);
      }
    });
  }
  if (doc?.pattern) lines.push('', `*${doc.pattern}*`);
  if (occurrences > 1) lines.push('', `(This source built ${occurrences} gates, e.g. one per call of a user gate; showing the first.)`);
  return lines.join('\n');
}

/**
 * Hover for a name after a run: its value, gradient and tangent, the op that
 * produced it with the local derivative w.r.t. each input, and the chain-rule
 * product for its gradient. `variable` is the namespace entry from the
 * CellResult, used when the name is not in this cell's graph.
 */
export function explainName(args: {
  name: string;
  payload?: GraphPayload;
  variable?: VariableInfo;
  pos?: Pos;
  cellId?: string;
  precision: number;
}): string | undefined {
  const { name, payload, variable, pos, cellId, precision } = args;
  const node = payload ? namedNode(payload, name, pos, cellId) : undefined;
  if (!node && !variable) return undefined;
  const lines: string[] = [];
  const value = node?.value ?? variable!.value;
  const shape = node?.shape ?? variable!.shape;
  const kind = node ? (node.kind === 'input' ? 'input (leaf)' : node.kind === 'const' ? 'constant' : `output of ${code(node.symbol)}`) : 'variable';
  lines.push(`**${name}** = ${formatTensor(value, precision)}  ·  ${shapeText(shape)}  ·  ${kind}`);

  const f = payload ? targetLabel(payload) : undefined;
  const grad = node ? node.grad : variable?.grad;
  const tangent = node ? node.tangent : variable?.tangent;
  if (grad !== undefined) {
    const symbol = f && node ? ` ∂${f}/∂${name}` : '';
    lines.push('', `Gradient${symbol} = ${formatTensor(grad, precision)}`);
  }
  if (tangent !== undefined) {
    const seed = payload?.seed && node ? nodeById(payload, payload.seed) : undefined;
    const symbol = seed ? ` ∂${name}/∂${nodeLabel(seed)}` : '';
    lines.push('', `Tangent${symbol} = ${formatTensor(tangent, precision)}`);
  }

  if (!node || !payload) {
    if (payload) lines.push('', `(${name} is not part of this cell's graph.)`);
    return lines.join('\n');
  }

  if (node.kind === 'gate') {
    const ins = payload.edges.filter((e) => e.to === node.id).sort((a, b) => a.index - b.index);
    const doc = docForOp(node.op);
    lines.push('', `Produced by ${code(node.symbol)}${doc ? ` (${doc.name})` : ''} from ${ins.map((e) => nodeLabel(nodeById(payload, e.from) ?? node)).join(', ')}:`);
    for (const e of ins) {
      const a = nodeById(payload, e.from);
      const num = e.local !== undefined ? ` = ${formatScalar(e.local, precision)}` : '';
      lines.push(`- ∂${name}/∂${a ? nodeLabel(a) : '?'}: ${e.localText}${num}`);
    }
  }
  const chain = chainRule(payload, node, precision);
  if (chain) lines.push('', 'Chain rule:', '', code(chain));
  const fwd = tangentRule(payload, node, precision);
  if (fwd) lines.push('', 'Forward mode:', '', code(fwd));
  if (payload.mode === 'show' && grad === undefined) lines.push('', `(No gradient yet: run \`backward ${f}\` to fill it.)`);
  return lines.join('\n');
}
