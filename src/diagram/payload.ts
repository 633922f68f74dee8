// The graph a cell shows, as plain JSON: the contract between the language
// session (which produces it), the diagram code, the kernel (which puts it in a
// cell output under GRAPH_MIME), the renderer and the hovers (which read it).
// Pure data: no functions, no class instances, JSON round-trips it unchanged.

export const GRAPH_MIME = 'application/vnd.bpnb.graph+json';
export const PAYLOAD_VERSION = 1;

/**
 * A number as JSON can carry it. Finite numbers are JSON numbers; NaN and the
 * infinities, which JSON cannot represent, are the strings below.
 */
export type JsonScalar = number | 'NaN' | 'Infinity' | '-Infinity';
/** A scalar, or a tensor as nested arrays (row-major, NumPy's nesting). */
export type JsonTensor = JsonScalar | JsonTensor[];

/** 0-based, end exclusive, like VS Code's Range. User-facing text adds 1. */
export interface SourceRange {
  /** Which cell the range is in (the id the kernel passed to Session.run). */
  cell?: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export type NodeKind = 'input' | 'const' | 'gate';

export interface GraphNode {
  /** Stable within the payload: 'n0', 'n1', … in topological order. */
  id: string;
  /** What the diagram prints: the bound name if any, else the op symbol. */
  label: string;
  /** The variable name bound to this node, if a name is. */
  name?: string;
  /** 'leaf' | 'const' | an op name from the engine's registry ('add', 'mul', 'exp', …). */
  op: string;
  /** How the lecture draws the gate: '+', '×', '÷', 'exp', 'σ', 'max', '@', …; for leaves the label. */
  symbol: string;
  kind: NodeKind;
  shape: number[];
  value: JsonTensor;
  /** ∂target/∂node; present once a backward sweep has reached the node. */
  grad?: JsonTensor;
  /** ∂node/∂seed; present once a forward sweep has reached the node. */
  tangent?: JsonTensor;
  /** Where in the source the node was created (the operator or call, or the assignment of a leaf). */
  range?: SourceRange;
  /** The innermost user-gate call this node was built inside. */
  group?: string;
  /** `index` gates: the integer indices (the op's attrs), so the graph can be evaluated again from the payload (live inputs). */
  indices?: number[];
  /** Data read by csv(…) from a file with a header row: the names of its columns (of the columns picked), for the details. */
  columns?: string[];
}

export interface GraphEdge {
  /** Input node id. */
  from: string;
  /** Consumer node id. */
  to: string;
  /** Position of `from` among `to`'s inputs (0-based); `x*x` has two edges. */
  index: number;
  /** The local derivative ∂to/∂from in words, e.g. '∂(a·b)/∂a = b'. */
  localText: string;
  /** Its value at this point, when `to` and `from` are scalars. */
  local?: JsonScalar;
}

/** One call of a user gate (`def`), which the diagram can collapse into one node. */
export interface GateGroup {
  id: string;
  /** The gate's name as the user defined it. */
  name: string;
  /** The enclosing call, for a gate called inside a gate. */
  parent?: string;
  range?: SourceRange;
  /** The node the call returned. */
  output: string;
  /** The argument nodes (outside the group) in parameter order. */
  inputs: string[];
  /** ∂output/∂input for each input, when all are scalars (the product of its insides). */
  local?: JsonScalar[];
}

export type GraphMode = 'reverse' | 'forward' | 'check' | 'show';

export interface GraphPayload {
  version: typeof PAYLOAD_VERSION;
  mode: GraphMode;
  /** Node id of the graph's target (the output whose graph this is). */
  target: string;
  /** Name of the target variable, if bound. */
  targetName?: string;
  /** Forward mode: node id of the seeded input. */
  seed?: string;
  /** Topological order: every node after its inputs. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GateGroup[];
  /**
   * Reverse mode: node ids in the order the backward sweep handled them,
   * target first; the renderer's step-by-step playback walks this list.
   */
  backwardOrder: string[];
  /** Nodes of the target's graph left out of this payload because it is too big. */
  omitted: number;
  /** Numbers that went out of a function's domain or overflowed, in words. */
  warnings: string[];
}
