// ViewModel → Mermaid flowchart text, drawn the way the lecture draws a
// computation graph: inputs as boxes, constants as lighter dashed boxes, gates
// as circles with their symbol, a collapsed user-gate call as a double circle.
// Each node shows its value (green) and its gradient (red, '∂ …'), or its
// tangent in forward mode (blue, 'ṫ …'). With the `heatmaps` option a tensor
// node shows its name and shape over a placeholder per tensor, which the
// renderer fills with a heatmap (heatLabel; src/renderer/heatmap.ts).
//
// Safety: every piece of text goes into a quoted label with each character
// that Mermaid or HTML could read as syntax replaced by a Mermaid entity code
// (`#34;` for '"', `#60;` for '<' …), which Mermaid turns back into a literal
// character after parsing. Only the <br/> and <font> tags below are markup.
// The `readable` text (Markdown, clipboard) escapes only what can end a quoted
// label or start markup or an entity, so it reads well as code too.

import { heatBox, heatDims } from './heatmap';
import type { GraphPayload } from './payload';
import { buildViewModel, limitNodes, type DiagramOptions, type HeatKind, type ViewModel, type ViewNode } from './viewModel';

/** Mermaid's default `maxEdges`: a graph with more edges is refused. */
export const MERMAID_MAX_EDGES = 500;
/** Mermaid's default `maxTextSize` (characters): longer text is refused. */
export const MERMAID_MAX_TEXT = 50_000;
/** Longest piece of user text (a title, a number) put in one label. */
const MAX_PIECE = 80;

export interface MermaidResult {
  text: string;
  /** Nodes not drawn (node limit, Mermaid's size limits, and those the payload already omitted). */
  hidden: number;
  /** Mermaid node id → payload node id (a collapsed call maps to its output node). */
  nodeIds: Record<string, string>;
  /**
   * Only with `textLabels`: what each line of each node's label is, in order,
   * so the SVG text rows can be coloured (value green, gradient red, tangent blue).
   */
  lineKinds?: Record<string, LineKind[]>;
}

/** `heat-…`: a blank row that reserves room for a heatmap (text labels, see heatPlaceholder). */
export type LineKind = 'title' | 'value' | 'grad' | 'tangent' | 'heat-value' | 'heat-grad' | 'heat-tangent';

/**
 * Text labels: the blank rows that reserve a heatmap's room. Mermaid's text
 * mode writes one row per label line, 1.1em apart at its 16 px font; a U+2800
 * blank is 11.7 px wide in the export's fonts (DejaVu Sans, measured in Chromium). The
 * export draws the heatmap into the rows' measured box, so these only need to
 * be close.
 */
export const HEAT_TEXT_ROW = 17.6;
export const HEAT_TEXT_CHAR = 11.7;

/** With `textLabels`: the character circle titles are padded with (see nodeLabel). */
export const TEXT_PAD = '\u2800';

/** The colours of a node's numbers on a light page (the lecture's). */
export const LABEL_COLORS = { value: '#2e7d32', grad: '#c62828', tangent: '#1565c0' } as const;

export const NOTE_ID = 'bpnb_hidden';

const COLORS = LABEL_COLORS;

const CLASS_DEFS = [
  'classDef input fill:#e3f2fd,stroke:#1565c0,color:#111',
  'classDef const fill:#fafafa,stroke:#9e9e9e,stroke-dasharray:4 3,color:#555',
  'classDef gate fill:#fff8e1,stroke:#f9a825,color:#111',
  'classDef usergate fill:#f3e5f5,stroke:#8e24aa,color:#111',
  'classDef target stroke-width:3px',
  'classDef seed stroke-width:3px,stroke-dasharray:6 3',
  'classDef highlight fill:#fff59d,stroke:#d50000,stroke-width:4px',
  'classDef note fill:none,stroke:#9e9e9e,stroke-dasharray:2 2,color:#777',
];

