// The evaluator: runs one cell's statements over the session's engine graph.
//
// Everything a cell binds (names, gates, node names) goes into pending maps
// first; the session commits them only if the whole cell succeeds, so a failed
// cell leaves the namespace exactly as it was. Nodes a failed cell appended to
// the tape stay there, unreachable from any name.
//
// Errors are LangErrors carrying the final diagnostic location: an error inside
// a gate defined in another cell is reported at the call in this cell.

import { EngineError, Tensor, gradcheck, jacobian, type NodeId, type OpName } from '../engine';
import type { Binary, Call, Command, Def, Expr, Statement } from './ast';
import { BUILTINS, OPERATOR_OPS, arityText, builtin, isBuiltin, type BuiltinSpec } from './builtins';
import { LangError, makeDiagnostic, suggestName, type DiagnosticCode } from './diagnostics';
import type { GraphMode } from '../diagram/payload';
import type { CheckResult, Diagnostic } from './result';
import { describePosition, type Span } from './span';
import type { Binding, GateDef, KernelState } from './state';
import { formatValue, shapeText } from './values';

/** `check` compares at most this many leaf elements per command. */
export const MAX_CHECK_ELEMENTS = 1000;
/** … and at most this many node re-evaluations (elements × graph size). */
const MAX_CHECK_WORK = 300_000;
/** jacobian(y, x): at most this many node visits (size(x) forward sweeps). */
const MAX_JACOBIAN_WORK = 50_000_000;

interface Frame {
  gate: GateDef;
  scope: Map<string, NodeId>;
  /** The call expression (in the source of the frame below). */
  callSpan: Span;
  group: number;
}

/** The graph a cell shows. */
export interface Shown {
  node: NodeId;
  mode: GraphMode;
  seed?: NodeId;
}

export class CellEvaluator {
  readonly pendingNames = new Map<string, Binding>();
  readonly pendingGates = new Map<string, GateDef>();
  /** Names given to nodes in this cell, as parallel arrays (cheaper than a Map for 100k assignments). */
  readonly namedNodes: NodeId[] = [];
  readonly nodeNames: string[] = [];
  private nameIndex: Map<NodeId, string> | undefined;
  private nameIndexed = 0;
  readonly checks: CheckResult[] = [];
  readonly messages: string[] = [];
  readonly warnings: Diagnostic[] = [];
  /** Set by backward/forward/check/show. */
  commandShown: Shown | undefined;
  /** The last assignment or bare expression. */
  lastResult: NodeId | undefined;

  private readonly frames: Frame[] = [];
  private readonly spine: Binary[] = [];
  private serial: number;
  /** The statement being run, for warnings raised outside any operator. */
  private statement: Statement | undefined;

  constructor(
    private readonly st: KernelState,
    private readonly cell: string | undefined,
    private readonly run: number,
  ) {
    this.serial = st.bindSerial;
  }

  get bindSerial(): number { return this.serial; }

  exec(s: Statement): void {
    this.statement = s;
    switch (s.kind) {
      case 'assign': {
        let id = this.evalExpr(s.value);
        if (!this.st.graph.requiresGrad(id)) id = this.leafFrom(id, s.span);
        this.pendingNames.set(s.target.name, { node: id, serial: ++this.serial });
        this.namedNodes.push(id);
        this.nodeNames.push(s.target.name);
        this.lastResult = id;
        return;
      }
      case 'def': return this.define(s);
      case 'expr': {
        const id = this.evalExpr(s.expr);
        this.messages.push(`${s.text} = ${formatValue(this.st.graph.value(id))}`);
        this.lastResult = id;
        return;
      }
      case 'command': return this.command(s);
    }
  }

  // ---- statements ---------------------------------------------------------

  private define(s: Def): void {
    const name = s.name.name;
    if (isBuiltin(name)) this.fail('E_REDEFINE', `'${name}' is a built-in function and cannot be redefined; choose another name`, s.name.span);
    this.pendingGates.set(name, {
      name, params: s.params.map((p) => p.name), body: s.body, text: s.text, span: s.span, cell: this.cell, run: this.run,
    });
  }

