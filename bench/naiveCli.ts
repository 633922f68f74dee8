// A naive evaluator for the whole-process benchmark (bench/run.ts, "A long
// cell, end to end"): what someone would write in an afternoon for exactly the
// chain program `x1 = x0 * 1.0001 + 0.5` … `backward xN`. Regular expressions
// parse each line, every node (constants included) is one JS object with its
// inputs and local derivatives, backward walks the nodes in reverse creation
// order (a topological order), and it prints the JSON of `bpnb run - --json`
// for one cell: every name with its value and gradient, sorted by name.
// Reads the program on stdin, like `bpnb run -`. A module (see the export at
// the end), so its names stay its own.

interface Value {
  value: number;
  grad: number;
  inputs: Value[];
  locals: number[];
}

const nodes: Value[] = [];
const node = (value: number, inputs: Value[] = [], locals: number[] = []): Value => {
  const n = { value, grad: 0, inputs, locals };
  nodes.push(n);
  return n;
};

const ASSIGN_CONST = /^\s*([A-Za-z_]\w*)\s*=\s*(-?[\d.]+(?:e-?\d+)?)\s*$/;
const ASSIGN_AFFINE = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*\*\s*(-?[\d.]+(?:e-?\d+)?)\s*\+\s*(-?[\d.]+(?:e-?\d+)?)\s*$/;
const BACKWARD = /^\s*backward\s+([A-Za-z_]\w*)\s*$/;

function run(source: string): string {
  const names = new Map<string, Value>();
  let target: Value | undefined;
  for (const line of source.split('\n')) {
    let m: RegExpExecArray | null;
    if (line.trim() === '') continue;
    if ((m = ASSIGN_CONST.exec(line))) {
      names.set(m[1], node(Number(m[2])));
    } else if ((m = ASSIGN_AFFINE.exec(line))) {
      const x = names.get(m[2]);
      if (x === undefined) throw new Error(`unknown name ${m[2]}`);
      const c = node(Number(m[3]));
      const d = node(Number(m[4]));
      const prod = node(x.value * c.value, [x, c], [c.value, x.value]);
      names.set(m[1], node(prod.value + d.value, [prod, d], [1, 1]));
    } else if ((m = BACKWARD.exec(line))) {
      target = names.get(m[1]);
      if (target === undefined) throw new Error(`unknown name ${m[1]}`);
    } else {
      throw new Error(`cannot parse: ${line}`);
    }
  }
  if (target !== undefined) {
    for (const n of nodes) n.grad = 0;
    target.grad = 1;
    for (let i = nodes.indexOf(target); i >= 0; i--) {
      const n = nodes[i];
      for (let k = 0; k < n.inputs.length; k++) n.inputs[k].grad += n.grad * n.locals[k];
    }
  }
  const variables: Record<string, { value: number; grad?: number }> = {};
  for (const name of [...names.keys()].sort()) {
    const n = names.get(name)!;
    variables[name] = target !== undefined ? { value: n.value, grad: n.grad } : { value: n.value };
  }
  return JSON.stringify({ cells: [{ index: 0, ok: true, variables, checks: [], errors: [] }] }, null, 2) + '\n';
}

const chunks: Buffer[] = [];
process.stdin.on('data', (c: Buffer) => chunks.push(c));
process.stdin.on('end', () => process.stdout.write(run(Buffer.concat(chunks).toString('utf8'))));

export {};
