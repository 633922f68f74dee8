// The toolbar of one graph output: which numbers the nodes show (values,
// gradients, both), the direction, collapsed gates, tensor shapes on the
// edges, zoom, and export. Its choices are the output's ViewState, which
// outputs.ts keeps in the renderer's state so that they survive VS Code
// re-rendering the output; live inputs add their Apply/Reset group to it
// (liveView.ts).
// Apart from view.ts because these are the output's controls, not its drawing:
// which buttons a payload gets, and keeping their pressed state and labels in
// step with the choices. The view decides what a choice does (ToolbarHost).
import type { GraphPayload } from '../diagram/payload';
import { button, h } from './dom';
import type { ImageFormat } from './messages';
import type { ZoomPan } from './zoom';

/** The toolbar choices of one output. */
export interface ViewState {
  show: 'values' | 'grads' | 'both';
  direction: 'LR' | 'TD';
  collapseGates: boolean;
  /** Playback speed, a factor of the normal pace (absent: 1). */
  speed?: number;
  /** Edges that carry a tensor show its shape (`[100×16]`). */
  edgeShapes?: boolean;
}

/** What the toolbar reads from and asks of its view. */
export interface ToolbarHost {
  state(): ViewState;
  /** A button changed a choice: the view saves it, redraws and calls sync. */
  change(patch: Partial<ViewState>): void;
  /** The export buttons; absent without renderer messaging (then there are none). */
  export?(format: ImageFormat | 'mermaid'): void;
}

export class Toolbar {
  readonly bar = h('div', { class: 'bpnb-toolbar', role: 'toolbar', 'aria-label': 'Graph view' });

  /** Only the buttons that mean something for this payload: no Gradients without gradients, no gates without gates … */
  constructor(payload: GraphPayload, zoom: ZoomPan, host: ToolbarHost) {
    const state = host.state();
    if (payload.nodes.some((n) => n.grad !== undefined)) {
      const group = h('span', { class: 'bpnb-group', role: 'group', 'aria-label': 'Numbers on nodes' });
      for (const [what, label, title] of [['values', 'Values', 'Show values'], ['grads', 'Gradients', 'Show gradients'], ['both', 'Both', 'Show values and gradients']] as const) {
        group.append(button(label, title, () => host.change({ show: what }), { 'data-show': what, 'aria-pressed': String(state.show === what) }));
      }
      this.bar.append(group);
    }
    const layout = h('span', { class: 'bpnb-group' });
    layout.append(button(directionLabel(state), 'Switch direction (left-right / top-down)', () => {
      host.change({ direction: host.state().direction === 'LR' ? 'TD' : 'LR' });
    }, { 'data-action': 'direction' }));
    if (payload.groups.length) {
      layout.append(button(gatesLabel(state), 'Expand or collapse user gates', () => {
        host.change({ collapseGates: !host.state().collapseGates });
      }, { 'data-action': 'gates', 'aria-pressed': String(state.collapseGates) }));
    }
    if (payload.nodes.some((n) => n.shape?.length)) {
      layout.append(button('Shapes', 'Show the shapes of tensors on the edges', () => {
        host.change({ edgeShapes: !host.state().edgeShapes });
      }, { 'data-action': 'edge-shapes', 'aria-pressed': String(state.edgeShapes === true) }));
    }
    this.bar.append(layout);
    this.bar.append(h('span', { class: 'bpnb-group', role: 'group', 'aria-label': 'Zoom' },
      button('−', 'Zoom out', () => zoom.zoomBy(0.8), { 'data-action': 'zoom-out' }),
      button('+', 'Zoom in', () => zoom.zoomBy(1.25), { 'data-action': 'zoom-in' }),
      button('Fit', 'Fit the graph to the output', () => zoom.fit(), { 'data-action': 'fit' })));
    if (host.export) {
      const ask = host.export.bind(host);
      this.bar.append(h('span', { class: 'bpnb-group', role: 'group', 'aria-label': 'Export' },
        button('SVG', 'Export the graph as SVG', () => ask('svg'), { 'data-action': 'export-svg' }),
        button('PNG', 'Export the graph as PNG', () => ask('png'), { 'data-action': 'export-png' }),
        button('Mermaid', 'Copy the graph as Mermaid text', () => ask('mermaid'), { 'data-action': 'copy-mermaid' })));
    }
  }

  /** Shows the choices as they are now: which buttons are pressed, and the labels that name the current choice. */
  sync(state: ViewState): void {
    const bar = this.bar;
    for (const b of Array.from(bar.querySelectorAll<HTMLButtonElement>('button[data-show]'))) {
      b.setAttribute('aria-pressed', String(b.dataset.show === state.show));
    }
    const dir = bar.querySelector<HTMLButtonElement>('[data-action="direction"]');
    if (dir) dir.textContent = directionLabel(state);
    bar.querySelector('[data-action="edge-shapes"]')?.setAttribute('aria-pressed', String(state.edgeShapes === true));
    const gates = bar.querySelector<HTMLButtonElement>('[data-action="gates"]');
    if (gates) {
      gates.textContent = gatesLabel(state);
      gates.setAttribute('aria-pressed', String(state.collapseGates));
    }
  }
}

function directionLabel(state: ViewState): string {
  return state.direction === 'LR' ? '⇄ LR' : '⇅ TD';
}

function gatesLabel(state: ViewState): string {
  return state.collapseGates ? 'Expand gates' : 'Collapse gates';
}
