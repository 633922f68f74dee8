// Apply: slider values written back into a cell's source, keeping the
// person's formatting and comments; leaves that are not `name = number` are
// skipped with a reason. Checked by running the edited source in the kernel.

import assert from 'node:assert/strict';
import { applyValueEdits, numberLiteral, planLeafEdits } from '../../../src/diagram/liveSource';
import { Session } from '../../../src/lang/session';

/** The leaf ranges the kernel reports for `source` (what the renderer sends with Apply). */
function leafRanges(source: string): Map<string, NonNullable<ReturnType<typeof rangeOf>>> {
  const p = new Session().run(source, { cellId: 'c' }).graph!;
  return new Map(p.nodes.filter((n) => n.op === 'leaf').map((n) => [n.name!, rangeOf(n)!]));
}
function rangeOf(n: { range?: import('../../../src/diagram/payload').SourceRange }) {
  return n.range;
}

function applyTo(source: string, values: Record<string, number>) {
  const ranges = leafRanges(source);
  const plan = planLeafEdits(source, Object.entries(values).map(([name, value]) => ({ name, value, range: ranges.get(name)! })));
  return { plan, text: applyValueEdits(source, plan.edits) };
}

describe('live inputs: Apply writes values into the source', () => {
  it('keeps the comment and the other statement on the line', () => {
    const src = 'x = -2; y = 5  # comment\nf = x * y\nbackward f\n';
    const { text, plan } = applyTo(src, { y: 6.5 });
    assert.equal(text, 'x = -2; y = 6.5  # comment\nf = x * y\nbackward f\n');
    assert.deepEqual(plan.skipped, []);
  });

  it('replaces a negative literal with a positive one and back, spacing kept', () => {
    const src = 'a   =   -2   # weight\nb = 3\nf = a * b\nbackward f';
    const { text } = applyTo(src, { a: 0.25, b: -1e-7 });
    assert.equal(text, 'a   =   0.25   # weight\nb = -1e-7\nf = a * b\nbackward f');
    const r = new Session().run(text).variables;
    assert.equal(r.a.value, 0.25);
    assert.equal(r.b.value, -1e-7);
    assert.equal(r.f.grad, 1);
    assert.equal(r.a.grad, -1e-7);
  });

  it('the kernel reads back exactly the value written', () => {
    for (const v of [0.1 + 0.2, -1 / 3, 1e21, 123456789.123, -0, 5e-324]) {
      const { text } = applyTo('x = 1\nf = x * 2', { x: v });
      assert.equal(new Session().run(text).variables.x.value, Object.is(v, -0) ? 0 : v, text);
    }
    assert.equal(numberLiteral(-0), '0');
  });

  it('skips a leaf computed by an expression, and one whose assignment moved', () => {
    const src = 'x = 2 * 3\ny = 4\nf = x * y\nbackward f';
    const ranges = leafRanges(src);
    const plan = planLeafEdits(src, [
      { name: 'x', value: 1, range: ranges.get('x')! },
      { name: 'y', value: 9, range: { ...ranges.get('y')!, startLine: 0 } },
    ]);
    assert.deepEqual(plan.edits, []);
    assert.match(plan.skipped[0].reason, /computed by an expression/);
    assert.match(plan.skipped[1].reason, /not where the output says/);
  });

  it('a value that is not finite is not written', () => {
    const { plan } = applyTo('x = 1\nf = x * 2', { x: Number.NaN });
    assert.equal(plan.edits.length, 0);
    assert.equal(plan.skipped.length, 1);
  });
});
