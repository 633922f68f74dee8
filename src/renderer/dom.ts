// Small DOM helpers. Text always goes in through textContent, never innerHTML,
// so labels from a cell can never become markup.
import type { GraphPayload } from '../diagram/payload';
import type { NodeDetails } from './model';
import { tableRows } from './model';

type Attrs = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children);
  return el;
}

export function button(label: string, title: string, onClick: () => void, extra: Attrs = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', title, 'aria-label': title, ...extra }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** The graph's numbers as a small HTML table: shown under a failed drawing, and on demand. */
export function payloadTable(p: GraphPayload, precision?: number): HTMLTableElement {
  const rows = tableRows(p, precision);
  const hasGrad = rows.some((r) => r.grad);
  const hasTangent = rows.some((r) => r.tangent);
  const cols: [string, keyof (typeof rows)[number]][] = [['name', 'name'], ['op', 'op'], ['value', 'value']];
  if (hasGrad) cols.push([`grad`, 'grad']);
  if (hasTangent) cols.push(['tangent', 'tangent']);
  return h('table', {},
    h('thead', {}, h('tr', {}, ...cols.map(([title]) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...cols.map(([, key]) => h('td', {}, r[key]))))),
  );
}

export function detailsPanel(d: NodeDetails, onClose: () => void): HTMLElement {
  const dl = h('dl', {});
  for (const [k, v] of d.rows) dl.append(h('dt', {}, k), h('dd', {}, v));
  const panel = h('section', { class: 'bpnb-details', 'aria-label': `Details of ${d.title}` },
    button('×', 'Close the details', onClose, { class: 'bpnb-close' }),
    h('h4', {}, d.title),
    dl,
  );
  if (d.locals.length) panel.append(h('div', {}, 'Local derivatives:'), h('ul', {}, ...d.locals.map((l) => h('li', {}, l))));
  panel.append(h('div', {}, 'Chain rule:'), h('ul', {}, h('li', {}, d.chain)));
  return panel;
}

/**
 * Parses Mermaid's SVG in an inert document and removes anything active that
 * strict mode should already have removed: scripts, event handlers,
 * javascript: links, embedded HTML.
 */
export function parseSvg(svgText: string): SVGSVGElement | undefined {
  // As HTML, like Mermaid's own insertion: its labels are HTML (<br> unclosed),
  // so the text is not well-formed XML. A DOMParser document runs nothing.
  const doc = new DOMParser().parseFromString(svgText, 'text/html');
  const svg = doc.body.querySelector('svg');
  if (!(svg instanceof SVGSVGElement)) return undefined;
  for (const el of Array.from(svg.querySelectorAll('script, iframe, object, embed'))) el.remove();
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
    for (const a of Array.from(el.attributes)) {
      const v = a.value.trim().toLowerCase();
      if (a.name.toLowerCase().startsWith('on') || ((a.name === 'href' || a.name === 'xlink:href') && v.startsWith('javascript:'))) {
        el.removeAttribute(a.name);
      }
    }
  }
  return document.importNode(svg, true) as unknown as SVGSVGElement;
}
