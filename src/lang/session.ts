// The kernel's brain: one Session per notebook. It keeps the namespace, the
// user gates, the engine graph and the RNG across `run` calls, like a Jupyter
// kernel. A cell's evaluation returns what it did (a CellOutcome); Session
// alone commits it, or, when the cell failed, rolls back what the cell did
// outside its outcome (the graph's sweeps, the RNG), so a failed cell leaves
// the session exactly as it was.

import type { NodeId, RngState, SweepState } from '../engine';
import type { GraphPayload } from '../diagram/payload';
import { makeDiagnostic } from './diagnostics';
import { startCell } from './evaluator';
import type { CellOutcome } from './outcome';
import { parseEach } from './parser';
import { buildPayload } from './payloadBuilder';
import type { CellResult, Diagnostic, GateInfo, RunOptions, SessionLimits, VariableInfo } from './result';
import type { Span } from './span';
import { DEFAULT_LIMITS, KernelState } from './state';
import { VariableTable } from './variableTable';

/** The variables table and what it was built from (see Session.variableTable). */
interface VariablesTable {
  bindSerial: number;
  valuesEpoch: number;
  sweeps: SweepState;
  table: VariableTable;
}

export class Session {
  private readonly limits: SessionLimits;
  private state: KernelState;
  private runSerial = 0;
  /** The namespace's names, sorted (see sortedNamespace); valid while their count equals names.size. */
  private sorted: { names: string[]; places: number[] } | undefined;
  private table: VariablesTable | undefined;

