// Plots in cell outputs and in the Markdown export (issue 13 item 7): one
// output per plot/descent under PLOT_MIME with a Markdown summary, and Mermaid
// xychart blocks (or SVG image links) in the exported Markdown.
import assert from 'node:assert/strict';
import { PLOT_MIME } from '../../../src/diagram/plotPayload';
import type { CellResult } from '../../../src/lang/result';
import { cellOutputs, notebookToMarkdown, plotImageName, type MarkdownCell } from '../../../src/notebookFile';
import { plotCaption, readPlot } from '../../../src/diagram/plotReading';
import { boundaryPlot, fallingDescent, polePlot, sigmoidPlot } from '../../renderer-harness/plotFixtures';

const base: CellResult = { ok: true, diagnostics: [], variables: {}, gates: [], checks: [], messages: [] };

describe('cellOutputs: plots', () => {
  it('puts each plot, then each descent, in an output of its own with a Markdown summary, before the report', () => {
    const curve = sigmoidPlot();
    const descent = fallingDescent();
    const outputs = cellOutputs({ ...base, plots: [curve], descents: [descent], messages: ['said'] });
    assert.equal(outputs.length, 3);
    assert.deepEqual(outputs[0].items.map((i) => i.mime), [PLOT_MIME, 'text/markdown']);
    assert.equal(outputs[0].items[0].data, curve as unknown);
    assert.equal(outputs[0].items[1].data,
      '**plot** s and ∂s/∂x for x from -3 to 3 (61 points); at x = 0.5: s = 0.6225, ∂s/∂x = 0.235\n');
    assert.equal(outputs[1].items[0].data, descent as unknown);
    assert.equal(outputs[1].items[1].data,
      '**descend** L over 100 steps of gradient descent wrt w, b, lr 1 → 0.1: from 10 to 0.0002656 (final)\n');
    assert.equal(outputs[2].items[0].data, '```text\nsaid\n```\n');
  });

  it('says a running descent is running, and shows a plot\'s warning with names escaped', () => {
    const [running] = cellOutputs({ ...base, descents: [fallingDescent(100, 7)] });
    assert.match(String(running.items[1].data), /^\*\*descend\*\* \(running\) descending L wrt w, b: step 7 of 100, L = 4\.783/);
    const [warned] = cellOutputs({ ...base, plots: [{ ...sigmoidPlot(), target: 'a_b', warning: 'a_b does not depend on <x>' }] });
    assert.match(String(warned.items[1].data), /^\*\*plot\*\* a\\_b and ∂a\\_b\/∂x[\s\S]*\n\n\*\*warning\*\*: a\\_b does not depend on &#60;x&#62;\n$/);
  });

  it('a cell without plots has no plot outputs', () => {
    assert.deepEqual(cellOutputs(base), []);
  });
});

describe('notebookToMarkdown: plots', () => {
  const cell = (result: CellResult): MarkdownCell => ({ kind: 'code', source: 'plot s wrt x', outputs: cellOutputs(result) });

  it('writes a curve as two xychart blocks (f, then ∂f/∂x) that mermaid\'s grammar reads, and its summary under them', () => {
    const md = notebookToMarkdown([cell({ ...base, plots: [sigmoidPlot(5)] })], {});
    assert.equal(md.match(/```mermaid\nxychart-beta\n/g)?.length, 2, md);
    assert.ok(md.includes('  title "s against x"\n  x-axis "x" -3 --> 3\n  y-axis "s"\n  line [0.0474259, 0.182426, 0.5, 0.817574, 0.952574]\n'), md);
    assert.ok(md.includes('  title "∂s/∂x against x"\n'), md);
    assert.ok(md.indexOf('**plot** s and ∂s/∂x') > md.lastIndexOf('xychart-beta'), 'the summary follows the charts');
    // xychart's number token has no exponent: small and large numbers are plain decimals.
    for (const line of md.split('\n').filter((l) => l.startsWith('  line ['))) assert.ok(!/e[-+]?\d/.test(line), line);
  });

  it('writes tiny and huge numbers as plain decimals, and a descent as one chart over its steps', () => {
    const md = notebookToMarkdown([cell({ ...base, descents: [{ ...fallingDescent(3), loss: [2e7, 1.5e-7, 3, -0.25] }] })], {});
    assert.ok(md.includes('  title "L per step of gradient descent"\n  x-axis "step" 0 --> 3\n  y-axis "L"\n  line [20000000, 0.00000015, 3, -0.25]\n'), md);
  });

  it('writes a sentence instead of a chart for a panel with NaN or ∞ (xychart draws no gaps)', () => {
    const md = notebookToMarkdown([cell({ ...base, plots: [polePlot()] })], {});
    assert.equal(md.match(/xychart-beta/g), null);
    assert.ok(md.includes('*r is not finite everywhere on this range: no chart.*'), md);
    assert.ok(md.includes('*∂r/∂x is not finite everywhere on this range: no chart.*'), md);
  });

  it('links SVG images when the caller chose images, numbering the plots of each cell', () => {
    const seen: string[] = [];
    const md = notebookToMarkdown([
      { kind: 'markdown', source: '# t' },
      cell({ ...base, plots: [sigmoidPlot()], descents: [fallingDescent()] }),
    ], {}, { plotImage: (c, i, p) => (seen.push(`${c}:${i}:${p.kind}`), plotImageName('my notes.md', c, i)) });
    assert.deepEqual(seen, ['1:0:curve', '1:1:descent']);
    assert.ok(md.includes('![s and ∂s/∂x against x](my%20notes-cell2-plot1.svg)'), md);
    assert.ok(md.includes('![L per step of gradient descent](my%20notes-cell2-plot2.svg)'), md);
    assert.equal(md.match(/xychart-beta/g), null);
  });

  it('skips a plot output this version cannot read, keeping its summary', () => {
    const md = notebookToMarkdown([{ kind: 'code', source: 'p', outputs: [{ items: [
      { mime: PLOT_MIME, data: { kind: 'curve', target: 'f' } }, { mime: 'text/markdown', data: '**plot** f' },
    ] }] }], {});
    assert.equal(md, '```bpnb\np\n```\n\n**plot** f\n');
  });
});

describe('boundary outputs: the cell, the Markdown export, the reading of a payload', () => {
  it('puts each boundary after the plots and descents, with a one-line summary', () => {
    const b = boundaryPlot(8);
    const outputs = cellOutputs({ ...base, plots: [sigmoidPlot()], descents: [fallingDescent()], boundaries: [b] });
    assert.equal(outputs.length, 3);
    assert.equal(outputs[2].items[0].data, b as unknown);
    assert.match(String(outputs[2].items[1].data), /^\*\*boundary\*\* the sign of s over X on a 8×\d+ grid, with the 40 points, coloured by y; \d+(\.\d)?% of them on their label's side \(accuracy\)\n$/);
  });

  it('the Markdown export links the boundary\'s image, or says in a sentence where it is drawn (no Mermaid chart draws it)', () => {
    const cells: MarkdownCell[] = [{ kind: 'code', source: 'boundary s over X labels y', outputs: cellOutputs({ ...base, boundaries: [boundaryPlot(8)] }) }];
    const plain = notebookToMarkdown(cells, {});
    assert.ok(plain.includes('*the decision boundary of s over X: drawn in VS Code and in the SVG/PNG exports.*'), plain);
    assert.equal(plain.match(/xychart-beta/g), null);
    const images = notebookToMarkdown(cells, {}, { plotImage: (c, p) => plotImageName('nb.md', c, p) });
    assert.ok(images.includes('![the decision boundary of s over X](nb-cell1-plot1.svg)'), images);
  });

  it('readPlot takes a boundary as the session makes it and refuses a damaged one', () => {
    const b = boundaryPlot(6);
    assert.deepEqual(readPlot(JSON.parse(JSON.stringify(b))), b);
    assert.equal(readPlot({ ...b, value: b.value.slice(1) }), undefined, 'one value per grid point');
    assert.equal(readPlot({ ...b, x: [0] }), undefined, 'at least two cells a side');
    assert.equal(readPlot({ ...b, points: { ...b.points, label: [1] } }), undefined, 'one label per point');
    assert.equal(readPlot({ ...b, over: 3 }), undefined);
    assert.match(plotCaption(b), /^the sign of s over X on a 6×\d+ grid/);
  });
});
