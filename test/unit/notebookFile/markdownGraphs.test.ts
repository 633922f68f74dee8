// The Markdown export's graphs (issue 11 item 15): readable Mermaid blocks, or
// image links to SVG files beside the Markdown, and a legend line.
import assert from 'node:assert/strict';
import { cellOutputs, graphImageName, notebookToMarkdown } from '../../../src/notebookFile';
import { Session } from '../../../src/lang/session';

const LECTURE = 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f';

describe('notebookToMarkdown: graphs', () => {
  const good = new Session().run(LECTURE);
  const cells = [
    { kind: 'markdown' as const, source: '# Title' },
    { kind: 'code' as const, source: LECTURE, outputs: cellOutputs(good, {}) },
    { kind: 'code' as const, source: 'never = 1', outputs: [] },
  ];

  it('writes Mermaid blocks clean to read: no <font>, no #160;, plain brackets', () => {
    const v = new Session().run('v = [1, 2]\nw = v * 3\ns = sum(w)\nbackward s');
    const md = notebookToMarkdown([{ kind: 'code', source: 'v', outputs: cellOutputs(v, {}) }, ...cells], {});
    assert.equal(md.match(/```mermaid\n/g)?.length, 2);
    assert.ok(!/<font|#160;|&#160;|#91;/.test(md), md);
    assert.ok(md.includes('n3(("q = +<br/>3<br/>∂ -4"))'), md);
    assert.ok(md.includes('v [2]<br/>[1, 2]'), md);
  });

  it('says under each graph what ∂ means, with the target\'s name', () => {
    const md = notebookToMarkdown(cells, {});
    assert.match(md, /\| node \| op \| value \| grad \|[\s\S]*\n\n\*On each node: its value; ∂ g is ∂f\/∂\(node\) = g, the gradient of f\.\*\n/);
  });

  it('links images instead of Mermaid blocks when the caller wrote them', () => {
    const asked: number[] = [];
    const md = notebookToMarkdown(cells, {}, { graphImage: (i) => { asked.push(i); return graphImageName('my notes.md', i); } });
    assert.deepEqual(asked, [1], 'asked once, for the code cell with a graph (cells counted from 0, markdown included)');
    assert.equal(md.match(/```mermaid/g), null);
    assert.ok(md.includes('![Computation graph of f = -12](my%20notes-cell2.svg)'), md);
    assert.match(md, /\| node \| op \| value \| grad \|/, 'the table stays, with the numbers as text');
    assert.equal(graphImageName('lecture.md', 0), 'lecture-cell1.svg');
    assert.equal(graphImageName('lecture.markdown', 4, 'png'), 'lecture-cell5.png');
  });
});
