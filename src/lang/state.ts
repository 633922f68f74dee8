// What a kernel session remembers between cells: the engine's graph (the tape),
// the namespace, the user gates, the RNG, and, per node, where in the source it
// was made, which name it is bound to and which gate call built it. Per-node
// facts live in arrays indexed by node id (ids are dense, in creation order).

import { Graph, Rng, type NodeId } from '../engine';
import type { Expr } from './ast';
import type { SessionLimits, VariableInfo } from './result';
import type { Span } from './span';

export const DEFAULT_LIMITS: SessionLimits = {
  maxTensorSize: 1_000_000,
  maxNodes: 5_000_000,
  maxTotalElements: 50_000_000,
  maxPayloadNodes: 2_000,
  maxCallDepth: 64,
};

export interface Binding {
  node: NodeId;
  /** Increases with every assignment in the session: the most recent binding has the largest. */
  serial: number;
}

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
  name: string;
  span: Span;
  cell?: string;
  /** Index of the enclosing call's record, or -1. */
  parent: number;
  inputs: NodeId[];
  /** -1 until the call returns (stays -1 when the call failed). */
  output: NodeId;
  start: NodeId;
  end: NodeId;
}

export class KernelState {
  readonly graph: Graph;
  readonly rng = new Rng(0);
  /** Replaced wholesale (not only added to) when a cell commits into an empty namespace. */
  names = new Map<string, Binding>();
  readonly gates = new Map<string, GateDef>();
  /** The name last assigned to each node. */
  readonly nodeName: (string | undefined)[] = [];
  readonly nodeSpan: (Span | undefined)[] = [];
  readonly nodeCell: (string | undefined)[] = [];
  readonly groups: GroupRecord[] = [];
  /** Innermost gate call that built a node (only nodes built inside calls). */
  readonly nodeGroup = new Map<NodeId, number>();
  lastBackward: { target: NodeId; order: NodeId[] } | undefined;
  lastForward: { seed: NodeId } | undefined;
  /** names' keys, sorted; valid while its length equals names.size (names are only ever added). */
  sortedNames: string[] | undefined;
  bindSerial = 0;
  /** The last variables table and what it was built from (see Session.variables). */
  variablesCache: {
    bindSerial: number;
    backward: KernelState['lastBackward'];
    forward: KernelState['lastForward'];
    variables: Record<string, VariableInfo>;
  } | undefined;
  runSerial = 0;
  /** Elements of every tensor on the tape (values only), against limits.maxTotalElements. */
  tensorElements = 0;
  warningsSeen = 0;

  constructor(readonly limits: SessionLimits) {
    this.graph = new Graph({ maxNodes: limits.maxNodes, maxTensorSize: limits.maxTensorSize });
  }
}
