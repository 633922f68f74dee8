// The `check f` command: reverse mode against central differences for every
// input element f depends on, as CheckResults and the report's lines.

import { gradcheck, type Graph, type NodeId } from '../engine';
import type { CheckResult } from './result';

/** `check` compares at most this many input elements per command. */
export const MAX_CHECK_ELEMENTS = 1000;
/** … at most this many node re-evaluations (elements × the target's graph) … */
const MAX_CHECK_WORK = 300_000;
/** … and at most this many nodes looked at by the replays (elements × the tape from the input to the target). */
const MAX_CHECK_SCAN = 50_000_000;

export interface CheckReport {
  checks: CheckResult[];
  /** One line per comparison, and one per input skipped. */
  messages: string[];
}

/** Runs gradcheck on target's inputs (within the limits above). Leaves backward(target)'s gradients. */
export function checkGradients(g: Graph, target: NodeId, targetName: string, nameOf: (id: NodeId) => string | undefined): CheckReport {
  const report: CheckReport = { checks: [], messages: [] };
  const ancestors = g.ancestors(target);
  // Central differences re-evaluate the graph twice per input element: keep the work bounded.
  const leaves: NodeId[] = [];
  let elements = 0;
  for (const id of ancestors) {
    if (g.op(id) !== 'leaf') continue;
    const size = g.value(id).size;
    const total = elements + size;
    if (total > MAX_CHECK_ELEMENTS || total * ancestors.length > MAX_CHECK_WORK || total * (target - ancestors[0]) > MAX_CHECK_SCAN) {
      report.messages.push(`check ${targetName}: skipped ${nameOf(id) ?? 'an input'} (${size} element${size === 1 ? '' : 's'}): check compares at most ${MAX_CHECK_ELEMENTS} elements, fewer for big graphs`);
      continue;
    }
    leaves.push(id);
    elements = total;
  }
  const results = gradcheck(g, target, leaves);
  for (const r of results) {
    const leafName = nameOf(r.leaf) ?? 'an input';
    const shape = g.shape(r.leaf);
    const wrt = shape.length === 0 ? leafName : `${leafName}[${unravel(r.index, shape).join(', ')}]`;
    report.checks.push({ target: targetName, wrt, analytic: r.analytic, numeric: r.numeric, relError: r.relError });
    const verdict = r.relError <= 1e-6 ? 'ok' : r.relError <= 1e-3 ? 'close' : 'MISMATCH';
    report.messages.push(`check ∂${targetName}/∂${wrt}: analytic ${r.analytic}, numeric ${r.numeric}, relative error ${r.relError.toExponential(2)} (${verdict})`);
  }
  if (results.length === 0) report.messages.push(`check ${targetName}: it depends on no input, nothing to compare`);
  return report;
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
