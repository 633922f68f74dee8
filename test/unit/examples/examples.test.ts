// Every worked example of the lecture, with its numbers, checked through the
// CLI exactly as a user would run it: `bpnb run examples/X.bpnb --json`.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeIo, type CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { JsonCell } from '../../../src/cli/report';
import type { JsonTensor } from '../../../src/diagram/payload';

const dir = join(__dirname, '..', '..', '..', 'examples');

async function run(file: string): Promise<{ status: number; cells: JsonCell[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...nodeIo, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } };
  const status = await main(['run', join(dir, file), '--json'], io);
  return { status, cells: (JSON.parse(stdout) as { cells: JsonCell[] }).cells, stderr };
}

/** The code cell at file index `index`, which must have run. */
function cellAt(cells: JsonCell[], index: number): JsonCell {
  const cell = cells.find((c) => c.index === index);
  assert.ok(cell, `no code cell at index ${index}`);
  assert.ok(cell.ok, `cell ${index} failed: ${JSON.stringify(cell.errors)}`);
  return cell;
}

/** |actual − expected| ≤ tol, element-wise for tensors. */
function near(actual: JsonTensor | undefined, expected: number | number[] | number[][], tol: number, what: string): void {
  assert.ok(actual !== undefined, `${what} is missing`);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${what}: ${JSON.stringify(actual)} is not like ${JSON.stringify(expected)}`);
    expected.forEach((e, i) => near((actual as JsonTensor[])[i], e, tol, `${what}[${i}]`));
    return;
  }
  assert.equal(typeof actual, 'number', `${what}: ${JSON.stringify(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) <= tol, `${what} = ${String(actual)}, expected ${expected} ± ${tol}`);
}

/** Checks value/grad/tangent of named variables in one cell. */
function expectVars(cell: JsonCell, table: Record<string, { value?: number | number[] | number[][]; grad?: number | number[] | number[][]; tangent?: number }>, tol: number): void {
  for (const [name, want] of Object.entries(table)) {
    const v = cell.variables[name];
    assert.ok(v, `cell ${cell.index} has no variable ${name}`);
    if (want.value !== undefined) near(v.value, want.value, tol, `${name}`);
    if (want.grad !== undefined) near(v.grad, want.grad, tol, `∂/∂${name}`);
    if (want.tangent !== undefined) near(v.tangent, want.tangent, tol, `ṫ ${name}`);
  }
}

const EXACT = 1e-9;
const SLIDE = 0.006; // the slides round to two decimals

