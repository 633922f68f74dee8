import assert from 'node:assert/strict';
import { buildViewModel, type GraphNode, type GraphPayload } from '../../../src/diagram';

const node = (id: string, kind: GraphNode['kind'], op: string, symbol: string, value: number, extra: Partial<GraphNode> = {}): GraphNode =>
  ({ id, label: extra.name ?? symbol, op, symbol, kind, shape: [], value, ...extra });

/**
 * def sq(t) = t * t;  def quad(u) = sq(u) * k   (k a global);  y = quad(x)
 * n0 x, n1 k, [g0 quad: n2 = x*x in g1 sq (nested in g0), n3 = n2 * k], n4 = y + 1 outside.
 */
const nested: GraphPayload = {
  version: 1, mode: 'reverse', target: 'n5', targetName: 'z',
  nodes: [
    node('n0', 'input', 'leaf', 'x', 3, { name: 'x', grad: 12 }),
    node('n1', 'input', 'leaf', 'k', 2, { name: 'k', grad: 9 }),
    node('n2', 'gate', 'mul', '×', 9, { group: 'g1', grad: 2 }),
    node('n3', 'gate', 'mul', '×', 18, { group: 'g0', name: 'y', grad: 1 }),
    node('n4', 'const', 'const', '1', 1),
    node('n5', 'gate', 'add', '+', 19, { name: 'z', grad: 1 }),
  ],
  edges: [
    { from: 'n0', to: 'n2', index: 0, localText: 'b', local: 3 },
    { from: 'n0', to: 'n2', index: 1, localText: 'a', local: 3 },
    { from: 'n2', to: 'n3', index: 0, localText: 'b', local: 2 },
    { from: 'n1', to: 'n3', index: 1, localText: 'a', local: 9 },
    { from: 'n3', to: 'n5', index: 0, localText: '1', local: 1 },
    { from: 'n4', to: 'n5', index: 1, localText: '1', local: 1 },
  ],
  groups: [
    { id: 'g0', name: 'quad', output: 'n3', inputs: ['n0'], local: [12] },
    { id: 'g1', name: 'sq', parent: 'g0', output: 'n2', inputs: ['n0'], local: [6] },
  ],
  backwardOrder: ['n5', 'n4', 'n3', 'n2', 'n1', 'n0'], omitted: 0, warnings: [],
};

describe('buildViewModel', () => {
  it('shows every node expanded by default', () => {
    const m = buildViewModel(nested);
    assert.deepEqual(m.nodes.map((n) => n.title), ['x', 'k', '×', 'y = ×', '1', 'z = +']);
    assert.equal(m.edges.length, 6);
    assert.ok(m.nodes[5].isTarget);
  });

  it('collapses a call with a nested call into one node of the outermost gate', () => {
    const m = buildViewModel(nested, { collapseGates: true, edgeLabels: true });
    assert.deepEqual(m.nodes.map((n) => `${n.kind}:${n.title}`), ['input:x', 'input:k', 'call:y = quad', 'const:1', 'gate:z = +']);
    const call = m.nodes[2];
    assert.equal(call.payloadId, 'n3');
    assert.equal(call.groupId, 'g0');
    assert.equal(call.value, '18');
    const edges = m.edges.map((e) => `${m.nodes[e.from].title}->${m.nodes[e.to].title}${e.label ? `:${e.label}` : ''}`);
    // x is the argument (with the call's local derivative); k is a global the body reads.
    assert.deepEqual(edges, ['x->y = quad:12', 'k->y = quad', 'y = quad->z = +:1', '1->z = +:1']);
  });

  it('marks the target, the seed and the highlighted node, also inside a collapsed call', () => {
    const m = buildViewModel({ ...nested, seed: 'n0' }, { collapseGates: true, highlight: 'n2' });
    assert.ok(m.nodes[0].isSeed);
    assert.ok(m.nodes[2].highlighted, 'an inner node highlights its call');
    assert.ok(m.nodes[4].isTarget);
  });

  it('shows only what was asked', () => {
    const values = buildViewModel(nested, { show: 'values' });
    assert.ok(values.nodes.every((n) => n.grad === undefined && n.value !== undefined));
    const grads = buildViewModel(nested, { show: 'grads' });
    assert.ok(grads.nodes.every((n) => n.value === undefined));
    assert.equal(grads.nodes[0].grad, '12');
  });
});
