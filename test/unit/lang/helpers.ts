// Small helpers shared by the language tests.

import assert from 'node:assert/strict';
import type { JsonTensor } from '../../../src/diagram/payload';
import type { CellResult } from '../../../src/lang';
import { Session } from '../../../src/lang';

/** Runs cells in a fresh session (or the given one) and asserts each succeeded. */
export function runOk(source: string | string[], session = new Session()): { session: Session; result: CellResult } {
  let result: CellResult | undefined;
  for (const cell of Array.isArray(source) ? source : [source]) {
    result = session.run(cell, { cellId: 'cell' });
    assert.ok(result.ok, `cell failed: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}\n${cell}`);
  }
  return { session, result: result! };
}

/** The first error of a cell as 'CODE line:column' (1-based), plus its message. */
export function firstError(source: string, session = new Session()): { where: string; message: string; result: CellResult } {
  const result = session.run(source, { cellId: 'cell' });
  assert.equal(result.ok, false, `expected the cell to fail:\n${source}`);
  const d = result.diagnostics.find((x) => x.severity === 'error');
  assert.ok(d, 'no error diagnostic');
  return { where: `${d.code} ${d.range.startLine + 1}:${d.range.startColumn + 1}`, message: d.message, result };
}

export function scalar(v: JsonTensor | undefined): number {
  assert.equal(typeof v, 'number', `expected a number, got ${JSON.stringify(v)}`);
  return v as number;
}

export function close(actual: number, expected: number, tol = 1e-12, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what} expected ${expected}, got ${actual}`);
}
