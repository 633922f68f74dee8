// The evaluator: runs one cell's statements over the session's engine graph
// and returns what the cell did, as one value (a CellOutcome): the names and
// gates it assigned, its last backward, what it shows, its messages, checks
// and warnings, and the error that stopped it, if any. It changes nothing of
// the namespace itself: Session commits the outcome, or rolls the cell back.
// Nodes a failed cell appended to the tape stay there, unreachable from any name.
//
// Errors are LangErrors carrying the final diagnostic location: an error inside
// a gate defined in another cell is reported at the call in this cell.
// Command statements are run by commands.ts, and calls of built-ins that are
// not one op by builtinCalls.ts, with this evaluator as their context.

import { EngineError, Tensor, type NodeId, type OpName } from '../engine';
import type { Binary, Call, Def, Expr, Statement } from './ast';
import { BUILTINS, OPERATOR_OPS, arityText, builtin, isBuiltin } from './builtins';
import { findCsvCall, type DataFiles } from './dataFiles';
import { makeDiagnostic, suggestName, type DiagnosticCode } from './diagnostics';
import { CallStack } from './frames';
import { type CellDraft, type CellOutcome, toDiagnostic } from './outcome';
import { runCommand } from './commands';
import { arrayLiteral, construct, dataset, special, type ExprContext } from './builtinCalls';
import type { ProgressHook } from './training';
import type { Diagnostic } from './result';
import type { Span } from './span';
import type { GateDef, KernelState } from './state';
import { S_ADD, S_DIV, S_MUL, S_NAME, S_NEG, S_NUMBER, S_SUB, type StraightStatement } from './straight';
import { formatValue, shapeText } from './values';

/** A cell being run: give it its statements in order (as they are parsed), then take its outcome. */
export interface CellRun {
  /** Run one statement; after the first error, statements are ignored. */
  step(s: Statement): void;
  /** Run one straight statement (straight.ts), as step() runs the tree of the same text. */
  stepStraight(s: StraightStatement): void;
  outcome(): CellOutcome;
}

export { MAX_DESCEND_STEPS, MAX_PLOT_POINTS, type ProgressHook } from './training';

export function startCell(st: KernelState, cell: string | undefined, run: number, onProgress?: ProgressHook, files?: DataFiles): CellRun {
  return new CellEvaluator(st, cell, run, onProgress, files);
}

