// The one reading of a graph payload (src/diagram/reading.ts), on payloads
// from the real language Session: names, operands, local derivatives in the
// operands' names, chain rules. Hovers and the renderer both print these.
import assert from 'node:assert/strict';
import { Session } from '../../../src/lang/session';
import type { GraphPayload } from '../../../src/diagram/payload';
import { readGraph, withNumber } from '../../../src/diagram/reading';

function graphOf(source: string): GraphPayload {
  const r = new Session().run(source);
  assert.ok(r.ok && r.graph, JSON.stringify(r.diagnostics));
  return r.graph;
}

const named = (p: GraphPayload, name: string) => p.nodes.find((n) => n.name === name)!;

describe('diagram/reading', () => {
  it('names unnamed gates distinctly: (+)₁, (+)₂ in topological order; a lone symbol has no subscript', () => {
    const p = graphOf('a = 1; b = 2; c = 3\no = (a + b) * (b + c) + exp(a)\nbackward o');
    const r = readGraph(p);
    const names = p.nodes.filter((n) => n.kind === 'gate').map((n) => r.nameOf(n));
    assert.deepEqual(names, ['(+)₁', '(+)₂', '(×)', '(exp)', 'o']);
    assert.equal(new Set(names).size, names.length);
    // A constant reads as its value.
    const q = graphOf('x = 3\ny = x * 2\nbackward y');
    assert.equal(readGraph(q).nameOf(q.nodes.find((n) => n.kind === 'const')!), '2');
  });

  it('reads inputs in operand order and consumers per use (x*x uses x twice)', () => {
    const p = graphOf('x = 3\ny = x * x\nbackward y');
    const r = readGraph(p);
    assert.deepEqual(r.inputs(named(p, 'y')).map((o) => o.edge.index), [0, 1]);
    assert.equal(r.consumers(named(p, 'x')).length, 2);
  });

  it('writes local derivatives in the operands\' own names, even when they are called a and b', () => {
    const p = graphOf('b = 3; a = 2\nc = b * a\nbackward c');
    const r = readGraph(p);
    const [first, second] = r.inputs(named(p, 'c'));
    // The op's template is ∂(a·b)/∂a = b; here a is the variable b and b is the variable a.
    assert.equal(r.localFormula(first.edge), '∂(b·a)/∂b = a');
    assert.equal(r.localFormula(second.edge), '∂(b·a)/∂a = b');
    assert.equal(r.localLine(first.edge), '∂c/∂b: ∂(b·a)/∂b = a = 2');
    assert.equal(r.formula(named(p, 'c')), 'b × a');
  });

  it('names operands of unary, power and constant-operand gates', () => {
    const p = graphOf('t = 0.5\ne = exp(t)\nn = t ^ 3\nm = t * -1\ns = e + n + m\nbackward s');
    const r = readGraph(p);
    assert.equal(r.localFormula(r.inputs(named(p, 'e'))[0].edge), '∂exp(t)/∂t = exp(t)');
    assert.equal(r.localFormula(r.inputs(named(p, 'n'))[0].edge), '∂(t^3)/∂t = 3·t^(3−1)');
    assert.equal(r.localFormula(r.inputs(named(p, 'm'))[0].edge), '∂(t·(-1))/∂t = (-1)');
  });

  it('does not repeat a number the words already end in', () => {
    assert.equal(withNumber('∂(x+y)/∂x = 1', 1), '∂(x+y)/∂x = 1');
    assert.equal(withNumber('∂(q·z)/∂q = z', -4), '∂(q·z)/∂q = z = -4');
    assert.equal(withNumber('∂(q·z)/∂q = z', undefined), '∂(q·z)/∂q = z');
  });

  it('sums the chain rule over consumers, with × and plain numbers', () => {
    const p = graphOf('x = 3\na = x * 2\nb = x + 1\nf = a * b\nbackward f');
    // f = 2x(x + 1): f' = 4x + 2 = 14 at x = 3.
    assert.equal(readGraph(p).chainRule(named(p, 'x')), '∂f/∂x = ∂f/∂a × ∂a/∂x + ∂f/∂b × ∂b/∂x = 4 × 2 + 6 × 1 = 14');
  });

  it('gives tensor chain rules numbers too', () => {
    const p = graphOf('W = [[1, 2], [3, 4]]\nv = [1, -1]\ny = W @ v\nL = sum(y)\nbackward L');
    const text = readGraph(p).chainRule(named(p, 'W'))!;
    // ∂L/∂W = 1·vᵀ per row: [[1, -1], [1, -1]], upstream [1, 1].
    assert.match(text, /^∂L\/∂W = ∂L\/∂y × ∂y\/∂W = \[1, 1\] × \(∂\(W@v\)\/∂W: .*\) = \[\[1, -1\], \[1, -1\]\]$/);
  });

  it('reads a collapsed user-gate call as one gate with its own local derivative (σ′ = 0.1966 in the lecture)', () => {
    const s = new Session();
    s.run('w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3');
    const p = s.run('def sig(t) = 1 / (1 + exp(-t))\np = sig(w0 * x0 + w1 * x1 + w2)\nbackward p').graph!;
    const r = readGraph(p);
    const arg = r.node(p.groups[0].inputs[0])!;
    assert.equal(r.chainRule(arg, 4, true), '∂p/∂(+)₂ = ∂p/∂p × ∂p/∂(+)₂ = 1 × 0.1966 = 0.1966');
    assert.match(r.chainRule(arg, 4, false)!, /^∂p\/∂\(\+\)₂ = ∂p\/∂\(−\) × ∂\(−\)\/∂\(\+\)₂ = -0\.1966 × -1 = 0\.1966$/);
    assert.deepEqual(r.callLocalLines(p.groups[0], 4), ["∂p/∂(+)₂: the sig gate's local derivative (the product of its insides) = 0.1966"]);
  });
});
