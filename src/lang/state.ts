// What a kernel session remembers between cells: the engine's graph (the
// tape), the RNG, what we know about each node (NodeNotes), and the committed
// namespace. The namespace changes in one place only, commit(), which Session
// calls with what a successful cell did (a CellOutcome); a failed cell is
// never committed. Per-node facts live in arrays indexed by node id (ids are
// dense, in creation order).

import { Graph, Rng, type NodeId, type Tensor } from '../engine';
import type { Expr } from './ast';
import type { SessionLimits } from './result';
import type { Span } from './span';

export const DEFAULT_LIMITS: SessionLimits = {
  maxTensorSize: 1_000_000,
  maxNodes: 5_000_000,
  maxTotalElements: 50_000_000,
  maxPayloadNodes: 2_000,
  maxCallDepth: 64,
};

export interface GateDef {
  name: string;
  params: string[];
  body: Expr;
  /** The definition's source text. */
  text: string;
  span: Span;
  /** The cell the definition is in (its spans are relative to that cell's source). */
  cell?: string;
  /** Which run of Session.run defined it (tells "this cell" from "another cell" even without cell ids). */
  run: number;
}

/** One call of a user gate. Nodes with ids in [start, end) not claimed by a nested call belong to it. */
export interface GroupRecord {
  readonly name: string;
  readonly span: Span;
  readonly cell?: string;
  /** Index of the enclosing call's record, or -1. */
  readonly parent: number;
  readonly inputs: readonly NodeId[];
  /** -1 until the call returns (stays -1 when the call failed). */
  output: NodeId;
  readonly start: NodeId;
  end: NodeId;
}

/** The last backward a committed cell ran: its target and the order it visited (for playback). */
export interface BackwardRecord {
  readonly target: NodeId;
  readonly order: readonly NodeId[];
}

/** What a successful cell changes in the namespace (the evaluator's CellOutcome carries it). */
export interface NamespaceChange {
  /** Each name the cell assigned, with the node of its last assignment (in the order first assigned). */
  readonly names: ReadonlyMap<string, NodeId>;
  readonly gates: ReadonlyMap<string, GateDef>;
  /** Every assignment in the order made, as parallel arrays (cheaper than a Map for 100k assignments). */
  readonly namedNodes: readonly NodeId[];
  readonly nodeNames: readonly string[];
  /** The serial of the cell's last assignment. */
  readonly bindSerial: number;
  /** The cell's last backward, if it ran one. */
  readonly backward: BackwardRecord | undefined;
}

/**
 * Facts about the nodes that the tape does not hold: where each was written,
 * the name it was last bound to, which gate call built it. Written as nodes
 * are made (a name when its cell commits); a failed cell's nodes keep theirs,
 * unreachable from any name.
 */
/** Numbers per node in NodeNotes' spans. */
const SPAN_FIELDS = 7;
/** Nodes per page of NodeNotes' spans (a power of two). */
const PAGE_BITS = 14;
const PAGE_NODES = 1 << PAGE_BITS;

export class NodeNotes {
  // Spans as numbers, not the Span objects: those are nodes of the syntax
  // tree, which can then die with their statement (a 100,000-line cell would
  // otherwise keep its whole tree alive, and the collector would copy it again
  // and again). Seven numbers per node: the span's six, then the cell's index
  // in `cellIds` plus one (0: no span was noted for the node). In pages of
  // PAGE_NODES nodes: a growing tape adds pages, nothing is copied (one array
  // doubled again and again would copy, and touch twice the memory, for
  // every long cell).
  private readonly pages: Int32Array[] = [];
  private readonly cellIds: (string | undefined)[] = [];
  /** The cell of the last node noted, and its index in cellIds (nodes come in runs of one cell). */
  private lastCell: string | undefined;
  private lastCellIndex = -1;
  private readonly names: (string | undefined)[] = [];
  /** Committed cells' names not yet in `names` (see nameNodes). */
  private readonly unindexed: { nodes: readonly NodeId[]; names: readonly string[] }[] = [];
  private readonly calls: GroupRecord[] = [];
  /** Innermost gate call that built a node (only nodes built inside calls). */
  private readonly callOf = new Map<NodeId, number>();

