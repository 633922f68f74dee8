// What running a cell gives back: the contract between the language session
// (src/lang/session.ts) and everything that shows results: the kernel worker,
// the hovers, the CLI. Plain JSON-able data, so it crosses the worker boundary
// by structured clone unchanged.

import type { GraphPayload, JsonTensor, SourceRange } from '../diagram/payload';
import type { BoundaryPlot, CurvePlot, DescentPlot } from '../diagram/plotPayload';
import type { DataFiles } from './dataFiles';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a cell, as data. Codes are stable and documented in docs/language.md. */
export interface Diagnostic {
  /** e.g. 'E_SYNTAX', 'E_UNKNOWN_NAME', 'E_SHAPE', 'E_ARITY', 'E_NOT_SCALAR', 'W_DOMAIN'. */
  code: string;
  message: string;
  severity: Severity;
  range: SourceRange;
}

export interface VariableInfo {
  value: JsonTensor;
  shape: number[];
  /** Present once a backward sweep has reached the variable. */
  grad?: JsonTensor;
  /** Present once a forward sweep has reached the variable. */
  tangent?: JsonTensor;
  /** Data read by csv(…) from a file with a header row: the names of its columns (of the columns picked). */
  columns?: string[];
}

/** One line of a `check f` report: reverse mode against central differences. */
export interface CheckResult {
  target: string;
  /** The leaf's name; for a tensor leaf one line per element: 'W[0, 1]'. */
  wrt: string;
  analytic: number;
  numeric: number;
  relError: number;
}

/** A user gate defined by `def`, for completion and hovers. */
export interface GateInfo {
  name: string;
  params: string[];
  /** The definition's source text, e.g. 'def sig(t) = 1 / (1 + exp(-t))'. */
  text: string;
}

export interface CellResult {
  /** false when any diagnostic is an error; the namespace is then as it was before the cell. */
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Every name in the namespace after the cell ran (not only the cell's own), sorted by name. */
  variables: Record<string, VariableInfo>;
  gates: GateInfo[];
  checks: CheckResult[];
  /** The graph the cell shows (spec §1 "Which graph a cell shows"), if any. */
  graph?: GraphPayload;
  /** Lines for people that are not part of the graph, e.g. a `seed` acknowledgement. */
  messages: string[];
  /** Each `plot` of the cell, in order (present when it made any; never for a failed cell). */
  plots?: CurvePlot[];
  /** Each `descend` of the cell, its loss curve, in order (present when it made any; never for a failed cell). */
  descents?: DescentPlot[];
  /** Each `boundary` of the cell, its grid and points, in order (present when it made any; never for a failed cell). */
  boundaries?: BoundaryPlot[];
}

export interface RunOptions {
  /** Identifies the cell in source ranges (SourceRange.cell); the kernel passes the cell's URI. */
  cellId?: string;
  /**
   * Called while a `descend` runs, at most every 100 ms, with its loss curve
   * so far and `running: { done }` (steps done); for a live loss curve.
   * Called synchronously from inside the run: keep it cheap. `p.loss` is
   * the descent's own growing array, lent for the call: copy what you keep.
   */
  onProgress?: (p: DescentPlot) => void;
  /**
   * false: the result has no `graph` (the payload is not built). For callers
   * that show no graph, e.g. `bpnb run` printing its report: building the
   * payload walks every ancestor of the target (300,000 nodes in a long cell).
   */
  graph?: boolean;
  /**
   * The data files the cell reads (csv("points.csv")), by the name written in
   * the cell, as the host found them: it reads `filesToRead(source)`
   * (src/lang/dataFiles.ts) beside the notebook before the run.
   */
  files?: DataFiles;
}

export interface SessionLimits {
  /** Most elements in one tensor (default 1,000,000: 8 MB, and a 1000×1000 matrix product stays near a second). */
  maxTensorSize: number;
  /** Most nodes in the session's graph (default 5,000,000). */
  maxNodes: number;
  /**
   * Most tensor elements on the whole tape, every cell since the last restart
   * (default 50,000,000: 400 MB of values). Typed arrays live outside the V8
   * heap, so the kernel worker's heap limit alone would not bound them.
   */
  maxTotalElements: number;
  /** Most nodes put in a GraphPayload, nearest the target first (default 2,000). */
  maxPayloadNodes: number;
  /** Deepest user-gate call nesting before E_RECURSION (default 64). */
  maxCallDepth: number;
}