export function toMermaid(payload: GraphPayload, options: DiagramOptions = {}): MermaidResult {
  let model = buildViewModel(payload, options);
  let result = render(model, options);
  // Shrink until Mermaid accepts it: fewer nodes means fewer edges and less text.
  while (
    (countEdges(result.text) > MERMAID_MAX_EDGES || result.text.length > MERMAID_MAX_TEXT) &&
    model.nodes.length > 1
  ) {
    const next = Math.max(1, Math.floor(model.nodes.length * 0.8));
    model = limitNodes(model, next);
    result = render(model, options);
  }
  return result;
}

function countEdges(text: string): number {
  let count = 0;
  for (let i = text.indexOf(' --'); i >= 0; i = text.indexOf(' --', i + 3)) count++;
  return count;
}

function render(model: ViewModel, options: DiagramOptions): MermaidResult {
  const escape = options.readable ? escapeReadable : escapeLabel;
  const lines: string[] = [`flowchart ${model.direction}`];
  const ids = assignIds(model.nodes);
  const nodeIds: Record<string, string> = {};
  const lineKinds: Record<string, LineKind[]> = {};
  const classes = new Map<string, string[]>();
  const addClass = (cls: string, id: string): void => {
    const list = classes.get(cls);
    if (list) list.push(id);
    else classes.set(cls, [id]);
  };

  model.nodes.forEach((node, i) => {
    const id = ids[i];
    nodeIds[id] = node.payloadId;
    const { label, kinds } = nodeLabel(node, options, options.textLabels ? options.circlePadding?.[id] ?? 0 : 0);
    if (options.textLabels) lineKinds[id] = kinds;
    const [open, close] = node.heat ? TENSOR_SHAPES[node.kind] : SHAPES[node.kind];
    lines.push(`  ${id}${open}"${label}"${close}`);
    addClass(KIND_CLASS[node.kind], id);
    if (node.isTarget) addClass('target', id);
    if (node.isSeed) addClass('seed', id);
    if (node.highlighted) addClass('highlight', id);
  });
  if (model.hidden > 0) {
    const noun = model.hidden === 1 ? 'node' : 'nodes';
    lines.push(`  ${NOTE_ID}["${escape(`… ${model.hidden} more ${noun} hidden`)}"]`);
    addClass('note', NOTE_ID);
  }
  for (const e of model.edges) {
    const label = e.label !== undefined ? `|"${escape(clip(e.label))}"|` : '';
    lines.push(`  ${ids[e.from]} -->${label} ${ids[e.to]}`);
  }
  for (const def of CLASS_DEFS) {
    const cls = def.split(' ')[1];
    if (classes.has(cls)) lines.push(`  ${def}`);
  }
  for (const [cls, members] of classes) lines.push(`  class ${members.join(',')} ${cls}`);
  return { text: lines.join('\n') + '\n', hidden: model.hidden, nodeIds, ...(options.textLabels ? { lineKinds } : {}) };
}

const SHAPES: Record<ViewNode['kind'], [string, string]> = {
  input: ['[', ']'],
  const: ['[', ']'],
  gate: ['((', '))'],
  call: ['(((', ')))'],
};

/**
 * Tensor nodes with heatmaps: a circle sized by its label's width cannot hold
 * a picture under a title, so a tensor gate is a rounded box and a tensor
 * user-gate call a box with double sides (still the gate colours).
 */
const TENSOR_SHAPES: Record<ViewNode['kind'], [string, string]> = {
  input: ['[', ']'],
  const: ['[', ']'],
  gate: ['(', ')'],
  call: ['[[', ']]'],
};

/** Mermaid class per node kind ('call' is a Mermaid keyword, so not a class name). */
const KIND_CLASS: Record<ViewNode['kind'], string> = { input: 'input', const: 'const', gate: 'gate', call: 'usergate' };

