// Live inputs against the kernel: for every graph of every example notebook
// and every scalar leaf of it, the payload evaluated again in place at a new
// leaf value (what a slider shows) must equal what the kernel (Session) draws
// when the cell's source says that value and the notebook runs again.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateGraph, liveInputs, notLiveReason, sameShape } from '../../../src/diagram/liveGraph';
import { applyValueEdits, planLeafEdits } from '../../../src/diagram/liveSource';
import type { GraphPayload } from '../../../src/diagram/payload';
import { Session } from '../../../src/lang/session';
import { parseNotebook } from '../../../src/notebookFile';
import { readDataFiles } from '../../../src/cli/dataFiles';
import { filesToRead } from '../../../src/lang/dataFiles';

const dir = join(__dirname, '..', '..', '..', 'examples');

interface Cell { id: string; source: string }

function codeCells(file: string): Cell[] {
  const parsed = parseNotebook(readFileSync(join(dir, file), 'utf8'));
  assert.ok(parsed.ok, `${file} does not parse`);
  return parsed.notebook.cells.flatMap((c, i) => (c.kind === 'code' ? [{ id: `cell${i}`, source: c.source }] : []));
}

/** Runs the cells in order in a fresh kernel (with the data files beside the examples); the graph of each. */
function runAll(cells: readonly Cell[]): (GraphPayload | undefined)[] {
  const session = new Session();
  return cells.map((c) => session.run(c.source, { cellId: c.id, files: readDataFiles(filesToRead(c.source), dir) }).graph);
}

/** The numbers of a payload, for comparison (everything the live update repaints). */
function numbers(p: GraphPayload): unknown {
  return {
    nodes: p.nodes.map((n) => ({ id: n.id, value: n.value, grad: n.grad, tangent: n.tangent })),
    edges: p.edges.map((e) => ({ from: e.from, to: e.to, local: e.local })),
    groups: p.groups.map((g) => ({ id: g.id, local: g.local })),
  };
}

/** A new value that is clearly different, keeps the sign (log, sqrt stay in their domain) and is not a round number. */
function nudge(v: number): number {
  return v === 0 ? 0.37 : v * 1.3 + Math.sign(v) * 0.11;
}

