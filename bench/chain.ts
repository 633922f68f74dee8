// The scalar chain x_{i+1} = x_i·c + d (a mul node then an add node, so
// `nodes` ops make nodes/2 steps), built and differentiated by each engine.
// Every runner returns ∂x_last/∂x_0, which must equal c^(nodes/2).

import { tf } from './tf';
import { Graph } from '../src/engine';
import { FlatTape } from './flatTape';
import { Value } from './naive';

export const C = 0.9999;
export const D = 0.001;
export const X0 = 0.5;

export function expectedGrad(nodes: number): number {
  return Math.pow(C, nodes / 2);
}

function oursChain(nodes: number): { g: Graph; x: number; v: number } {
  const g = new Graph();
  const x = g.leaf(X0);
  const c = g.constant(C);
  const d = g.constant(D);
  let v = x;
  for (let i = 0; i < nodes / 2; i++) v = g.add(g.mul(v, c), d);
  return { g, x, v };
}

/**
 * Our engine doing what the flat tape does: build, then one reverse sweep for
 * the gradients (`backwardCount`: the same sweep, reachability and zeroing as
 * `backward`, without recording the playback order).
 */
export function ours(nodes: number): number {
  const { g, x, v } = oursChain(nodes);
  g.backwardCount(v);
  return g.grad(x)!.data[0];
}

/**
 * The same, through `backward`, which also returns the visiting order for the
 * renderer's playback: an array of one id per reached node, a cost the flat
 * tape does not have (reported as its own row).
 */
export function oursWithOrder(nodes: number): number {
  const { g, x, v } = oursChain(nodes);
  const order = g.backward(v);
  if (order.length !== nodes + 1) throw new Error(`backward visited ${order.length} nodes, expected ${nodes + 1}`);
  return g.grad(x)!.data[0];
}

/**
 * A chain built once; each run re-evaluates it with a new x0 (setLeaf +
 * replay: values into the existing columns, no new node) and runs backward
 * again. ∂x_last/∂x_0 = c^steps whatever x0 is.
 */
export function oursReplay(nodes: number): () => number {
  const { g, x, v } = oursChain(nodes);
  let k = 0;
  return () => {
    g.setLeaf(x, X0 + (k++ % 2) * 0.25);
    g.replay();
    g.backwardCount(v);
    return g.scalarGrad(x)!;
  };
}

export function flat(nodes: number): number {
  const t = new FlatTape();
  const x = t.input(X0);
  const c = t.input(C);
  const d = t.input(D);
  let v = x;
  for (let i = 0; i < nodes / 2; i++) v = t.add(t.mul(v, c), d);
  t.backward(v);
  return t.gradOf(x);
}

function naiveChain(nodes: number): { x: Value; out: Value } {
  const x = new Value(X0);
  const c = new Value(C);
  const d = new Value(D);
  let v = x;
  for (let i = 0; i < nodes / 2; i++) v = v.mul(c).add(d);
  return { x, out: v };
}

export function naiveRecursive(nodes: number): number {
  const { x, out } = naiveChain(nodes);
  out.backwardRecursive();
  return x.grad;
}

export function naiveIterative(nodes: number): number {
  const { x, out } = naiveChain(nodes);
  out.backwardIterative();
  return x.grad;
}

/** tfjs-core, CPU backend, scalar tensors, tf.grads. */
export function tfjs(nodes: number): number {
  return tf.tidy(() => {
    const c = tf.scalar(C, 'float32');
    const d = tf.scalar(D, 'float32');
    const f = (x: tf.Tensor): tf.Tensor => {
      let v = x;
      for (let i = 0; i < nodes / 2; i++) v = tf.add(tf.mul(v, c), d);
      return v;
    };
    const [gx] = tf.grads(f)([tf.scalar(X0, 'float32')]);
    return gx.dataSync()[0];
  });
}
