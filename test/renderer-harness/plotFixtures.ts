// Hand-made plot payloads (src/diagram/plotPayload.ts) with known numbers, for
// the drawing (Chromium harness), the outputs, the Markdown export and the CLI
// report, until and besides the language's own `plot` and `descend`.
import type { BoundaryPlot, CurvePlot, DescentPlot } from '../../src/diagram/plotPayload';
import { Session } from '../../src/lang';

const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));

/** `plot s wrt x from -3 to 3 points 61` of s = sigmoid(x) with x = 0.5. */
export function sigmoidPlot(points = 61): CurvePlot {
  const x = Array.from({ length: points }, (_, i) => -3 + (6 * i) / (points - 1));
  return {
    kind: 'curve', target: 's', wrt: 'x', x,
    value: x.map(sigmoid),
    grad: x.map((t) => sigmoid(t) * (1 - sigmoid(t))),
    at: { x: 0.5, value: sigmoid(0.5), grad: sigmoid(0.5) * (1 - sigmoid(0.5)) },
  };
}

/** `descend L wrt w, b lr 1 to 0.1 steps 100` whose loss falls from 10 by 10% a step (four decades). */
export function fallingDescent(steps = 100, done?: number): DescentPlot {
  const n = done ?? steps;
  return {
    kind: 'descent', target: 'L', wrt: ['w', 'b'], steps, lr: [1, 0.1],
    loss: Array.from({ length: n + 1 }, (_, k) => 10 * 0.9 ** k),
    ...(done !== undefined ? { running: { done } } : {}),
  };
}

/** A curve with a pole: NaN and infinities where f is undefined (the JSON stand-ins). */
export function polePlot(): CurvePlot {
  return {
    kind: 'curve', target: 'r', wrt: 'x', x: [-1, -0.5, 0, 0.5, 1],
    value: [-1, -2, 'Infinity', 2, 1], grad: [-1, -4, 'NaN', -4, -1],
    at: { x: 1, value: 1, grad: -1 },
  };
}

/** A real `boundary` payload: a small tanh model on 40 moons points, computed by the language session. */
export function boundaryPlot(grid = 30): BoundaryPlot {
  const r = new Session().run([
    'seed 3', 'X = moons(40, 0.1); y = 2 * labels(X) - 1',
    'W = [[2, -1], [-1.5, 2]]; b = [0.5, -0.2]; v = [1.5, -1]',
    's = tanh(X @ W + b) @ v', `boundary s over X labels y grid ${grid}`,
  ].join('\n'));
  if (!r.ok || !r.boundaries) throw new Error(`fixture failed: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.boundaries[0];
}