  made(id: NodeId, span: Span, cell: string | undefined): void {
    const p = id >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(new Int32Array(SPAN_FIELDS * PAGE_NODES));
    const page = this.pages[p];
    const k = SPAN_FIELDS * (id & (PAGE_NODES - 1));
    page[k] = span.start;
    page[k + 1] = span.end;
    page[k + 2] = span.line;
    page[k + 3] = span.column;
    page[k + 4] = span.endLine;
    page[k + 5] = span.endColumn;
    page[k + 6] = this.cellIndex(cell) + 1;
  }

  /** The page holding the node's numbers, and where they start in it; undefined if none was noted. */
  private noted(id: NodeId): { page: Int32Array; k: number } | undefined {
    const page = id >= 0 ? this.pages[id >>> PAGE_BITS] : undefined;
    const k = SPAN_FIELDS * (id & (PAGE_NODES - 1));
    return page !== undefined && page[k + 6] > 0 ? { page, k } : undefined;
  }

  private cellIndex(cell: string | undefined): number {
    if (cell !== this.lastCell || this.lastCellIndex < 0) {
      let i = this.cellIds.indexOf(cell);
      if (i < 0) i = this.cellIds.push(cell) - 1;
      this.lastCell = cell;
      this.lastCellIndex = i;
    }
    return this.lastCellIndex;
  }

  span(id: NodeId): Span | undefined {
    const at = this.noted(id);
    if (at === undefined) return undefined;
    const { page: s, k } = at;
    return { start: s[k], end: s[k + 1], line: s[k + 2], column: s[k + 3], endLine: s[k + 4], endColumn: s[k + 5] };
  }

  cell(id: NodeId): string | undefined {
    const at = this.noted(id);
    return at === undefined ? undefined : this.cellIds[at.page[at.k + 6] - 1];
  }

  /** The name last bound to the node by a committed cell. */
  name(id: NodeId): string | undefined {
    if (this.unindexed.length > 0) this.indexNames();
    return this.names[id];
  }

  /** Start recording a gate call; returns its index. */
  openCall(rec: Omit<GroupRecord, 'output' | 'end'>): number {
    this.calls.push({ ...rec, output: -1, end: -1 });
    return this.calls.length - 1;
  }

  /** The call returned `output`; nodes since its start not claimed by a nested call are its own. */
  closeCall(index: number, output: NodeId, end: NodeId): void {
    const rec = this.calls[index];
    rec.output = output;
    rec.end = end;
    for (let id = rec.start; id < end; id++) if (!this.callOf.has(id)) this.callOf.set(id, index);
  }

  call(index: number): Readonly<GroupRecord> {
    return this.calls[index];
  }

  /** The innermost gate call that built the node, if any. */
  callIndexOf(id: NodeId): number | undefined {
    return this.callOf.get(id);
  }

  /**
   * Names given to nodes by a committed cell. Kept as the cell's own arrays
   * and indexed by node on the first name() after them: a 100,000-line cell
   * run by `bpnb run --json` never asks a node's name, and filling an array of
   * every node's name would be a tenth of its run.
   */
  nameNodes(nodes: readonly NodeId[], names: readonly string[]): void {
    if (nodes.length > 0) this.unindexed.push({ nodes, names });
  }

  private indexNames(): void {
    const all = this.names;
    for (const { nodes, names } of this.unindexed) {
      for (let k = 0; k < nodes.length; k++) {
        const id = nodes[k];
        // Filled up to the id rather than written past the end: an array with holes that far apart turns into a slow dictionary.
        while (all.length < id) all.push(undefined);
        all[id] = names[k];
      }
    }
    this.unindexed.length = 0;
  }
}

