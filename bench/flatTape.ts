// The practical limit for a scalar tape in JavaScript: typed-array columns,
// no checks, no flags, two op codes and one reverse loop with a switch.
// Everything our engine does beyond this (validation, tensors, warnings,
// reachability, the visiting order) is what the ratio to it measures.

const INPUT = 0;
const ADD = 1;
const MUL = 2;

export class FlatTape {
  private n = 0;
  private cap = 1024;
  private op = new Uint8Array(this.cap);
  private a = new Int32Array(this.cap);
  private b = new Int32Array(this.cap);
  private val = new Float64Array(this.cap);
  private grad = new Float64Array(this.cap);

  input(x: number): number {
    return this.push(INPUT, -1, -1, x);
  }

  add(x: number, y: number): number {
    return this.push(ADD, x, y, this.val[x] + this.val[y]);
  }

  mul(x: number, y: number): number {
    return this.push(MUL, x, y, this.val[x] * this.val[y]);
  }

  value(id: number): number {
    return this.val[id];
  }

  gradOf(id: number): number {
    return this.grad[id];
  }

  backward(target: number): void {
    const { op, a, b, val, grad } = this;
    grad.fill(0, 0, target + 1);
    grad[target] = 1;
    for (let i = target; i >= 0; i--) {
      const g = grad[i];
      switch (op[i]) {
        case ADD:
          grad[a[i]] += g;
          grad[b[i]] += g;
          break;
        case MUL:
          grad[a[i]] += g * val[b[i]];
          grad[b[i]] += g * val[a[i]];
          break;
      }
    }
  }

  private push(code: number, x: number, y: number, v: number): number {
    if (this.n === this.cap) this.grow();
    const id = this.n++;
    this.op[id] = code;
    this.a[id] = x;
    this.b[id] = y;
    this.val[id] = v;
    return id;
  }

  private grow(): void {
    this.cap *= 2;
    const op = new Uint8Array(this.cap); op.set(this.op); this.op = op;
    const a = new Int32Array(this.cap); a.set(this.a); this.a = a;
    const b = new Int32Array(this.cap); b.set(this.b); this.b = b;
    const val = new Float64Array(this.cap); val.set(this.val); this.val = val;
    this.grad = new Float64Array(this.cap);
  }
}
