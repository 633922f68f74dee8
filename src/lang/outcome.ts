// What running one cell did, as one value: the evaluator (evaluator.ts)
// returns it, and Session commits it or, when the cell failed, drops it and
// rolls back; the draft of it the statements build. Plus how any failure of a statement becomes a diagnostic.

import { EngineError, type NodeId } from '../engine';
import type { GraphMode } from '../diagram/payload';
import type { BoundaryPlot, CurvePlot, DescentPlot } from '../diagram/plotPayload';
import type { Tensor } from '../engine';
import { LangError, makeDiagnostic } from './diagnostics';
import type { CheckResult, Diagnostic } from './result';
import type { Span } from './span';
import type { GateDef, NamespaceChange } from './state';

/** The graph a cell shows. */
export interface Shown {
  node: NodeId;
  mode: GraphMode;
  seed?: NodeId;
}

/** What running one cell did. Session commits it when `failure` is undefined. */
export interface CellOutcome extends NamespaceChange {
  /** The error that stopped the cell (nothing it assigned may then be kept). */
  readonly failure: Diagnostic | undefined;
  /** The graph the cell shows, from its last backward/forward/check/show. */
  readonly shown: Shown | undefined;
  /** The node of the cell's last assignment or bare expression. */
  readonly lastResult: NodeId | undefined;
  readonly messages: readonly string[];
  readonly checks: readonly CheckResult[];
  /** W_DOMAIN warnings (log(0), x/0 …), at the statements that raised them. */
  readonly warnings: readonly Diagnostic[];
  /** Each `plot`'s curves, in order. */
  readonly plots: readonly CurvePlot[];
  /** Each `descend`'s loss curve, in order. */
  readonly descents: readonly DescentPlot[];
  /** Each `boundary`'s grid and points, in order. */
  readonly boundaries: readonly BoundaryPlot[];
  /**
   * The values the leaves a `descend` moved had before the cell: a rollback
   * sets them back and replays the tape (a descent changes values in place).
   */
  readonly leafBackups: ReadonlyMap<NodeId, number | Tensor>;
}

/** The outcome as a cell's statements build it (failure and bindSerial are added at the end). */
export type CellDraft = { -readonly [K in Exclude<keyof CellOutcome, 'failure' | 'bindSerial'>]: CellOutcome[K] } & {
  names: Map<string, NodeId>; gates: Map<string, GateDef>; namedNodes: NodeId[]; nodeNames: string[];
  messages: string[]; checks: CheckResult[]; warnings: Diagnostic[];
  plots: CurvePlot[]; descents: DescentPlot[]; boundaries: BoundaryPlot[]; leafBackups: Map<NodeId, number | Tensor>;
};

/** Any failure of a statement becomes a diagnostic. */
export function toDiagnostic(err: unknown, statement: Span, cell: string | undefined): Diagnostic {
  if (err instanceof LangError) return makeDiagnostic(err.code, err.message, err.span, cell);
  if (err instanceof EngineError) return makeDiagnostic(err.code, err.message, statement, cell);
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return makeDiagnostic('E_LIMIT', 'this statement is nested too deeply to evaluate', statement, cell);
  }
  // A bug in bpnb, not in the cell: say so, without a stack trace.
  const message = err instanceof Error ? err.message : String(err);
  return makeDiagnostic('E_INTERNAL', `internal error in bpnb: ${message}`, statement, cell);
}
