import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kernel, KernelError } from '../../../src/notebook/kernel';
import { tokenSource } from './cancelToken';
import type { OutputOptions } from '../../../src/notebook/protocol';
import { nodeWorker } from '../../../src/notebook/nodeTransport';

// The kernel's lifecycle (src/notebook/kernel.ts, no vscode) against a fake
// worker that speaks the protocol: its "namespace" is the list of sources it
// ran, `spin` never returns, `hog` allocates until the heap limit kills it.
// (Kept with the language unit tests because that folder is the extension
// helper's; the real worker is exercised in test/vscode/suite/notebook.)

const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
const ran = [];
parentPort.on('message', (req) => {
  if (req.type === 'reset') { ran.length = 0; parentPort.postMessage({ type: 'reset', id: req.id }); return; }
  if (req.source === 'spin') for (;;) {}
  if (req.source === 'hog') { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())); }
  if (req.source === 'throw') { parentPort.postMessage({ type: 'failed', id: req.id, message: 'boom' }); return; }
  const ok = !req.source.startsWith('bad');
  if (ok) ran.push(req.source);
  parentPort.postMessage({ type: 'ran', id: req.id, outputs: [], result: {
    ok, diagnostics: [], variables: Object.fromEntries(ran.map((s, i) => [s, { value: i, shape: [] }])),
    gates: [], checks: [], messages: [] } });
});`;

const OPTIONS: OutputOptions = { precision: 4, nodeLimit: 150, direction: 'LR', edgeLabels: false };


const never = tokenSource().token;

describe('language/kernel lifecycle (fake worker)', function () {
  this.timeout(20_000);
  let dir: string;
  let script: string;
  let kernel: Kernel;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-kernel-'));
    script = path.join(dir, 'worker.js');
    fs.writeFileSync(script, FAKE_WORKER);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => { kernel = new Kernel({ spawn: nodeWorker(script, () => 32) }); });
  afterEach(() => kernel.dispose());

  const names = async (k: Kernel) => Object.keys((await k.run('probe', 'p', OPTIONS, never)).result.variables);

  it('runs cells in one namespace and remembers only the successful ones', async () => {
    await kernel.run('a', 'c1', OPTIONS, never);
    const bad = await kernel.run('bad', 'c2', OPTIONS, never);
    assert.equal(bad.result.ok, false);
    await kernel.run('b', 'c3', OPTIONS, never);
    assert.equal(kernel.historyLength, 2);
    assert.deepEqual(await names(kernel), ['a', 'b', 'probe']);
  });

  it('an interrupt ends the cell at once and replays the history into a fresh worker', async () => {
    await kernel.run('a', 'c1', OPTIONS, never);
    await kernel.run('b', 'c2', OPTIONS, never);
    const { token, cancel } = tokenSource();
    const spinning = kernel.run('spin', 'c3', OPTIONS, token);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    cancel();
    await assert.rejects(spinning, (e: KernelError) => e.reason === 'interrupted' && /Interrupted/.test(e.message));
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    // The replayed namespace has a and b (the fake worker counts the probe too).
    assert.deepEqual(await names(kernel), ['a', 'b', 'probe']);
  });

  it('a cell cancelled while it waits never runs', async () => {
    const { token, cancel } = tokenSource();
    cancel();
    await assert.rejects(kernel.run('x', 'c1', OPTIONS, token), (e: KernelError) => e.reason === 'interrupted');
    assert.deepEqual(await names(kernel), ['probe']);
  });

  it('restart clears the namespace and the execution count', async () => {
    kernel.executionCount = 5;
    await kernel.run('a', 'c1', OPTIONS, never);
    await kernel.restart();
    assert.equal(kernel.executionCount, 0);
    assert.equal(kernel.historyLength, 0);
    assert.deepEqual(await names(kernel), ['probe']);
  });

  it('running out of memory gives a clear error and an empty, working kernel', async () => {
    await kernel.run('a', 'c1', OPTIONS, never);
    await assert.rejects(kernel.run('hog', 'c2', OPTIONS, never), (e: KernelError) =>
      e.reason === 'outOfMemory' && /ran out of memory \(limit 32 MB\); the kernel was restarted/.test(e.message));
    assert.deepEqual(await names(kernel), ['probe']);
  });

  it('a session failure is reported without a stack and the kernel keeps working', async () => {
    await assert.rejects(kernel.run('throw', 'c1', OPTIONS, never), (e: KernelError) => e.reason === 'failed' && /boom/.test(e.message) && !/\n\s+at /.test(e.message));
    assert.deepEqual(await names(kernel), ['probe']);
  });

  it('a disposed kernel refuses to start a worker', async () => {
    kernel.dispose();
    await assert.rejects(kernel.run('a', 'c1', OPTIONS, never), /closed/);
  });
});
