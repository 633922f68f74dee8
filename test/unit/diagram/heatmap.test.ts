// Tensors as pictures, the pure parts: a tensor as a grid of cells (pooled to
// a fixed budget), the diverging colour scale, and the labels that reserve a
// heatmap's room in a node.
import assert from 'node:assert/strict';
import {
  asMatrix, CONST_NUMBERS_MAX, HEAT_BOX, HEAT_MAX_SIDE, HEAT_SCALES, heatBox, heatColour, heatDims, heatEnds, heatGrid, textOn,
  type HeatTheme,
} from '../../../src/diagram/heatmap';
import { buildViewModel, toMermaid, type GraphNode, type GraphPayload, type JsonTensor } from '../../../src/diagram';
import { Session } from '../../../src/lang/session';

const matrix = (rows: number, cols: number, f: (r: number, c: number) => number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));

describe('heatmap grid', () => {
  it('reads a vector as one row, a matrix as its rows, a rank-3 tensor with its leading axes flattened', () => {
    assert.deepEqual(asMatrix([1, 2, 3]), { rows: 1, cols: 3, data: [1, 2, 3] });
    assert.deepEqual(asMatrix([[1, 2], [3, 4], [5, 6]]), { rows: 3, cols: 2, data: [1, 2, 3, 4, 5, 6] });
    assert.deepEqual(asMatrix([[[1, 2]], [[3, 4]]]), { rows: 2, cols: 2, data: [1, 2, 3, 4] });
    assert.deepEqual(asMatrix(['NaN', 'Infinity', '-Infinity']), { rows: 1, cols: 3, data: [NaN, Infinity, -Infinity] });
    assert.equal(asMatrix(3), undefined, 'a scalar is no matrix');
    assert.equal(asMatrix([[1, 2], [3]] as JsonTensor), undefined, 'a ragged tensor is refused, not drawn wrong');
  });

  it('keeps a small tensor cell for cell, with the extent max|x|', () => {
    const g = heatGrid([[-3, 0, 1], [2, -1, 0.5]]);
    assert.ok(g);
    assert.deepEqual([g.rows, g.cols, g.sourceRows, g.sourceCols, g.extent], [2, 3, 2, 3, 3]);
    assert.deepEqual(g.cells, [-3, 0, 1, 2, -1, 0.5]);
    assert.equal(heatGrid(5), undefined, 'scalars keep their numbers');
    assert.equal(heatGrid([]), undefined);
  });

  it('pools a [100, 16] tensor to 24 × 16 cells, each its block\'s strongest element with its sign', () => {
    const t = matrix(100, 16, (r, c) => (r === 50 && c === 3 ? -9 : (r + c) % 2 ? 0.1 : -0.1));
    const g = heatGrid(t);
    assert.ok(g);
    assert.equal(HEAT_MAX_SIDE, 24);
    assert.deepEqual([g.rows, g.cols, g.sourceRows, g.sourceCols], [24, 16, 100, 16]);
    assert.equal(g.cells.length, 24 * 16);
    assert.equal(g.extent, 9);
    // Row 50 falls in block 12 (rows 50..54: floor(12·100/24) = 50): the lone −9 stays visible.
    assert.equal(g.cells[12 * 16 + 3], -9);
    assert.equal(g.cells.filter((x) => x === -9).length, 1);
    assert.ok(g.cells.every((x) => Math.abs(x) === 0.1 || x === -9));
    // Blocks cover every row exactly once: 100 rows in 24 blocks of 4 or 5.
    const sizes = Array.from({ length: 24 }, (_, i) => Math.floor(((i + 1) * 100) / 24) - Math.floor((i * 100) / 24));
    assert.equal(sizes.reduce((a, b) => a + b, 0), 100);
    assert.ok(sizes.every((n) => n === 4 || n === 5));
  });

  it('a block holding NaN shows NaN; the extent ignores NaN and the infinities', () => {
    const g = heatGrid([[1, 'NaN', 'Infinity', -2]], 2);
    assert.ok(g);
    assert.ok(Number.isNaN(g.cells[0]));
    assert.equal(g.cells[1], Infinity);
    assert.equal(g.extent, 2);
  });

  it('sizes the picture: square cells, at most HEAT_BOX a side, never thinner than 8 px', () => {
    assert.deepEqual(heatBox({ rows: 16, cols: 16 }), { width: HEAT_BOX, height: HEAT_BOX });
    assert.deepEqual(heatBox({ rows: 24, cols: 16 }), { width: 40, height: 60 });
    assert.deepEqual(heatBox({ rows: 2, cols: 3 }), { width: 36, height: 24 }, 'a small matrix has 12 px cells, not a wall');
    assert.deepEqual(heatBox({ rows: 1, cols: 24 }), { width: 60, height: 8 }, 'a vector is a strip');
    assert.deepEqual(heatDims(matrix(100, 16, () => 0)), { rows: 24, cols: 16 });
    assert.deepEqual(heatDims([1, 2, 3]), { rows: 1, cols: 3 });
    assert.equal(heatDims(1), undefined);
  });
});

