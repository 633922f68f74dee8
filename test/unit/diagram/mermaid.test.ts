import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, escapeLabel, toMarkdownTable, toMermaid,
  type GraphEdge, type GraphNode, type GraphPayload,
} from '../../../src/diagram';

const fixture = (name: string): GraphPayload =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as GraphPayload;

/** A chain-and-fan graph of `n` nodes: leaves every third node, gates summing the two before. */
function bigPayload(n: number, labelLength = 1): GraphPayload {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    const id = `n${i}`;
    if (i < 2 || i % 3 === 0) {
      const name = `v${i}_` + 'x'.repeat(labelLength);
      nodes.push({ id, label: name, name, op: 'leaf', symbol: name, kind: 'input', shape: [], value: i, grad: 1 });
    } else {
      nodes.push({ id, label: '+', op: 'add', symbol: '+', kind: 'gate', shape: [], value: i, grad: 1 });
      edges.push({ from: `n${i - 1}`, to: id, index: 0, localText: '∂(a+b)/∂a = 1', local: 1 });
      edges.push({ from: `n${i - 2}`, to: id, index: 1, localText: '∂(a+b)/∂b = 1', local: 1 });
    }
  }
  const last = nodes.length - 1;
  if (nodes[last].kind !== 'gate') nodes[last] = { ...nodes[last], kind: 'gate', op: 'neg', symbol: '−' };
  return {
    version: 1, mode: 'reverse', target: `n${last}`, nodes, edges, groups: [],
    backwardOrder: [], omitted: 0, warnings: [],
  };
}

