// plot and descend (issue 13): both re-run the graph the cells built
// (Graph.setLeaf + replay), so the tape does not grow; plot leaves the
// namespace as it was, descend re-binds it to the trained state, and a failed
// cell puts everything back. Checked against the closed-form derivatives and
// central differences, and for descend against hand-rolled gradient steps.

import assert from 'node:assert/strict';
import type { CurvePlot, DescentPlot } from '../../../src/diagram/plotPayload';
import { Session } from '../../../src/lang';
import { close, firstError, runOk, scalar } from './helpers';

const num = (v: unknown): number => {
  assert.equal(typeof v, 'number', `expected a number, got ${JSON.stringify(v)}`);
  return v as number;
};

function onlyPlot(plots: CurvePlot[] | undefined): CurvePlot {
  assert.ok(plots && plots.length === 1, `expected one plot, got ${JSON.stringify(plots)}`);
  return plots[0];
}

describe('lang: plot f wrt x', () => {
  it('sweeps x − 3 … x + 3 at 200 points by default: f and ∂f/∂x at each, the current point marked', () => {
    const { result } = runOk('x = 0.5; f = x^3 - 2*x; plot f wrt x');
    const p = onlyPlot(result.plots);
    assert.equal(p.kind, 'curve');
    assert.equal(p.target, 'f');
    assert.equal(p.wrt, 'x');
    assert.equal(p.x.length, 200);
    close(p.x[0], -2.5);
    close(p.x[199], 3.5);
    for (let i = 0; i < 200; i++) {
      const x = p.x[i];
      close(num(p.value[i]), x ** 3 - 2 * x, 1e-12, `f(${x})`);
      close(num(p.grad[i]), 3 * x * x - 2, 1e-12, `f'(${x})`);
      if (i > 0) assert.ok(p.x[i] > p.x[i - 1], 'ascending');
    }
    assert.deepEqual(p.at, { x: 0.5, value: 0.125 - 1, grad: 0.75 - 2 });
    assert.equal(p.warning, undefined);
  });

  it('takes a range and a number of points; the range ends may be expressions', () => {
    const { result } = runOk('a = 2; x = 1; f = sin(x) * a; plot f wrt x from -a to 2 * a points 5');
    const p = onlyPlot(result.plots);
    assert.deepEqual(p.x, [-2, -0.5, 1, 2.5, 4]);
    p.x.forEach((x, i) => {
      close(num(p.value[i]), 2 * Math.sin(x));
      close(num(p.grad[i]), 2 * Math.cos(x));
    });
  });

  it('plots a user gate\'s output, in agreement with central differences', () => {
    const { result } = runOk([
      'def neuron(t) = 1 / (1 + exp(-t))',
      'w = 1.5; x = -0.3; b = 0.2; f = neuron(w * x + b)\nplot f wrt w from -2 to 2 points 41',
    ]);
    const p = onlyPlot(result.plots);
    const f = (w: number) => 1 / (1 + Math.exp(-(w * -0.3 + 0.2)));
    const h = 1e-6;
    p.x.forEach((w, i) => {
      close(num(p.value[i]), f(w), 1e-14, `value at ${w}`);
      close(num(p.grad[i]), (f(w + h) - f(w - h)) / (2 * h), 1e-8, `slope at ${w}`);
    });
  });

  it('leaves the namespace as it was: values, gradients, the tape, and which graph the cell shows', () => {
    const s = new Session();
    runOk(['x = 2; y = 3; q = x * y; f = exp(q / 10) + x', 'backward f'], s);
    const before = s.run('q', { cellId: 'c' });
    const nodes = s.nodeCount();
    const { result } = runOk('plot f wrt x from -1 to 1 points 7; plot q wrt y', s);
    assert.equal(result.plots?.length, 2, 'two plots in one cell');
    assert.equal(s.nodeCount(), nodes, 'no node recorded (numbers in the clauses are read, not built)');
    assert.deepEqual(result.variables, before.variables, 'values and gradients as before');
    assert.equal(result.graph, undefined, 'plot does not select a graph (the cell assigned nothing)');
    // The next cell still computes from the old x.
    close(scalar(runOk('t = x + 0', s).result.variables.t.value), 2);
  });

  it('puts back the tangents of the last forward too', () => {
    const s = new Session();
    runOk(['x = 0.3; y = -1.2; f = tanh(x * y) + x^2', 'backward f', 'forward x'], s);
    const before = s.run('f', { cellId: 'c' }).variables;
    assert.notEqual(before.f.tangent, undefined);
    const { result } = runOk('plot f wrt x points 11; plot f wrt y points 11', s);
    assert.deepEqual(result.variables, before);
  });

  it('is an E_NOT_SCALAR error, located, for a tensor f or a tensor x', () => {
    const e1 = firstError('v = [1, 2]; F = v * 2; plot F wrt v');
    assert.equal(e1.where, 'E_NOT_SCALAR 1:29');
    assert.match(e1.message, /'F' has shape \[2\]/);
    const e2 = firstError('v = [1, 2]; f = sum(v * 2); plot f wrt v');
    assert.equal(e2.where, 'E_NOT_SCALAR 1:40');
    assert.match(e2.message, /sweeps a scalar input, but 'v' has shape \[2\]/);
  });

  it('draws a flat line with a warning when f does not depend on x; rejects a computed x', () => {
    const { result } = runOk('x = 1; u = 5; f = x * x; plot f wrt u points 3');
    const p = onlyPlot(result.plots);
    assert.deepEqual(p.value, [1, 1, 1]);
    assert.deepEqual(p.grad, [0, 0, 0]);
    assert.match(p.warning ?? '', /'f' does not depend on 'u'/);
    assert.ok(result.diagnostics.some((d) => d.code === 'W_NO_DEPENDENCE' && d.severity === 'warning'));
    const e = firstError('x = 1; h = x * 2; f = h * h; plot f wrt h');
    assert.equal(e.where, 'E_ARGUMENT 1:41');
  });

  it('reports bad clauses as syntax or argument errors', () => {
    assert.equal(firstError('x = 1; f = x; plot f').where, 'E_SYNTAX 1:15');
    assert.equal(firstError('x = 1; f = x; plot f wrt x to 3').where, 'E_SYNTAX 1:28');
    assert.equal(firstError('x = 1; f = x; plot f wrt x points 3 points 4').where, 'E_SYNTAX 1:37');
    assert.equal(firstError('x = 1; f = x; plot f wrt x from 2 to 1').where, 'E_ARGUMENT 1:35');
    assert.equal(firstError('x = 1; f = x; plot f wrt x points 1').where, 'E_ARGUMENT 1:35');
  });
});

