import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { DescentPlot } from '../../../src/diagram/plotPayload';
import { Session } from '../../../src/lang/session';
import { Kernel, KernelError } from '../../../src/notebook/kernel';
import { tokenSource } from './cancelToken';
import { nodeWorker } from '../../../src/notebook/nodeTransport';
import type { KernelResponse, OutputOptions } from '../../../src/notebook/protocol';
import { handle, LIVE_POINTS, liveCurve } from '../../../src/notebook/workerCore';

// A live loss curve (issue 13): the worker sends a running descent's curve so
// far before its answer, the kernel hands it to the run that asked for it, and
// nothing arrives after the run settled. Against the real worker
// (src/notebook/worker.ts, bundled here as the build bundles it) with the real
// language session; the controller's side is in test/vscode/suite/notebook.

const OPTIONS: OutputOptions = { precision: 4, nodeLimit: 150, direction: 'LR', edgeLabels: false };
/** About a second of descent on this machine: several progress reports 100 ms apart. */
const MODEL = 'seed 3; X = rand(70, 70); W = rand(70, 70) / 70; L = mean((X @ W - 1)^2); s0 = sum(W)';
const DESCEND = 'descend L lr 0.01 steps 1000';

const never = tokenSource().token;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('language/kernel: live descent progress (workerCore)', () => {
  it('sends progress for a run that asks, before its answer, with the run\'s id', () => {
    const session = new Session();
    handle(session, { type: 'run', id: 1, source: MODEL, cellId: 'c0', options: OPTIONS });
    const sent: KernelResponse[] = [];
    const answer = handle(session, { type: 'run', id: 2, source: DESCEND, cellId: 'c1', options: OPTIONS, progress: true }, (m) => sent.push(m));
    assert.equal(answer.type, 'ran');
    assert.ok(sent.length >= 2, `${sent.length} progress messages`);
    const final = answer.type === 'ran' ? answer.result.descents![0] : undefined;
    for (const m of sent) {
      assert.equal(m.type, 'progress');
      if (m.type !== 'progress') continue;
      assert.equal(m.id, 2);
      const done = m.descent.running!.done;
      assert.ok(done > 0 && done < 1000);
      assert.deepEqual(m.descent.loss, final!.loss.slice(0, done + 1), 'the curve so far is the final curve\'s beginning');
    }
  });

  it('sends a copy of a short curve, and a long one thinned to LIVE_POINTS: every `every`-th step and the last', () => {
    const loss = Array.from({ length: 501 }, (_, k) => 1 / (k + 1));
    const short = liveCurve({ kind: 'descent', target: 'L', wrt: ['w'], steps: 10_000, lr: [0.1, 0.1], loss, running: { done: 500 } });
    assert.notEqual(short.loss, loss, 'a copy: the session lends its array');
    assert.deepEqual(short.loss, loss);
    assert.deepEqual(short.running, { done: 500 });
    const long = Array.from({ length: 12_346 }, (_, k) => 1 / (k + 1));
    const thin = liveCurve({ kind: 'descent', target: 'L', wrt: ['w'], steps: 100_000, lr: [0.1, 0.1], loss: long, running: { done: 12_345 } });
    const every = thin.running!.every!;
    assert.equal(every, Math.ceil(12_345 / (LIVE_POINTS - 1)));
    assert.ok(thin.loss.length <= LIVE_POINTS + 1);
    thin.loss.slice(0, -1).forEach((l, i) => assert.equal(l, long[i * every]));
    assert.equal(thin.loss[thin.loss.length - 1], long[12_345], 'the last point is the loss at step done');
  });

  it('sends none without `progress`, nor for a replay', () => {
    const session = new Session();
    const sent: KernelResponse[] = [];
    handle(session, { type: 'run', id: 1, source: MODEL, cellId: 'c0', options: OPTIONS }, (m) => sent.push(m));
    handle(session, { type: 'run', id: 2, source: DESCEND, cellId: 'c1', options: OPTIONS }, (m) => sent.push(m));
    handle(session, { type: 'run', id: 3, source: DESCEND, cellId: 'c1', options: OPTIONS, replay: true }, (m) => sent.push(m));
    assert.equal(sent.length, 0);
  });
});

describe('language/kernel: live descent progress (real worker thread)', function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  let kernel: Kernel;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-progress-'));
    script = path.join(dir, 'worker.js');
    buildSync({ entryPoints: [path.resolve(__dirname, '../../../src/notebook/worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'error' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => { kernel = new Kernel({ spawn: nodeWorker(script, () => 512) }); });
  afterEach(() => kernel.dispose());

  it('hands the running curve to the run, growing, and nothing after the answer', async () => {
    await kernel.run(MODEL, 'c0', OPTIONS, never);
    const seen: DescentPlot[] = [];
    const { result } = await kernel.run(DESCEND, 'c1', OPTIONS, never, undefined, (p) => seen.push(p));
    const count = seen.length;
    assert.ok(result.ok);
    assert.ok(count >= 2, `${count} progress reports`);
    const done = seen.map((p) => p.running!.done);
    assert.deepEqual(done, [...done].sort((a, b) => a - b), 'steps done only grow');
    assert.ok(done.every((d) => d > 0 && d < 1000), done.join(','));
    assert.equal(result.descents![0].running, undefined, 'the answer\'s curve is final');
    assert.equal(seen[count - 1].loss[done[count - 1]], result.descents![0].loss[done[count - 1]]);
    await sleep(300);
    assert.equal(seen.length, count, 'no progress after the answer');
    // A run without a listener asks for none (and still works).
    const again = await kernel.run('descend L lr 0.01 steps 50', 'c2', OPTIONS, never);
    assert.ok(again.result.ok);
  });

  it('an interrupt mid-descent stops the curve and leaves the leaves as before', async () => {
    const before = (await kernel.run(MODEL, 'c0', OPTIONS, never)).result.variables.s0.value;
    const { token, cancel } = tokenSource();
    const seen: DescentPlot[] = [];
    const running = kernel.run('descend L lr 0.01 steps 100000', 'c1', OPTIONS, token, undefined, (p) => seen.push(p));
    for (let t = 0; seen.length === 0 && t < 100; t++) await sleep(100);
    assert.ok(seen.length > 0, 'no progress before the interrupt');
    cancel();
    await assert.rejects(running, (e: KernelError) => e.reason === 'interrupted');
    const count = seen.length;
    const after = (await kernel.run('s1 = sum(W)', 'c2', OPTIONS, never)).result.variables.s1.value;
    assert.equal(after, before, 'W is as before the descent');
    assert.equal(seen.length, count, 'no progress after the interrupt');
  });
});
