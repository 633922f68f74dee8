// Properties of the diagram code (src/diagram) on hostile payloads, as a
// shared .bpnb file's saved outputs can carry them: every piece of text
// (ids, labels, names, ops, symbols, values, edge texts, gate names, warnings)
// drawn from HTML, <script>, Mermaid syntax ("], -->, click, %%{init}%%,
// classDef, style), control characters and arbitrary UTF-16. The Mermaid text
// must keep every such piece inside a quoted label, as entity codes, so that
// no line is anything but our own statements; the Markdown table must keep
// one row per node with its cells and no raw HTML. The real webview check is
// test/vscode/ui/security/.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toMarkdownTable, toMermaid } from '../../../src/diagram';
import type { GraphMode, GraphPayload, JsonTensor, NodeKind } from '../../../src/diagram/payload';
import { check } from './config';

const ATTACKS = [
  '<script>window.__bpnbPwned=1</script>', '<img src=x onerror="window.__bpnbPwned=1">', '<svg onload=alert(1)>', '<iframe src="javascript:alert(1)">',
  '"]', '"))', ']]', '-->', '---', '==>', '|x|', 'click n0 call alert(1)', 'click n0 href "javascript:alert(1)"', '%%{init: {"securityLevel":"loose"}}%%',
  '%%', 'classDef evil fill:red', 'style n0 fill:#f00', ':::evil', 'end', 'subgraph', '\n', '\r\n', '\t', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085',
  '\u2028', '\u202e', '&lt;', '&#60;', '#60;', '#quot;', '`', '$', '{', '}', ';', '\\', '😀', 'x', ' ',
];
const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...ATTACKS), { minLength: 1, maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
);
const value: fc.Arbitrary<JsonTensor> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<JsonTensor>('NaN', 'Infinity', '-Infinity'),
  // Not a valid JsonScalar, but a hostile file can put any string there.
  hostile as fc.Arbitrary<JsonTensor>,
);

const payload: fc.Arbitrary<GraphPayload> = fc.record({
  ids: fc.uniqueArray(hostile, { minLength: 1, maxLength: 6 }),
  texts: fc.array(fc.tuple(hostile, fc.option(hostile, { nil: undefined }), hostile, hostile, value, fc.option(value, { nil: undefined })), { minLength: 6, maxLength: 6 }),
  kinds: fc.array(fc.constantFrom<NodeKind>('input', 'const', 'gate'), { minLength: 6, maxLength: 6 }),
  edgeTexts: fc.array(fc.tuple(hostile, fc.option(value, { nil: undefined })), { minLength: 6, maxLength: 6 }),
  gateName: fc.option(hostile, { nil: undefined }),
  warnings: fc.array(hostile, { maxLength: 2 }),
  mode: fc.constantFrom<GraphMode>('reverse', 'forward', 'check', 'show'),
  targetName: fc.option(hostile, { nil: undefined }),
}).map((r): GraphPayload => {
  const n = r.ids.length;
  const nodes = r.ids.map((id, i) => {
    const [label, name, op, symbol, v, grad] = r.texts[i];
    const kind = i === 0 ? 'input' : r.kinds[i];
    const node: GraphPayload['nodes'][number] = { id, label, op: kind === 'input' ? 'leaf' : kind === 'const' ? 'const' : op, symbol, kind, shape: [], value: v };
    if (name !== undefined) node.name = name;
    if (grad !== undefined) node.grad = grad;
    if (r.mode === 'forward' && grad !== undefined) node.tangent = grad;
    return node;
  });
  // A chain: node i feeds node i + 1.
  const edges = nodes.slice(1).map((to, i) => {
    const [localText, local] = r.edgeTexts[i];
    const e: GraphPayload['edges'][number] = { from: nodes[i].id, to: to.id, index: 0, localText };
    if (typeof local === 'number' || local === 'NaN') e.local = local as number;
    return e;
  });
  const groups: GraphPayload['groups'] = [];
  if (r.gateName !== undefined && n >= 3) {
    // Nodes 1 … n-1 are one call of a user gate whose name is hostile.
    groups.push({ id: `${r.gateName}#g`, name: r.gateName, output: nodes[n - 1].id, inputs: [nodes[0].id] });
    for (const node of nodes.slice(1)) node.group = `${r.gateName}#g`;
  }
  const p: GraphPayload = {
    version: 1, mode: r.mode, target: nodes[n - 1].id, nodes, edges, groups,
    backwardOrder: r.mode === 'reverse' ? nodes.map((x) => x.id).reverse() : [], omitted: 0, warnings: r.warnings,
  };
  if (r.targetName !== undefined) p.targetName = r.targetName;
  if (r.mode === 'forward') p.seed = nodes[0].id;
  return p;
});

const ID = '[A-Za-z][A-Za-z0-9_]*';
/** Every line the generator may write, with each quoted label emptied. */
const OUR_LINES = [
  /^flowchart (LR|TD)$/,
  new RegExp(`^  ${ID}(\\[""\\]|\\(\\(""\\)\\)|\\(\\(\\(""\\)\\)\\))$`),
  new RegExp(`^  ${ID} -->(\\|""\\|)? ${ID}$`),
  /^ {2}classDef \w+ [\w:#,.\- ]+$/,
  new RegExp(`^  class ${ID}(,${ID})* \\w+$`),
  /^$/,
];
/** Our own markup inside labels: line breaks and the coloured number parts. */
const OUR_TAGS = /<br\/>|<font class='bpnb-\w+' color='#[0-9a-f]{6}'>|<\/font>/g;

function assertInert(text: string): void {
  for (const line of text.split('\n')) {
    const outside = line.replace(/"[^"]*"/g, '""');
    assert.ok(OUR_LINES.some((re) => re.test(outside)), `a line that is not ours: ${JSON.stringify(line)}`);
    for (const [, inside] of line.matchAll(/"([^"]*)"/g)) {
      const user = inside.replace(OUR_TAGS, '');
      // Mermaid turns '#60;' back into '<' after parsing; every '#' must start such a code.
      assert.doesNotMatch(user, /#(?!\d+;)/, line);
      const bare = user.replace(/#\d+;/g, '');
      assert.doesNotMatch(bare, /[<>"'`%{}[\];|&\\:#$]/, `raw syntax in a label: ${JSON.stringify(line)}`);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(bare, /[\u0000-\u001f\u007f-\u009f]/, `a control character in a label: ${JSON.stringify(line)}`);
    }
  }
}

describe('properties/diagram', () => {
  it('hostile text anywhere in a payload stays inside quoted Mermaid labels as entity codes', () => {
    check(fc.property(payload, fc.boolean(), fc.boolean(), (p, edgeLabels, collapseGates) => {
      assertInert(toMermaid(p, { edgeLabels, collapseGates }).text);
    }), 1000);
  });

  it('hostile text keeps the Markdown table one row per node, with its cells, and no raw HTML', () => {
    check(fc.property(payload, (p) => {
      const lines = toMarkdownTable(p).split('\n');
      const rows = lines.filter((l) => l.startsWith('| '));
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      const width = cells(rows[0]);
      assert.equal(rows.length, p.nodes.length + 2, lines.join('\n'));
      for (const row of rows) assert.equal(cells(row), width, row);
      for (const line of lines) assert.doesNotMatch(line, /<(?!br\/?>)/, line);
    }), 1000);
  });
});