  private command(s: Command): void {
    const g = this.st.graph;
    if (s.command === 'seed') {
      const n = s.arg.kind === 'number' ? s.arg.value : 0;
      this.st.rng.seed(n);
      this.messages.push(`seed ${n}: randn and rand restart from seed ${n}`);
      return;
    }
    if (s.arg.kind !== 'name') throw new LangError('E_SYNTAX', `${s.command} needs a variable name`, s.arg.span);
    const name = s.arg.name;
    const node = this.lookup(name, s.arg.span);
    switch (s.command) {
      case 'backward':
      case 'check': {
        if (!g.isScalar(node)) {
          this.fail('E_NOT_SCALAR', `${s.command} needs a scalar target, but '${name}' has shape ${shapeText(g.shape(node))} (reduce it to a scalar first, e.g. L = sum(${name}), then ${s.command} L)`, s.arg.span);
        }
        if (s.command === 'check') this.check(node, name, s.span);
        const order = this.engine(() => g.backward(node), s.span);
        this.st.lastBackward = { target: node, order };
        this.collectWarnings(s.span);
        this.commandShown = { node, mode: s.command === 'backward' ? 'reverse' : 'check' };
        return;
      }
      case 'forward': {
        this.engine(() => g.forward(node), s.span);
        this.st.lastForward = { seed: node };
        this.collectWarnings(s.span);
        this.commandShown = { node, mode: 'forward', seed: node };
        return;
      }
      case 'show':
        this.commandShown = { node, mode: 'show' };
        return;
    }
  }

  private check(node: NodeId, targetName: string, span: Span): void {
    const g = this.st.graph;
    const ancestors = g.ancestors(node);
    // Central differences re-evaluate the graph twice per leaf element: keep the work bounded.
    const leaves: NodeId[] = [];
    let elements = 0;
    for (const id of ancestors) {
      if (g.op(id) !== 'leaf') continue;
      const size = g.value(id).size;
      if (elements + size > MAX_CHECK_ELEMENTS || (elements + size) * ancestors.length > MAX_CHECK_WORK) {
        this.messages.push(`check ${targetName}: skipped ${this.nameOf(id) ?? 'an input'} (${size} element${size === 1 ? '' : 's'}): check compares at most ${MAX_CHECK_ELEMENTS} elements, fewer for big graphs`);
        continue;
      }
      leaves.push(id);
      elements += size;
    }
    const results = this.engine(() => gradcheck(g, node, leaves), span);
    for (const r of results) {
      const leafName = this.nameOf(r.leaf) ?? `leaf ${r.leaf}`;
      const shape = g.shape(r.leaf);
      const wrt = shape.length === 0 ? leafName : `${leafName}[${unravel(r.index, shape).join(', ')}]`;
      this.checks.push({ target: targetName, wrt, analytic: r.analytic, numeric: r.numeric, relError: r.relError });
      const verdict = r.relError <= 1e-6 ? 'ok' : r.relError <= 1e-3 ? 'close' : 'MISMATCH';
      this.messages.push(`check ∂${targetName}/∂${wrt}: analytic ${r.analytic}, numeric ${r.numeric}, relative error ${r.relError.toExponential(2)} (${verdict})`);
    }
    if (results.length === 0) this.messages.push(`check ${targetName}: it depends on no input, nothing to compare`);
  }

  // ---- expressions ----------------------------------------------------------

