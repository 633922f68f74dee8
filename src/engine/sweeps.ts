// The sweeps a graph holds: which backward and which forward its gradients and
// tangents come from, as one value (SweepState), and putting them back exactly
// as they were. jacobian and gradcheck explore with sweeps of their own, and
// the language's Session undoes a failed cell; both then restore what was there.
//
// Apart from graph.ts because it is a question of its own (which sweep is
// current, and how to return to it) that Graph only passes through: Graph
// checks its callers' arguments and delegates here; the sweeps themselves are
// reverse.ts and forward.ts.

import { clearForward, forwardSweep } from './forward';
import { clearReverse, reverseSweep } from './reverse';
import { Flag, type NodeId, type Tape } from './tape';
import { Tensor } from './tensor';

/**
 * The sweeps a graph holds, as a value: the target of its last backward and
 * the seed, direction and extent of its last forward. restoreSweeps(state)
 * puts them back exactly (over the nodes that existed then).
 */
export interface SweepState {
  readonly backward: NodeId | undefined;
  readonly forward: { readonly seed: NodeId; readonly direction: Tensor | undefined; readonly end: number } | undefined;
}

/** The sweeps over one tape: runs them, remembers them, clears them, restores them. Arguments are checked by Graph. */
export class Sweeps {
  /** A new value at every change, so a caller can compare states by identity. */
  private held: SweepState = { backward: undefined, forward: undefined };

  constructor(private readonly t: Tape) {}

  /** The sweeps held now (what restore puts back). */
  get state(): SweepState {
    return this.held;
  }

  /**
   * Whether the last backward reached the node and computed its gradient
   * (the target always has one; below it, only nodes that need one).
   */
  hasGrad(id: NodeId): boolean {
    if ((this.t.meta[id] & Flag.REACHED) === 0) return false;
    return (this.t.meta[id] & Flag.NEEDS_GRAD) !== 0 || id === this.held.backward;
  }

  /** Forget the last backward, then sweep down from `target` (reverse.ts). Returns how many nodes were handled. */
  backward(target: NodeId, order: NodeId[] | null): number {
    clearReverse(this.t, this.held.backward ?? -1);
    this.held = { ...this.held, backward: target };
    return reverseSweep(this.t, target, order);
  }

  /** Sweep up from `seed` to `end` (forward.ts), keeping a copy of `direction`. Returns how many nodes got a tangent. */
  forward(seed: NodeId, direction: Tensor | undefined, end: number): number {
    const reached = forwardSweep(this.t, seed, direction, end);
    this.held = { ...this.held, forward: { seed, direction: direction && new Tensor(direction.shape, direction.data.slice()), end } };
    return reached;
  }

  /** Forget the last backward: no node has a gradient. */
  clearGradients(): void {
    clearReverse(this.t, this.held.backward ?? -1);
    this.held = { ...this.held, backward: undefined };
  }

  /** Forget the last forward: no node has a tangent. */
  clearTangents(): void {
    if (this.t.tmark.length > 0) clearForward(this.t);
    this.held = { ...this.held, forward: undefined };
  }

  /** Values changed (a replay): whatever the sweeps computed describes the old ones. */
  clearStale(): void {
    if (this.held.backward !== undefined) this.clearGradients();
    if (this.held.forward !== undefined) this.clearTangents();
  }

  /**
   * Put the gradients and tangents back as they were when `state` was taken:
   * each sweep that changed since is run again over the nodes it covered then
   * (or cleared), so nodes created later get nothing. Values are read as they
   * are now.
   */
  restore(state: SweepState): void {
    if (state.backward !== this.held.backward) {
      if (state.backward === undefined) this.clearGradients();
      else this.backward(state.backward, null);
    }
    if (state.forward !== this.held.forward) {
      const f = state.forward;
      if (f === undefined) this.clearTangents();
      else this.forward(f.seed, f.direction, f.end);
    }
    this.held = state;
  }
}
