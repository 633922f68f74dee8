// Golden tests for the lexer and parser: each fixtures/NAME.bpnb.txt is parsed
// and its AST dump, followed by its diagnostics as '#' comments, is compared
// with fixtures/NAME.expected. Regenerate after an intended change with
//   UPDATE_GOLDEN=1 npx mocha --no-config --require tsx/cjs --extension ts test/unit/lang/golden.test.ts
// and review the diff. (--no-config: .mocharc.json's spec would otherwise add
// every unit test to the run, and regenerate other folders' goldens too.)

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpProgram } from '../../../src/lang/ast';
import { formatDiagnostic } from '../../../src/lang/diagnostics';
import { parse } from '../../../src/lang/parser';

const dir = join(__dirname, 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

function render(source: string): string {
  const { program, diagnostics } = parse(source);
  const lines = [dumpProgram(program)];
  for (const d of diagnostics) lines.push(`# ${formatDiagnostic(d)}`);
  return lines.filter((l) => l !== '').join('\n') + '\n';
}

describe('lang: parser goldens', () => {
  const inputs = readdirSync(dir).filter((f) => f.endsWith('.bpnb.txt')).sort();
  it('has fixtures', () => assert.ok(inputs.length >= 5, `only ${inputs.length} fixtures in ${dir}`));
  for (const file of inputs) {
    it(file, () => {
      const expectedPath = join(dir, file.replace(/\.bpnb\.txt$/, '.expected'));
      const actual = render(readFileSync(join(dir, file), 'utf8'));
      if (update || !existsSync(expectedPath)) {
        if (!update) assert.fail(`missing ${expectedPath}; run with UPDATE_GOLDEN=1 to create it`);
        writeFileSync(expectedPath, actual);
        return;
      }
      assert.equal(actual, readFileSync(expectedPath, 'utf8'));
    });
  }
});