  private evalExpr(e: Expr): NodeId {
    switch (e.kind) {
      case 'number': return this.constant(e.value, e.span);
      case 'name': return this.lookup(e.name, e.span);
      case 'unary':
        // '-2' is a number, not a neg gate applied to 2
        if (e.operand.kind === 'number') return this.constant(-e.operand.value, e.span);
        return this.op('neg', [this.evalExpr(e.operand)], e.opSpan);
      case 'binary': {
        // Walk the left spine iteratively: 1 + 1 + … + 1 is as deep as it is
        // long. The spine goes on one shared stack (no array per expression);
        // `base` marks where this expression's part of it starts.
        const spine = this.spine;
        const base = spine.length;
        let leftmost: Expr = e;
        while (leftmost.kind === 'binary') { spine.push(leftmost); leftmost = leftmost.left; }
        try {
          let acc = this.evalExpr(leftmost);
          for (let i = spine.length - 1; i >= base; i--) {
            const b = spine[i];
            spine.length = i; // pop before evaluating the right operand, which may push its own spine
            const right = this.evalExpr(b.right);
            acc = this.op2(OPERATOR_OPS[b.op], acc, right, b.opSpan);
          }
          return acc;
        } finally {
          spine.length = base;
        }
      }
      case 'call': return this.call(e);
      case 'index': {
        const target = this.evalExpr(e.target);
        const indices = e.indices.map((ix) => this.integer(ix, 'an index', 'E_INDEX'));
        return this.op('index', [target], e.span, { indices });
      }
      case 'array': return this.array(e.elements, e.span);
    }
  }

  private lookup(name: string, span: Span): NodeId {
    const frame = this.frames[this.frames.length - 1];
    const local = frame?.scope.get(name);
    if (local !== undefined) return local;
    const b = this.pendingNames.get(name) ?? this.st.names.get(name);
    if (b !== undefined) return b.node;
    if (this.findGate(name) || isBuiltin(name)) {
      this.fail('E_UNKNOWN_NAME', `'${name}' is a function, not a variable: call it, e.g. ${name}(x)`, span);
    }
    const candidates = [...(frame ? frame.scope.keys() : []), ...this.pendingNames.keys(), ...this.st.names.keys()];
    const close = suggestName(name, candidates);
    this.fail('E_UNKNOWN_NAME', `unknown name '${name}'${close ? ` (did you mean '${close}'?)` : ''}`, span);
  }

  private findGate(name: string): GateDef | undefined {
    return this.pendingGates.get(name) ?? this.st.gates.get(name);
  }

  private call(e: Call): NodeId {
    const name = e.callee.name;
    const gate = this.findGate(name);
    if (gate) return this.callGate(gate, e);
    const spec = builtin(name);
    if (!spec) {
      const isVar = this.pendingNames.has(name) || this.st.names.has(name);
      const close = suggestName(name, [...Object.keys(BUILTINS), ...this.pendingGates.keys(), ...this.st.gates.keys()]);
      const hint = isVar ? ` ('${name}' is a variable; for a product write ${name} * (…))` : close ? ` (did you mean '${close}'?)` : ' (define it with def)';
      this.fail('E_UNKNOWN_GATE', `unknown function '${name}'${hint}`, e.callee.span);
    }
    const n = e.args.length;
    if (n < spec.minArgs || n > spec.maxArgs) {
      this.fail('E_ARITY', `${name} ${arityText(spec.minArgs, spec.maxArgs)} (${spec.signature}), got ${n}`, e.span);
    }
    switch (spec.kind) {
      case 'constructor': return this.construct(spec, e);
      case 'special': return this.special(spec, e);
      default: {
        const args = e.args.map((a) => this.evalExpr(a));
        return this.op(spec.ops![n]!, args, e.span);
      }
    }
  }