function nodeLabel(node: ViewNode, options: DiagramOptions, extraPad: number): { label: string; kinds: LineKind[] } {
  if (options.readable) return readableLabel(node, options);
  if (node.heat) return heatLabel(node, node.heat, options);
  const parts = [escapeLabel(clip(node.title))];
  const kinds: LineKind[] = ['title'];
  const text = options.textLabels === true;
  const add = (kind: HeatKind, t: string): void => {
    parts.push(text ? escapeLabel(clip(t)) : span(kind, t));
    kinds.push(kind);
  };
  if (node.shape && node.kind !== 'const' && options.show !== 'grads') parts[0] += ` #91;${escapeLabel(node.shape)}#93;`;
  if (node.value !== undefined && node.kind !== 'const') add('value', node.value); // a constant's title is its value
  if (node.grad !== undefined) add('grad', '∂ ' + node.grad);
  if (node.tangent !== undefined) add('tangent', 'ṫ ' + node.tangent);
  if (node.kind === 'gate' || node.kind === 'call') {
    if (!text) parts[0] = padForCircle(parts[0], node, parts.length, '#160;', 0);
    // Text mode: Mermaid splits words at any white space (no-break spaces too) and writes
    // U+00A0 as the text '&nbsp;', so the padding is U+2800 (blank, not white space), which
    // the export removes again once Mermaid has sized the circle (TEXT_PAD).
    // The export measures what each circle lacks (extraPad) rather than guessing.
    else parts[0] = padForCircle(parts[0], node, parts.length, TEXT_PAD, extraPad);
  }
  return { label: parts.join('<br/>'), kinds };
}

/**
 * A tensor node's label with heatmaps: its title, its shape, then one blank
 * placeholder per tensor shown (value, gradient, tangent), which the renderer
 * fills (src/renderer/heatmap.ts). On screen the placeholder is an empty
 * inline-block of the heatmap's size, with the classes of the numbers it
 * replaces (playback hides `.bpnb-grad`); in text labels it is blank rows.
 */
function heatLabel(node: ViewNode, heat: NonNullable<ViewNode['heat']>, options: DiagramOptions): { label: string; kinds: LineKind[] } {
  const parts = [escapeLabel(clip(node.title)), escapeLabel(`[${node.shape}]`)];
  const kinds: LineKind[] = ['title', 'title'];
  for (const kind of ['value', 'grad', 'tangent'] as const) {
    const t = heat[kind];
    const dims = t === undefined ? undefined : heatDims(t);
    if (!dims) continue;
    const { width, height } = heatBox(dims);
    if (options.textLabels) {
      const rows = Math.max(1, Math.ceil((height + 4) / HEAT_TEXT_ROW));
      const row = TEXT_PAD.repeat(Math.max(1, Math.ceil((width + 2) / HEAT_TEXT_CHAR)));
      for (let i = 0; i < rows; i++) {
        parts.push(row);
        kinds.push(`heat-${kind}`);
      }
    } else {
      parts.push(`<span class='bpnb-heat bpnb-heat-${kind} bpnb-${kind}' style='display:inline-block;width:${width}px;height:${height}px;margin:2px 0;vertical-align:middle'></span>`);
      kinds.push(`heat-${kind}`);
    }
  }
  return { label: parts.join('<br/>'), kinds };
}

/** A label to read as text: its lines joined by <br/>, no colours, no padding. */
function readableLabel(node: ViewNode, options: DiagramOptions): { label: string; kinds: LineKind[] } {
  const lines: [LineKind, string][] = [['title', clip(node.title) + (node.shape && node.kind !== 'const' && options.show !== 'grads' ? ` [${node.shape}]` : '')]];
  if (node.value !== undefined && node.kind !== 'const') lines.push(['value', clip(node.value)]);
  if (node.grad !== undefined) lines.push(['grad', '∂ ' + clip(node.grad)]);
  if (node.tangent !== undefined) lines.push(['tangent', 'ṫ ' + clip(node.tangent)]);
  return { label: lines.map(([, t]) => escapeReadable(t)).join('<br/>'), kinds: lines.map(([k]) => k) };
}

