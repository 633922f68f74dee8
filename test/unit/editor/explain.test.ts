import assert from 'node:assert/strict';
import type { GraphEdge, GraphNode, GraphPayload } from '../../../src/diagram/payload';
import { callsAt, chainRule, explainBuiltin, explainCall, explainCommand, explainGate, explainName, gatesAt, namedNode, tangentRule } from '../../../src/editor/explain';
import { formatNumber, formatValue } from '../../../src/diagram/numbers';

// Payloads built by hand the way the Session describes a graph, with values
// worked out on paper from the lecture. The texts under test are computed
// from these (sums and products of the numbers), not stored.

function range(line: number, start: number, end: number) {
  return { startLine: line, startColumn: start, endLine: line, endColumn: end };
}

/** f = (x + y) * z at x = -2, y = 5, z = -4 (the lecture's first example). */
function lecturePayload(): GraphPayload {
  // source:
  // 0: x = -2; y = 5; z = -4
  // 1: q = x + y
  // 2: f = q * z
  const nodes: GraphNode[] = [
    { id: 'n0', label: 'x', name: 'x', op: 'leaf', symbol: 'x', kind: 'input', shape: [], value: -2, grad: -4, range: range(0, 0, 6) },
    { id: 'n1', label: 'y', name: 'y', op: 'leaf', symbol: 'y', kind: 'input', shape: [], value: 5, grad: -4, range: range(0, 8, 13) },
    { id: 'n2', label: 'z', name: 'z', op: 'leaf', symbol: 'z', kind: 'input', shape: [], value: -4, grad: 3, range: range(0, 15, 21) },
    { id: 'n3', label: 'q', name: 'q', op: 'add', symbol: '+', kind: 'gate', shape: [], value: 3, grad: -4, range: range(1, 4, 9) },
    { id: 'n4', label: 'f', name: 'f', op: 'mul', symbol: '×', kind: 'gate', shape: [], value: -12, grad: 1, range: range(2, 4, 9) },
  ];
  const edges: GraphEdge[] = [
    { from: 'n0', to: 'n3', index: 0, localText: '∂(a+b)/∂a = 1', local: 1 },
    { from: 'n1', to: 'n3', index: 1, localText: '∂(a+b)/∂b = 1', local: 1 },
    { from: 'n3', to: 'n4', index: 0, localText: '∂(a·b)/∂a = b', local: -4 },
    { from: 'n2', to: 'n4', index: 1, localText: '∂(a·b)/∂b = a', local: 3 },
  ];
  return { version: 1, mode: 'reverse', target: 'n4', targetName: 'f', nodes, edges, groups: [], backwardOrder: ['n4', 'n3', 'n2', 'n1', 'n0'], omitted: 0, warnings: [] };
}

/** e = c * d with c = a + b, d = b + 1 at a = 2, b = 1: b fans out to c and d. */
function fanOutPayload(): GraphPayload {
  const nodes: GraphNode[] = [
    { id: 'n0', label: 'a', name: 'a', op: 'leaf', symbol: 'a', kind: 'input', shape: [], value: 2, grad: 2 },
    { id: 'n1', label: 'b', name: 'b', op: 'leaf', symbol: 'b', kind: 'input', shape: [], value: 1, grad: 5 },
    { id: 'n2', label: 'c', name: 'c', op: 'add', symbol: '+', kind: 'gate', shape: [], value: 3, grad: 2 },
    { id: 'n3', label: '1', op: 'const', symbol: '1', kind: 'const', shape: [], value: 1 },
    { id: 'n4', label: 'd', name: 'd', op: 'add', symbol: '+', kind: 'gate', shape: [], value: 2, grad: 3 },
    { id: 'n5', label: 'e', name: 'e', op: 'mul', symbol: '×', kind: 'gate', shape: [], value: 6, grad: 1 },
  ];
  const edges: GraphEdge[] = [
    { from: 'n0', to: 'n2', index: 0, localText: '∂(a+b)/∂a = 1', local: 1 },
    { from: 'n1', to: 'n2', index: 1, localText: '∂(a+b)/∂b = 1', local: 1 },
    { from: 'n1', to: 'n4', index: 0, localText: '∂(a+b)/∂a = 1', local: 1 },
    { from: 'n3', to: 'n4', index: 1, localText: '∂(a+b)/∂b = 1', local: 1 },
    { from: 'n2', to: 'n5', index: 0, localText: '∂(a·b)/∂a = b', local: 2 },
    { from: 'n4', to: 'n5', index: 1, localText: '∂(a·b)/∂b = a', local: 3 },
  ];
  return { version: 1, mode: 'reverse', target: 'n5', targetName: 'e', nodes, edges, groups: [], backwardOrder: [], omitted: 0, warnings: [] };
}

