// The text of every hover, built from the last run's data (a GraphPayload and
// the CellResult's variables). Pure: no vscode import, so it is unit-tested in
// Node (test/unit/editor/explain.test.ts) and the VS Code provider stays thin.
// Output is Markdown. Names, local derivatives and chain rules come from
// src/diagram/reading.ts, so a hover reads as the renderer's captions do.

import type { GateGroup, GraphNode, GraphPayload, SourceRange } from '../diagram/payload';
import type { GateInfo, VariableInfo } from '../lang/result';
import { BUILTINS, builtin, builtinDerivatives } from '../lang/builtins';
import { BUILTIN_DOCS, COMMAND_DOCS, docForOp, type BuiltinDoc } from './builtinDocs';
import { formatNumber, formatValue, isScalar, shapeText, toNumber } from '../diagram/numbers';
import { TIMES, partial, readGraph, withNumber } from '../diagram/reading';

/** 0-based, like VS Code's Position. */
export interface Pos {
  line: number;
  character: number;
}

export const NOT_RUN_YET = 'This cell has not run yet: run it to see values, gradients and the chain rule here.';

// ---------------------------------------------------------------- lookups

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

/**
 * The chain rule for the gradient of `node`, summed over every consumer when
 * the value fans out: `∂e/∂b = ∂e/∂c × ∂c/∂b + ∂e/∂d × ∂d/∂b = 2 × 1 + 3 × 1 = 5`.
 * Undefined when the node has no gradient.
 */
export function chainRule(payload: GraphPayload, node: GraphNode, precision: number): string | undefined {
  return readGraph(payload).chainRule(node, precision);
}

/** Forward mode: the tangent of a gate as the sum over its inputs, ∂v/∂x = Σ ∂v/∂a × ∂a/∂x. */
export function tangentRule(payload: GraphPayload, node: GraphNode, precision: number): string | undefined {
  return readGraph(payload).tangentRule(node, precision);
}

// ---------------------------------------------------------------- hover texts

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
  } else if (spec?.kind === 'data') {
    lines.push('', 'Data: a constant, not an input of the graph, so it has no gradient (`grad` of it is an error and `descend` never changes it).');
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
  const r = readGraph(payload);
  const out = r.node(group.output);
  const inputs = group.inputs.map((id) => r.node(id));
  const args = inputs.map((n, i) => (!n ? `input ${i}` : n.kind === 'const' ? r.nameOf(n) : `${r.nameOf(n)} = ${formatValue(n.value, precision)}`)).join(', ');
  const lines = [`Here: ${group.name}(${args})${out ? ` = ${formatValue(out.value, precision)}` : ''}`];
  if (group.local) {
    lines.push('', 'Local derivatives of the whole gate at this point (the product of its insides):');
    group.local.forEach((d, i) => {
      const n = inputs[i];
      lines.push(`- ${partial(group.name, n ? r.nameOf(n) : `input ${i}`)} = ${formatNumber(d, precision)}`);
    });
  }
  if (out?.grad !== undefined) lines.push('', `Upstream gradient ${partial(r.targetName, group.name)} = ${formatValue(out.grad, precision)}`);
  return lines.join('\n');
}

/** `q = 3, z = -4`: the values a gate read, for formulas whose numbers are tensors. */
function operandValues(payload: GraphPayload, node: GraphNode, precision: number): string {
  const r = readGraph(payload);
  // A constant is named by its value: no "1 = 1".
  return r.inputs(node).filter(({ node: n }) => n.kind !== 'const').map(({ node: n }) => `${r.nameOf(n)} = ${formatValue(n.value, precision)}`).join(', ');
}

/**
 * Hover for one occurrence of an operator or a call (`+`, `*`, `max(` …) after
 * a run: what the gate computed here, its local derivative w.r.t. each input
 * in the operands' own names (formula and number), how the upstream gradient
 * flows back, and the gate's pattern in words.
 */
