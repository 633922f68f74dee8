import assert from 'node:assert/strict';
import { tokenize } from '../../../src/lang';

describe('lang: lexer', () => {
  it('reads numbers in every spelled form', () => {
    const { tokens, diagnostics } = tokenize('3 2.5 1e-3 .5 4E+2 7.');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(tokens.filter((t) => t.kind === 'number').map((t) => t.value), [3, 2.5, 0.001, 0.5, 400, 7]);
  });

  it('gives plain decimals exactly the value Number() parses, at every digit count', () => {
    const texts = ['0.9999', '0.001', '0.1', '0.3', '3.14159', '00012', '123456789012345', '1234567890123456', '0.000000000000001', '999999999999999.9', '12345.678901234567'];
    const { tokens } = tokenize(texts.join(' '));
    assert.deepEqual(tokens.filter((t) => t.kind === 'number').map((t) => t.value), texts.map(Number));
  });

  it('gives each token 0-based line/column spans across lines and CRLF', () => {
    const { tokens } = tokenize('x = 1\r\n  yy=2 # note\nz');
    const yy = tokens.find((t) => t.text === 'yy')!;
    assert.deepEqual([yy.start, yy.line, yy.column, yy.endColumn], [9, 1, 2, 4]);
    const z = tokens.find((t) => t.text === 'z')!;
    assert.deepEqual([z.line, z.column], [2, 0]);
    assert.equal(tokens.filter((t) => t.kind === 'newline').length, 2);
  });

  it("reads '**' as power and skips comments", () => {
    const { tokens } = tokenize('a ** b * c # a * b');
    assert.deepEqual(tokens.map((t) => t.kind), ['name', '^', 'name', '*', 'name', 'eof']);
  });

  it('reports bad characters and malformed numbers with their positions, and goes on', () => {
    const { tokens, diagnostics } = tokenize('a = 2 × b\nc = 1e+ $');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.startLine, d.range.startColumn]), [
      ['E_SYNTAX', 0, 6], ['E_SYNTAX', 1, 4], ['E_SYNTAX', 1, 8],
    ]);
    assert.match(diagnostics[0].message, /unexpected character '×' \(write '\*'\)/);
    assert.match(diagnostics[1].message, /malformed number '1e\+'/);
    assert.ok(tokens.some((t) => t.text === 'b'), 'lexing continued after the bad character');
  });
});