describe('heatmap colour scale', () => {
  const themes: HeatTheme[] = ['light', 'dark', 'hc-light', 'hc-dark'];

  it('is symmetric about zero: ±extent are the ends, zero the middle, ±∞ the ends, NaN its own colour', () => {
    for (const theme of themes) {
      const stops = HEAT_SCALES[theme].stops;
      assert.equal(stops.length % 2, 1, `${theme}: an odd number of stops puts zero on a stop`);
      assert.equal(heatColour(-3, 3, theme), stops[0], `${theme}: the most negative value is the negative end`);
      assert.equal(heatColour(3, 3, theme), stops[stops.length - 1]);
      assert.equal(heatColour(0, 3, theme), stops[(stops.length - 1) / 2], `${theme}: zero is the middle`);
      assert.equal(heatColour(-Infinity, 3, theme), stops[0]);
      assert.equal(heatColour(Infinity, 3, theme), stops[stops.length - 1]);
      assert.equal(heatColour(NaN, 3, theme), HEAT_SCALES[theme].nan);
      assert.ok(!stops.includes(HEAT_SCALES[theme].nan), `${theme}: NaN is not on the scale`);
      assert.equal(heatColour(7, 0, theme), stops[(stops.length - 1) / 2], 'an all-zero tensor is neutral');
      assert.deepEqual(heatEnds(theme), [stops[0], stops[(stops.length - 1) / 2], stops[stops.length - 1]]);
    }
  });

  it('is blue below zero and red above, and grows away from the middle monotonically', () => {
    const rgb = (h: string): number[] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    for (const theme of themes) {
      const [neg, , pos] = heatEnds(theme).map(rgb);
      assert.ok(neg[2] > neg[0], `${theme}: the negative end is blue`);
      assert.ok(pos[0] > pos[2], `${theme}: the positive end is red`);
      const mid = rgb(heatColour(0, 1, theme));
      let last = -1;
      for (let x = 0; x <= 1.0001; x += 0.125) {
        const [a, b] = [rgb(heatColour(x, 1, theme)), rgb(heatColour(-x, 1, theme))];
        const d = Math.hypot(...a.map((v, i) => v - mid[i])) + Math.hypot(...b.map((v, i) => v - mid[i]));
        assert.ok(d >= last - 1e-9, `${theme}: farther from zero, farther from the middle colour (x = ${x})`);
        last = d;
      }
    }
  });

  it('prints the numbers on a cell in black or white, whichever reads', () => {
    assert.equal(textOn('#2166ac'), '#ffffff');
    assert.equal(textOn('#f7f7f7'), '#000000');
    assert.equal(textOn('#b2182b'), '#ffffff');
    assert.equal(textOn('#fddbc7'), '#000000');
  });
});

