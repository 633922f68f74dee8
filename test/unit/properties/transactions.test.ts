// Properties of a session across cells: every cell is a transaction, and
// putting sweeps back is exact. Random notebooks of small cells (inputs,
// expressions, forward, backward, check, jacobian, plot, descend, and failing statements) run
// in one session; after every cell, what the session reports must equal what
// fresh sessions report:
//   - replaying only the cells that succeeded (a failed cell leaves no trace:
//     no name, no gradient, no tangent, not even on nodes made later, and
//     the random stream where it was);
//   - replaying those cells without their jacobian lines (jacobian leaves the
//     last forward's tangents exactly as they were, sweeping no later node).

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Session } from '../../../src/lang';
import type { VariableInfo } from '../../../src/lang';
import { check } from './config';

const LEAVES = ['a', 'b', 'c'];
const COMPUTED = ['p', 'q', 'r', 's'];
const ALL = [...LEAVES, ...COMPUTED];

const ref = fc.oneof(fc.constantFrom(...ALL), fc.constantFrom('0.5', '2', '-1.5'));
const expr = fc.oneof(
  fc.tuple(ref, fc.constantFrom('+', '-', '*'), ref).map(([x, op, y]) => `${x} ${op} ${y}`),
  fc.tuple(fc.constantFrom('sin', 'tanh', 'sigmoid', 'exp'), ref).map(([f, x]) => `${f}(${x})`),
  fc.tuple(ref, ref).map(([x, y]) => `${x} * sin(${y}) + ${y}`),
);
const statement = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...LEAVES), fc.double({ min: -2, max: 2, noNaN: true })).map(([n, v]) => `${n} = ${v.toFixed(3)}`) },
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...COMPUTED), expr).map(([n, e]) => `${n} = ${e}`) },
  { weight: 3, arbitrary: fc.constantFrom(...ALL).map((n) => `forward ${n}`) },
  { weight: 2, arbitrary: fc.constantFrom(...ALL).map((n) => `backward ${n}`) },
  { weight: 3, arbitrary: fc.tuple(fc.nat(9), fc.constantFrom(...ALL), fc.constantFrom(...ALL)).map(([k, y, x]) => `J${k} = jacobian(${y}, ${x})`) },
  { weight: 1, arbitrary: fc.constantFrom(...ALL).map((n) => `check ${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('z = sum(randn(3))', 'seed 7') },
  { weight: 1, arbitrary: fc.constantFrom('oops = nope + 1', 'backward nope', 'm = [1, 2] + [1, 2, 3]') },
  // plot leaves no trace; descend moves leaves in place (or fails: no input, NaN), which a failure later in the cell undoes
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ALL), fc.constantFrom(...LEAVES)).map(([f, x]) => `plot ${f} wrt ${x} points 5`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ALL), fc.constantFrom('0.05', '0.5', '3')).map(([f, lr]) => `descend ${f} lr ${lr} steps 4`) },
);
// The first cell binds every name, so that later cells mostly run (a cell that
// names an unbound variable fails, which is a case too, but not the only one).
const first = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 })
  .map((v) => [...LEAVES.map((n, i) => `${n} = ${v[i].toFixed(3)}`), 'p = a * b', 'q = sin(p) + c', 'r = q * a', 's = exp(b)']);
const notebook = fc.tuple(first, fc.array(fc.array(statement, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }))
  .map(([cell0, cells]) => [cell0, ...cells]);

type Table = Record<string, VariableInfo>;

const withoutJacobians = (cell: string[]): string[] => cell.filter((line) => !/^J\d+ = jacobian/.test(line));

/** The table without the names bound to jacobians (absent from a replay without them). */
function dropJ(t: Table): Table {
  return Object.fromEntries(Object.entries(t).filter(([name]) => !/^J\d+$/.test(name)));
}

describe('properties/transactions', () => {
  it('after every cell, the session reports what fresh replays of the successful cells report', () => {
    check(fc.property(notebook, (cells) => {
      const session = new Session();
      const replay = new Session();
      const noJacobian = new Session();
      let expected: Table = {};
      let expectedNoJ: Table = {};
      cells.forEach((cell, i) => {
        const r = session.run(cell.join('\n'));
        if (r.ok) {
          const again = replay.run(cell.join('\n'));
          assert.ok(again.ok, `cell ${i} failed on replay: ${again.diagnostics[0]?.message}`);
          expected = again.variables;
          const lines = withoutJacobians(cell);
          if (lines.length > 0) {
            const plain = noJacobian.run(lines.join('\n'));
            assert.ok(plain.ok, `cell ${i} without jacobians failed: ${plain.diagnostics[0]?.message}`);
            expectedNoJ = plain.variables;
          }
        }
        const where = `after cell ${i} (${r.ok ? 'ok' : 'failed'}):\n${cells.slice(0, i + 1).map((c) => c.join('; ')).join('\n')}`;
        assert.deepEqual(r.variables, expected, `against a replay of the successful cells, ${where}`);
        assert.deepEqual(dropJ(r.variables), dropJ(expectedNoJ), `against a replay without jacobian, ${where}`);
      });
    }), 300);
  });
});
