// The evaluation of a command statement (seed, backward, check, forward,
// show, plot, descend, boundary): what it computes over the graph the cell has built,
// and what it puts into the cell's outcome (messages, checks, the graph shown,
// plots). plot and descend, which re-run the graph, are in training.ts;
// boundary, which re-evaluates it over a grid, in boundary.ts.

import type { NodeId } from '../engine';
import type { Command, Expr } from './ast';
import { checkGradients } from './check';
import { LangError, type DiagnosticCode } from './diagnostics';
import type { CellDraft } from './outcome';
import type { Span } from './span';
import type { KernelState } from './state';
import { boundary } from './boundary';
import { descend, plot, type ProgressHook } from './training';
import { shapeText } from './values';

/** What a command uses of the cell being run (the evaluator is one). */
export interface CommandContext {
  readonly st: KernelState;
  readonly cell: string | undefined;
  readonly out: CellDraft;
  readonly onProgress?: ProgressHook;
  /** The node a name holds (a gate's parameter, this cell's name, the namespace's). */
  lookup(name: string, span: Span): NodeId;
  nameOf(id: NodeId): string | undefined;
  /** A scalar the command reads (a range end, a learning rate). */
  number(e: Expr, what: string): number;
  /** A whole number the command reads (a count). */
  integer(e: Expr, what: string, code: DiagnosticCode): number;
  fail(code: DiagnosticCode, message: string, span: Span): never;
  /** Runs an engine call, turning its EngineError into a diagnostic at `span`. */
  engine<T>(f: () => T, span: Span): T;
  /** New engine warnings become W_DOMAIN diagnostics at `span`. */
  collectWarnings(span: Span): void;
}

export function runCommand(cx: CommandContext, s: Command): void {
  const g = cx.st.graph;
  if (s.command === 'seed') {
    const n = s.arg.kind === 'number' ? s.arg.value : 0;
    cx.st.rng.seed(n);
    cx.out.messages.push(`seed ${n}: randn and rand restart from seed ${n}`);
    return;
  }
  if (s.arg.kind !== 'name') throw new LangError('E_SYNTAX', `${s.command} needs a variable name`, s.arg.span);
  const name = s.arg.name;
  const node = cx.lookup(name, s.arg.span);
  switch (s.command) {
    case 'backward':
    case 'check': {
      if (!g.isScalar(node)) {
        cx.fail('E_NOT_SCALAR', `${s.command} needs a scalar target, but '${name}' has shape ${shapeText(g.shape(node))} (reduce it to a scalar first, e.g. L = sum(${name}), then ${s.command} L)`, s.arg.span);
      }
      if (s.command === 'check') {
        const report = cx.engine(() => checkGradients(g, node, name, (id) => cx.nameOf(id)), s.span);
        cx.out.checks.push(...report.checks);
        cx.out.messages.push(...report.messages);
      }
      const order = cx.engine(() => g.backward(node), s.span);
      cx.out.backward = { target: node, order };
      cx.collectWarnings(s.span);
      cx.out.shown = { node, mode: s.command === 'backward' ? 'reverse' : 'check' };
      return;
    }
    case 'forward': {
      cx.engine(() => g.forward(node), s.span);
      cx.collectWarnings(s.span);
      cx.out.shown = { node, mode: 'forward', seed: node };
      return;
    }
    case 'show':
      cx.out.shown = { node, mode: 'show' };
      return;
    case 'plot': return plot(cx, s, node, name);
    case 'descend': return descend(cx, s, node, name);
    case 'boundary': return boundary(cx, s, node, name);
  }
}