  private callGate(gate: GateDef, e: Call): NodeId {
    const name = gate.name;
    if (e.args.length !== gate.params.length) {
      this.fail('E_ARITY', `gate '${name}' ${arityText(gate.params.length, gate.params.length)} (${name}(${gate.params.join(', ')})), got ${e.args.length}`, e.span);
    }
    const cycleAt = this.frames.findIndex((f) => f.gate.name === name);
    if (cycleAt >= 0) {
      const chain = [...this.frames.slice(cycleAt).map((f) => f.gate.name), name].join(' → ');
      this.fail('E_RECURSION', `gate '${name}' calls itself (${chain}); gates cannot be recursive`, e.callee.span);
    }
    if (this.frames.length >= this.st.limits.maxCallDepth) {
      this.fail('E_LIMIT', `gate calls nested more than ${this.st.limits.maxCallDepth} deep (calling '${name}')`, e.callee.span);
    }
    const args = e.args.map((a) => this.evalExpr(a));
    const g = this.st.graph;
    const st = this.st;
    const parent = this.frames.length > 0 ? this.frames[this.frames.length - 1].group : -1;
    const group = st.groups.length;
    st.groups.push({ name, span: e.span, cell: this.frameCell(), parent, inputs: args, output: -1, start: g.size, end: -1 });
    const scope = new Map<string, NodeId>();
    gate.params.forEach((p, i) => scope.set(p, args[i]));
    this.frames.push({ gate, scope, callSpan: e.span, group });
    let out: NodeId;
    try {
      out = this.evalExpr(gate.body);
    } finally {
      this.frames.pop();
    }
    const rec = st.groups[group];
    rec.output = out;
    rec.end = g.size;
    // Inner calls claimed their nodes when they returned; the rest are ours.
    for (let id = rec.start; id < rec.end; id++) if (!st.nodeGroup.has(id)) st.nodeGroup.set(id, group);
    return out;
  }

  private construct(spec: BuiltinSpec, e: Call): NodeId {
    const dims = e.args.map((a) => this.integer(a, 'a dimension', 'E_ARGUMENT'));
    dims.forEach((d, i) => {
      if (d < 1) this.fail('E_ARGUMENT', `${spec.name}: dimension ${d} must be at least 1`, e.args[i].span);
    });
    const size = dims.reduce((a, b) => a * b, 1);
    if (size > this.st.limits.maxTensorSize) {
      this.fail('E_LIMIT', `${spec.name}${shapeText(dims)} would have ${size} elements, more than the limit of ${this.st.limits.maxTensorSize}`, e.span);
    }
    const data = new Float64Array(size);
    const rng = this.st.rng;
    if (spec.name === 'ones') data.fill(1);
    else if (spec.name === 'rand') for (let i = 0; i < size; i++) data[i] = rng.next();
    else if (spec.name === 'randn') for (let i = 0; i < size; i++) data[i] = rng.normal();
    return this.constant(new Tensor(dims, data), e.span);
  }

  private special(spec: BuiltinSpec, e: Call): NodeId {
    const g = this.st.graph;
    const args = e.args.map((a) => this.evalExpr(a));
    const what = (i: number) => (e.args[i].kind === 'name' ? `'${(e.args[i] as { name: string }).name}'` : 'this expression');
    if (spec.name === 'grad') {
      const t = g.grad(args[0]);
      if (t === undefined) this.fail('E_NO_GRAD', `no gradient for ${what(0)} yet: run 'backward f' for a target f that depends on it first`, e.span);
      return this.constant(copyTensor(t), e.span);
    }
    if (spec.name === 'tangent') {
      const t = g.tangent(args[0]);
      if (t === undefined) this.fail('E_NO_TANGENT', `no tangent for ${what(0)} yet: run 'forward x' for an input x it depends on first`, e.span);
      return this.constant(copyTensor(t), e.span);
    }
    const [y, x] = args;
    const xSize = g.value(x).size;
    const work = xSize * (g.size - x);
    if (xSize * g.value(y).size > this.st.limits.maxTensorSize || work > MAX_JACOBIAN_WORK) {
      this.fail('E_LIMIT', `jacobian: ${xSize} forward sweeps over ${g.size - x} nodes for a ${g.value(y).size}×${xSize} matrix is too much work; use backward and grad() instead`, e.span);
    }
    const J = this.engine(() => jacobian(g, y, x), e.span);
    // jacobian() sweeps forward once per element of x; put the tangents of the last `forward` back.
    const last = this.st.lastForward;
    this.engine(() => g.forward(last ? last.seed : g.constant(0)), e.span);
    return this.constant(J, e.span);
  }

