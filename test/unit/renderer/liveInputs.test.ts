// The live inputs' arithmetic without a DOM: step sizes, rounding, and the
// per-frame coalescing that keeps a fast drag from queueing work.
import assert from 'node:assert/strict';
import { FrameCoalescer, stepFor, stepValue } from '../../../src/renderer/liveInputs';
import { shapeKey } from '../../../src/renderer/livePaint';
import { Session } from '../../../src/lang/session';

describe('live inputs: steps and coalescing', () => {
  it('steps a tenth of the order of magnitude, 0.1 under 1', () => {
    assert.equal(stepFor(-2), 0.1);
    assert.equal(stepFor(0), 0.1);
    assert.equal(stepFor(0.003), 0.1);
    assert.equal(stepFor(50), 1);
    assert.equal(stepFor(-1234), 100);
  });

  it('rounds to the step, so the numbers stay short', () => {
    assert.equal(stepValue(-2, 0.1, 3), -1.7);
    assert.equal(stepValue(0.1, 0.1, 2), 0.3);
    assert.equal(stepValue(5, 1, -10), -5);
    assert.equal(stepValue(2, 0.01, 1), 2.01);
  });

  it('runs only the latest job per frame', () => {
    const frames: (() => void)[] = [];
    const c = new FrameCoalescer((run) => frames.push(run));
    const ran: number[] = [];
    for (let i = 1; i <= 100; i++) c.request(() => ran.push(i));
    assert.equal(frames.length, 1, 'one frame scheduled for a storm of requests');
    frames.shift()!();
    assert.deepEqual(ran, [100]);
    c.request(() => ran.push(101));
    c.flush();
    assert.deepEqual(ran, [100, 101]);
    frames.shift()!(); // the frame finds nothing left to do
    assert.deepEqual(ran, [100, 101]);
  });

  it('a re-run with new numbers has the drawing\'s shape key, a new gate does not', () => {
    const a = new Session().run('x = 1; y = 2\nf = x * y\nbackward f').graph!;
    const b = new Session().run('x = 5; y = -2\nf = x * y\nbackward f').graph!;
    const c = new Session().run('x = 1; y = 2\nf = x + y\nbackward f').graph!;
    assert.equal(shapeKey(a, {}, 'light'), shapeKey(b, {}, 'light'));
    assert.notEqual(shapeKey(a, {}, 'light'), shapeKey(c, {}, 'light'));
    assert.notEqual(shapeKey(a, {}, 'light'), shapeKey(a, {}, 'dark'));
    assert.notEqual(shapeKey(a, { direction: 'LR' }, 'light'), shapeKey(a, { direction: 'TD' }, 'light'));
  });
});
