// Issue 13: training in a notebook. micrograd's demo (MLP 2-16-16-1 on 100
// moons points, max-margin loss + 1e-4 · Σ w², SGD) as `descend` runs it —
// per step one replay of the built graph, one backward, the leaf updates —
// against PyTorch (CPU, float64, one thread) doing the same steps from the
// same data and initial weights (bench/torchMlp.py, timed inside Python);
// their first losses must agree. And `plot` of the lecture's sigmoid neuron at
// 200 points, as a cell run in the kernel.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Session } from '../src/lang';
import type { JsonTensor } from '../src/diagram/payload';
import { Samples, type Timing } from './timing';

export const PYTHON = '/usr/bin/python3';

/** The model cell of examples/09-training.bpnb (after `seed` and the data). */
export const MODEL = [
  'X = moons(100, 0.1)',
  'y = 2 * labels(X) - 1',
  'W1 = 2 * rand(2, 16) - 1; b1 = zeros(16)',
  'W2 = 2 * rand(16, 16) - 1; b2 = zeros(16)',
  'W3 = 2 * rand(16) - 1; b3 = 0',
  'H1 = relu(X @ W1 + b1)',
  'H2 = relu(H1 @ W2 + b2)',
  's = H2 @ W3 + b3',
  'data_loss = mean(relu(1 - y * s))',
  'reg_loss = 1e-4 * (sum(W1^2) + sum(b1^2) + sum(W2^2) + sum(b2^2) + sum(W3^2) + b3^2)',
  'L = data_loss + reg_loss',
  'accuracy = mean((y > 0) == (s > 0))',
].join('\n');

export const PARAMS = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'] as const;

/** A session holding the seeded model, untrained. */
export function modelSession(seed = 1337): Session {
  const s = new Session();
  const r = s.run(`seed ${seed}\n${MODEL}`);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return s;
}

/** Why PyTorch cannot be used here, or undefined when `import torch` works. */
export function torchMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0 ? undefined : `${PYTHON} has no torch (${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 80)})`;
}

export interface TorchRun { loss: number[]; stepMs: number | null; torch: string }

/** The same descent in PyTorch, from the session's data and current weights. */
export function torchDescent(s: Session, steps: number, lr: [number, number], timed: number, dir = __dirname): TorchRun {
  const v = s.run('accuracy').variables; // a harmless cell: reads the namespace
  const input = { X: v.X.value, y: v.y.value, params: PARAMS.map((p) => v[p].value as JsonTensor), steps, lr, timed };
  const script = path.join(dir, 'torchMlp.py');
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as TorchRun;
}

export interface TrainingFigures {
  /** ms per descend step (the whole `descend L … steps N` cell divided by N). */
  ours: Timing;
  stepsPerRun: number;
  torch: TorchRun | string;
  /** Largest relative difference of the first losses, ours vs PyTorch. */
  lossDiff?: number;
  accuracy: number;
  plot: Timing;
}

function maxRelDiff(a: readonly unknown[], b: readonly number[]): number {
  let m = 0;
  for (let k = 0; k < b.length; k++) m = Math.max(m, Math.abs((a[k] as number) - b[k]) / Math.max(1e-300, Math.abs(b[k])));
  return a.length === b.length ? m : Infinity;
}

export function trainingFigures(quick: boolean, dir: string): TrainingFigures {
  const missing = torchMissing();
  // The oracle: the first ten steps from the same start.
  let torch: TorchRun | string = missing ? `skipped: ${missing}` : '';
  let lossDiff: number | undefined;
  if (!missing) {
    const start = modelSession();
    torch = torchDescent(start, 10, [1, 0.1], quick ? 200 : 2000, dir);
    const ours = start.run('descend L lr 1.0 to 0.1 steps 10').descents![0].loss;
    lossDiff = maxRelDiff(ours, torch.loss);
  }
  // Ours: the demo's 100 steps, as a cell, again and again (it goes on training: the same graph, the same work).
  const s = modelSession();
  const steps = 100;
  const samples = new Samples();
  let accuracy = NaN;
  const runs = quick ? 3 : 21;
  for (let r = 0; r < runs + 2; r++) {
    const run = (): void => {
      const res = s.run(`descend L lr 1.0 to 0.1 steps ${steps}`);
      if (!res.ok) throw new Error(res.diagnostics[0].message);
      accuracy = res.variables.accuracy.value as number;
    };
    if (r < 2) run(); // warm-up
    else samples.run(run);
  }
  const t = samples.timing();
  const ours: Timing = { medianMs: t.medianMs / steps, minMs: t.minMs / steps, wallMs: t.wallMs / steps, runs: t.runs };
  // plot: the lecture's sigmoid neuron, 200 points, as a cell.
  const p = new Session();
  p.run('w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = sigmoid(w0 * x0 + w1 * x1 + w2)');
  const plotSamples = new Samples();
  for (let r = 0; r < (quick ? 5 : 53); r++) {
    const run = (): void => {
      const res = p.run('plot f wrt x0');
      if (res.plots?.[0].x.length !== 200) throw new Error('plot failed');
    };
    if (r < 3) run();
    else plotSamples.run(run);
  }
  return { ours, stepsPerRun: steps, torch, lossDiff, accuracy, plot: plotSamples.timing() };
}
