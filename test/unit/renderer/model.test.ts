// The renderer's pure logic (src/renderer/model.ts) on payloads from the real
// language session, so the numbers are the kernel's, not typed in.
import assert from 'node:assert/strict';
import { Session } from '../../../src/lang/session';
import type { GraphPayload } from '../../../src/diagram/payload';
import {
  ariaSummary, checkPayload, displayOptions, firstLine, formatValue, hashText, mermaidNodeId, nodeDetails, tableRows,
} from '../../../src/renderer/model';
import { payloadAtStep, playbackSteps, stepCaption } from '../../../src/renderer/playback';
import { isExportAsk, isExportRequest, isExportResponse, outputKey } from '../../../src/renderer/messages';

function graphOf(source: string): GraphPayload {
  const r = new Session().run(source);
  assert.ok(r.ok, JSON.stringify(r.diagnostics));
  assert.ok(r.graph);
  return r.graph;
}

const LECTURE = 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f';
const byName = (p: GraphPayload, name: string) => p.nodes.find((n) => n.name === name)!.id;

describe('renderer model', () => {
  describe('playback', () => {
    it('walks the backward order, target first', () => {
      const p = graphOf(LECTURE);
      const steps = playbackSteps(p);
      assert.deepEqual(steps.map((id) => p.nodes.find((n) => n.id === id)!.name), ['f', 'q', 'z', 'y', 'x']);
    });

    it('has no steps outside reverse mode', () => {
      assert.deepEqual(playbackSteps(graphOf('x = 3\ny = x * x\nforward x')), []);
      assert.deepEqual(playbackSteps(graphOf('x = 3\ny = x * x\nshow y')), []);
    });

    it('masks the gradients the sweep has not computed yet, and keeps those earlier steps computed', () => {
      const p = graphOf(LECTURE);
      const steps = playbackSteps(p);
      // Issue 11 item 9: at step 2 (q handled) z's gradient, computed at step 1, stays shown, and x's and y's are known.
      const at0 = payloadAtStep(p, steps, 0);
      assert.deepEqual(Object.fromEntries(at0.nodes.map((n) => [n.name, n.grad])), { x: undefined, y: undefined, z: 3, q: -4, f: 1 });
      const at1 = payloadAtStep(p, steps, 1);
      const grads = Object.fromEntries(at1.nodes.map((n) => [n.name, n.grad]));
      assert.deepEqual(grads, { x: -4, y: -4, z: 3, q: -4, f: 1 });
      assert.equal(p.nodes.find((n) => n.name === 'x')!.grad, -4, 'the original payload is untouched');
      assert.equal(payloadAtStep(p, steps, steps.length), p, 'the last position shows everything');
    });

    it('captions a gate as upstream × local = downstream, for each input', () => {
      const p = graphOf(LECTURE);
      const steps = playbackSteps(p);
      assert.deepEqual(stepCaption(p, steps, 1), [
        '∂f/∂q = -4 → ∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4',
        '∂f/∂q = -4 → ∂f/∂y = ∂f/∂q × ∂q/∂y = -4 × 1 = -4',
      ]);
      assert.deepEqual(stepCaption(p, steps, 0), [
        '∂f/∂f = 1 (the seed: ∂f/∂f = 1)',
        '∂f/∂f = 1 → ∂f/∂q = ∂f/∂f × ∂f/∂q = 1 × -4 = -4',
        '∂f/∂f = 1 → ∂f/∂z = ∂f/∂f × ∂f/∂z = 1 × 3 = 3',
      ]);
      assert.deepEqual(stepCaption(p, steps, 4), ['∂f/∂x = -4: x is an input, its gradient is complete.']);
      assert.deepEqual(stepCaption(p, steps, 5), []);
    });

    it('says when a term is one of several that add up (gradients add at branches)', () => {
      const p = graphOf('x = 3\ny = x * x\nbackward y');
      const lines = stepCaption(p, playbackSteps(p), 0);
      assert.deepEqual(lines.slice(1), [
        '∂y/∂y = 1 → ∂y/∂x = ∂y/∂y × ∂y/∂x = 1 × 3 = 3 (one of 2 terms added into ∂y/∂x)',
        '∂y/∂y = 1 → ∂y/∂x = ∂y/∂y × ∂y/∂x = 1 × 3 = 3 (one of 2 terms added into ∂y/∂x)',
      ]);
    });
  });

  describe('node details', () => {
    it('shows local derivatives and the chain-rule sum over consumers', () => {
      const p = graphOf('x = 3\na = x * 2\nb = x + 1\nf = a * b\nbackward f');
      const d = nodeDetails(p, byName(p, 'x'))!;
      assert.equal(d.title, 'x');
      assert.deepEqual(d.rows.find(([k]) => k === 'grad'), ['grad', '∂f/∂x = 14']);
      // f = 2x(x + 1), so f' = 4x + 2 = 14 at x = 3: a = 6 and b = 4 feed back b·2 + a·1.
      assert.equal(d.chain, '∂f/∂x = ∂f/∂a × ∂a/∂x + ∂f/∂b × ∂b/∂x = 4 × 2 + 6 × 1 = 14');
    });

    it('lists a gate\'s local derivatives in operand order', () => {
      const p = graphOf(LECTURE);
      const d = nodeDetails(p, byName(p, 'f'))!;
      // Issue 11 item 10: the operands' own names, not the op's letters a and b.
      assert.deepEqual(d.locals, ['∂f/∂q: ∂(q·z)/∂q = z = -4', '∂f/∂z: ∂(q·z)/∂z = q = 3']);
      assert.equal(d.title, 'f = q × z', 'the title says what the gate computes, not "f = f"');
      assert.equal(d.chain, '∂f/∂f = 1 (the seed of the backward sweep)');
      assert.equal(nodeDetails(p, 'nope'), undefined);
    });
  });

  it('tables the named nodes with formatted numbers', () => {
    const rows = tableRows(graphOf(LECTURE));
    assert.deepEqual(rows.find((r) => r.name === 'q'), { name: 'q', op: '+', value: '3', grad: '-4', tangent: '' });
  });

  it('summarizes the graph for screen readers', () => {
    const s = ariaSummary(graphOf(LECTURE));
    assert.equal(s, 'Backward pass graph of f = -12: 5 nodes, 2 gates. Gradients: ∂f/∂x = -4, ∂f/∂y = -4, ∂f/∂z = 3.');
    assert.match(ariaSummary(graphOf(LECTURE), 7), /7 nodes hidden\.$/);
  });

  it('checks payloads and explains what is wrong', () => {
    assert.equal(checkPayload(graphOf(LECTURE)).ok, true);
    assert.deepEqual(checkPayload(null), { ok: false, message: 'the output is not a JSON object' });
    assert.deepEqual(checkPayload({ version: 1, nodes: [{ id: 'n0' }], edges: [] }), { ok: false, message: 'node 0 has no id or label' });
    assert.deepEqual(checkPayload({ version: 1, nodes: [], edges: [{}] }), { ok: false, message: 'edge 0 has no endpoints' });
    const loose = checkPayload({ version: 1, nodes: [], edges: [] });
    assert.ok(loose.ok && loose.payload.mode === 'show' && loose.payload.backwardOrder.length === 0);
  });

  it('finds the Mermaid node id in a rendered element id', () => {
    assert.equal(mermaidNodeId('bpnb-1a2b-3-flowchart-n12-7', 'bpnb-1a2b-3'), 'n12');
    assert.equal(mermaidNodeId('flowchart-call_g0-2', 'other'), 'call_g0');
    assert.equal(mermaidNodeId('bpnb-1a2b-3-edge', 'bpnb-1a2b-3'), undefined);
  });

  it('formats values with the diagram formatter', () => {
    assert.equal(formatValue(-4), '-4');
    assert.equal(formatValue([[1, 2], [3, 4]]), '[[1, 2], [3, 4]]');
    assert.equal(formatValue(undefined), '');
  });

  it('keeps the first line of an error, trimmed', () => {
    assert.equal(firstLine(new Error('\n  Parse error on line 2:\n...x --> \n----^')), 'Parse error on line 2:');
    assert.equal(firstLine('x'.repeat(300)).length, 200);
    assert.equal(firstLine({ message: 'odd' }), 'odd');
  });

  it('reads display settings from output metadata, ignoring junk', () => {
    assert.deepEqual(displayOptions({ bpnb: { precision: 3, nodeLimit: 50, direction: 'TD', edgeLabels: true } }),
      { precision: 3, nodeLimit: 50, direction: 'TD', edgeLabels: true });
    assert.deepEqual(displayOptions({ bpnb: { precision: 0, nodeLimit: 2.5, direction: 'RL', edgeLabels: 'yes' } }), {});
    assert.deepEqual(displayOptions(undefined), {});
    assert.deepEqual(displayOptions({ bpnb: null }), {});
  });

  it('uses the precision it is given', () => {
    const p = graphOf('x = 1 / 3\ny = x * 3\nbackward y');
    assert.equal(tableRows(p, 2).find((r) => r.name === 'x')?.value, '0.33');
    assert.equal(tableRows(p).find((r) => r.name === 'x')?.value, '0.3333');
  });

  it('hashes text stably', () => {
    assert.equal(hashText('abc'), hashText('abc'));
    assert.notEqual(hashText('abc'), hashText('abd'));
    assert.match(hashText(''), /^[0-9a-f]{8}$/);
  });

  it('names an output by its content on both sides of the messaging', () => {
    const text = JSON.stringify(graphOf(LECTURE));
    assert.equal(outputKey(text), outputKey(String(text)));
    assert.match(outputKey(text), new RegExp(`^[0-9a-f]{8}-${text.length}$`));
    assert.notEqual(outputKey(text), outputKey(text.replace('-12', '-13')));
  });

  it('recognizes export messages', () => {
    assert.equal(isExportRequest({ type: 'bpnb.export', requestId: '1', outputKey: 'o', format: 'png' }), true);
    assert.equal(isExportRequest({ type: 'bpnb.export', requestId: '1', outputKey: 'o', format: 'gif' }), false);
    assert.equal(isExportAsk({ type: 'bpnb.exportFromRenderer', outputKey: 'o', format: 'svg' }), true);
    assert.equal(isExportAsk({ type: 'bpnb.exportFromRenderer', format: 'svg' }), false);
    assert.equal(isExportResponse({ type: 'bpnb.exportResult', requestId: '1', ok: false, error: 'x' }), true);
    assert.equal(isExportResponse('nope'), false);
  });
});