describe('diagram/numbers as the hovers use them', () => {
  it('writes numbers with a typographic minus and the given significant digits', () => {
    assert.equal(formatNumber(-4, 4), '-4');
    assert.equal(formatNumber(0.7310585786, 4), '0.7311');
    assert.equal(formatNumber(1e-7, 3), '1e-7');
    assert.equal(formatNumber('NaN', 4), 'NaN');
    assert.equal(formatNumber('-Infinity', 4), '-∞');
    assert.equal(formatNumber(-0, 4), '0');
  });
  it('shortens long tensors', () => {
    assert.equal(formatValue([[1, 2], [3, -4]], 4), '[[1, 2], [3, -4]]');
    assert.equal(formatValue([1, 2, 3, 4, 5, 6, 7, 8], 4, 3), '[1, 2, …, 8]');
  });
});

describe('language/explain', () => {
  // Issue 10 item 3: hovers and the renderer read the chain rule the same way (` × `, plain numbers).
  it('writes the chain rule for the lecture example: ∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4', () => {
    const p = lecturePayload();
    assert.equal(chainRule(p, namedNode(p, 'x')!, 4), '∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4');
    assert.equal(chainRule(p, namedNode(p, 'y')!, 4), '∂f/∂y = ∂f/∂q × ∂q/∂y = -4 × 1 = -4');
    assert.equal(chainRule(p, namedNode(p, 'z')!, 4), '∂f/∂z = ∂f/∂f × ∂f/∂z = 1 × 3 = 3');
    assert.equal(chainRule(p, namedNode(p, 'f')!, 4), '∂f/∂f = 1 (the seed of the backward sweep)');
  });

  it('sums over every consumer when a value fans out', () => {
    const p = fanOutPayload();
    assert.equal(chainRule(p, namedNode(p, 'b')!, 4), '∂e/∂b = ∂e/∂c × ∂c/∂b + ∂e/∂d × ∂d/∂b = 2 × 1 + 3 × 1 = 5');
  });

  it('has no chain rule before a backward', () => {
    const p = lecturePayload();
    for (const n of p.nodes) delete n.grad;
    p.mode = 'show';
    assert.equal(chainRule(p, namedNode(p, 'x')!, 4), undefined);
    const text = explainName({ name: 'x', payload: p, precision: 4 })!;
    assert.match(text, /No gradient yet/);
    assert.doesNotMatch(text, /Chain rule/);
  });

  it('explains a name: value, gradient, producing op with local derivatives, chain rule', () => {
    const p = lecturePayload();
    const text = explainName({ name: 'q', payload: p, precision: 4, pos: { line: 2, character: 4 } })!;
    assert.match(text, /\*\*q\*\* = 3/);
    assert.match(text, /Gradient ∂f\/∂q = -4/);
    assert.match(text, /Produced by `\+` \(add\) from x, y/);
    // Issue 11 item 10: the operands' names, and no "= 1 = 1".
    assert.match(text, /∂q\/∂x: ∂\(x\+y\)\/∂x = 1$/m);
    assert.match(text, /∂f\/∂q = ∂f\/∂f × ∂f\/∂q = 1 × -4 = -4/);
  });

  it('falls back to the namespace entry for a name outside the graph', () => {
    const p = lecturePayload();
    const text = explainName({ name: 'w', payload: p, precision: 4, variable: { value: [1, 2], shape: [2], grad: [0.5, -1] } })!;
    assert.match(text, /\*\*w\*\* = \[1, 2\] {2}· {2}2/);
    assert.match(text, /Gradient = \[0\.5, -1\]/);
    assert.match(text, /not part of this cell's graph/);
    assert.equal(explainName({ name: 'nope', payload: p, precision: 4 }), undefined);
  });

  it('finds the gate under an operator and explains its local derivatives and pattern', () => {
    const p = lecturePayload();
    const [mul] = gatesAt(p, { line: 2, character: 6 });
    assert.equal(mul.op, 'mul');
    const text = explainGate(p, mul, 4);
    assert.match(text, /w\.r\.t\. q: ∂\(q·z\)\/∂q = z = -4/);
    assert.match(text, /w\.r\.t\. z: ∂\(q·z\)\/∂z = q = 3/);
    // upstream 1 times each local derivative
    assert.match(text, /q ← 1 × -4 = -4/);
    assert.match(text, /z ← 1 × 3 = 3/);
    assert.match(text, /switcher/);
    const [add] = gatesAt(p, { line: 1, character: 6 });
    assert.match(explainGate(p, add, 4), /distributor/);
    assert.deepEqual(gatesAt(p, { line: 0, character: 2 }), []);
  });

  it('prefers the innermost gate when ranges nest and ignores other cells', () => {
    const p = lecturePayload();
    p.nodes[3].range = { ...range(2, 4, 9), cell: 'A' }; // add node, same line as mul but in cell A
    p.nodes[4].range = { ...range(2, 0, 12), cell: 'B' };
    assert.equal(gatesAt(p, { line: 2, character: 6 }, 'B')[0].op, 'mul');
    assert.equal(gatesAt(p, { line: 2, character: 6 }, 'A')[0].op, 'add');
    assert.equal(gatesAt(p, { line: 2, character: 6 })[0].op, 'add');
  });

  it('writes the forward-mode sum for tangents', () => {
    const p = lecturePayload();
    p.mode = 'forward';
    p.seed = 'n0';
    // d/dx: x' = 1, q' = 1, f' = z·q' = -4
    p.nodes[0].tangent = 1;
    p.nodes[3].tangent = 1;
    p.nodes[4].tangent = -4;
    assert.equal(tangentRule(p, p.nodes[4], 4), '∂f/∂x = ∂f/∂q × ∂q/∂x = -4 × 1 = -4');
    assert.equal(tangentRule(p, p.nodes[3], 4), '∂q/∂x = 1', 'each side once (issue 11 item 10: no "= 1 = 1")');
  });

  it('explains one call of a user gate as a single gate', () => {
    const p = lecturePayload();
    // Pretend q = x + y was a call of `def add2(a, b) = a + b` on line 1.
    p.groups = [{ id: 'g0', name: 'add2', range: range(1, 4, 14), output: 'n3', inputs: ['n0', 'n1'], local: [1, 1] }];
    const [call] = callsAt(p, { line: 1, character: 6 });
    assert.equal(call.name, 'add2');
    const text = explainCall(p, call, 4);
    assert.match(text, /Here: add2\(x = -2, y = 5\) = 3/);
    assert.match(text, /∂add2\/∂x = 1/);
    assert.match(text, /Upstream gradient ∂f\/∂add2 = -4/);
    assert.deepEqual(callsAt(p, { line: 2, character: 6 }), []);
  });

  it('documents built-ins with the lecture\'s local derivatives, and commands', () => {
    assert.match(explainBuiltin('sigmoid')!, /\(1 − σ\(x\)\)·σ\(x\)/);
    assert.match(explainBuiltin('exp')!, /eˣ/);
    assert.match(explainBuiltin('max')!, /router/);
    assert.equal(explainBuiltin('nosuch'), undefined);
    assert.match(explainCommand('backward')!, /Reverse mode/);
    assert.match(explainCommand('boundary')!, /^\*\*boundary s over X \[labels y\] \[grid N\]\*\* \(command\)\n\nThe decision boundary of a model of two inputs/);
  });
});