export function explainGate(payload: GraphPayload, node: GraphNode, precision: number, occurrences = 1): string {
  const r = readGraph(payload);
  const doc = docForOp(node.op);
  const ins = r.inputs(node);
  const lines = [doc ? `**${doc.name} gate** ${code(node.symbol)}` : `**${node.op} gate** ${code(node.symbol)}`];
  if (doc) lines.push('', doc.definition);
  const named = node.name ? `${node.name} = ` : '';
  const values = operandValues(payload, node, precision);
  lines.push('', `Here: ${code(named + r.formula(node))}${values ? ` with ${values}` : ''}: ${formatValue(node.value, precision)}`);
  if (ins.length) {
    lines.push('', 'Local derivatives at this point:');
    for (const { edge, node: n } of ins) lines.push(`- w.r.t. ${r.nameOf(n)}: ${withNumber(r.localFormula(edge), edge.local, precision)}`);
  }
  if (node.grad !== undefined) {
    lines.push('', `Backward: upstream gradient ${partial(r.targetName, r.nameOf(node))} = ${formatValue(node.grad, precision)}; each input gets upstream × local:`);
    for (const { edge, node: n } of ins) {
      if (n.kind === 'const') continue; // a literal gets no gradient (nobody asks for ∂f/∂2)
      if (edge.local !== undefined && isScalar(node.grad)) {
        const contribution = toNumber(node.grad) * toNumber(edge.local);
        lines.push(`- ${r.nameOf(n)} ← ${formatNumber(node.grad, precision)}${TIMES}${formatNumber(edge.local, precision)} = ${formatNumber(contribution, precision)}`);
      } else {
        // Tensors: the numbers of the term are whole arrays; the input's gradient is this term when this is its only use.
        const only = r.consumers(n).length === 1 && n.grad !== undefined;
        const result = only ? ` = ${formatValue(n.grad, precision)}` : '';
        lines.push(`- ${r.nameOf(n)} ← ${formatValue(node.grad, precision)}${TIMES}(${r.localFormula(edge)})${result}`);
      }
    }
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
  const r = payload ? readGraph(payload) : undefined;
  const lines: string[] = [];
  const value = node?.value ?? variable!.value;
  const shape = node?.shape ?? variable!.shape;
  const kind = node && r ? (node.kind === 'input' ? 'input (leaf)' : node.kind === 'const' ? 'constant' : `${code(name + ' = ' + r.formula(node))}`) : 'variable';
  lines.push(`**${name}** = ${formatValue(value, precision)}  ·  ${shapeText(shape)}  ·  ${kind}`);

  const f = r?.targetName;
  const grad = node ? node.grad : variable?.grad;
  const tangent = node ? node.tangent : variable?.tangent;
  if (variable?.columns) lines.push('', `Columns (from the file's header): ${variable.columns.map(code).join(', ')}`);
  if (grad !== undefined) lines.push('', `Gradient${f && node ? ` ${partial(f, name)}` : ''} = ${formatValue(grad, precision)}`);
  if (tangent !== undefined) {
    const seed = node ? r?.seedName : undefined;
    lines.push('', `Tangent${seed ? ` ${partial(name, seed)}` : ''} = ${formatValue(tangent, precision)}`);
  }

  if (!node || !payload || !r) {
    if (payload) lines.push('', `(${name} is not part of this cell's graph.)`);
    return lines.join('\n');
  }

  if (node.kind === 'gate') {
    const ins = r.inputs(node);
    const doc = docForOp(node.op);
    lines.push('', `Produced by ${code(node.symbol)}${doc ? ` (${doc.name})` : ''} from ${ins.map((o) => r.nameOf(o.node)).join(', ')}:`);
    for (const { edge } of ins) lines.push(`- ${r.localLine(edge, precision)}`);
    const values = operandValues(payload, node, precision);
    if (values && ins.some(({ edge }) => edge.local === undefined)) lines.push('', `At ${values}.`);
  }
  const chain = r.chainRule(node, precision);
  if (chain) lines.push('', 'Chain rule:', '', code(chain));
  const fwd = r.tangentRule(node, precision);
  if (fwd) lines.push('', 'Forward mode:', '', code(fwd));
  if (payload.mode === 'show' && grad === undefined) lines.push('', `(No gradient yet: run \`backward ${f}\` to fill it.)`);
  return lines.join('\n');
}