export class KernelState {
  readonly graph: Graph;
  readonly rng = new Rng(0);
  readonly notes = new NodeNotes();
  /** Each name's node. Plain node ids, no object per name: a 100,000-name namespace is one map. */
  private namespace = new Map<string, NodeId>();
  /**
   * Committed cells' assignments in the order made (the cells' own arrays,
   * oldest cell first): which binding is the most recent, for `forward`.
   * Compacted to the current bindings when it grows past twice the namespace.
   */
  private bindLog: { nodes: readonly NodeId[]; names: readonly string[] }[] = [];
  private logged = 0;
  private readonly gateDefs = new Map<string, GateDef>();
  private serial = 0;
  private backwardRecord: BackwardRecord | undefined;
  /**
   * Data: constants that an assignment keeps constant (not a new input): the
   * points of moons/circles, their labels, and constants computed from them.
   * A failed cell's marks stay, on nodes no name reaches.
   */
  readonly data = new Set<NodeId>();
  /** The labels of each data set's points node (labels(X)). */
  readonly labelsOf = new Map<NodeId, Tensor>();
  /** The column names of a csv(…) node read from a file with a header (for the variables table and hovers). */
  readonly columnsOf = new Map<NodeId, string[]>();
  /** Grows when values on the tape change in place (a descend, or its rollback): what was read from it is stale. */
  valuesEpoch = 0;

  constructor(readonly limits: SessionLimits) {
    this.graph = new Graph({ maxNodes: limits.maxNodes, maxTensorSize: limits.maxTensorSize });
  }

  get names(): ReadonlyMap<string, NodeId> {
    return this.namespace;
  }

  get gates(): ReadonlyMap<string, GateDef> {
    return this.gateDefs;
  }

  /** The serial of the last committed assignment (grows with every one). */
  get bindSerial(): number {
    return this.serial;
  }

  /** The last backward of a committed cell. */
  get lastBackward(): BackwardRecord | undefined {
    return this.backwardRecord;
  }

  /** The seed of the graph's last forward (the sweeps are the graph's: a failed cell's are put back). */
  get forwardSeed(): NodeId | undefined {
    return this.graph.sweepState().forward?.seed;
  }

  /** Make a successful cell's assignments, gates and backward part of the session. Called by Session only. */
  commit(change: NamespaceChange): void {
    // Into an empty namespace the cell's map becomes the namespace (same
    // entries, same order): a 100,000-line first cell copies nothing.
    if (this.namespace.size === 0 && change.names instanceof Map) this.namespace = change.names;
    else for (const [name, b] of change.names) this.namespace.set(name, b);
    for (const [name, gate] of change.gates) this.gateDefs.set(name, gate);
    this.notes.nameNodes(change.namedNodes, change.nodeNames);
    if (change.namedNodes.length > 0) {
      this.bindLog.push({ nodes: change.namedNodes, names: change.nodeNames });
      this.logged += change.namedNodes.length;
      if (this.logged > 2 * this.namespace.size + 1024) this.compactLog();
    }
    this.serial = change.bindSerial;
    if (change.backward !== undefined) this.backwardRecord = change.backward;
  }

  /** The current bindings, the most recent first: each name once, with its node. */
  *recentBindings(): Generator<[string, NodeId]> {
    const seen = new Set<string>();
    for (let k = this.bindLog.length - 1; k >= 0; k--) {
      const { nodes, names } = this.bindLog[k];
      for (let j = names.length - 1; j >= 0; j--) {
        if (seen.has(names[j])) continue; // a later assignment of the name came first
        seen.add(names[j]);
        yield [names[j], nodes[j]];
      }
    }
  }

  /** The log down to the current bindings, in the order they were made. */
  private compactLog(): void {
    const nodes: NodeId[] = [];
    const names: string[] = [];
    for (const [name, node] of this.recentBindings()) {
      names.push(name);
      nodes.push(node);
    }
    this.bindLog = [{ nodes: nodes.reverse(), names: names.reverse() }];
    this.logged = nodes.length;
  }
}