  /** A literal vector or matrix. Elements must share a shape; the result has one more axis. */
  private array(elements: Expr[], span: Span): NodeId {
    const g = this.st.graph;
    const ids = elements.map((el) => this.evalExpr(el));
    const shape0 = g.shape(ids[0]);
    for (let i = 1; i < ids.length; i++) {
      const s = g.shape(ids[i]);
      if (!sameShape(s, shape0)) {
        this.fail('E_SHAPE', `the elements of a bracket literal must have the same shape: element 1 has shape ${shapeText(shape0)}, element ${i + 1} has ${shapeText(s)}`, elements[i].span);
      }
    }
    // All constant: one constant node, drawn as the literal it is.
    if (!ids.some((id) => g.requiresGrad(id))) {
      const n = ids.length;
      const inner = shape0.reduce((a, b) => a * b, 1);
      const data = new Float64Array(n * inner);
      ids.forEach((id, i) => data.set(g.value(id).data, i * inner));
      return this.constant(new Tensor([n, ...shape0], data), span);
    }
    // Some element depends on an input: one `stack` gate over the elements as
    // written (a nested literal is a stack of its rows), so the drawing has no
    // extra gates and a NaN or infinite element does not cut the gradient path.
    return this.op('stack', ids, span);
  }

  /** Evaluates an expression that must be a whole number (an index or a dimension). */
  private integer(e: Expr, what: string, code: DiagnosticCode): number {
    let v: number;
    if (e.kind === 'number') v = e.value;
    else if (e.kind === 'unary' && e.operand.kind === 'number') v = -e.operand.value;
    else {
      const id = this.evalExpr(e);
      const g = this.st.graph;
      if (!g.isScalar(id)) this.fail(code, `${what} must be a number, but this has shape ${shapeText(g.shape(id))}`, e.span);
      v = g.scalar(id);
    }
    if (!Number.isInteger(v)) this.fail(code, `${what} must be a whole number, got ${v}`, e.span);
    return v;
  }

  // ---- nodes -------------------------------------------------------------

  /** A binary op through the engine's allocation-free fast paths. */
  private op2(name: OpName, a: NodeId, b: NodeId, span: Span): NodeId {
    const g = this.st.graph;
    let id: NodeId;
    try {
      switch (name) {
        case 'add': id = g.add(a, b); break;
        case 'sub': id = g.sub(a, b); break;
        case 'mul': id = g.mul(a, b); break;
        case 'div': id = g.div(a, b); break;
        case 'pow': id = g.pow(a, b); break;
        default: id = g.apply(name, [a, b]);
      }
    } catch (err) {
      throw this.fromEngine(err, span);
    }
    this.record(id, span);
    if (g.warnings.length > this.st.warningsSeen) this.collectWarnings(span);
    return id;
  }

  private op(name: OpName, inputs: NodeId[], span: Span, attrs?: { indices: number[] }): NodeId {
    if (inputs.length === 2 && attrs === undefined) return this.op2(name, inputs[0], inputs[1], span);
    const g = this.st.graph;
    let id: NodeId;
    try {
      id = name === 'neg' ? g.neg(inputs[0]) : g.apply(name, inputs, attrs);
    } catch (err) {
      throw this.fromEngine(err, span);
    }
    this.record(id, span);
    if (g.warnings.length > this.st.warningsSeen) this.collectWarnings(span);
    return id;
  }

  private constant(value: number | Tensor, span: Span): NodeId {
    // A try/catch rather than this.engine(() => …): no closure per literal.
    let id: NodeId;
    try {
      id = this.st.graph.constant(value);
    } catch (err) {
      throw this.fromEngine(err, span);
    }
    this.record(id, span);
    return id;
  }

  /** An assignment of a value that depends on no input: a new named input (leaf). */
  private leafFrom(id: NodeId, span: Span): NodeId {
    const g = this.st.graph;
    const value = g.isScalar(id) ? g.scalar(id) : copyTensor(g.value(id));
    const leaf = this.engine(() => g.leaf(value), span);
    this.record(leaf, span);
    return leaf;
  }

