// The details of one node, under the drawing of a graph output. A click on a
// node (or Enter / Space on a focused one) opens them; a second click, ×, or
// Escape closes them. They show what model.ts says of the node (value,
// gradient, local derivatives, chain rule; dom.ts draws the panel) and, for a
// tensor, its full matrices on their colours (heatmap.ts).
// Apart from view.ts because it is about one node, not the drawing: the view
// only tells it when the numbers or the drawing changed (refresh).
import type { GraphPayload } from '../diagram/payload';
import { LABEL_COLORS } from '../diagram/mermaid';
import { partial, readGraph } from '../diagram/reading';
import { detailsPanel, h } from './dom';
import { tensorSections } from './heatmap';
import { nodeDetails } from './model';
import { labelColours } from './palette';
import type { ThemeKind } from './theme';

/** What the details read from their view. */
export interface DetailsHost {
  payload(): GraphPayload;
  collapseGates(): boolean;
  theme(): ThemeKind;
  precision: number | undefined;
}

export class DetailsView {
  /** Where the panel goes, under the drawing. */
  readonly box = h('div', { class: 'bpnb-details-host' });
  /** The payload id of the node whose details are open. */
  private selected: string | undefined;

  /** Listens for clicks and keys on the drawing's nodes (`g.node` tagged with `data-payload-id`) in `canvas`. */
  constructor(private readonly canvas: HTMLElement, private readonly host: DetailsHost) {
    canvas.addEventListener('click', (e) => this.onNode(e));
    canvas.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && e.target.closest('g.node')) this.onNode(e);
    });
  }

  /** Closes the details, if open (Escape in the output). */
  close(): void {
    if (this.selected) this.select(undefined);
  }

  /** Shows the open details again, from the numbers and drawing as they are now. */
  refresh(): void {
    if (this.selected) this.select(this.selected);
  }

  private onNode(e: Event): void {
    const g = e.target instanceof Element ? e.target.closest<SVGGElement>('g.node') : null;
    const pid = g?.dataset.payloadId;
    if (!pid) return;
    e.preventDefault();
    this.select(pid === this.selected && e.type === 'click' ? undefined : pid);
  }

  private select(pid: string | undefined): void {
    this.selected = pid;
    const { canvas, host } = this;
    for (const g of Array.from(canvas.querySelectorAll('g.node.bpnb-selected'))) g.classList.remove('bpnb-selected');
    const payload = host.payload();
    const d = pid === undefined ? undefined : nodeDetails(payload, pid, host.precision, host.collapseGates());
    if (!pid || !d) {
      this.box.replaceChildren();
      return;
    }
    canvas.querySelector(`g.node[data-payload-id="${CSS.escape(pid)}"]`)?.classList.add('bpnb-selected');
    const panel = detailsPanel(d, () => this.select(undefined));
    this.box.replaceChildren(panel);
    // A tensor's full matrices, each number on its colour, under the colour scale (heatmap.ts).
    const r = readGraph(payload);
    const node = r.node(pid);
    if (node) {
      const names = { value: 'value', grad: partial(r.targetName, r.nameOf(node)), tangent: partial(r.nameOf(node), r.seedName ?? 'seed') };
      const theme = host.theme();
      panel.append(...tensorSections(node, names, theme, host.precision, labelColours(theme, LABEL_COLORS)));
    }
  }
}
