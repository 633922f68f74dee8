import assert from 'node:assert/strict';
import { Session } from '../../../src/lang';
import type { GraphPayload } from '../../../src/diagram/payload';
import { runOk } from './helpers';

const lecture = 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f';

describe('lang: GraphPayload', () => {
  it('lists the target\'s ancestors in topological order with values, grads, ranges and labels', () => {
    const g = runOk(lecture).result.graph!;
    assert.equal(g.version, 1);
    assert.equal(g.mode, 'reverse');
    assert.equal(g.targetName, 'f');
    assert.deepEqual(g.nodes.map((n) => [n.id, n.label, n.op, n.kind, n.value, n.grad]), [
      ['n0', 'x', 'leaf', 'input', -2, -4],
      ['n1', 'y', 'leaf', 'input', 5, -4],
      ['n2', 'z', 'leaf', 'input', -4, 3],
      ['n3', 'q', 'add', 'gate', 3, -4],
      ['n4', 'f', 'mul', 'gate', -12, 1],
    ]);
    assert.equal(g.target, 'n4');
    // the '+' of 'q = x + y' is line 2, column 7 (0-based 1:6)
    assert.deepEqual(g.nodes[3].range, { cell: 'cell', startLine: 1, startColumn: 6, endLine: 1, endColumn: 7 });
    assert.equal(g.nodes[3].symbol, '+');
  });

  it('puts a local derivative on every edge and the sweep order in backwardOrder', () => {
    const g = runOk(lecture).result.graph!;
    assert.deepEqual(g.edges.map((e) => [e.from, e.to, e.index, e.local]), [
      ['n0', 'n3', 0, 1], ['n1', 'n3', 1, 1], ['n3', 'n4', 0, -4], ['n2', 'n4', 1, 3],
    ]);
    for (const e of g.edges) assert.ok(e.localText.startsWith('∂'), e.localText);
    assert.deepEqual(g.backwardOrder, ['n4', 'n3', 'n2', 'n1', 'n0']);
  });

  it('is deterministic: the same program gives identical JSON', () => {
    const program = 'seed 7\nW = randn(2, 2)\nx = [1, 2]\ndef act(t) = tanh(t)\ny = sum(act(W @ x))\nbackward y';
    const a = JSON.stringify(runOk(program, new Session()).result);
    const b = JSON.stringify(runOk(program, new Session()).result);
    assert.equal(a, b);
  });

  it('round-trips through JSON unchanged, with NaN and infinities as strings', () => {
    const { result } = runOk('x = 0\na = 0 / x\nb = 1 / x\nc = -1 / x\nv = [1, 2]\nt = a + b + c\nshow t');
    const g = result.graph!;
    assert.deepEqual(JSON.parse(JSON.stringify(g)), g);
    const byName = (name: string) => g.nodes.find((n) => n.name === name)!.value;
    assert.deepEqual([byName('a'), byName('b'), byName('c'), byName('t')], ['NaN', 'Infinity', '-Infinity', 'NaN']);
    assert.ok(g.warnings.length >= 3, g.warnings.join('; '));
  });

  it('describes user-gate calls as nested groups with their inputs, output and local derivative', () => {
    const { result } = runOk('def sig(t) = 1 / (1 + exp(-t))\ndef neuron(w, x, b) = sig(w * x + b)\nw = 2; x = -1; b = 1\no = neuron(w, x, b)\nbackward o');
    const g = result.graph!;
    assert.deepEqual(g.groups.map((gr) => [gr.id, gr.name, gr.parent]), [['g0', 'neuron', undefined], ['g1', 'sig', 'g0']]);
    const neuron = g.groups[0];
    assert.deepEqual(neuron.inputs.map((id) => g.nodes.find((n) => n.id === id)!.label), ['w', 'x', 'b']);
    assert.equal(neuron.output, g.target);
    // ∂o/∂w = x σ'(1) etc.: the group's locals equal the end-to-end gradients here
    const grads = ['w', 'x', 'b'].map((k) => result.variables[k].grad as number);
    neuron.local!.forEach((l, i) => assert.ok(Math.abs((l as number) - grads[i]) < 1e-12));
    const exp = g.nodes.find((n) => n.op === 'exp')!;
    assert.equal(exp.group, 'g1');
    assert.equal(g.nodes.find((n) => n.op === 'mul')!.group, 'g0');
    assert.equal(g.nodes.find((n) => n.label === 'w')!.group, undefined);
  });

  it('keeps the nodes nearest the target when the graph is bigger than maxPayloadNodes', () => {
    const session = new Session({ maxPayloadNodes: 10 });
    const lines = ['x0 = 1'];
    for (let i = 1; i <= 30; i++) lines.push(`x${i} = x${i - 1} + 1`);
    lines.push('backward x30');
    const g = runOk(lines.join('\n'), session).result.graph!;
    assert.equal(g.nodes.length, 10);
    assert.equal(g.omitted, 61 - 10);
    assert.equal(g.nodes.at(-1)!.label, 'x30');
    assert.ok(g.nodes.some((n) => n.label === 'x26'));
    assert.ok(!g.nodes.some((n) => n.label === 'x0'));
    for (const e of g.edges) assert.ok(g.nodes.some((n) => n.id === e.from) && g.nodes.some((n) => n.id === e.to));
    assert.ok(g.backwardOrder.every((id) => g.nodes.some((n) => n.id === id)));
  });

  it('in forward mode carries tangents and the seed', () => {
    const g: GraphPayload = runOk('a = 2; b = 1\ne = (a + b) * (b + 1)\nforward b').result.graph!;
    assert.equal(g.mode, 'forward');
    assert.equal(g.nodes.find((n) => n.id === g.seed)!.label, 'b');
    assert.equal(g.nodes.find((n) => n.id === g.target)!.tangent, 5);
    assert.deepEqual(g.backwardOrder, []);
  });

  it('shows no gradients for a graph the last backward was not about', () => {
    const session = new Session();
    runOk('x = 1\nf = x * 2\nbackward f', session);
    const g = runOk('h = x * 3', session).result.graph!;
    assert.ok(g.nodes.every((n) => n.grad === undefined));
  });
});