  /**
   * `straight: false` reads every statement with the general parser, never
   * straight.ts's reading: the reference the tests hold the straight reading to.
   */
  constructor(limits?: Partial<SessionLimits>, private readonly options: { straight?: boolean } = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...definedOnly(limits ?? {}) };
    this.state = new KernelState(this.limits);
  }

  /** Forget everything: names, gates, the graph, the RNG (as a kernel restart does). */
  reset(): void {
    this.state = new KernelState(this.limits);
    this.sorted = undefined;
    this.table = undefined;
  }

  /** The variable names in the namespace, sorted. */
  names(): string[] {
    return [...this.sortedNames()];
  }

  private sortedNames(): readonly string[] {
    return this.sortedNamespace().names;
  }

  /**
   * The names sorted, and where each stands in the namespace's insertion order
   * (which never changes: names are only ever added, and binding a name again
   * keeps its place). Sorting 100,000 names for every cell is noticeable, so
   * this is re-sorted only when a name was added.
   */
  private sortedNamespace(): { names: string[]; places: number[] } {
    const names = this.state.names;
    if (this.sorted === undefined || this.sorted.names.length !== names.size) {
      const inserted = [...names.keys()];
      // An array of indices sorts faster than an Int32Array with a comparator (measured: ~10 vs ~25 ms for 100,000).
      const places = Array.from(inserted.keys()).sort((a, b) => (inserted[a] < inserted[b] ? -1 : inserted[a] > inserted[b] ? 1 : 0));
      const sortedNames = new Array<string>(places.length);
      for (let i = 0; i < places.length; i++) sortedNames[i] = inserted[places[i]];
      this.sorted = { names: sortedNames, places };
    }
    return this.sorted;
  }

  /** How many nodes the session's tape holds (it only grows; plot and descend add none of their own). */
  nodeCount(): number {
    return this.state.graph.size;
  }

  gates(): GateInfo[] {
    return [...this.state.gates.values()]
      .map((d) => ({ name: d.name, params: [...d.params], text: d.text }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Run one cell. Never throws for user errors: they come back as diagnostics. */
  run(source: string, options: RunOptions = {}): CellResult {
    try {
      return this.runCell(source, options);
    } catch (err) {
      // A bug in bpnb, not in the cell. Report it without a stack trace.
      const message = err instanceof Error ? err.message : String(err);
      const at: Span = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 };
      return this.result(false, [makeDiagnostic('E_INTERNAL', `internal error in bpnb: ${message}`, at, options.cellId)], undefined, undefined);
    }
  }

  private runCell(source: string, options: RunOptions): CellResult {
    const cell = options.cellId;
    const st = this.state;
    const before = { sweeps: st.graph.sweepState(), rng: st.rng.snapshot() };
    // Each statement runs as soon as it is parsed, while the cell has no
    // syntax error (then its tree dies young); a syntax error anywhere means
    // the cell did not run: whatever ran is rolled back, like a failed cell.
    const running = startCell(st, cell, ++this.runSerial, options.onProgress, options.files);
    let diagnostics: Diagnostic[];
    try {
      diagnostics = parseEach(source, cell, (s) => running.step(s), this.options.straight !== false ? (s) => running.stepStraight(s) : undefined);
    } catch (err) {
      this.rollback(before, running.outcome()); // a bug in the parser: what ran before it is undone too
      throw err;
    }
    const out = running.outcome();
    if (diagnostics.some((d) => d.severity === 'error')) {
      this.rollback(before, out);
      return this.result(false, diagnostics, undefined, undefined);
    }
    const all = [...diagnostics, ...out.warnings];
    if (out.failure !== undefined) {
      this.rollback(before, out);
      return this.result(false, [...all, nothingKept(out.failure, out)], out, undefined);
    }
    st.commit(out);

    let graph: GraphPayload | undefined;
    const shown = out.shown ?? (out.lastResult !== undefined ? { node: out.lastResult, mode: 'show' as const } : undefined);
    if (shown !== undefined && options.graph !== false) {
      let target = shown.node;
      if (shown.mode === 'forward') target = this.forwardTarget(shown.node, out.lastResult);
      graph = buildPayload(st, {
        target,
        mode: shown.mode,
        seed: shown.seed,
        nameOf: (id) => st.notes.name(id),
        warnings: out.warnings.map((d) => d.message),
      });
    }
    return this.result(true, all, out, graph);
  }

  /** Drop what a cell did outside its outcome (the outcome itself is simply not committed). */
  private rollback(before: { sweeps: SweepState; rng: RngState }, out: CellOutcome): void {
    const g = this.state.graph;
    if (out.leafBackups.size > 0) {
      // A descent moved leaves in place: put them back, recompute what depends on them, then the sweeps.
      for (const [id, value] of out.leafBackups) g.setLeaf(id, value);
      g.replay();
      this.state.valuesEpoch++;
    }
    g.restoreSweeps(before.sweeps);
    this.state.rng.restore(before.rng);
  }

  /**
   * `forward x` shows the graph of something that depends on x: the cell's last
   * result if it does, else the most recently bound name that does, else x.
   */
  private forwardTarget(seed: NodeId, lastResult: NodeId | undefined): NodeId {
    const g = this.state.graph;
    if (lastResult !== undefined && lastResult !== seed && g.tangent(lastResult) !== undefined) return lastResult;
    for (const [, node] of this.state.recentBindings()) if (node !== seed && g.tangent(node) !== undefined) return node;
    return seed;
  }

  private result(ok: boolean, diagnostics: Diagnostic[], out: CellOutcome | undefined, graph: GraphPayload | undefined): CellResult {
    const table = this.variableTable();
    const res: CellResult = {
      ok,
      diagnostics,
      // Built on first read (the table is a snapshot, so reading it later gives the same names and numbers),
      // then a plain field; assigning it works as on any object.
      get variables(): Record<string, VariableInfo> {
        return settle(this, table.toRecord());
      },
      set variables(value: Record<string, VariableInfo>) {
        settle(this, value);
      },
      gates: this.gates(),
      checks: ok && out ? [...out.checks] : [],
      messages: out ? [...out.messages] : [],
    };
    if (graph !== undefined) res.graph = graph;
    if (ok && out && out.plots.length > 0) res.plots = [...out.plots];
    if (ok && out && out.descents.length > 0) res.descents = [...out.descents];
    if (ok && out && out.boundaries.length > 0) res.boundaries = [...out.boundaries];
    tables.set(res, table);
    return res;
  }

  /**
   * Every name with its value, gradient and tangent, as columns. Values never
   * change (nodes are immutable), so the table is rebuilt only when a name was
   * bound, the graph's sweeps changed (a new SweepState each time) or a descent
   * moved values; a notebook with 100,000 names pays for it once.
   */
  private variableTable(): VariableTable {
    const st = this.state;
    const sweeps = st.graph.sweepState();
    const c = this.table;
    if (c && c.bindSerial === st.bindSerial && c.sweeps === sweeps && c.valuesEpoch === st.valuesEpoch) return c.table;
    // Each name's node by its place in insertion order: one pass over the bindings, no lookup per name.
    const { names, places } = this.sortedNamespace();
    const byPlace = new Int32Array(places.length);
    let k = 0;
    for (const node of st.names.values()) byPlace[k++] = node;
    const table = VariableTable.build(st.graph, sweeps, names, (i) => byPlace[places[i]], st.columnsOf);
    this.table = { bindSerial: st.bindSerial, valuesEpoch: st.valuesEpoch, sweeps, table };
    return table;
  }
}

/**
 * The columns a result's `variables` are built from, for readers that want
 * them without the object per name (the CLI's JSON writer); undefined for a
 * result Session did not make (e.g. a copy).
 */
export function variableTableOf(result: CellResult): VariableTable | undefined {
  return tables.get(result);
}

const tables = new WeakMap<CellResult, VariableTable>();

/** Makes `variables` a plain data field of the result holding `value`. */
function settle(result: CellResult, value: Record<string, VariableInfo>): Record<string, VariableInfo> {
  Object.defineProperty(result, 'variables', { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** At most this many of a failed cell's names are listed in its error. */
const LISTED_NAMES = 5;

/** A failed cell's error, saying that what it assigned was dropped (when it assigned anything). */
function nothingKept(failure: Diagnostic, out: CellOutcome): Diagnostic {
  const names = [...out.names.keys(), ...out.gates.keys()];
  if (names.length === 0) return failure;
  const listed = names.slice(0, LISTED_NAMES).join(', ') + (names.length > LISTED_NAMES ? ', …' : '');
  return { ...failure, message: `${failure.message}; nothing this cell assigned was kept (${listed})` };
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
