// Properties of the parser: it never throws on any text (it returns located
// diagnostics), and printing a parsed program then parsing the print gives the
// same tree. Also: running any text in a Session never throws and never hits
// an internal error (E_INTERNAL is a bpnb bug by definition).

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIAGNOSTIC_CODES } from '../../../src/lang/diagnostics';
import { MAX_DIAGNOSTICS, parse } from '../../../src/lang/parser';
import { printProgram } from '../../../src/lang/print';
import { Session } from '../../../src/lang/session';
import { program, sourceText, treeOf } from './arbitraries';
import { check } from './config';

function assertLocated(source: string, diagnostics: ReturnType<typeof parse>['diagnostics']): void {
  const lines = source.split(/\r\n|\r|\n/);
  assert.ok(diagnostics.length <= MAX_DIAGNOSTICS + 1, `${diagnostics.length} diagnostics`);
  for (const d of diagnostics) {
    assert.ok(d.code in DIAGNOSTIC_CODES, `unknown code ${d.code}`);
    assert.ok(d.message.length > 0, 'empty message');
    const r = d.range;
    assert.ok(r.startLine >= 0 && r.startLine < lines.length, `line ${r.startLine} outside ${lines.length} lines (${d.message})`);
    assert.ok(r.startColumn >= 0 && r.startColumn <= lines[r.startLine].length, `column ${r.startColumn} outside line ${r.startLine} (${d.message})`);
    assert.ok(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), `range ends before it starts (${d.message})`);
  }
}

describe('properties/parser', () => {
  it('never throws on arbitrary text and locates every diagnostic inside the text', () => {
    check(fc.property(sourceText, (src) => {
      const { program: p, diagnostics } = parse(src);
      assert.ok(Array.isArray(p.statements));
      assertLocated(src, diagnostics);
    }), 3000);
  });

  it('printing what it parsed from arbitrary text and parsing that again gives the same tree', () => {
    check(fc.property(sourceText, (src) => {
      const first = parse(src).program;
      const printed = printProgram(first);
      const second = parse(printed);
      assert.deepEqual(treeOf(second.program), treeOf(first), `printed as:\n${printed}`);
      // Statements the parser kept are well formed; only a malformed number (kept as one token) may complain again.
      for (const d of second.diagnostics) assert.match(d.message, /^malformed number/, `printed as:\n${printed}\n${d.message}`);
    }), 3000);
  });

  it('prints every generated syntax tree to source that parses back to the same tree, without diagnostics', () => {
    check(fc.property(program, (p) => {
      const printed = printProgram(p);
      const back = parse(printed);
      assert.deepEqual(back.diagnostics, [], `printed as:\n${printed}`);
      assert.deepEqual(treeOf(back.program), treeOf(p), `printed as:\n${printed}`);
    }), 3000);
  });

  it('a session runs arbitrary text without throwing and without an internal error', () => {
    const session = new Session();
    check(fc.property(sourceText, (src) => {
      const res = session.run(src);
      assertLocated(src, res.diagnostics);
      const internal = res.diagnostics.filter((d) => d.code === 'E_INTERNAL');
      assert.deepEqual(internal, [], `source: ${JSON.stringify(src)}`);
    }), 3000);
  });
});
