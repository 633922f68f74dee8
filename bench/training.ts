// Issue 13: training in a notebook. micrograd's demo (MLP 2-16-16-1 on 100
// moons points, max-margin loss + 1e-4 · Σ w², SGD) as `descend` runs it —
// per step one replay of the built graph, one backward, the leaf updates —
// against PyTorch (CPU, float64, one thread) doing the same steps from the
// same data and initial weights (bench/torchMlp.py, timed inside Python);
// their first losses must agree. And `plot` of the lecture's sigmoid neuron at
// 200 points, as a cell run in the kernel.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Graph, Tensor } from '../src/engine';
import type { DescentPlot } from '../src/diagram/plotPayload';
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
  /** ms per step timed as PyTorch's is (each step, wall clock, median): see stepTimes. */
  marginal: number;
  /** A 1,000-step descend cell without and with a progress hook that serializes every report (CPU ms), and how many reports. */
  progress: { without: Timing; with: Timing; reports: number };
}

/** A 1,000-step descent as a cell, without a progress hook and with one that serializes each report as a kernel would post it. */
function progressCost(quick: boolean): TrainingFigures['progress'] {
  const s = modelSession();
  const a = new Samples(), b = new Samples();
  let reports = 0;
  const hook = (p: DescentPlot): void => { reports += JSON.stringify(p).length > 0 ? 1 : 0; };
  const cell = 'descend L lr 0.1 steps 1000';
  const runs = quick ? 2 : 7;
  s.run(cell);
  for (let r = 0; r < runs; r++) {
    a.run(() => void s.run(cell));
    b.run(() => void s.run(cell, { onProgress: hook }));
  }
  return { without: a.timing(), with: b.timing(), reports: Math.round(reports / runs) };
}

/**
 * One step's time measured as PyTorch's is: each step timed on its own with
 * performance.now (wall clock), the median over many, so that the shared
 * machine's other jobs fall out as they do for Python's timer. A cell runs
 * its steps inside one call, so this times the same engine work outside the
 * language: the graph the model cell builds (the same ops on the same values,
 * data as constants, parameters as leaves), then per step what `descend` does
 * (src/lang/evaluator.ts): backwardCount(L), each leaf set to value − lr·grad,
 * replay(L).
 */
function stepTimes(s: Session, count: number): number {
  const v = s.run('accuracy').variables;
  const g = new Graph();
  const T = (x: JsonTensor): Tensor => Tensor.fromNested(x as number[]);
  const c = (x: number | Tensor) => g.constant(x);
  const X = c(T(v.X.value)), y = c(T(v.y.value));
  const [W1, b1, W2, b2, W3] = (['W1', 'b1', 'W2', 'b2', 'W3'] as const).map((p) => g.leaf(T(v[p].value)));
  const b3 = g.leaf(v.b3.value as number);
  const lin = (A: number, W: number, b: number) => g.apply('add', [g.apply('matmul', [A, W]), b]);
  const H1 = g.apply('relu', [lin(X, W1, b1)]);
  const H2 = g.apply('relu', [lin(H1, W2, b2)]);
  const sc = lin(H2, W3, b3);
  const data = g.apply('mean', [g.apply('relu', [g.apply('sub', [c(1), g.apply('mul', [y, sc])])])]);
  const sq = (p: number) => g.apply('pow', [p, c(2)]);
  let reg = g.apply('sum', [sq(W1)]);
  for (const p of [b1, W2, b2, W3]) reg = g.apply('add', [reg, g.apply('sum', [sq(p)])]);
  reg = g.apply('add', [reg, sq(b3)]);
  const L = g.apply('add', [data, g.apply('mul', [c(1e-4), reg])]);
  const leaves = [W1, b1, W2, b2, W3, b3];
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const t0 = performance.now();
    g.backwardCount(L);
    for (const id of leaves) {
      if (g.isScalar(id)) {
        g.setLeaf(id, g.scalar(id) - 0.01 * g.scalarGrad(id)!);
        continue;
      }
      const d = g.grad(id)!;
      const w = g.value(id).data, dd = d.data;
      for (let j = 0; j < dd.length; j++) dd[j] = w[j] - 0.01 * dd[j];
      g.setLeaf(id, d);
    }
    g.replay(L);
    times.push(performance.now() - t0);
  }
  if (Math.abs(g.scalar(L) - (v.L.value as number)) > 0.5) throw new Error('the replica graph drifted from the model');
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
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
  const marginal = stepTimes(s, quick ? 200 : 2000);
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
  return { ours, stepsPerRun: steps, torch, lossDiff, accuracy, plot: plotSamples.timing(), marginal, progress: progressCost(quick) };
}

