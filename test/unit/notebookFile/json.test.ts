import assert from 'node:assert/strict';
import { JsonSyntaxError, parseJson } from '../../../src/notebookFile';

describe('parseJson (the position-keeping reader)', () => {
  const valid = [
    '0', '-0', '1.5e-3', '-12.25E+2', '123456789012345678901234567890', '"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"',
    '[]', '{}', '[1, [2, [3]], {"a": null}]', ' {"x": true, "y": false, "x": 2} ', '"é ∂ 😀"', '{"__proto__": 1}',
  ];
  for (const text of valid) {
    it(`reads ${text} exactly as JSON.parse does`, () => assert.deepEqual(parseJson(text).value, JSON.parse(text)));
  }

  const invalid: [string, number, number][] = [
    ['01', 1, 2], ['1.', 1, 3], ['-', 1, 2], ['1e', 1, 3], ['.5', 1, 1], ['+1', 1, 1], ['1x', 1, 2],
    ['"\\x"', 1, 2], ['"\\u12"', 1, 2], ['[1,]', 1, 4], ['{"a" 1}', 1, 6], ['{a: 1}', 1, 2], ['[1] [2]', 1, 5],
    ['nul', 1, 1], ['[\n  1,\n  tru\n]', 3, 3], ['"tab\there"', 1, 5], ['', 1, 1],
  ];
  for (const [text, line, column] of invalid) {
    it(`rejects ${JSON.stringify(text)} at ${line}:${column}, as JSON.parse rejects it`, () => {
      assert.throws(() => JSON.parse(text));
      assert.throws(() => parseJson(text), (e: unknown) => {
        assert.ok(e instanceof JsonSyntaxError);
        assert.deepEqual([e.position.line, e.position.column], [line, column], e.message);
        return true;
      });
    });
  }

  it('records where values start, to the depth asked', () => {
    const text = '{\n  "a": [10, {"b": [1]}]\n}';
    const { value, positions } = parseJson(text, 1);
    const root = value as { a: unknown[] };
    assert.deepEqual((positions.get(root) as Record<string, { line: number; column: number }>).a, { offset: 9, line: 2, column: 8 });
    assert.deepEqual((positions.get(root.a) as { column: number }[]).map((p) => p.column), [9, 13]);
    assert.equal(positions.get(root.a[1] as object), undefined, 'deeper than asked');
  });

  it('survives deep nesting without a stack overflow', () => {
    assert.throws(() => parseJson('['.repeat(5000) + ']'.repeat(5000)), /nested too deeply/);
    assert.deepEqual(parseJson('['.repeat(1000) + ']'.repeat(1000)).value, JSON.parse('['.repeat(1000) + ']'.repeat(1000)));
  });
});
