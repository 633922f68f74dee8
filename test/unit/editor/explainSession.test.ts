import assert from 'node:assert/strict';
import { Session } from '../../../src/lang/session';
import { chainRule, explainGate, explainName, gatesAt, namedNode } from '../../../src/editor/explain';
import { namesInSource } from '../../../src/editor/namesInSource';

// The hover texts from payloads the real language Session produces, so the
// hover code and the Session agree on ranges, names and local derivatives.

function run(source: string) {
  const session = new Session();
  const result = session.run(source, { cellId: 'cell-1' });
  assert.equal(result.ok, true, JSON.stringify(result.diagnostics));
  assert.ok(result.graph);
  return result;
}

describe('language/explain with the real Session', () => {
  it('the lecture example: chain rule for x and the mul gate under `*`', () => {
    const source = 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f';
    const { graph } = run(source);
    const p = graph!;
    assert.equal(chainRule(p, namedNode(p, 'x')!, 4), '∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4');
    const star = { line: 2, character: source.split('\n')[2].indexOf('*') };
    const [mul] = gatesAt(p, star, 'cell-1');
    assert.ok(mul, 'no gate under *');
    assert.equal(mul.op, 'mul');
    assert.match(explainGate(p, mul, 4), /w\.r\.t\. q: .* = -4/);
    assert.deepEqual(gatesAt(p, star, 'another-cell'), []);
  });

  it('fan-out: the gradient of b sums over both consumers', () => {
    const { graph } = run('a = 2; b = 1\nc = a + b\nd = b + 1\ne = c * d\nbackward e');
    assert.equal(chainRule(graph!, namedNode(graph!, 'b')!, 4), '∂e/∂b = ∂e/∂c × ∂c/∂b + ∂e/∂d × ∂d/∂b = 2 × 1 + 3 × 1 = 5');
  });

  it('the sigmoid example: hover on a name inside a longer expression', () => {
    const source = 'w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = sigmoid(w0*x0 + w1*x1 + w2)\nbackward f';
    const result = run(source);
    const text = explainName({ name: 'w0', payload: result.graph, variable: result.variables.w0, precision: 3, pos: { line: 1, character: 12 }, cellId: 'cell-1' })!;
    // ∂f/∂w0 = x0 · σ(1)(1 − σ(1)) = -0.197 (the lecture's number, to 3 digits)
    assert.match(text, /Gradient ∂f\/∂w0 = -0\.197/);
  });

  it('names assigned and gates defined before the cursor', () => {
    const src = 'a = 1\ndef sq(t) = t * t\nb = sq(a)\nc = 3';
    const { names, gates } = namesInSource(src, src.indexOf('c = 3'));
    assert.deepEqual(names, ['a', 'b']);
    assert.deepEqual(gates, [{ name: 'sq', params: ['t'] }]);
  });
});
