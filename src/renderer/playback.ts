// Backward playback, decided from the payload alone (no DOM): the steps, which
// gradients are known at each step, and the caption. Unit-tested in Node
// (test/unit/renderer/playback.test.ts).
//
// A step is one gate of the drawing. With *Collapse gates* a user-gate call
// is one gate: one step (at its output node, which the drawing's call node
// stands for), its caption through the gate's own local derivatives, and the
// hidden inner nodes are no steps at all.
import type { GraphNode, GraphPayload } from '../diagram/payload';
import { readGraph } from '../diagram/reading';

/** The playback's steps: payload node ids in the backward sweep's order, target first, as drawn. */
export function playbackSteps(p: GraphPayload, collapse = false): string[] {
  if (p.mode !== 'reverse' && p.mode !== 'check') return [];
  const r = readGraph(p);
  const steps: string[] = [];
  const seen = new Set<string>();
  for (const id of p.backwardOrder) {
    const node = r.node(id);
    if (!node) continue; // a cut graph leaves some out
    const drawnAs = drawnId(p, node, collapse);
    if (seen.has(drawnAs)) continue;
    seen.add(drawnAs);
    steps.push(drawnAs);
  }
  return steps;
}

/** The payload node the drawing shows a node as: itself, or with collapse the output of its outermost call. */
function drawnId(p: GraphPayload, node: GraphNode, collapse: boolean): string {
  const call = collapse ? readGraph(p).outermostCall(node) : undefined;
  return call ? call.output : node.id;
}

/**
 * The nodes whose gradient is known at `step`: those the sweep has handled,
 * and those whose every consumer (as drawn) it has handled, so their
 * gradient is complete. At step 2 of the lecture's example (q handled) x, y
 * and z all show theirs: z's came at step 1. step >= steps.length: all.
 */
export function knownGradients(p: GraphPayload, steps: readonly string[], step: number, collapse = false): Set<string> {
  if (step >= steps.length) return new Set(p.nodes.filter((n) => n.grad !== undefined).map((n) => n.id));
  const r = readGraph(p);
  const handled = new Set(steps.slice(0, Math.max(0, step + 1)));
  const known = new Set<string>();
  for (const n of p.nodes) {
    if (n.grad === undefined) continue;
    const id = drawnId(p, n, collapse);
    if (handled.has(id)) {
      known.add(n.id);
      continue;
    }
    const uses = r.uses(n, collapse).filter((u) => u.consumer.grad !== undefined);
    if (uses.length > 0 && uses.every((u) => handled.has(drawnId(p, u.consumer, collapse)))) known.add(n.id);
  }
  return known;
}

/**
 * The payload as it looks at one step of the sweep: gradients not known yet
 * are left out. step >= steps.length shows everything.
 */
export function payloadAtStep(p: GraphPayload, steps: readonly string[], step: number, collapse = false): GraphPayload {
  if (step >= steps.length) return p;
  const known = knownGradients(p, steps, step, collapse);
  return {
    ...p,
    nodes: p.nodes.map((n) => {
      if (known.has(n.id) || n.grad === undefined) return n;
      const { grad: _hidden, ...rest } = n;
      return rest;
    }),
  };
}

/**
 * What the gate handled at this step does, one line per input, as the lecture
 * writes it: upstream × local = downstream.
 */
export function stepCaption(p: GraphPayload, steps: readonly string[], step: number, precision?: number, collapse = false): string[] {
  const r = readGraph(p);
  const node = r.node(steps[step]);
  if (!node) return [];
  const call = collapse ? r.outermostCall(node) : undefined;
  if (call && call.output === node.id) return r.callBackwardLines(call, precision);
  return r.backwardLines(node, precision, collapse);
}
