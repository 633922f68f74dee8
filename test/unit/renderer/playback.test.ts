// Backward playback (src/renderer/playback.ts) and the details of a collapsed
// user gate, on payloads from the real language Session.
import assert from 'node:assert/strict';
import { Session } from '../../../src/lang/session';
import type { GraphPayload } from '../../../src/diagram/payload';
import { readGraph } from '../../../src/diagram/reading';
import { legend, nodeDetails } from '../../../src/renderer/model';
import { knownGradients, playbackSteps, stepCaption } from '../../../src/renderer/playback';

/** The lecture's neuron through a user gate: examples/03-sigmoid-neuron.bpnb, last cell. */
function neuron(): GraphPayload {
  const s = new Session();
  s.run('w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3');
  const r = s.run('def sig(t) = 1 / (1 + exp(-t))\np = sig(w0 * x0 + w1 * x1 + w2)\nbackward p');
  assert.ok(r.graph);
  return r.graph;
}

describe('renderer playback', () => {
  it('steps a collapsed gate once: no hidden inner steps', () => {
    const p = neuron();
    const r = readGraph(p);
    const expanded = playbackSteps(p, false);
    const collapsed = playbackSteps(p, true);
    const inner = p.nodes.filter((n) => n.group === 'g0' && n.id !== p.groups[0].output && n.grad !== undefined);
    assert.ok(inner.length >= 3, 'the gate has inner nodes the sweep handles');
    assert.equal(collapsed.length, expanded.length - inner.length);
    for (const n of inner) assert.ok(!collapsed.includes(n.id), `${r.nameOf(n)} is hidden inside sig: no step`);
    assert.equal(collapsed[0], p.groups[0].output, 'the gate is one step, at its output');
  });

  it('captions a collapsed gate with its own local derivative (σ′ = 0.1966)', () => {
    const p = neuron();
    const steps = playbackSteps(p, true);
    assert.deepEqual(stepCaption(p, steps, 0, 4, true), [
      '∂p/∂p = 1 (the seed: ∂p/∂p = 1)',
      '∂p/∂p = 1 → ∂p/∂(+)₂ = ∂p/∂p × ∂p/∂(+)₂ = 1 × 0.1966 = 0.1966',
    ]);
  });

  it('clicking the collapsed node gives the gate, not its inner ÷ node', () => {
    const p = neuron();
    const out = p.groups[0].output;
    const d = nodeDetails(p, out, 4, true)!;
    assert.equal(d.title, 'p = sig((+)₂)');
    assert.deepEqual(d.rows[0], ['op', 'sig (user gate)']);
    assert.deepEqual(d.locals, ["∂p/∂(+)₂: the sig gate's local derivative (the product of its insides) = 0.1966"]);
    // Expanded, the same node is the ÷ gate.
    assert.deepEqual(nodeDetails(p, out, 4, false)!.rows[0], ['op', 'div (÷)']);
  });

  it('keeps known gradients: with the gate collapsed, its argument is known once the gate is handled', () => {
    const p = neuron();
    const steps = playbackSteps(p, true);
    const arg = p.groups[0].inputs[0];
    assert.ok(knownGradients(p, steps, 0, true).has(arg));
    assert.ok(!knownGradients(p, playbackSteps(p, false), 0, false).has(arg), 'expanded, it waits for the inner nodes');
  });

  it('gives distinct names to unnamed gates in captions', () => {
    const p = neuron();
    const lines = playbackSteps(p, false).flatMap((_, i, steps) => stepCaption(p, steps, i, 4, false));
    assert.ok(lines.includes('∂p/∂(+)₂ = 0.1966 → ∂p/∂(+)₁ = ∂p/∂(+)₂ × ∂(+)₂/∂(+)₁ = 0.1966 × 1 = 0.1966'), lines.join('\n'));
  });

  it('has a legend that says what ∂ means, with the target\'s name', () => {
    const p = neuron();
    assert.deepEqual(legend(p).map((e) => `${e.sample} ${e.meaning}`), [
      "v the node's value",
      '∂ g ∂p/∂(node) = g, the gradient of p with respect to the node',
    ]);
    const f = new Session().run('x = 3\ny = x * x\nforward x').graph!;
    assert.equal(legend(f).at(-1)?.meaning, '∂(node)/∂x = t, how the node changes with x');
  });
});