describe('heatmap labels (toMermaid with heatmaps)', () => {
  const tensorGraph = (): GraphPayload => {
    const s = new Session();
    const res = s.run('A = [[-3, 0, 1], [2, -1, 0.5]]\nc = [1, 2]\nB = A * 2\nf = sum(B) + sum(c)\nbackward f');
    assert.ok(res.graph);
    return res.graph;
  };
  const nodeNamed = (p: GraphPayload, name: string): GraphNode => p.nodes.find((n) => n.name === name) as GraphNode;

  it('a tensor node shows its name, its shape and a placeholder per tensor, and no numbers', () => {
    const p = tensorGraph();
    const { text } = toMermaid(p, { heatmaps: true });
    const line = (name: string): string => text.split('\n').find((l) => l.includes(`${nodeNamed(p, name).id}[`) || l.includes(`${nodeNamed(p, name).id}(`)) ?? '';
    const a = line('A');
    assert.match(a, /"A<br\/>#91;2×3#93;<br\/><span class='bpnb-heat bpnb-heat-value bpnb-value' style='display:inline-block;width:36px;height:24px;[^']*'><\/span><br\/><span class='bpnb-heat bpnb-heat-grad bpnb-grad'/);
    assert.doesNotMatch(a, /-3|0\.5/, 'no numbers of the tensor');
    // A tensor gate is a rounded box (a circle cannot hold the picture); a scalar gate stays a circle.
    assert.match(line('B'), /^ {2}\w+\("B = ×/);
    assert.match(line('f'), /^ {2}\w+\(\("(#160;)*f = \+/);
    assert.equal(toMermaid(p, { heatmaps: true }).text.includes('c<br/>#91;2#93;'), true, 'c is an input tensor: a heatmap too');
  });

  it('without the option (Markdown, the CLI\'s mmd, the goldens) and with `readable` nothing changes', () => {
    const p = tensorGraph();
    const plain = toMermaid(p).text;
    assert.equal(plain.includes('bpnb-heat'), false);
    assert.equal(toMermaid(p, { readable: true, heatmaps: true }).text, toMermaid(p, { readable: true }).text);
    assert.match(plain, /-3/);
  });

  it('shows the tensors the toolbar asks for: values, gradients or both; tangents in forward mode', () => {
    const p = tensorGraph();
    const kinds = (show: 'values' | 'grads' | 'both'): string[] => Object.keys(buildViewModel(p, { heatmaps: true, show }).nodes.find((v) => v.title === 'A')?.heat ?? {});
    assert.deepEqual(kinds('both'), ['value', 'grad']);
    assert.deepEqual(kinds('values'), ['value']);
    assert.deepEqual(kinds('grads'), ['grad']);
    const s = new Session();
    const fwd = s.run('x = 2\nv = [1, 2, 3] * x\nforward x').graph;
    assert.ok(fwd);
    assert.deepEqual(Object.keys(buildViewModel(fwd, { heatmaps: true }).nodes.find((v) => v.title.startsWith('v'))?.heat ?? {}), ['value', 'tangent']);
  });

  it('a big constant (data) is a named picture; a small one reads as itself', () => {
    const s = new Session();
    // moons() is data: a constant, not an input.
    const res = s.run('seed 1\nX = moons(4, 0.1)\nw = [1, 1]\nf = sum(X @ w) + sum([98, 130])\nbackward f');
    assert.ok(res.graph);
    const m = buildViewModel(res.graph, { heatmaps: true });
    const consts = m.nodes.filter((v) => v.kind === 'const');
    assert.ok(CONST_NUMBERS_MAX < 8);
    const big = consts.find((v) => v.heat);
    assert.ok(big, 'X (8 elements) is drawn');
    assert.equal(big.title, 'X', 'named by its name, not its numbers');
    assert.ok(consts.some((v) => !v.heat && v.title === '[98, 130]'), 'the 2-element literal keeps its numbers');
  });

  it('edges that carry a tensor can show its shape; scalar edges keep their local derivative', () => {
    const p = tensorGraph();
    const m = buildViewModel(p, { heatmaps: true, edgeShapes: true, edgeLabels: true });
    const edges = m.edges.map((e) => `${m.nodes[e.from].title}->${m.nodes[e.to].title}:${e.label ?? ''}`);
    assert.ok(edges.includes('A->B = ×:[2×3]'), JSON.stringify(edges));
    assert.ok(edges.some((e) => /^c->.*:\[2\]$/.test(e)), JSON.stringify(edges));
    assert.ok(edges.some((e) => /->f = \+:1$/.test(e)), `a scalar edge keeps its local derivative: ${JSON.stringify(edges)}`);
    const off = buildViewModel(p, { heatmaps: true });
    assert.ok(off.edges.every((e) => e.label === undefined), 'off by default');
    assert.match(toMermaid(p, { heatmaps: true, edgeShapes: true }).text, / -->\|"#91;2×3#93;"\| /);
  });

  it('text labels (image export) reserve the room with blank rows, one kind per row', () => {
    const p = tensorGraph();
    const r = toMermaid(p, { heatmaps: true, textLabels: true });
    const a = nodeNamed(p, 'A').id;
    const kinds = r.lineKinds?.[a] ?? [];
    assert.deepEqual(kinds.slice(0, 2), ['title', 'title']);
    assert.ok(kinds.filter((k) => k === 'heat-value').length >= 2, '24 px of heatmap take two rows of text');
    assert.ok(kinds.includes('heat-grad'));
    assert.equal(r.text.includes('<span'), false, 'no HTML in text labels');
  });
});