describe('live graphs: evaluated again in place = the kernel at the new value', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bpnb')).sort();

  it('finds the examples', () => {
    assert.ok(files.length >= 9);
  });

  for (const file of files) {
    it(`${file}: every scalar leaf of every graph`, () => {
      const cells = codeCells(file);
      const graphs = runAll(cells);
      let compared = 0;
      graphs.forEach((payload, k) => {
        if (!payload) return;
        // The same values give back the same numbers, exactly.
        if (notLiveReason(payload) === undefined) assert.deepEqual(numbers(evaluateGraph(payload, {})), numbers(payload), `${file} cell ${k} at its own values`);
        // From a `descend` on, drawings hold trained values that no line of the
        // source says: editing a number and running again trains again from
        // there, so the kernel is no oracle for moving one trained leaf.
        if (cells.slice(0, k + 1).some((c) => /^\s*descend\b/m.test(c.source))) return;
        for (const input of liveInputs(payload)) {
          const range = input.node.range;
          assert.ok(range?.cell, `${file}: leaf ${input.name} has no source range`);
          const value = nudge(input.value);
          const at = cells.findIndex((c) => c.id === range.cell);
          const plan = planLeafEdits(cells[at].source, [{ name: input.name, value, range }]);
          if (plan.edits.length === 0) continue; // assigned from an expression: not a slider the source can take
          const changed = cells.map((c, i) => (i === at ? { ...c, source: applyValueEdits(c.source, plan.edits) } : c));
          const kernel = runAll(changed)[k];
          assert.ok(kernel, `${file} cell ${k} lost its graph after ${input.name} = ${value}`);
          const live = evaluateGraph(payload, { [input.id]: value });
          assert.ok(sameShape(live, kernel), `${file} cell ${k}: the kernel's graph changed shape for ${input.name} = ${value}`);
          assert.deepEqual(numbers(live), numbers(kernel), `${file} cell ${k}, ${input.name} = ${value}`);
          assert.deepEqual(live.warnings.length > 0, kernel.warnings.length > 0, `${file} cell ${k}: warnings ${JSON.stringify(live.warnings)} vs ${JSON.stringify(kernel.warnings)}`);
          compared++;
        }
      });
      // 07 is about vectors: it has no scalar leaf.
      if (!file.startsWith('07')) assert.ok(compared > 0, `${file}: no leaf was compared`);
    });
  }

  it('the lecture neuron: w0 to 3 moves f and every gradient as the kernel says', () => {
    const src = 'w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\ns = sigmoid(w0 * x0 + w1 * x1 + w2)\nbackward s';
    const before = new Session().run(src).graph!;
    const w0 = liveInputs(before).find((i) => i.name === 'w0')!;
    const live = evaluateGraph(before, { [w0.id]: 3 });
    const after = new Session().run(src.replace('w0 = 2', 'w0 = 3')).graph!;
    assert.deepEqual(numbers(live), numbers(after));
    // Independent of the engine: σ(3·(−1) + 6 − 3) = σ(0) = 0.5; ∂s/∂w0 = σ'(0)·x0 = −0.25.
    const s = live.nodes.find((n) => n.id === live.target)!;
    assert.equal(s.value, 0.5);
    assert.equal(live.nodes.find((n) => n.name === 'w0')!.grad, -0.25);
    assert.equal(live.nodes.find((n) => n.name === 'x0')!.grad, 0.75);
  });

  it('forward mode: tangents follow the seed at the new value', () => {
    const src = 'x = 3; y = -4\nf = x * x * y\nforward x';
    const before = new Session().run(src).graph!;
    const x = liveInputs(before).find((i) => i.name === 'x')!;
    const live = evaluateGraph(before, { [x.id]: 5 });
    const f = live.nodes.find((n) => n.id === live.target)!;
    assert.equal(f.value, -100);
    assert.equal(f.tangent, -40); // ∂(x²y)/∂x = 2xy
    assert.deepEqual(numbers(live), numbers(new Session().run(src.replace('x = 3', 'x = 5')).graph!));
  });

  it('index gates keep their indices, and a value out of a domain gives a warning, not a throw', () => {
    const src = 'v = [1, 2, 3]\nc = 2\nf = log(v[1] * c)\nbackward f';
    const before = new Session().run(src).graph!;
    assert.deepEqual(before.nodes.find((n) => n.op === 'index')?.indices, [1]);
    const c = liveInputs(before).find((i) => i.name === 'c')!;
    const live = evaluateGraph(before, { [c.id]: -1 });
    assert.equal(live.nodes.find((n) => n.id === live.target)!.value, 'NaN');
    assert.ok(live.warnings.some((w) => /log/.test(w)), JSON.stringify(live.warnings));
  });

  it('a cut graph has no live inputs and refuses to be evaluated again', () => {
    const session = new Session({ maxPayloadNodes: 5 });
    const p = session.run('x = 1\ny = x + 1 + 1 + 1 + 1 + 1 + 1\nbackward y').graph!;
    assert.ok(p.omitted > 0);
    assert.deepEqual(liveInputs(p), []);
    assert.throws(() => evaluateGraph(p, {}), /cut/);
  });

  it('sameShape: new numbers are the same shape, a new node is not', () => {
    const a = new Session().run('x = 1; y = 2\nf = x * y\nbackward f').graph!;
    const b = new Session().run('x = 5; y = -2\nf = x * y\nbackward f').graph!;
    const c = new Session().run('x = 1; y = 2\nf = x + y\nbackward f').graph!;
    assert.ok(sameShape(a, b));
    assert.ok(!sameShape(a, c));
  });
});