  private record(id: NodeId, span: Span): void {
    const st = this.st;
    st.nodeSpan[id] = span;
    st.nodeCell[id] = this.frameCell();
    if (!st.graph.isScalar(id)) {
      st.tensorElements += st.graph.value(id).size;
      if (st.tensorElements > st.limits.maxTotalElements) {
        this.fail('E_LIMIT', `the kernel holds more than ${st.limits.maxTotalElements.toLocaleString('en-US')} tensor elements in all (${Math.round(st.tensorElements * 8 / 1e6)} MB); restart the kernel to free them, or use smaller tensors`, span);
      }
    }
  }

  nameOf(id: NodeId): string | undefined {
    if (this.nameIndex === undefined || this.nameIndexed < this.namedNodes.length) {
      // Built on demand (check, messages): assignments themselves only push to the arrays.
      this.nameIndex ??= new Map();
      for (let k = this.nameIndexed; k < this.namedNodes.length; k++) this.nameIndex.set(this.namedNodes[k], this.nodeNames[k]);
      this.nameIndexed = this.namedNodes.length;
    }
    return this.nameIndex.get(id) ?? this.st.nodeName[id];
  }

  // ---- errors ---------------------------------------------------------------

  /** The cell the source being evaluated right now belongs to. */
  private frameCell(): string | undefined {
    const f = this.frames[this.frames.length - 1];
    return f ? f.gate.cell : this.cell;
  }

  /**
   * Where to report a problem at `span` (in the source being evaluated): there,
   * if that source is this cell; else at the outermost enclosing call written in this
   * cell, with the gate's name in the message.
   */
  private site(span: Span, message: string): { span: Span; message: string } {
    let k = this.frames.length - 1;
    if (k < 0 || this.frames[k].gate.run === this.run) return { span, message };
    let where = span;
    const gates: string[] = [];
    while (k >= 0 && this.frames[k].gate.run !== this.run) {
      gates.unshift(this.frames[k].gate.name);
      where = this.frames[k].callSpan;
      k--;
    }
    const inner = this.frames[this.frames.length - 1].gate;
    return { span: where, message: `in gate '${gates.join("' → '")}' (its definition, ${describePosition(span)} of ${inner.cell ?? 'another cell'}): ${message}` };
  }

  private fail(code: DiagnosticCode, message: string, span: Span): never {
    const s = this.site(span, message);
    throw new LangError(code, s.message, s.span);
  }

  private fromEngine(err: unknown, span: Span): Error {
    if (err instanceof EngineError) {
      const code = (['E_SHAPE', 'E_ARITY', 'E_NOT_SCALAR', 'E_LIMIT', 'E_INDEX'] as const).find((c) => c === err.code) ?? 'E_ARGUMENT';
      // Engine messages already name the op and both shapes ('add: shapes [2] and [3] …').
      const s = this.site(span, err.message);
      return new LangError(code, s.message, s.span);
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  /** Runs an engine call, turning its EngineError into a diagnostic at `span`. */
  private engine<T>(f: () => T, span: Span): T {
    try {
      return f();
    } catch (err) {
      throw this.fromEngine(err, span);
    }
  }

  /** New engine warnings (log(0), x/0, overflow …) become W_DOMAIN diagnostics at `span`. */
  private collectWarnings(span: Span): void {
    const warnings = this.st.graph.warnings;
    for (let i = this.st.warningsSeen; i < warnings.length; i++) {
      const s = this.site(span, warnings[i].message);
      this.warnings.push(makeDiagnostic('W_DOMAIN', s.message, s.span, this.cell));
    }
    this.st.warningsSeen = warnings.length;
  }

  /** Warnings raised after the last operator of a statement (there should be none, but never lose one). */
  flushWarnings(): void {
    if (this.statement && this.st.graph.warnings.length > this.st.warningsSeen) this.collectWarnings(this.statement.span);
  }
}

function copyTensor(t: Tensor): Tensor {
  return new Tensor(t.shape, t.data.slice());
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Flat row-major index → multi-index. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    out[ax] = index % shape[ax];
    index = Math.floor(index / shape[ax]);
  }
  return out;
}
