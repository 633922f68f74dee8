import assert from 'node:assert/strict';
import { GRAPH_MIME } from '../../../src/diagram/payload';
import { bytesToOutputData, cellOutputs, ERROR_MIME, outputDataToBytes } from '../../../src/notebookFile';
import type { CellResult } from '../../../src/lang/result';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('output data in the file', () => {
  it('stores JSON mimes as JSON values and gives the same JSON back', () => {
    const data = bytesToOutputData(GRAPH_MIME, enc('{"a": [1, "NaN"]}'));
    assert.deepEqual(data, { a: [1, 'NaN'] });
    assert.deepEqual(JSON.parse(dec(outputDataToBytes(GRAPH_MIME, data))), { a: [1, 'NaN'] });
  });

  it('keeps JSON-mime bytes that are not a JSON container as raw text', () => {
    for (const raw of ['not json {', '"a string"']) {
      const data = bytesToOutputData('application/json', enc(raw));
      assert.equal(data, raw);
      assert.equal(dec(outputDataToBytes('application/json', data)), raw);
    }
  });

  it('stores text as text and binary as base64', () => {
    assert.equal(bytesToOutputData('text/markdown', enc('| é |')), '| é |');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const data = bytesToOutputData('image/png', png);
    assert.equal(data, 'iVBORwD/');
    assert.deepEqual(outputDataToBytes('image/png', data), png);
  });
});

describe('cellOutputs', () => {
  const base: CellResult = { ok: true, diagnostics: [], variables: {}, gates: [], checks: [], messages: [] };

  it('puts the graph and its Markdown table in one output, and what the cell says in one of its own', () => {
    const graph = {
      version: 1 as const, mode: 'show' as const, target: 'n0', groups: [], edges: [], backwardOrder: [], omitted: 0, warnings: [],
      nodes: [{ id: 'n0', label: 'x', name: 'x', op: 'leaf', symbol: 'x', kind: 'input' as const, shape: [], value: 2 }],
    };
    const outputs = cellOutputs({ ...base, graph, messages: ['seeded <42>', 'a * 10 = 37.2'] });
    assert.equal(outputs.length, 2);
    assert.deepEqual(outputs[0].items.map((i) => i.mime), [GRAPH_MIME, 'text/markdown']);
    assert.equal(outputs[0].items[0].data, graph as unknown);
    assert.match(String(outputs[0].items[1].data), /\| \*\*x\*\* \| input \| 2 \|/);
    // VS Code shows one item per output: the drawing, so the messages need an output of their own.
    assert.deepEqual(outputs[1].items.map((i) => i.mime), ['text/markdown']);
    assert.equal(outputs[1].items[0].data, '```text\nseeded <42>\na * 10 = 37.2\n```\n', 'verbatim in a code block: no HTML, no emphasis');
  });

  it('reports checks and one error output per error, with 1-based locations', () => {
    const outputs = cellOutputs({
      ...base,
      ok: false,
      checks: [{ target: 'f', wrt: 'x', analytic: -4, numeric: -4.0000000001, relError: 2.5e-11 }],
      diagnostics: [
        { code: 'E_SYNTAX', message: 'expected an expression', severity: 'error', range: { startLine: 1, startColumn: 4, endLine: 1, endColumn: 5 } },
        { code: 'W_DOMAIN', message: 'log(0)', severity: 'warning', range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 } },
      ],
    });
    assert.equal(outputs.length, 2);
    assert.match(String(outputs[0].items[0].data), /\| ∂f\/∂x \| -4 \| -4 \| 2\.5e-11 \|/);
    assert.deepEqual(outputs[1].items, [{ mime: ERROR_MIME, data: { name: 'E_SYNTAX', message: 'line 2, column 5: expected an expression' } }]);
  });

  it('the check report is a table with a verdict per line, and keeps the messages that are not check lines', () => {
    const [report] = cellOutputs({
      ...base,
      checks: [
        { target: 'p', wrt: 'w0', analytic: -0.196612, numeric: -0.196612, relError: 3e-11 },
        { target: 'p', wrt: 'W[0, 1]', analytic: 0.5, numeric: 0.5004, relError: 4e-4 },
        { target: 'r', wrt: 'x', analytic: 0, numeric: 0.5, relError: 1 },
      ],
      messages: ['check ∂p/∂w0: analytic …', 'check p: skipped big (2000 elements): …'],
    });
    const text = String(report.items[0].data);
    assert.match(text, /\| check \| analytic \| numeric \| relative error \| verdict \|/);
    assert.match(text, /\| ∂p\/∂w0 \| -0\.196612 \| -0\.196612 \| 3e-11 \| ok \|/);
    assert.match(text, /\| ∂p\/∂W\\\[0, 1\\\] \| 0\.5 \| 0\.5004 \| 0\.0004 \| \*\*close\*\* \|/);
    assert.match(text, /\| ∂r\/∂x \| 0 \| 0\.5 \| 1 \| \*\*MISMATCH\*\* \|/);
    assert.ok(text.includes('check p: skipped big'), 'a skipped leaf is still said');
    assert.ok(!text.includes('check ∂p/∂w0: analytic'), 'the table replaces the one-line check messages');
  });

  it('shows warnings with their location, and writes no report for a cell that says nothing', () => {
    const [report] = cellOutputs({
      ...base,
      diagnostics: [{ code: 'W_DOMAIN', message: 'log(0) is -Infinity <here>', severity: 'warning', range: { startLine: 2, startColumn: 6, endLine: 2, endColumn: 12 } }],
    });
    assert.equal(report.items[0].data, '**warning** (line 3, column 7): log(0) is -Infinity &#60;here&#62;\n');
    assert.deepEqual(cellOutputs(base), []);
  });
});
