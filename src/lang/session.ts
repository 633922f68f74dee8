// The kernel's brain: one Session per notebook. It keeps the namespace, the
// user gates, the engine graph and the RNG across `run` calls, like a Jupyter
// kernel. A cell runs into pending maps and is committed only if it has no
// error, so a failed cell leaves the namespace exactly as it was.

import { EngineError, type NodeId, type Tensor } from '../engine';
import type { GraphPayload, JsonTensor } from '../diagram/payload';
import { LangError, makeDiagnostic } from './diagnostics';
import { CellEvaluator } from './evaluator';
import { parse } from './parser';
import { buildPayload } from './payloadBuilder';
import type { CellResult, Diagnostic, GateInfo, RunOptions, SessionLimits, VariableInfo } from './result';
import type { Span } from './span';
import { DEFAULT_LIMITS, KernelState } from './state';
import { jsonScalar, tensorToJson } from './values';

export class Session {
  private readonly limits: SessionLimits;
  private state: KernelState;

  constructor(limits?: Partial<SessionLimits>) {
    this.limits = { ...DEFAULT_LIMITS, ...definedOnly(limits ?? {}) };
    this.state = new KernelState(this.limits);
  }

  /** Forget everything: names, gates, the graph, the RNG (as a kernel restart does). */
  reset(): void {
    this.state = new KernelState(this.limits);
  }

  /** The variable names in the namespace, sorted. */
  names(): string[] {
    const st = this.state;
    // Sorting 100,000 names for every cell is noticeable; re-sort only when a name was added.
    if (st.sortedNames === undefined || st.sortedNames.length !== st.names.size) st.sortedNames = [...st.names.keys()].sort();
    return [...st.sortedNames];
  }

  private sortedNames(): readonly string[] {
    this.names();
    return this.state.sortedNames!;
  }