describe('lang: descend L', () => {
  it('takes the same steps as gradient descent by hand, records steps + 1 losses, and grows no tape', () => {
    const s = new Session();
    runOk(['w = 3; b = -1', 'p = w * 2 + b', 'L = (p - 1)^2 + 0.5 * w^2'], s);
    const nodes = s.nodeCount();
    const { result } = runOk('descend L lr 0.1 to 0.01 steps 20', s);
    assert.equal(s.nodeCount(), nodes, 'the tape holds as many nodes as before the descent');
    const d = result.descents?.[0] as DescentPlot;
    assert.deepEqual([d.kind, d.target, d.wrt, d.steps, d.lr, d.running], ['descent', 'L', ['w', 'b'], 20, [0.1, 0.01], undefined]);
    assert.equal(d.loss.length, 21);
    // By hand.
    let w = 3, b = -1;
    const loss = (w: number, b: number) => (2 * w + b - 1) ** 2 + 0.5 * w * w;
    const expected = [loss(w, b)];
    for (let k = 0; k < 20; k++) {
      const lr = 0.1 + ((0.01 - 0.1) * k) / 19;
      const r = 2 * w + b - 1;
      const gw = 4 * r + w, gb = 2 * r;
      w -= lr * gw;
      b -= lr * gb;
      expected.push(loss(w, b));
    }
    d.loss.forEach((l, k) => close(num(l), expected[k], 1e-12, `loss ${k}`));
    const v = result.variables;
    close(scalar(v.w.value), w, 1e-12, 'w trained');
    close(scalar(v.b.value), b, 1e-12, 'b trained');
    // Names computed from the leaves, in earlier cells, hold their values at the trained leaves.
    close(scalar(v.p.value), 2 * w + b, 1e-12, 'p recomputed');
    close(scalar(v.L.value), loss(w, b), 1e-12, 'L recomputed');
    // The graph shows the trained state, with gradients there.
    assert.equal(result.graph?.mode, 'reverse');
    close(scalar(v.w.grad), 4 * (2 * w + b - 1) + w, 1e-12, '∂L/∂w at the trained point');
    // Later cells compute from the trained values.
    close(scalar(runOk('t = w + 0', s).result.variables.t.value), w, 1e-15);
  });

  it('moves only the leaves named after wrt, with the defaults lr 0.1 and 100 steps', () => {
    const { result } = runOk('a = 1; c = 2; L = (a - 5)^2 + (c - 5)^2; descend L wrt c');
    const d = result.descents![0];
    assert.deepEqual([d.wrt, d.steps, d.lr, d.loss.length], [['c'], 100, [0.1, 0.1], 101]);
    assert.equal(scalar(result.variables.a.value), 1);
    close(scalar(result.variables.c.value), 5 - 3 * 0.8 ** 100, 1e-12);
  });

  it('is transactional: a later error in the cell puts the leaves, the names and the gradients back', () => {
    const s = new Session();
    runOk(['w = 3', 'y = w * 2', 'L = (y - 1)^2', 'backward L'], s);
    const before = s.run('y', { cellId: 'c' }).variables;
    const nodes = s.nodeCount();
    const failed = s.run('descend L steps 10\nboom = nope + 1', { cellId: 'c' });
    assert.equal(failed.ok, false);
    assert.equal(failed.descents, undefined, 'no loss curve from a failed cell');
    assert.deepEqual(failed.variables, before);
    assert.ok(s.nodeCount() >= nodes);
    close(scalar(runOk('t = y + 0', s).result.variables.t.value), 6, 0);
  });

  it('fails with E_DIVERGED, leaving everything as before, when the loss becomes NaN', () => {
    const s = new Session();
    runOk('w = 1; L = log(w) + w', s);
    const before = s.run('L', { cellId: 'c' }).variables;
    const e = firstError('descend L lr 5 steps 3', s);
    assert.equal(e.where, 'E_DIVERGED 1:1');
    assert.match(e.message, /became NaN at step 1 of 3/);
    assert.deepEqual(e.result.variables, before);
  });

  it('rejects a tensor loss, a computed wrt, an input the loss does not use, and bad numbers', () => {
    assert.equal(firstError('v = [1, 2]; L = v * v; descend L').where, 'E_NOT_SCALAR 1:32');
    assert.equal(firstError('w = 1; h = 2 * w; L = h * h; descend L wrt h').where, 'E_ARGUMENT 1:44');
    assert.equal(firstError('w = 1; u = 2; L = w * w; descend L wrt w, u').where, 'E_ARGUMENT 1:43');
    assert.equal(firstError('w = 1; L = w * w; descend L steps 0').where, 'E_ARGUMENT 1:35');
    assert.equal(firstError('L = 2 * 3; descend L').where, 'E_ARGUMENT 1:20');
    assert.equal(firstError('w = 1; L = w * w; descend L lr 0.1 steps 5 lr 0.2').where, 'E_SYNTAX 1:44');
  });

  it('reports progress at most every 100 ms while it runs', () => {
    const s = new Session();
    runOk('seed 3; X = rand(40, 40); W = rand(40, 40) / 40; L = mean((X @ W - 1)^2)', s);
    const calls: { at: number; done: number; losses: number; steps: number; last: unknown }[] = [];
    const t0 = performance.now();
    const r = s.run('descend L lr 0.01 steps 3000', {
      onProgress: (p) => calls.push({ at: performance.now(), done: p.running?.done ?? -1, losses: p.loss.length, steps: p.steps, last: p.loss[p.loss.length - 1] }),
    });
    const total = performance.now() - t0;
    assert.ok(r.ok);
    assert.ok(total > 250, `the descent took ${total.toFixed(0)} ms; too short to see progress`);
    assert.ok(calls.length >= 2, `${calls.length} progress reports in ${total.toFixed(0)} ms`);
    assert.ok(calls.length <= total / 100 + 1, `${calls.length} reports in ${total.toFixed(0)} ms`);
    const final = r.descents![0];
    let last = 0;
    for (const [k, c] of calls.entries()) {
      assert.ok(c.done > last && c.done < 3000, `done ${c.done} after ${last}`);
      assert.equal(c.losses, c.done + 1);
      assert.equal(c.steps, 3000);
      assert.equal(c.last, final.loss[c.done], 'the curve so far is the final curve\'s beginning');
      if (k > 0) assert.ok(c.at - calls[k - 1].at >= 95, `reports ${(c.at - calls[k - 1].at).toFixed(0)} ms apart`);
      last = c.done;
    }
    assert.equal(final.running, undefined, 'the final curve is not running');
  });
});

