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

  it('puts the graph and its Markdown table in one output', () => {
    const graph = {
      version: 1 as const, mode: 'show' as const, target: 'n0', groups: [], edges: [], backwardOrder: [], omitted: 0, warnings: [],
      nodes: [{ id: 'n0', label: 'x', name: 'x', op: 'leaf', symbol: 'x', kind: 'input' as const, shape: [], value: 2 }],
    };
    const outputs = cellOutputs({ ...base, graph, messages: ['seeded <42>'] });
    assert.equal(outputs.length, 1);
    assert.deepEqual(outputs[0].items.map((i) => i.mime), [GRAPH_MIME, 'text/markdown']);
    assert.equal(outputs[0].items[0].data, graph as unknown);
    assert.match(String(outputs[0].items[1].data), /\| \*\*x\*\* \| input \| 2 \|/);
    assert.match(String(outputs[0].items[1].data), /seeded &#60;42&#62;/);
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
});
