// A two-layer perceptron on a batch: 256 × 784 → 128 (relu) → 10, softmax
// cross-entropy written with logsumexp, forward + backward to the four
// parameters. Same data and weights for both engines (ours in float64, tfjs in
// float32, its CPU backend's only float type).

import { tf } from './tf';
import { Graph, Rng, Tensor, randn } from '../src/engine';

export const BATCH = 256;
export const IN = 784;
export const HIDDEN = 128;
export const OUT = 10;

export interface MlpData {
  X: Tensor;
  Y: Tensor; // one-hot labels
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

export function makeData(seed = 1): MlpData {
  const rng = new Rng(seed);
  const scaled = (t: Tensor, s: number): Tensor => new Tensor(t.shape, t.data.map((v) => v * s));
  const Y = Tensor.zeros([BATCH, OUT]);
  for (let i = 0; i < BATCH; i++) Y.data[i * OUT + Math.floor(rng.next() * OUT)] = 1;
  return {
    X: randn([BATCH, IN], rng),
    Y,
    W1: scaled(randn([IN, HIDDEN], rng), Math.sqrt(2 / IN)),
    b1: Tensor.zeros([HIDDEN]),
    W2: scaled(randn([HIDDEN, OUT], rng), Math.sqrt(2 / HIDDEN)),
    b2: Tensor.zeros([OUT]),
  };
}

/** loss = (Σ logsumexp(Z) − Σ Z⊙Y) / batch, Z = relu(X·W1 + b1)·W2 + b2. Returns the loss and ∂loss/∂W1[0,0]. */
export function ours(d: MlpData): [number, number] {
  const { g, loss, W1 } = build(d);
  g.backward(loss);
  return [g.scalar(loss), g.grad(W1)!.data[0]];
}

/**
 * The same network built once; each run re-evaluates it with the parameters
 * given again (setLeaf + replay, no new node) and runs backward again.
 */
export function oursReplay(d: MlpData): () => [number, number] {
  const { g, loss, W1, b1, W2, b2 } = build(d);
  return () => {
    g.setLeaf(W1, d.W1);
    g.setLeaf(b1, d.b1);
    g.setLeaf(W2, d.W2);
    g.setLeaf(b2, d.b2);
    g.replay();
    g.backward(loss);
    return [g.scalar(loss), g.grad(W1)!.data[0]];
  };
}

function build(d: MlpData): { g: Graph; loss: number; W1: number; b1: number; W2: number; b2: number } {
  const g = new Graph();
  const X = g.constant(d.X);
  const Y = g.constant(d.Y);
  const W1 = g.leaf(d.W1), b1 = g.leaf(d.b1), W2 = g.leaf(d.W2), b2 = g.leaf(d.b2);
  const H = g.apply('relu', [g.apply('add', [g.apply('matmul', [X, W1]), b1])]);
  const Z = g.apply('add', [g.apply('matmul', [H, W2]), b2]);
  const lse = g.apply('sum', [g.apply('logsumexp', [Z])]);
  const picked = g.apply('sum', [g.apply('mul', [Z, Y])]);
  const loss = g.div(g.sub(lse, picked), g.constant(BATCH));
  return { g, loss, W1, b1, W2, b2 };
}

export interface TfData {
  X: tf.Tensor2D;
  Y: tf.Tensor2D;
  params: tf.Tensor[];
}

export function tfData(d: MlpData): TfData {
  const t2 = (t: Tensor): tf.Tensor2D => tf.tensor2d(Float32Array.from(t.data), [t.shape[0], t.shape[1]]);
  return {
    X: t2(d.X),
    Y: t2(d.Y),
    params: [t2(d.W1), tf.tensor1d(Float32Array.from(d.b1.data)), t2(d.W2), tf.tensor1d(Float32Array.from(d.b2.data))],
  };
}

export function tfjs(d: TfData): [number, number] {
  return tf.tidy(() => {
    const f = (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor): tf.Tensor => {
      const H = tf.relu(tf.add(tf.matMul(d.X, W1 as tf.Tensor2D), b1));
      const Z = tf.add(tf.matMul(H as tf.Tensor2D, W2 as tf.Tensor2D), b2);
      const lse = tf.sum(tf.logSumExp(Z, 1));
      const picked = tf.sum(tf.mul(Z, d.Y));
      return tf.div(tf.sub(lse, picked), BATCH);
    };
    const { value, grads } = tf.valueAndGrads(f)(d.params);
    return [value.dataSync()[0], grads[0].dataSync()[0]];
  });
}