describe('lang: comparisons and data sets', () => {
  it('compares element-wise with broadcasting, giving 0/1, and passes no gradient', () => {
    const { result } = runOk('x = [1, 2, 3]; a = x < 2; b = x >= 2; c = x == 2; d = 3 > x; e = x <= [[1], [3]]\nL = sum(x * (x > 1.5))\nbackward L');
    const v = result.variables;
    assert.deepEqual([v.a.value, v.b.value, v.c.value, v.d.value, v.e.value], [[1, 0, 0], [0, 1, 1], [0, 1, 0], [1, 1, 0], [[1, 0, 0], [1, 1, 1]]]);
    assert.deepEqual(v.x.grad, [0, 1, 1], 'only through x *, not through the comparison');
  });

  it('binds looser than arithmetic and does not chain', () => {
    const { result } = runOk('a = 1 + 2 < 2 * 2');
    assert.equal(result.variables.a.value, 1);
    assert.equal(firstError('a = 1 < 2 < 3').where, 'E_SYNTAX 1:11');
  });

  it('moons and circles: reproducible after seed, half in each class, constants that descend never moves', () => {
    const s = new Session();
    const a = runOk('seed 5; X = moons(40, 0.1); y = 2 * labels(X) - 1; C = circles(10)', s).result.variables;
    const b = runOk('seed 5; X = moons(40, 0.1); y = 2 * labels(X) - 1; C = circles(10)', new Session()).result.variables;
    assert.deepEqual(a.X, b.X);
    assert.deepEqual(a.X.shape, [40, 2]);
    assert.deepEqual(a.y.shape, [40]);
    assert.equal((a.y.value as number[]).filter((t) => t === 1).length, 20);
    assert.equal((a.y.value as number[]).filter((t) => t === -1).length, 20);
    // Without noise the circles lie on radius 1 (label 0) and 0.8 (label 1).
    const labels = runOk('l = labels(C)', s).result.variables.l.value as number[];
    (a.C.value as number[][]).forEach(([px, py], i) => close(Math.hypot(px, py), labels[i] === 0 ? 1 : 0.8, 1e-12));
    const { result } = runOk('w = [0.5, -0.5]; L = mean(relu(1 - y * (X @ w))); descend L steps 3', s);
    assert.deepEqual(result.descents?.[0].wrt, ['w'], 'the data are not inputs');
    assert.deepEqual(result.variables.X, a.X);
    assert.equal(firstError('Z = [1, 2]; l = labels(Z)', s).where, 'E_ARGUMENT 1:24');
  });
});