const edgeCount = (text: string): number => text.split('\n').filter((l) => / --> /.test(l) || / -->\|/.test(l)).length;
const nodeLines = (text: string): string[] => text.split('\n').filter((l) => /^ {2}\w+(\[|\(\()/.test(l));

describe('toMermaid', () => {
  it('keeps payload ids as Mermaid ids and maps them back', () => {
    const { text, nodeIds, hidden } = toMermaid(fixture('lecture-fxyz'));
    assert.equal(hidden, 0);
    assert.deepEqual(nodeIds, { n0: 'n0', n1: 'n1', n2: 'n2', n3: 'n3', n4: 'n4' });
    assert.match(text, /^flowchart LR\n/);
    assert.match(text, /\n {2}n3\(\("(#160;)*q = \+(#160;)*<br\/>/);
    assert.match(text, /\n {2}n0\["x<br\/>/);
  });

  it('is deterministic', () => {
    const p = fixture('sigmoid-gate');
    assert.equal(toMermaid(p, { collapseGates: true }).text, toMermaid(structuredClone(p), { collapseGates: true }).text);
  });

  it('collapses a user-gate call into one node whose edge carries the call\'s local derivative', () => {
    const { text, nodeIds } = toMermaid(fixture('sigmoid-gate'), { collapseGates: true, edgeLabels: true, precision: 3 });
    assert.equal(nodeIds.call_g0, 'n14');
    assert.ok(!('n9' in nodeIds) && !('n12' in nodeIds), 'inner nodes are gone');
    assert.match(text, /n8 -->\|"0\.197"\| call_g0/);
    assert.match(text, /call_g0\(\(\("(#160;)*p = sig(#160;)*<br\/>/);
  });

  it('shows tangents in forward mode and marks the seed', () => {
    const { text } = toMermaid(fixture('forward-branches'));
    assert.match(text, /n5\(\("(#160;)*e = ×(#160;)*<br\/><font[^>]*>6<\/font><br\/><font class='bpnb-tangent'[^>]*>ṫ 5<\/font>"\)\)/);
    assert.match(text, /class n1 seed/);
  });

  it('lets no user text out of its quoted label', () => {
    const { text } = toMermaid(fixture('hostile'), { edgeLabels: true });
    for (const line of text.split('\n')) {
      // Outside the label quotes, only ids, arrows and our own statements.
      const outside = line.replace(/"[^"]*"/g, '""');
      assert.doesNotMatch(outside, /click|alert|img|%%|init|script/i, line);
      const inside = line.match(/"([^"]*)"/)?.[1] ?? '';
      const userText = inside.replace(/<br\/>|<font class='bpnb-\w+' color='#\w+'>|<\/font>/g, '');
      // Mermaid turns `#…;` into entities; every '#' must start one of ours.
      assert.doesNotMatch(userText, /#(?!\d+;)/, line);
      assert.doesNotMatch(userText.replace(/#\d+;/g, ''), /[<>"`%{}[\];|&\n#]/, line);
    }
    assert.ok(!/\n\s*click\b/.test(text));
  });

  it('escapes every character that is syntax somewhere', () => {
    assert.equal(escapeLabel('a"b'), 'a#34;b');
    assert.equal(escapeLabel('<img>'), '#60;img#62;');
    assert.equal(escapeLabel('%%{init}%%'), '#37;#37;#123;init#125;#37;#37;');
    assert.equal(escapeLabel('x\ny'), 'x y');
    assert.equal(escapeLabel('#quot;'), '#35;quot#59;');
    assert.equal(escapeLabel('`md`'), '#96;md#96;');
    assert.equal(escapeLabel('σ ∂ −'), 'σ ∂ −');
  });

  it('keeps the nodes nearest the target past the node limit and says how many are hidden', () => {
    const p = bigPayload(300);
    const { text, hidden, nodeIds } = toMermaid(p, { nodeLimit: 50 });
    assert.equal(hidden, 250);
    assert.equal(Object.keys(nodeIds).length, 50);
    assert.ok(p.target in nodeIds, 'the target is kept');
    assert.ok('n298' in nodeIds && 'n297' in nodeIds, 'its inputs are kept');
    assert.ok(!('n0' in nodeIds), 'the far end is dropped');
    assert.match(text, /bpnb_hidden\["… 250 more nodes hidden"\]/);
    // Every edge joins two drawn nodes.
    for (const line of text.split('\n')) {
      const m = line.match(/^ {2}(\w+) -->(?:\|"[^"]*"\|)? (\w+)$/);
      if (m) assert.ok(m[1] in nodeIds && m[2] in nodeIds, line);
    }
  });

  it('keeps the highlighted node past the node limit', () => {
    const { nodeIds, text } = toMermaid(bigPayload(300), { nodeLimit: 20, highlight: 'n3' });
    assert.ok('n3' in nodeIds);
    assert.match(text, /class n3 highlight/);
  });

  it('never exceeds Mermaid\'s edge and text limits (1,000 nodes)', () => {
    const r = toMermaid(bigPayload(1000), { nodeLimit: 1000, edgeLabels: true });
    assert.ok(edgeCount(r.text) <= MERMAID_MAX_EDGES, `edges ${edgeCount(r.text)}`);
    assert.ok(r.text.length <= MERMAID_MAX_TEXT, `text ${r.text.length}`);
    assert.equal(nodeLines(r.text).length + r.hidden, 1000 + 1); // + the note node
    assert.ok(r.hidden > 0);
  });

  it('never exceeds the text limit with long labels', () => {
    const r = toMermaid(bigPayload(150, 5000));
    assert.ok(r.text.length <= MERMAID_MAX_TEXT, `text ${r.text.length}`);
    assert.ok(Object.keys(r.nodeIds).length > 10, 'still shows a useful part');
  });

  it('counts nodes the session already omitted', () => {
    const p = { ...fixture('lecture-fxyz'), omitted: 7 };
    const r = toMermaid(p);
    assert.equal(r.hidden, 7);
    assert.match(r.text, /… 7 more nodes hidden/);
  });

  it('survives a malformed payload without throwing', () => {
    const broken = { version: 1, mode: 'show', target: 'nope', nodes: [], edges: [{ from: 'a', to: 'b', index: 0, localText: '' }] } as unknown as GraphPayload;
    assert.equal(toMermaid(broken).text, 'flowchart LR\n');
  });
});

describe('toMarkdownTable', () => {
  it('has one row per node in topological order', () => {
    const rows = toMarkdownTable(fixture('lecture-fxyz')).trim().split('\n');
    assert.equal(rows.length, 2 + 5);
    assert.equal(rows[0], '| node | op | value | grad |');
    assert.equal(rows[6], '| **f = ×** | × (mul) | -12 | 1 |');
  });

  it('adds a tangent column in forward mode', () => {
    const rows = toMarkdownTable(fixture('forward-branches')).trim().split('\n');
    assert.equal(rows[0], '| node | op | value | tangent |');
    assert.equal(rows.at(-1), '| **e = ×** | × (mul) | 6 | 5 |');
  });

  it('escapes pipes and HTML so each row keeps its cells', () => {
    const table = toMarkdownTable(fixture('hostile'));
    for (const row of table.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = row.replace(/\\\|/g, '').split('|').length;
      assert.equal(cells, 6, row);
      assert.doesNotMatch(row, /<(?!br)/);
    }
  });
});