  gates(): GateInfo[] {
    return [...this.state.gates.values()]
      .map((d) => ({ name: d.name, params: [...d.params], text: d.text }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Run one cell. Never throws for user errors: they come back as diagnostics. */
  run(source: string, options: RunOptions = {}): CellResult {
    try {
      return this.runCell(source, options.cellId);
    } catch (err) {
      // A bug in bpnb, not in the cell. Report it without a stack trace.
      const message = err instanceof Error ? err.message : String(err);
      const at: Span = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 };
      return this.result(false, [makeDiagnostic('E_INTERNAL', `internal error in bpnb: ${message}`, at, options.cellId)], undefined, undefined);
    }
  }

  private runCell(source: string, cell: string | undefined): CellResult {
    const st = this.state;
    const run = ++st.runSerial;
    const { program, diagnostics } = parse(source, cell);
    if (diagnostics.some((d) => d.severity === 'error')) return this.result(false, diagnostics, undefined, undefined);

    const ev = new CellEvaluator(st, cell, run);
    const before = { backward: st.lastBackward, forward: st.lastForward, rng: snapshotRng(st) };
    let failure: Diagnostic | undefined;
    for (const s of program.statements) {
      try {
        ev.exec(s);
        ev.flushWarnings();
      } catch (err) {
        failure = this.toDiagnostic(err, s.span, cell);
        break;
      }
    }
    const all = [...diagnostics, ...ev.warnings];
    if (failure !== undefined) {
      this.rollback(before);
      st.warningsSeen = st.graph.warnings.length;
      return this.result(false, [...all, failure], ev, undefined);
    }

    // Commit.
    // Into an empty namespace the pending map is the namespace (same entries, same
    // order): a 100,000-line first cell does not copy 100,000 entries.
    if (st.names.size === 0) st.names = ev.pendingNames;
    else for (const [name, b] of ev.pendingNames) st.names.set(name, b);
    for (const [name, gate] of ev.pendingGates) st.gates.set(name, gate);
    for (let k = 0; k < ev.namedNodes.length; k++) st.nodeName[ev.namedNodes[k]] = ev.nodeNames[k];
    st.bindSerial = ev.bindSerial;

    let graph: GraphPayload | undefined;
    const shown = ev.commandShown ?? (ev.lastResult !== undefined ? { node: ev.lastResult, mode: 'show' as const } : undefined);
    if (shown !== undefined) {
      let target = shown.node;
      if (shown.mode === 'forward') target = this.forwardTarget(shown.node, ev.lastResult);
      graph = buildPayload(st, {
        target,
        mode: shown.mode,
        seed: shown.seed,
        nameOf: (id) => st.nodeName[id],
        warnings: ev.warnings.map((d) => d.message),
      });
    }
    return this.result(true, all, ev, graph);
  }

  /**
   * `forward x` shows the graph of something that depends on x: the cell's last
   * result if it does, else the most recently bound name that does, else x.
   */
  private forwardTarget(seed: NodeId, lastResult: NodeId | undefined): NodeId {
    const g = this.state.graph;
    if (lastResult !== undefined && lastResult !== seed && g.tangent(lastResult) !== undefined) return lastResult;
    const bySerial = [...this.state.names.values()].sort((a, b) => b.serial - a.serial);
    for (const b of bySerial) if (b.node !== seed && g.tangent(b.node) !== undefined) return b.node;
    return seed;
  }

  /** Any failure of a statement becomes a diagnostic (the cell is then rolled back). */
  private toDiagnostic(err: unknown, statement: Span, cell: string | undefined): Diagnostic {
    if (err instanceof LangError) return makeDiagnostic(err.code, err.message, err.span, cell);
    if (err instanceof EngineError) return makeDiagnostic(err.code, err.message, statement, cell);
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return makeDiagnostic('E_LIMIT', 'this statement is nested too deeply to evaluate', statement, cell);
    }
    // A bug in bpnb, not in the cell: say so, without a stack trace.
    const message = err instanceof Error ? err.message : String(err);
    return makeDiagnostic('E_INTERNAL', `internal error in bpnb: ${message}`, statement, cell);
  }

  /** Undo what a failed cell did outside the pending maps: sweeps and the RNG. */
  private rollback(before: { backward: KernelState['lastBackward']; forward: KernelState['lastForward']; rng: RngSnapshot }): void {
    const st = this.state;
    const g = st.graph;
    if (st.lastBackward !== before.backward) {
      // Re-running the earlier sweep restores its gradients exactly; with none, sweep from a fresh constant to clear them.
      if (before.backward) g.backward(before.backward.target);
      else g.backward(g.constant(0));
      st.lastBackward = before.backward;
    }
    if (st.lastForward !== before.forward) {
      if (before.forward) g.forward(before.forward.seed);
      else g.forward(g.constant(0));
      st.lastForward = before.forward;
    }
    restoreRng(st, before.rng);
  }

  private result(ok: boolean, diagnostics: Diagnostic[], ev: CellEvaluator | undefined, graph: GraphPayload | undefined): CellResult {
    const res: CellResult = {
      ok,
      diagnostics,
      variables: this.variables(),
      gates: this.gates(),
      checks: ok && ev ? ev.checks : [],
      messages: ev ? ev.messages : [],
    };
    if (graph !== undefined) res.graph = graph;
    return res;
  }

  /**
   * Every name with its value, gradient and tangent. Values never change
   * (nodes are immutable), so the table is rebuilt only when a name was bound
   * or a sweep ran; a notebook with 100,000 names pays for it once.
   */
  private variables(): Record<string, VariableInfo> {
    const st = this.state;
    const c = st.variablesCache;
    if (c && c.bindSerial === st.bindSerial && c.backward === st.lastBackward && c.forward === st.lastForward) return c.variables;
    const g = st.graph;
    const variables: Record<string, VariableInfo> = {};
    for (const name of this.sortedNames()) {
      const node = st.names.get(name)!.node;
      const scalar = g.isScalar(node);
      const value = scalar ? jsonScalar(g.scalar(node)) : tensorToJson(g.value(node));
      const shape = scalar ? [] : [...g.shape(node)];
      // Only a recorded sweep leaves gradients/tangents (rollback and jacobian restore or clear them).
      // A scalar's gradient as a number: no Tensor made and dropped per name (100,000 names in a long cell).
      let grad: JsonTensor | undefined;
      if (st.lastBackward) {
        if (scalar) {
          const d = g.scalarGrad(node);
          if (d !== undefined) grad = jsonScalar(d);
        } else {
          const t = g.grad(node);
          if (t) grad = toJson(t);
        }
      }
      // One literal with every field (same key order as adding grad after): no map transition per entry.
      const info: VariableInfo = grad !== undefined ? { value, shape, grad } : { value, shape };
      const tangent = st.lastForward && g.tangent(node);
      if (tangent) info.tangent = toJson(tangent);
      variables[name] = info;
    }
    st.variablesCache = { bindSerial: st.bindSerial, backward: st.lastBackward, forward: st.lastForward, variables };
    return variables;
  }
}

/** tensorToJson, with scalars (most gradients) taken directly. */
function toJson(t: Tensor): JsonTensor {
  return t.shape.length === 0 ? jsonScalar(t.data[0]) : tensorToJson(t);
}

type RngSnapshot = Record<string, unknown>;

// The engine's Rng has no public state accessors; its state is a few plain
// number fields, so a shallow copy of its own properties snapshots it.
function snapshotRng(st: KernelState): RngSnapshot {
  return { ...(st.rng as unknown as RngSnapshot) };
}

function restoreRng(st: KernelState, snap: RngSnapshot): void {
  Object.assign(st.rng as unknown as RngSnapshot, snap);
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