/**
 * Mermaid sizes a circle by its label's width only, so a narrow label of
 * three lines spills out of the top and bottom. Widening the first line with
 * no-break spaces to about 1.5 times the label's height in characters keeps
 * the text inside (a line is about 3 characters wide per line of height).
 */
function padForCircle(title: string, node: ViewNode, lines: number, nbsp: string, extra: number): string {
  const widest = Math.max(
    [...clip(node.title)].length + (node.shape ? node.shape.length + 3 : 0),
    ...[node.value, node.grad, node.tangent].map((t) => (t === undefined ? 0 : [...clip(t)].length + 2)),
  );
  const missing = nbsp === TEXT_PAD ? 0 : Math.ceil(lines * 4.5) - widest;
  const count = Math.max(0, Math.ceil(missing / 2)) + Math.max(0, Math.ceil(extra));
  if (count <= 0) return title;
  const side = nbsp.repeat(count);
  return side + title + side;
}

function span(kind: keyof typeof COLORS, text: string): string {
  // <font color> rather than style='color:…': Mermaid strips the last ';' of
  // any line matching /style.*:\S*#.*;/, which would break our entity codes.
  return `<font class='bpnb-${kind}' color='${COLORS[kind]}'>${escapeLabel(clip(text))}</font>`;
}

function clip(text: string): string {
  return text.length > MAX_PIECE ? text.slice(0, MAX_PIECE - 1) + '…' : text;
}

/**
 * Text safe inside a Mermaid quoted label with HTML labels on: letters,
 * digits, spaces and a few harmless marks stay; every other ASCII character
 * becomes a Mermaid entity code (`#60;`), line breaks become spaces, and
 * other control characters are dropped. Non-ASCII text (∂, σ, −) stays.
 */
export function escapeLabel(text: string): string {
  return escapeWith(text, (ch, code) => code < 0x80 && !/[A-Za-z0-9 .,_+\-*/()=^!?@]/.test(ch));
}

/**
 * Text safe inside a Mermaid quoted label that stays readable as code: only
 * what could end the label (`"`), start an entity code (`#`), a directive (`%%{`) or markup (`<`,
 * `>`, `&`) or a Markdown string (a backtick) becomes an entity code; line
 * breaks become spaces and other control characters are dropped.
 */
export function escapeReadable(text: string): string {
  return escapeWith(text, (ch) => '"#%<>&`'.includes(ch));
}

/** Line breaks and tabs as spaces, other control characters dropped, and what `coded` says as Mermaid entity codes. */
function escapeWith(text: string, coded: (ch: string, code: number) => boolean): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || ch === '\r' || ch === '\t') out += ' ';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) continue;
    else if (coded(ch, code)) out += `#${code};`;
    else out += ch;
  }
  return out;
}

const RESERVED = new Set(['end', 'graph', 'flowchart', 'subgraph', 'class', 'classdef', 'click', 'style', 'linkstyle', 'direction', 'default']);

/** Mermaid ids from payload ids: 'n0' stays 'n0'; anything odd is made safe and unique. */
function assignIds(nodes: readonly ViewNode[]): string[] {
  const used = new Set<string>([NOTE_ID]);
  return nodes.map((node) => {
    const raw = node.groupId !== undefined ? `call_${node.groupId}` : node.payloadId;
    let id = raw.replace(/[^A-Za-z0-9_]/g, '_');
    // Ids starting with 'o' or 'x' can read as circle/cross edge ends ('--o').
    if (!/^[A-Za-z]/.test(id) || /^[oxOX]/.test(id) || RESERVED.has(id.toLowerCase())) id = `id_${id}`;
    let unique = id;
    for (let k = 2; used.has(unique); k++) unique = `${id}_${k}`;
    used.add(unique);
    return unique;
  });
}
