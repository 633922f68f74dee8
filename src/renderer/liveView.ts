// Live inputs of one graph output (spec §3, issue 12): owns the slider values,
// re-evaluates the graph in the renderer (src/diagram/liveGraph.ts: no kernel,
// so it works in Restricted Mode and in exported HTML), repaints the drawing
// in place, and offers Apply (the extension writes the values into the source
// and runs the cell) and Reset (the cell's own values). Until Apply nothing
// leaves this output: the notebook's text, namespace and file are unchanged.
import { evaluateGraph, liveInputs, type LiveInput } from '../diagram/liveGraph';
import type { GraphPayload } from '../diagram/payload';
import type { DiagramOptions } from './diagramApi';
import { button, h } from './dom';
import { attachSliders, FrameCoalescer, setSliderValue } from './liveInputs';
import type { ApplyLiveValues } from './liveMessages';
import { paintNumbers, paintTargets, type PaintTargets } from './livePaint';

export interface LiveViewHost {
  /** After the numbers changed on the drawing: the view updates what it draws from the payload (caption, details, table, summary). */
  numbersChanged(payload: GraphPayload): void;
  /** Sends Apply to the extension; absent without renderer messaging (then no Apply button). */
  apply?(values: ApplyLiveValues['values']): void;
}

export class LiveView {
  inputs: LiveInput[];
  /**
   * The toolbar group: Apply and Reset, disabled while nothing changed (always
   * there, so a first change moves nothing on screen), and what changed, for
   * screen readers and as the buttons' tooltip.
   */
  readonly bar: HTMLElement;
  /** The payload on screen: the cell's own, or evaluated again at the slider values. */
  current: GraphPayload;
  private readonly values = new Map<string, number>();
  private readonly coalescer = new FrameCoalescer();
  private targets: PaintTargets | undefined;
  private options: DiagramOptions = {};
  private sliders = new Map<string, SVGGElement>();
  private abort = new AbortController();
  private readonly summary: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];

  constructor(
    private original: GraphPayload,
    private readonly root: HTMLElement,
    private readonly host: LiveViewHost,
  ) {
    this.inputs = liveInputs(original);
    this.current = original;
    this.summary = h('span', { class: 'bpnb-visually-hidden', 'aria-live': 'polite' });
    if (host.apply) {
      this.buttons.push(button('Apply', 'Write the slider values into the cell and run it', () => this.apply(), { 'data-action': 'live-apply', disabled: true }));
    }
    this.buttons.push(button('Reset', 'Back to the cell\'s own values', () => this.reset(), { 'data-action': 'live-reset', disabled: true }));
    this.bar = h('span', { class: 'bpnb-group bpnb-live', role: 'group', 'aria-label': 'Live inputs' }, ...this.buttons, this.summary);
  }

  /**
   * The cell ran again with new numbers and the same shape (GraphView.updateInPlace):
   * the kernel's payload becomes the cell's own, and slider values not applied
   * are forgotten. Call attach() again afterwards (each slider's step follows its
   * value). False, changing nothing, when the graph would gain or lose its sliders.
   */
  rebase(payload: GraphPayload): boolean {
    const inputs = liveInputs(payload);
    if ((inputs.length > 0) !== this.enabled) return false;
    this.original = payload;
    this.inputs = inputs;
    this.current = payload;
    this.values.clear();
    this.showChanged([]);
    return true;
  }

  /** Whether this graph has any slider (a cut graph or one without scalar leaves has none). */
  get enabled(): boolean {
    return this.inputs.length > 0;
  }

  /** The value a leaf shows now. */
  valueOf(id: string): number {
    return this.values.get(id) ?? this.inputs.find((i) => i.id === id)?.value ?? NaN;
  }

  /**
   * A new drawing is on screen (drawn from `current`, or repainted from a
   * drawing of the same shape): its leaves become sliders and its numbers
   * are made current. `payloadOf`: Mermaid node id → payload node id.
   */
  attach(svg: SVGSVGElement, payloadOf: ReadonlyMap<string, string>, options: DiagramOptions): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.options = options;
    this.targets = paintTargets(svg, payloadOf);
    if (!this.enabled) return;
    this.sliders = attachSliders(svg, this.inputs, (id) => this.valueOf(id), { change: (id, v) => this.change(id, v) }, this.abort.signal);
  }

  /** Repaints the attached drawing with `payload`'s numbers (a same-shape re-run, or a slider step). */
  paint(payload: GraphPayload): void {
    if (!this.targets) return;
    const t0 = performance.now();
    paintNumbers(this.targets, payload, this.options);
    for (const [id, g] of this.sliders) setSliderValue(g, this.valueOf(id));
    this.host.numbersChanged(payload);
    // Style and layout now, inside the measured time (the browser would do it before the next paint anyway).
    this.root.getBoundingClientRect();
    // For tests and the UI runner: repaints so far and the last one's cost in ms.
    this.root.dataset.liveUpdates = String(Number(this.root.dataset.liveUpdates ?? 0) + 1);
    this.root.dataset.liveMs = (performance.now() - t0).toFixed(2);
  }

  /** A slider moved: evaluate and repaint at the next frame, with whatever the latest values are then. */
  change(id: string, value: number): void {
    if (!Number.isFinite(value)) return;
    this.values.set(id, value);
    const g = this.sliders.get(id);
    if (g) setSliderValue(g, value);
    this.coalescer.request(() => this.update());
  }

  /** Back to the cell's own values. */
  reset(): void {
    this.values.clear();
    this.coalescer.request(() => this.update());
    this.coalescer.flush();
  }

  private update(): void {
    const changed = this.changed();
    this.current = changed.length === 0 ? this.original : evaluateGraph(this.original, Object.fromEntries(this.values));
    this.paint(this.current);
    this.showChanged(changed);
  }

  /** Apply and Reset enabled when something changed; what changed, for screen readers and as their tooltip. */
  private showChanged(changed: LiveInput[]): void {
    const summary = changed.length === 0 ? '' : `Live: ${changed.map((i) => `${i.name} = ${this.valueOf(i.id)} (cell: ${i.value})`).join(', ')}`;
    this.summary.textContent = summary;
    this.root.dataset.liveChanged = String(changed.length);
    for (const b of this.buttons) {
      b.disabled = changed.length === 0;
      b.title = summary ? `${b.getAttribute('aria-label')} (${summary})` : b.getAttribute('aria-label') ?? '';
    }
  }

  /** Inputs whose slider value differs from the cell's. */
  private changed(): LiveInput[] {
    return this.inputs.filter((i) => this.values.has(i.id) && this.values.get(i.id) !== i.value);
  }

  private apply(): void {
    this.coalescer.flush();
    const values = this.changed().flatMap((i) => (i.node.range ? [{ name: i.name, value: this.valueOf(i.id), range: i.node.range }] : []));
    if (values.length) this.host.apply?.(values);
  }

  dispose(): void {
    this.abort.abort();
  }
}
