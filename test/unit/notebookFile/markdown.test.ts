// The one Markdown writer (bpnb export --format md and VS Code's Export Notebook as Markdown).
import assert from 'node:assert/strict';
import { cellOutputs, notebookToMarkdown } from '../../../src/notebookFile';
import { Session } from '../../../src/lang/session';

describe('notebookToMarkdown', () => {
  const s = new Session();
  const good = s.run('x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f');
  const bad = s.run('w = nope + 1');

  it('writes markdown cells, each code cell in a fence, then its graph, table and errors', () => {
    const md = notebookToMarkdown([
      { kind: 'markdown', source: '# Title\n' },
      { kind: 'code', source: 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f', outputs: cellOutputs(good, {}) },
      { kind: 'code', source: 'w = nope + 1', outputs: cellOutputs(bad, {}) },
      { kind: 'code', source: 'never = 1', outputs: [] },
    ], { direction: 'TD' });
    assert.ok(md.startsWith('# Title\n\n```bpnb\n'));
    assert.equal(md.match(/```mermaid\nflowchart TD\n/g)?.length, 1, 'one Mermaid block per graph, with the options');
    assert.match(md, /\| node \| op \| value \| grad \|/);
    assert.match(md, /> \*\*E_UNKNOWN_NAME\*\* \(line 1, column 5\): /);
    assert.match(md, /```bpnb\nnever = 1\n```\n$/, 'a cell never run: its code only');
  });

  it('reads graph data as the file stores it (JSON) or as text, and skips what is not a graph', () => {
    const graph = cellOutputs(good, {})[0];
    const asText = { items: graph.items.map((i) => ({ ...i, data: typeof i.data === 'string' ? i.data : JSON.stringify(i.data) })) };
    const broken = { items: [{ mime: 'application/vnd.bpnb.graph+json', data: 'not json' }] };
    const md = notebookToMarkdown([{ kind: 'code', source: 'f', outputs: [asText, broken] }], {});
    assert.equal(md.match(/```mermaid/g)?.length, 1);
  });
});