describe('examples', () => {
  it('every example runs with exit 0 and no errors', async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.bpnb')).sort();
    assert.ok(files.length >= 9, `found ${files.join(', ')}`);
    for (const f of files) {
      const r = await run(f);
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
      assert.ok(r.cells.length > 0, `${f} has code cells`);
      for (const c of r.cells) assert.ok(c.ok, `${f} cell ${c.index}: ${JSON.stringify(c.errors)}`);
    }
  });

  it('hello: f = (x + y) z', async () => {
    const { cells } = await run('hello.bpnb');
    expectVars(cellAt(cells, 1), { q: { value: 3, grad: -4 }, f: { value: -12, grad: 1 }, x: { grad: -4 }, y: { grad: -4 }, z: { grad: 3 } }, EXACT);
  });

  it('01 computation graph: q = 3, f = -12, ∂f/∂x = -4, ∂f/∂y = -4, ∂f/∂z = 3', async () => {
    const { cells } = await run('01-computation-graph.bpnb');
    const forward = cellAt(cells, 1);
    expectVars(forward, { x: { value: -2 }, y: { value: 5 }, z: { value: -4 }, q: { value: 3 }, f: { value: -12 } }, EXACT);
    assert.equal(forward.variables.x.grad, undefined, 'no gradient before backward');
    expectVars(cellAt(cells, 3), { x: { grad: -4 }, y: { grad: -4 }, z: { grad: 3 }, q: { grad: -4 }, f: { grad: 1 } }, EXACT);
  });

  it('02 derivative table: e^x, 1/x, ax, c + x and their checks', async () => {
    const { cells } = await run('02-derivative-table.bpnb');
    expectVars(cellAt(cells, 2), { u: { value: 1, grad: Math.E }, eu: { value: Math.E } }, EXACT);
    expectVars(cellAt(cells, 4), { v: { value: 2, grad: -0.25 }, rv: { value: 0.5 } }, EXACT);
    expectVars(cellAt(cells, 6), { w: { value: 4, grad: 3 }, sw: { value: 12 } }, EXACT);
    expectVars(cellAt(cells, 8), { t: { value: 5, grad: 1 }, ct: { value: 12 } }, EXACT);
    const checks = cellAt(cells, 10).checks;
    assert.deepEqual(checks.map((c) => `${c.target}/${c.wrt}`), ['eu/u', 'rv/v', 'sw/w', 'ct/t']);
    for (const c of checks) assert.ok(c.relError < 1e-6, `${c.target}/${c.wrt}: ${c.relError}`);
  });

  it('03 sigmoid neuron: the slide values and gradients, three ways', async () => {
    const { cells } = await run('03-sigmoid-neuron.bpnb');
    const weights = { w0: { grad: -0.20 }, x0: { grad: 0.39 }, w1: { grad: -0.39 }, x1: { grad: -0.59 }, w2: { grad: 0.20 } };
    expectVars(cellAt(cells, 1), {
      d: { value: 1.00, grad: 0.20 }, e: { value: -1.00, grad: -0.20 }, f: { value: 0.37, grad: -0.53 },
      g: { value: 1.37, grad: -0.53 }, h: { value: 0.73, grad: 1.00 }, ...weights,
    }, SLIDE);
    expectVars(cellAt(cells, 3), { s: { value: 0.73, grad: 1 }, ...weights }, SLIDE);
    expectVars(cellAt(cells, 5), { p: { value: 0.73, grad: 1 }, ...weights }, SLIDE);
    // The three agree with each other to rounding error, not just to the slide.
    for (const name of Object.keys(weights)) {
      near(cellAt(cells, 3).variables[name].grad, cellAt(cells, 1).variables[name].grad as number, EXACT, `sigmoid ∂${name}`);
      near(cellAt(cells, 5).variables[name].grad, cellAt(cells, 1).variables[name].grad as number, EXACT, `sig ∂${name}`);
    }
  });

  it('04 gate patterns: ∂x = -8, ∂y = 6, ∂z = 2, ∂w = 0', async () => {
    const { cells } = await run('04-gate-patterns.bpnb');
    expectVars(cellAt(cells, 1), { f: { value: -20 }, x: { grad: -8 }, y: { grad: 6 }, z: { grad: 2 }, w: { grad: 0 }, s: { grad: 2 } }, EXACT);
    const checks = cellAt(cells, 3).checks;
    assert.equal(checks.length, 4);
    for (const c of checks) assert.ok(c.relError < 1e-6, `${c.wrt}: ${c.relError}`);
  });

  it('05 branches: ∂e/∂b = 2 + 3 = 5, and x·x gives 2x', async () => {
    const { cells } = await run('05-branches.bpnb');
    expectVars(cellAt(cells, 1), { e: { value: 6 }, a: { grad: 2 }, b: { grad: 5 }, c: { grad: 2 }, d: { grad: 3 } }, EXACT);
    expectVars(cellAt(cells, 3), { r: { grad: 6 }, sq: { value: 9 } }, EXACT);
  });

  it('06 forward vs reverse: ṫe = 5 from b, 2 from a; one backward gives both', async () => {
    const { cells } = await run('06-forward-vs-reverse.bpnb');
    const fromB = cellAt(cells, 3);
    expectVars(fromB, { b: { tangent: 1 }, c: { tangent: 1 }, d: { tangent: 1 }, e: { tangent: 5 } }, EXACT);
    assert.equal(fromB.variables.a.tangent, undefined, 'a does not depend on b');
    expectVars(cellAt(cells, 4), { a: { tangent: 1 }, c: { tangent: 1 }, e: { tangent: 2 } }, EXACT);
    expectVars(cellAt(cells, 6), { a: { grad: 2 }, b: { grad: 5 }, e: { grad: 1 } }, EXACT);
  });

  it('07 vector chain rule: Jᵀ ∇y z equals ∇x z', async () => {
    const { cells } = await run('07-vector-chain-rule.bpnb');
    expectVars(cellAt(cells, 1), {
      y: { value: [5, 11], grad: [10, 22] }, z: { value: 146 },
      x: { grad: [98, 130, 162] }, W: { grad: [[10, -10, 20], [22, -22, 44]] },
    }, EXACT);
    expectVars(cellAt(cells, 3), {
      J: { value: [[1, 2, 3], [4, 5, 6]] }, gy: { value: [10, 22] }, gx: { value: [98, 130, 162] }, gap: { value: [0, 0, 0] },
    }, EXACT);
  });

  it('08 gradient check: agreement away from kinks, a mismatch at relu(0)', async () => {
    const { cells } = await run('08-check.bpnb');
    const neuron = cellAt(cells, 1).checks;
    assert.deepEqual(neuron.map((c) => c.wrt).sort(), ['w0', 'w1', 'w2', 'x0', 'x1']);
    for (const c of neuron) assert.ok(c.relError < 1e-6, `${c.wrt}: ${c.relError}`);
    near(neuron.find((c) => c.wrt === 'x1')?.analytic, -0.59, SLIDE, '∂p/∂x1');
    const layer = cellAt(cells, 3).checks;
    assert.equal(layer.length, 6, 'one check per element of V (4) and u (2)');
    for (const c of layer) assert.ok(c.relError < 1e-6, `${c.wrt}: ${c.relError}`);
    const [kink] = cellAt(cells, 5).checks;
    assert.equal(kink.analytic, 0);
    near(kink.numeric, 0.5, 1e-6, 'numeric slope of relu at 0');
    assert.ok(kink.relError > 0.1);
  });

  it('09 training: micrograd\'s demo reaches 100% accuracy on the moons, its boundary before and after, and the sigmoid plots', async () => {
    const { cells } = await run('09-training.bpnb');
    const before = cellAt(cells, 5);
    near(before.variables.accuracy.value, 0.5, 0.3, 'accuracy before training');
    const [untrained] = cellAt(cells, 7).boundaries ?? [];
    assert.equal(untrained?.accuracy, before.variables.accuracy.value, 'the boundary before training says the same accuracy');
    const trained = cellAt(cells, 9);
    near(trained.variables.accuracy.value, 1, 0, 'accuracy after 100 steps');
    const L0 = before.variables.L.value as number, L1 = trained.variables.L.value as number;
    assert.ok(L1 < L0 / 50, `the loss went from ${L0} to ${L1}`);
    const [boundary] = cellAt(cells, 11).boundaries ?? [];
    assert.deepEqual(cellAt(cells, 12).messages, ['accuracy = 1']);
    assert.equal(boundary?.accuracy, 1, 'after training every point is on its side of the boundary');
    assert.notDeepEqual(boundary.value, untrained.value, 'the boundary was drawn again from the trained weights');
    // The plot cell leaves its inputs where they were.
    expectVars(cellAt(cells, 14), { z: { value: 0 }, x0: { value: -1 }, sig: { value: 0.5 } }, EXACT);
  });

  it('10 data from a file: the points of data/blobs.csv, its labels as ±1, and a line that separates them', async () => {
    const { cells } = await run('10-data-from-a-file.bpnb');
    // The file read independently: a header, then x1,x2,label per line.
    const rows = readFileSync(join(dir, 'data', 'blobs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    assert.equal(rows.length, 20);
    const data = cellAt(cells, 1);
    assert.deepEqual(data.variables.X.value, rows.map((r) => [r[0], r[1]]));
    assert.deepEqual(data.variables.y.value, rows.map((r) => 2 * r[2] - 1));
    const before = cellAt(cells, 3);
    assert.deepEqual(before.variables.X.grad, undefined, 'backward reaches the weights, not the data');
    assert.deepEqual((before.variables.w.grad as number[]).length, 2);
    // The loss before training, computed here from the file's rows.
    const L0 = rows.reduce((sum, [x1, x2, label]) => sum + Math.max(0, 1 - (2 * label - 1) * (0.1 * x1 - 0.1 * x2)), 0) / rows.length;
    near(before.variables.L.value, L0, EXACT, 'L before training');
    const trained = cellAt(cells, 5);
    near(trained.variables.accuracy.value, 1, 0, 'accuracy after training');
    assert.equal(trained.variables.X.grad, undefined, 'the data have no gradient');
    const [descent] = trained.descents!;
    assert.deepEqual(descent.wrt, ['w', 'b'], 'only the weights are trained');
    const [first, last] = [Number(descent.loss[0]), Number(descent.loss[descent.loss.length - 1])];
    assert.ok(last < first / 10, `the loss went from ${first} to ${last}`);
  });
});
