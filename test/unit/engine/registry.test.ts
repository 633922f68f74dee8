// Adding an op anywhere in the registry just works. The engine is bundled
// with esbuild as the product ships it, with ops/index.ts rewritten on the
// way in to hold two extra ops in the middle of OPS: a unary `cube` between
// `sub` and `mul` (every later op, mul and div among them, moves to another
// tape code) and a binary `blend` right after `min` (which used to throw at
// import). Reverse mode, forward mode and central differences must agree on
// graphs that use the new ops and the moved ones, and the moved ones must give
// exactly what the stock engine gives.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import * as stock from '../../../src/engine';

type Engine = typeof stock;
const ENGINE = path.resolve(__dirname, '../../../src/engine');

const EXTRA_OPS = `
import { binaryOp as __binaryOp, unaryOp as __unaryOp } from './elementwise';
const cube = __unaryOp({ name: 'cube', symbol: '³', derivative: ['∂x³/∂x = 3x²'], f: (x) => x * x * x, d: (x) => 3 * x * x });
const blend = __binaryOp({ name: 'blend', symbol: 'blend', derivative: ['∂/∂a = b²', '∂/∂b = 2ab'], f: (a, b) => a * b * b, d0: (_a, b) => b * b, d1: (a, b) => 2 * a * b });
`;

/** The engine with `cube` and `blend` inserted into the registry's literal. */
async function engineWithExtraOps(): Promise<Engine> {
  const plugin: esbuild.Plugin = {
    name: 'extra-ops',
    setup(build) {
      build.onLoad({ filter: /[\\/]engine[\\/]ops[\\/]index\.ts$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const src = await readFile(args.path, 'utf8');
        const edited = src
          .replace("import type { OpSpec } from './types';", `import type { OpSpec } from './types';\n${EXTRA_OPS}`)
          .replace('add, sub, mul, div, pow, max, min,', 'add, sub, cube, mul, div, pow, max, min, blend,');
        assert.notEqual(edited, src, 'the registry literal was not found: update this test');
        return { contents: edited, loader: 'ts' };
      });
    },
  };
  const out = await esbuild.build({
    entryPoints: [path.join(ENGINE, 'index.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, plugins: [plugin], logLevel: 'silent',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bpnb-registry-'));
  try {
    const file = path.join(dir, 'engine.js');
    writeFileSync(file, out.outputFiles[0].text);
    return createRequire(file)(file) as Engine;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('engine: the op registry', function () {
  this.timeout(60_000);
  let E: Engine;
  before(async () => {
    E = await engineWithExtraOps();
  });

  it('holds the new ops where they were inserted', () => {
    const names = E.OP_NAMES as readonly string[];
    assert.deepEqual(names.slice(0, 9), ['add', 'sub', 'cube', 'mul', 'div', 'pow', 'max', 'min', 'blend']);
  });

  it('sweeps the new ops and the moved ones in both modes, agreeing with central differences', () => {
    const g = new E.Graph();
    const x = g.leaf(0.7), y = g.leaf(-1.3);
    const cube = g.apply('cube' as never, [x]);
    const blend = g.apply('blend' as never, [y, x]);
    // f = x³·(y + x) / (blend(y, x) − 3) + exp(y)·x
    const f = g.add(g.div(g.mul(cube, g.add(y, x)), g.sub(blend, g.constant(3))), g.mul(g.exp(y), x));
    const X = 0.7, Y = -1.3;
    const value = (X ** 3 * (Y + X)) / (Y * X * X - 3) + Math.exp(Y) * X;
    assert.ok(Math.abs(g.scalar(f) - value) < 1e-12);
    g.backward(f);
    const gx = g.grad(x)!.data[0], gy = g.grad(y)!.data[0];
    const checks = E.gradcheck(g, f, [x, y]);
    assert.ok(Math.abs(checks[0].numeric - gx) < 1e-6 && Math.abs(checks[1].numeric - gy) < 1e-6, JSON.stringify(checks));
    g.forward(x);
    assert.ok(Math.abs(g.tangent(f)!.data[0] - gx) < 1e-12);
    g.forward(y);
    assert.ok(Math.abs(g.tangent(f)!.data[0] - gy) < 1e-12);
    assert.equal(g.localDerivative(cube, 0), 3 * X * X);
    assert.equal(g.localDerivative(blend, 1), 2 * Y * X);
  });

  it('gives exactly what the stock engine gives for the ops whose codes moved', () => {
    const run = (M: Engine): number[] => {
      const g = new M.Graph();
      const a = g.leaf(1.25), b = g.leaf(-0.4), v = g.leaf(M.Tensor.fromNested([0.5, 2]));
      const s = g.apply('sum', [g.apply('mul', [v, g.div(a, b)])]);
      const f = g.add(g.pow(g.mul(a, b), g.constant(2)), g.add(g.max(a, b), g.min(g.sigmoid(a), s)));
      g.backward(f);
      g.forward(a);
      return [g.scalar(f), g.grad(a)!.data[0], g.grad(b)!.data[0], ...g.grad(v)!.data, g.tangent(f)!.data[0]];
    };
    assert.deepEqual(run(E), run(stock));
  });
});
