// The baseline: a micrograd-style engine, as a first implementation usually
// looks. One object per value, a closure per op for its backward step, and
// a topological sort before the reverse loop: recursive (as in micrograd,
// which overflows the stack on long chains) or iterative (the fair baseline).

export class Value {
  grad = 0;
  backwardStep: () => void = () => undefined;

  constructor(
    public data: number,
    readonly prev: readonly Value[] = [],
  ) {}

  mul(other: Value): Value {
    const out = new Value(this.data * other.data, [this, other]);
    out.backwardStep = () => {
      this.grad += other.data * out.grad;
      other.grad += this.data * out.grad;
    };
    return out;
  }

  add(other: Value): Value {
    const out = new Value(this.data + other.data, [this, other]);
    out.backwardStep = () => {
      this.grad += out.grad;
      other.grad += out.grad;
    };
    return out;
  }

  /** micrograd's backward: recursive depth-first topological sort. */
  backwardRecursive(): void {
    const topo: Value[] = [];
    const visited = new Set<Value>();
    const build = (v: Value): void => {
      if (visited.has(v)) return;
      visited.add(v);
      for (const child of v.prev) build(child);
      topo.push(v);
    };
    build(this);
    this.sweep(topo);
  }

  /** The same sort with an explicit stack: no recursion, any depth. */
  backwardIterative(): void {
    const topo: Value[] = [];
    const visited = new Set<Value>();
    const stack: [Value, number][] = [[this, 0]];
    visited.add(this);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [v, next] = top;
      if (next < v.prev.length) {
        top[1] = next + 1;
        const child = v.prev[next];
        if (!visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        topo.push(v);
      }
    }
    this.sweep(topo);
  }

  private sweep(topo: Value[]): void {
    for (const v of topo) v.grad = 0;
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) topo[i].backwardStep();
  }
}
