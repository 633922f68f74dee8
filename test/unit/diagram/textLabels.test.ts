// toMermaid's text-label mode (image export, Mermaid with htmlLabels off).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEXT_PAD, toMermaid, type GraphPayload } from '../../../src/diagram';

const fixture = (name: string): GraphPayload =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as GraphPayload;

describe('toMermaid with textLabels', () => {
  const p = fixture('lecture-fxyz');

  it('writes plain lines (no <font>, no #160;) and says what each line is', () => {
    const html = toMermaid(p);
    const text = toMermaid(p, { textLabels: true });
    assert.match(html.text, /<font class='bpnb-value'/);
    assert.doesNotMatch(text.text, /<font|#160;/);
    assert.equal(html.lineKinds, undefined);
    const kinds = text.lineKinds!;
    const leaf = Object.keys(text.nodeIds).find((id) => text.nodeIds[id] === p.nodes.find((n) => n.name === 'x')!.id)!;
    assert.deepEqual(kinds[leaf], ['title', 'value', 'grad']);
    // Same nodes, same edges, same ids as the on-screen text.
    assert.deepEqual(text.nodeIds, html.nodeIds);
    assert.equal(text.text.split('\n').filter((l) => l.includes('-->')).length, html.text.split('\n').filter((l) => l.includes('-->')).length);
  });

  it('pads a circle title by the amount asked (the export measures it), with a character Mermaid keeps', () => {
    const gate = p.nodes.find((n) => n.kind === 'gate')!;
    const base = toMermaid(p, { textLabels: true });
    const id = Object.keys(base.nodeIds).find((k) => base.nodeIds[k] === gate.id)!;
    const line = (t: string) => t.split('\n').find((l) => l.startsWith(`  ${id}((`))!;
    assert.ok(!line(base.text).includes(TEXT_PAD), 'no guessing in text mode');
    const padded = toMermaid(p, { textLabels: true, circlePadding: { [id]: 3 } });
    assert.ok(line(padded.text).includes(`(("${TEXT_PAD.repeat(3)}`), line(padded.text));
    assert.ok(/\S/.test(TEXT_PAD) && !/\s/.test(TEXT_PAD), 'Mermaid splits words at white space: the pad must not be white space');
  });
});
