// Hostile cells through the real kernel (worker thread) in VS Code (too many lines,
// deep nesting, a self-calling gate, a tensor too big, too many elements in all): each ends
// with its error output (code, line and column, no stack) within a loose time
// bound, and the kernel then still runs a cell that uses the namespace from
// before. The language-level limits are unit tested in test/unit/lang/limits.test.ts.
import * as assert from 'node:assert/strict';
import { closeAll, errorMessages, makeNotebook, runCells, texts } from '../notebook/util';

// Just over the 250,000-line limit (the UI suite test/vscode/ui/security/hugecell.test.ts runs a million lines;
// VS Code takes most of its time opening such a notebook, not the kernel).
const TOO_MANY_LINES = Array.from({ length: 300_000 }, (_, i) => `x${i % 10} = ${i}`).join('\n');

const CASES: [string, string, RegExp][] = [
  ['a cell of 300,000 lines', TOO_MANY_LINES, /^E_LIMIT: line 250001, column 1: this cell has more than 250,000 lines/],
  ['100,000 nested parentheses', 'y = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000), /^E_LIMIT: line 1, column 205: expression nested too deeply/],
  ['a gate that calls itself', 'def f(t) = f(t) + 1\ny = f(1)', /^E_RECURSION: line 1, column 12: gate 'f' calls itself/],
  ['a tensor too big', 'A = ones(2000, 2000)', /^E_LIMIT: line 1, column 5: ones\[2000, 2000\] would have 4000000 elements/],
  ['too many tensor elements in all', 'A = ones(1000, 1000)\n' + Array.from({ length: 60 }, (_, i) => `B${i} = A * ${i}`).join('\n'), /^E_LIMIT: line \d+, column \d+: the kernel holds more than 50,000,000 tensor elements/],
];

describe('security: hostile cells in the kernel', function () {
  this.timeout(120_000);
  after(closeAll);

  it('each ends with its located error within seconds, and the kernel runs the next cell', async () => {
    const doc = await makeNotebook('hostile-cells', ['keep = 7', ...CASES.map(([, source]) => source), 'show keep']);
    await runCells(doc, [0]);
    for (let i = 0; i < CASES.length; i++) {
      const [what, , expected] = CASES[i];
      const t0 = Date.now();
      const [cell] = await runCells(doc, [i + 1], 60_000);
      const ms = Date.now() - t0;
      assert.equal(cell.executionSummary?.success, false, `${what}: the cell succeeded`);
      const errors = errorMessages(cell);
      assert.ok(errors.length >= 1, `${what}: no error output`);
      const text = `${errors[0].name}: ${errors[0].message}`;
      assert.match(text, expected, what);
      assert.equal(errors[0].stack, undefined, `${what}: a stack trace`);
      // Measured 0.2–1 s each in the worker; the bound is loose for a loaded machine.
      assert.ok(ms < 30_000, `${what} took ${ms} ms`);
    }
    // The namespace from before the hostile cells is intact.
    const [last] = await runCells(doc, [CASES.length + 1]);
    assert.equal(last.executionSummary?.success, true);
    assert.ok(texts(last, 'text/markdown').join('\n').includes('7'), 'keep = 7 is still there');
  });
});
