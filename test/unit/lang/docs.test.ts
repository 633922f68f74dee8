// docs/language.md is the user's reference: it must list every built-in with
// the engine's derivative text, and every diagnostic code.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS } from '../../../src/engine';
import { BUILTINS, DIAGNOSTIC_CODES, builtinDerivatives } from '../../../src/lang';

const doc = readFileSync(join(__dirname, '../../../docs/language.md'), 'utf8').replace(/\\\|/g, '|');

describe('lang: docs/language.md', () => {
  it('documents every built-in with its signature and local derivatives', () => {
    for (const b of Object.values(BUILTINS)) {
      assert.ok(doc.includes(`\`${b.signature}\``), `missing signature ${b.signature}`);
      for (const d of builtinDerivatives(b.name)) assert.ok(doc.includes(d), `missing derivative of ${b.name}: ${d}`);
    }
  });

  it('documents the stack gate that bracket literals over inputs build', () => {
    assert.ok(doc.includes(`\`stack\` (${OPS.stack.symbol})`), 'missing the stack row of the operator table');
    for (const d of OPS.stack.derivative) assert.ok(doc.includes(d), `missing derivative of stack: ${d}`);
  });

  it('documents every diagnostic code', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) assert.ok(doc.includes(`\`${code}\``), `missing ${code}`);
  });
});