class CellEvaluator implements CellRun, ExprContext {
  readonly out: CellDraft = {
    names: new Map(), gates: new Map(), namedNodes: [], nodeNames: [],
    backward: undefined, shown: undefined, lastResult: undefined, messages: [], checks: [], warnings: [],
    plots: [], descents: [], boundaries: [], leafBackups: new Map(),
  };
  private failure: Diagnostic | undefined;
  private nameIndex: Map<NodeId, string> | undefined;
  private nameIndexed = 0;
  /** How many of the graph's warnings have been turned into diagnostics. */
  private warningsSeen: number;
  private readonly calls: CallStack;
  private readonly spine: Binary[] = [];
  private spineTop = 0;
  private serial: number;
  /** The statement being run, for warnings raised outside any operator. */
  private statement: Statement | undefined;
  /** stepStraight's value stack, and the one span it fills for each step (NodeNotes copies its numbers). */
  private readonly straightStack: NodeId[] = [];
  private readonly straightSpan: Span = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 };
  /** The name this cell bound last, and its node (bind keeps them; stepStraight reads them). */
  private lastBound: string | undefined;
  private lastBoundNode: NodeId = -1;

  constructor(
    readonly st: KernelState,
    readonly cell: string | undefined,
    private readonly run: number,
    readonly onProgress?: ProgressHook,
    /** The data files csv(…) reads, as the host found them (RunOptions.files). */
    readonly files?: DataFiles,
  ) {
    this.serial = st.bindSerial;
    this.warningsSeen = st.graph.warnings.length;
    this.calls = new CallStack(cell, run);
  }

  step(s: Statement): void {
    if (this.failure !== undefined) return;
    try {
      this.exec(s);
      this.flushWarnings();
    } catch (err) {
      this.failure = toDiagnostic(err, s.span, this.cell);
    }
  }

  stepStraight(s: StraightStatement): void {
    if (this.failure !== undefined) return;
    this.statement = undefined;
    const g = this.st.graph;
    const at = this.straightSpan;
    let k = 0;
    try {
      // The program's steps in order, over a stack of node ids: the tree's walk (left operand, right operand, operator).
      // Numbers and the four operators go to the engine's scalar paths directly; each new node is recorded at its step.
      const stack = this.straightStack;
      let top = 0;
      for (; k < s.count; k++) {
        let id: NodeId;
        switch (s.code[k]) {
          case S_NAME:
            // The name bound last is the likeliest read (x1 = x0 * …, then x2 = x1 * …): compared in the source,
            // no string made and no lookup.
            stack[top++] = this.lastBound !== undefined && s.nameIs(k, this.lastBound) ? this.lastBoundNode : this.lookup(s.name(k), s.stepSpan(k, at));
            continue;
          case S_NUMBER: id = g.constant(s.numbers[k]); break;
          case S_NEG: id = g.neg(stack[--top]); break;
          case S_ADD: top--; id = g.add(stack[top - 1], stack[top]); top--; break;
          case S_SUB: top--; id = g.sub(stack[top - 1], stack[top]); top--; break;
          case S_MUL: top--; id = g.mul(stack[top - 1], stack[top]); top--; break;
          case S_DIV: top--; id = g.div(stack[top - 1], stack[top]); top--; break;
          default: throw new Error(`unknown step ${s.code[k]} of a straight statement`);
        }
        this.record(id, s.stepSpan(k, at));
        stack[top++] = id;
      }
      // The statement's span only when something needs it (a new input, a warning, an error): not one per line.
      let id = stack[0];
      if (this.isNewInput(id)) id = this.leafFrom(id, s.statementSpan());
      this.bind(s.target, id);
      if (g.warnings.length > this.warningsSeen) this.collectWarnings(s.statementSpan());
    } catch (err) {
      // An engine error is located at the step that raised it, as constant() and op2() locate theirs.
      const located = err instanceof EngineError && k < s.count ? this.calls.fromEngine(err, s.stepSpan(k, at)) : err;
      this.failure = toDiagnostic(located, s.statementSpan(), this.cell);
    }
  }

  outcome(): CellOutcome {
    return { ...this.out, failure: this.failure, bindSerial: this.serial };
  }

  private exec(s: Statement): void {
    this.statement = s;
    switch (s.kind) {
      case 'assign': {
        const id = this.evalExpr(s.value);
        return this.bind(s.target.name, this.isNewInput(id) ? this.leafFrom(id, s.span) : id);
      }
      case 'def': return this.define(s);
      case 'expr': {
        const id = this.evalExpr(s.expr);
        this.out.messages.push(`${s.text} = ${formatValue(this.st.graph.value(id))}`);
        this.out.lastResult = id;
        return;
      }
      case 'command': return runCommand(this, s);
    }
  }

  // ---- statements ---------------------------------------------------------

  /** An assigned value that depends on no input becomes a new input (leafFrom), unless it is data (moons, labels …). */
  private isNewInput(id: NodeId): boolean {
    return !this.st.graph.requiresGrad(id) && !this.st.data.has(id);
  }

  /** `name = …` is node `id`. */
  private bind(name: string, id: NodeId): void {
    this.out.names.set(name, id);
    this.lastBound = name;
    this.lastBoundNode = id;
    this.serial++;
    this.out.namedNodes.push(id);
    this.out.nodeNames.push(name);
    this.out.lastResult = id;
  }

  private define(s: Def): void {
    const name = s.name.name;
    if (isBuiltin(name)) this.fail('E_REDEFINE', `'${name}' is a built-in function and cannot be redefined; choose another name`, s.name.span);
    const read = findCsvCall(s.body);
    if (read) this.fail('E_ARGUMENT', `csv cannot be called inside a gate (its file is read when a cell runs): read the data in a cell, e.g. X = csv("points.csv"), and pass X to '${name}'`, read.span);
    this.out.gates.set(name, {
      name, params: s.params.map((p) => p.name), body: s.body, text: s.text, span: s.span, cell: this.cell, run: this.run,
    });
  }

  /** A scalar the command reads (a range end, a learning rate): a number or any scalar expression. */
  number(e: Expr, what: string): number {
    if (e.kind === 'number') return e.value;
    if (e.kind === 'unary' && e.operand.kind === 'number') return -e.operand.value;
    const id = this.evalExpr(e);
    const g = this.st.graph;
    if (!g.isScalar(id)) this.fail('E_ARGUMENT', `${what} must be a number, but this has shape ${shapeText(g.shape(id))}`, e.span);
    return g.scalar(id);
  }

  // ---- expressions ----------------------------------------------------------

  evalExpr(e: Expr): NodeId {
    switch (e.kind) {
      case 'number': return this.constant(e.value, e.span);
      case 'name': return this.lookup(e.name, e.span);
      case 'string': return this.fail('E_ARGUMENT', `a string can only be an argument of csv: a file name, csv(${e.text}), or a column name`, e.span);
      case 'unary':
        // '-2' is a number, not a neg gate applied to 2
        if (e.operand.kind === 'number') return this.constant(-e.operand.value, e.span);
        return this.op('neg', [this.evalExpr(e.operand)], e.opSpan);
      case 'binary': {
        // Walk the left spine iteratively: 1 + 1 + … + 1 is as deep as it is
        // long. The spine goes on one shared stack (no array per expression) of
        // height spineTop (not its length: setting that is a V8 runtime call);
        // `base` marks where this expression's part of it starts.
        const spine = this.spine;
        const base = this.spineTop;
        let leftmost: Expr = e;
        while (leftmost.kind === 'binary') { spine[this.spineTop++] = leftmost; leftmost = leftmost.left; }
        try {
          let acc = this.evalExpr(leftmost);
          for (let i = this.spineTop - 1; i >= base; i--) {
            const b = spine[i];
            this.spineTop = i; // pop before evaluating the right operand, which may push its own spine
            const right = this.evalExpr(b.right);
            acc = this.op2(OPERATOR_OPS[b.op], acc, right, b.opSpan);
          }
          return acc;
        } finally {
          this.spineTop = base;
        }
      }
      case 'call': return this.call(e);
      case 'index': {
        const target = this.evalExpr(e.target);
        const indices = e.indices.map((ix) => this.integer(ix, 'an index', 'E_INDEX'));
        return this.op('index', [target], e.span, { indices });
      }
      case 'array': return arrayLiteral(this, e.elements, e.span);
    }
  }

  lookup(name: string, span: Span): NodeId {
    const frame = this.calls.top;
    const local = frame?.scope.get(name);
    if (local !== undefined) return local;
    const bound = this.out.names.get(name) ?? this.st.names.get(name);
    if (bound !== undefined) return bound;
    if (this.findGate(name) || isBuiltin(name)) {
      this.fail('E_UNKNOWN_NAME', `'${name}' is a function, not a variable: call it, e.g. ${name}(x)`, span);
    }
    const candidates = [...(frame ? frame.scope.keys() : []), ...this.out.names.keys(), ...this.st.names.keys()];
    const close = suggestName(name, candidates);
    this.fail('E_UNKNOWN_NAME', `unknown name '${name}'${close ? ` (did you mean '${close}'?)` : ''}`, span);
  }

  private findGate(name: string): GateDef | undefined {
    return this.out.gates.get(name) ?? this.st.gates.get(name);
  }

  private call(e: Call): NodeId {
    const name = e.callee.name;
    const gate = this.findGate(name);
    if (gate) return this.callGate(gate, e);
    const spec = builtin(name);
    if (!spec) {
      const isVar = this.out.names.has(name) || this.st.names.has(name);
      const close = suggestName(name, [...Object.keys(BUILTINS), ...this.out.gates.keys(), ...this.st.gates.keys()]);
      const hint = isVar ? ` ('${name}' is a variable; for a product write ${name} * (…))` : close ? ` (did you mean '${close}'?)` : ' (define it with def)';
      this.fail('E_UNKNOWN_GATE', `unknown function '${name}'${hint}`, e.callee.span);
    }
    const n = e.args.length;
    if (n < spec.minArgs || n > spec.maxArgs) {
      this.fail('E_ARITY', `${name} ${arityText(spec.minArgs, spec.maxArgs)} (${spec.signature}), got ${n}`, e.span);
    }
    switch (spec.kind) {
      case 'constructor': return construct(this, spec, e);
      case 'special': return special(this, spec, e);
      case 'data': return dataset(this, spec, e);
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
    const chain = this.calls.cycle(name);
    if (chain !== undefined) {
      this.fail('E_RECURSION', `gate '${name}' calls itself (${chain}); gates cannot be recursive`, e.callee.span);
    }
    if (this.calls.depth >= this.st.limits.maxCallDepth) {
      this.fail('E_LIMIT', `gate calls nested more than ${this.st.limits.maxCallDepth} deep (calling '${name}')`, e.callee.span);
    }
    const args = e.args.map((a) => this.evalExpr(a));
    const g = this.st.graph;
    const parent = this.calls.top?.group ?? -1;
    const group = this.st.notes.openCall({ name, span: e.span, cell: this.calls.currentCell(), parent, inputs: args, start: g.size });
    const scope = new Map<string, NodeId>();
    gate.params.forEach((p, i) => scope.set(p, args[i]));
    this.calls.push({ gate, scope, callSpan: e.span, group });
    let out: NodeId;
    try {
      out = this.evalExpr(gate.body);
    } finally {
      this.calls.pop();
    }
    // Inner calls claimed their nodes when they returned; the rest are this call's.
    this.st.notes.closeCall(group, out, g.size);
    return out;
  }

  get maxTensorSize(): number { return this.st.limits.maxTensorSize; }

  /** Evaluates an expression that must be a whole number (an index or a dimension). */
  integer(e: Expr, what: string, code: DiagnosticCode): number {
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
      throw this.calls.fromEngine(err, span);
    }
    this.record(id, span);
    return id;
  }

  op(name: OpName, inputs: NodeId[], span: Span, attrs?: { indices: number[] }): NodeId {
    if (inputs.length === 2 && attrs === undefined) return this.op2(name, inputs[0], inputs[1], span);
    const g = this.st.graph;
    let id: NodeId;
    try {
      id = name === 'neg' ? g.neg(inputs[0]) : g.apply(name, inputs, attrs);
    } catch (err) {
      throw this.calls.fromEngine(err, span);
    }
    this.record(id, span);
    return id;
  }

  constant(value: number | Tensor, span: Span): NodeId {
    // A try/catch rather than this.engine(() => …): no closure per literal.
    let id: NodeId;
    try {
      id = this.st.graph.constant(value);
    } catch (err) {
      throw this.calls.fromEngine(err, span);
    }
    this.record(id, span);
    return id;
  }

  /** An assignment of a value that depends on no input: a new named input (leaf). */
  private leafFrom(id: NodeId, span: Span): NodeId {
    const g = this.st.graph;
    const value = g.isScalar(id) ? g.scalar(id) : new Tensor(g.shape(id), g.value(id).data.slice());
    const leaf = this.engine(() => g.leaf(value), span);
    this.record(leaf, span);
    return leaf;
  }

  /** A node just made at `span`: noted, its tensor elements bounded, its numeric warnings collected. */
  private record(id: NodeId, span: Span): void {
    const { graph, limits } = this.st;
    this.st.notes.made(id, span, this.calls.currentCell());
    // A constant computed from data is data too (2 * labels(X) - 1 stays a constant when assigned).
    if (this.st.data.size > 0 && !graph.requiresGrad(id) && graph.inputs(id).some((i) => this.st.data.has(i))) this.st.data.add(id);
    if (graph.tensorElements > limits.maxTotalElements && !graph.isScalar(id)) {
      this.fail('E_LIMIT', `the kernel holds more than ${limits.maxTotalElements.toLocaleString('en-US')} tensor elements in all (${Math.round(graph.tensorElements * 8 / 1e6)} MB); restart the kernel to free them, or use smaller tensors`, span);
    }
    if (graph.warnings.length > this.warningsSeen) this.collectWarnings(span);
  }

  nameOf(id: NodeId): string | undefined {
    if (this.nameIndex === undefined || this.nameIndexed < this.out.namedNodes.length) {
      // Built on demand (check, messages): assignments themselves only push to the arrays.
      this.nameIndex ??= new Map();
      for (let k = this.nameIndexed; k < this.out.namedNodes.length; k++) this.nameIndex.set(this.out.namedNodes[k], this.out.nodeNames[k]);
      this.nameIndexed = this.out.namedNodes.length;
    }
    return this.nameIndex.get(id) ?? this.st.notes.name(id);
  }

  // ---- errors ---------------------------------------------------------------

  fail(code: DiagnosticCode, message: string, span: Span): never {
    throw this.calls.error(code, message, span);
  }

  /** Runs an engine call, turning its EngineError into a diagnostic at `span`. */
  engine<T>(f: () => T, span: Span): T {
    try {
      return f();
    } catch (err) {
      throw this.calls.fromEngine(err, span);
    }
  }

  /** New engine warnings (log(0), x/0, overflow …) become W_DOMAIN diagnostics at `span`. */
  collectWarnings(span: Span): void {
    const warnings = this.st.graph.warnings;
    for (let i = this.warningsSeen; i < warnings.length; i++) {
      const s = this.calls.site(span, warnings[i].message);
      this.out.warnings.push(makeDiagnostic('W_DOMAIN', s.message, s.span, this.cell));
    }
    this.warningsSeen = warnings.length;
  }

  /** Warnings raised after the last operator of a statement (there should be none, but never lose one). */
  private flushWarnings(): void {
    if (this.statement && this.st.graph.warnings.length > this.warningsSeen) this.collectWarnings(this.statement.span);
  }
}