const ms = (x: number): string => (x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

/** The "Training (issue 13)" section of docs/benchmarks.md and its summary lines. */
export function trainingSection(quick: boolean, benchDir: string, log: (s: string) => void): { md: string[]; summary: string[] } {
  const f = trainingFigures(quick, benchDir);
  const torch = typeof f.torch === 'string' ? undefined : f.torch;
  const vs = torch?.stepMs ? `${(f.marginal / torch.stepMs).toFixed(2)}×` : '–';
  const per = (x: number): string => (torch?.stepMs ? `${(x / torch.stepMs).toFixed(2)}×` : '–');
  log(`  training step: ours ${ms(f.marginal)} ms a step (timed as PyTorch's), ${ms(f.ours.medianMs)} ms CPU per step of a 100-step cell; PyTorch ${torch?.stepMs ? `${ms(torch.stepMs)} ms` : f.torch}; plot ${ms(f.plot.medianMs)} ms`);
  const md = [
    'micrograd\'s demo (`examples/09-training.bpnb`): an MLP 2-16-16-1 with ReLU on 100 `moons(100, 0.1)` points, the',
    'loss `mean(relu(1 - y * s))` + 1e-4 · Σ w² over all 337 parameters, plain SGD. **Ours**: the cell',
    `\`descend L lr 1.0 to 0.1 steps ${f.stepsPerRun}\` run ${f.ours.runs} times on the built graph (each step: one replay of the graph at the new`,
    'weights, one backward, the updates; at the end one replay of the whole tape, one backward and the cell\'s result),',
    `its time divided by ${f.stepsPerRun}. **PyTorch** (\`bench/torchMlp.py\`, spawned from the bench with \`${PYTHON}\`): the same model,`,
    'data and initial weights as float64 tensors, `torch.set_num_threads(1)`, each step (forward, `backward()`, the',
    'updates under `no_grad`) timed with `time.perf_counter`, median of ' + (quick ? 200 : 2000) + ' steps. The first row of ours is',
    'timed the same way: each step on its own with `performance.now`, median of ' + (quick ? 200 : 2000) + ', doing what a `descend` step does',
    '(`backwardCount(L)`, the leaf updates, `replay(L)`) on the graph the model cell builds, rebuilt with the engine\'s API',
    '(`stepTimes` in `bench/training.ts`), since a cell runs its steps inside one call. The next two rows divide whole',
    '100-step cells (their fixed work included) by 100, in CPU and in wall time. The machine is shared (see the load',
    'average above): long intervals catch other jobs\' time slices, which the median of short ones leaves out.',
    '',
    '| per training step | median | ours ÷ PyTorch |',
    '|---|---:|---:|',
    `| ours, one \`descend\` step (wall time, timed as PyTorch's is) | ${ms(f.marginal)} ms | ${vs} |`,
    `| ours, 100-step \`descend\` cell ÷ 100 (CPU time) | ${ms(f.ours.medianMs)} ms (min ${ms(f.ours.minMs)}) | ${per(f.ours.medianMs)} |`,
    `| ours, 100-step \`descend\` cell ÷ 100 (wall time) | ${ms(f.ours.wallMs)} ms | ${per(f.ours.wallMs)} |`,
    `| PyTorch ${torch ? torch.torch : ''} CPU float64, 1 thread | ${torch?.stepMs ? `${ms(torch.stepMs)} ms` : String(f.torch)} | 1 |`,
    '',
    torch
      ? `Correctness: the first 10 losses of both, from the same start, differ by at most ${f.lossDiff?.toExponential(1)} (relative); \`test/unit/lang/torch.test.ts\` checks 20 to 1e-9. Accuracy after training: ${(f.accuracy * 100).toFixed(0)}%.`
      : `PyTorch row skipped: ${String(f.torch)}. Accuracy after training: ${(f.accuracy * 100).toFixed(0)}%.`,
    '',
    `\`plot f wrt x0\` of the lecture's sigmoid neuron (\`f = sigmoid(w0 * x0 + w1 * x1 + w2)\`), 200 points, as a cell run in the`,
    `kernel's session (\`Session.run\`: 200 replays and backward sweeps, the result with its variables): ${ms(f.plot.medianMs)} ms CPU median`,
    `(min ${ms(f.plot.minMs)} ms, ${f.plot.runs} runs; target < 5 ms).`,
    '',
    `Progress: the same model, \`descend L lr 0.1 steps 1000\` as a cell, ${f.progress.without.runs} runs each, interleaved: ${ms(f.progress.without.medianMs)} ms CPU`,
    `without a progress hook, ${ms(f.progress.with.medianMs)} ms with \`RunOptions.onProgress\` serializing each report to JSON as a kernel`,
    `would post it (about ${f.progress.reports} reports a run, at most one per 100 ms): ${(((f.progress.with.medianMs / f.progress.without.medianMs) - 1) * 100).toFixed(1)}% slower (target ≤ 10%; drawing the`,
    'curve happens in the renderer, outside the kernel).',
  ];
  const summary = [
    torch?.stepMs
      ? `- Training (micrograd's demo), per step timed as PyTorch's: ours ${ms(f.marginal)} ms against PyTorch's ${ms(torch.stepMs)} ms: ${vs} (target ≤ 1×); a whole 100-step cell, ${ms(f.ours.medianMs)} ms CPU per step (${per(f.ours.medianMs)}).`
      : `- Training (micrograd's demo), per step: ours ${ms(f.marginal)} ms; PyTorch ${String(f.torch)}.`,
    `- \`plot\` of the sigmoid neuron at 200 points: ${ms(f.plot.medianMs)} ms (target < 5 ms).`,
  ];
  return { md, summary };
}
