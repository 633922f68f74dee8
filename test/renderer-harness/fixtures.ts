// Payloads for the renderer tests, computed (not typed in) by a tiny scalar
// reverse-mode builder, so values, gradients, local derivatives and the
// backward order agree with each other the way the kernel's would.
import type { GateGroup, GraphEdge, GraphMode, GraphNode, GraphPayload } from '../../src/diagram/payload';

type Op = 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'exp';
const SYMBOL: Record<Op, string> = { add: '+', sub: '−', mul: '×', div: '÷', neg: '−', exp: 'exp' };
const LOCAL_TEXT: Record<Op, string[]> = {
  add: ['∂(a+b)/∂a = 1', '∂(a+b)/∂b = 1'],
  sub: ['∂(a−b)/∂a = 1', '∂(a−b)/∂b = -1'],
  mul: ['∂(a·b)/∂a = b', '∂(a·b)/∂b = a'],
  div: ['∂(a/b)/∂a = 1/b', '∂(a/b)/∂b = −a/b²'],
  neg: ['∂(−a)/∂a = -1'],
  exp: ['∂exp(a)/∂a = exp(a)'],
};

export class Builder {
  nodes: GraphNode[] = [];
  edges: GraphEdge[] = [];
  groups: GateGroup[] = [];
  private v: number[] = [];
  private group: string | undefined;

  leaf(name: string, value: number): string {
    return this.push({ label: name, name, op: 'leaf', symbol: name, kind: 'input' }, value);
  }

  constant(value: number): string {
    return this.push({ label: String(value), op: 'const', symbol: String(value), kind: 'const' }, value);
  }

  op(op: Op, inputs: string[], name?: string): string {
    const a = this.v[this.index(inputs[0])];
    const b = inputs[1] === undefined ? NaN : this.v[this.index(inputs[1])];
    const value = { add: a + b, sub: a - b, mul: a * b, div: a / b, neg: -a, exp: Math.exp(a) }[op];
    const locals = { add: [1, 1], sub: [1, -1], mul: [b, a], div: [1 / b, -a / (b * b)], neg: [-1], exp: [Math.exp(a)] }[op];
    const id = this.push({ label: name ?? SYMBOL[op], name, op, symbol: SYMBOL[op], kind: 'gate' }, value);
    inputs.forEach((from, index) => this.edges.push({ from, to: id, index, localText: LOCAL_TEXT[op][index], local: locals[index] }));
    return id;
  }

  /** Builds `body` inside a user-gate call named `name`. */
  call(name: string, inputs: string[], body: () => string): string {
    const id = `g${this.groups.length}`;
    const outer = this.group;
    this.group = id;
    const out = body();
    this.group = outer;
    this.groups.push({ id, name, output: out, inputs, ...(outer ? { parent: outer } : {}) });
    return out;
  }

  value(id: string): number {
    return this.v[this.index(id)];
  }

  /** Reverse mode from `target`: fills grads, the groups' locals and the backward order. */
  payload(target: string, mode: GraphMode = 'reverse'): GraphPayload {
    const grads = new Map<string, number>();
    const order: string[] = [];
    if (mode === 'reverse') {
      grads.set(target, 1);
      for (let i = this.index(target); i >= 0; i--) {
        const id = this.nodes[i].id;
        const g = grads.get(id);
        if (g === undefined) continue;
        order.push(id);
        for (const e of this.edges.filter((x) => x.to === id)) grads.set(e.from, (grads.get(e.from) ?? 0) + g * (e.local as number));
      }
    }
    const nodes = this.nodes.map((n) => (grads.has(n.id) ? { ...n, grad: grads.get(n.id) as number } : { ...n }));
    const t = this.nodes[this.index(target)];
    return {
      version: 1, mode, target, ...(t.name ? { targetName: t.name } : {}),
      nodes, edges: this.edges.map((e) => ({ ...e })), groups: this.groups.map((g) => ({ ...g })),
      backwardOrder: order, omitted: 0, warnings: [],
    };
  }

  private index(id: string): number {
    return Number(id.slice(1));
  }

  private push(n: Omit<GraphNode, 'id' | 'shape' | 'value'>, value: number): string {
    const id = `n${this.nodes.length}`;
    const node: GraphNode = { id, ...n, shape: [], value, ...(this.group ? { group: this.group } : {}) };
    if (node.name === undefined) delete node.name;
    this.nodes.push(node);
    this.v.push(value);
    return id;
  }
}

/** The lecture's first example: f(x, y, z) = (x + y) z at x = -2, y = 5, z = -4. */
export function lectureAdd(): GraphPayload {
  const b = new Builder();
  const x = b.leaf('x', -2);
  const y = b.leaf('y', 5);
  const z = b.leaf('z', -4);
  const q = b.op('add', [x, y], 'q');
  const f = b.op('mul', [q, z], 'f');
  return b.payload(f);
}

/** The lecture's neuron: f = σ(w0·x0 + w1·x1 + w2) with σ a user gate, at w = [2, -3, -3], x = [-1, -2]. */
export function lectureSigmoid(): GraphPayload {
  const b = new Builder();
  const w0 = b.leaf('w0', 2), x0 = b.leaf('x0', -1), w1 = b.leaf('w1', -3), x1 = b.leaf('x1', -2), w2 = b.leaf('w2', -3);
  const s = b.op('add', [b.op('add', [b.op('mul', [w0, x0]), b.op('mul', [w1, x1])]), w2], 's');
  const f = b.call('sig', [s], () => {
    const e = b.op('exp', [b.op('neg', [s])]);
    return b.op('div', [b.constant(1), b.op('add', [b.constant(1), e])], 'f');
  });
  const p = b.payload(f);
  const sigma = b.value(f);
  p.groups[0].local = [sigma * (1 - sigma)];
  return p;
}

/** A chain of `ops` gates (x·1.01 + 0.5 …) from one leaf: 2·ops + 1 nodes. */
export function chain(ops: number, mode: GraphMode = 'reverse'): GraphPayload {
  const b = new Builder();
  let v = b.leaf('x', 0.5);
  for (let i = 0; i < ops; i++) v = i % 2 === 0 ? b.op('mul', [v, b.constant(1.01)]) : b.op('add', [v, b.constant(0.5)]);
  return b.payload(v, mode);
}

/** Labels and names that would be markup, Mermaid syntax or script if not escaped. */
export function hostile(): GraphPayload {
  const p = lectureAdd();
  const evil = ['<img src=x onerror="window.__pwned=1">', '"]) ; click n0 call alert(1) %%', '<script>window.__pwned=2</script>', 'end', '{{x}}'];
  p.nodes.forEach((n, i) => {
    const e = evil[i % evil.length];
    n.label = e;
    if (n.name !== undefined) n.name = e;
  });
  p.targetName = '<b onmouseover=alert(1)>f</b>';
  p.warnings = ['<img src=x onerror="window.__pwned=3">'];
  return p;
}
