// One graph output: the Mermaid drawing with zoom/pan, its legend, notes and
// the fallback table, and the parts it hosts: the toolbar (toolbar.ts), the
// playback controls (playbackControls.ts), live inputs (liveView.ts) and the
// node details (detailsView.ts). All drawing goes through render(), which
// rebuilds the Mermaid text from the payload and the toolbar's choices; a
// playback step or a re-run of the same shape repaints the drawing in place.
import type { GraphPayload } from '../diagram/payload';
import { toMermaid, type DiagramOptions } from './diagramApi';
import { DetailsView } from './detailsView';
import { h, parseSvg, payloadTable } from './dom';
import { drawMermaid } from './draw';
import { heatLegendItem, paintHeatmaps } from './heatmap';
import type { ApplyLiveValues } from './liveMessages';
import { shapeKey } from './livePaint';
import { LiveView } from './liveView';
import type { ImageFormat } from './messages';
import { rememberDrawing, reuseDrawing } from './shapeCache';
import { ariaSummary, legend, mermaidNodeId, type DisplayOptions } from './model';
import { labelColours, themeableNodes } from './palette';
import { knownGradients, payloadAtStep } from './playback';
import { PlaybackControls } from './playbackControls';
import { LABEL_COLORS } from '../diagram/mermaid';
import { readGraph } from '../diagram/reading';
import { currentTheme, type ThemeKind } from './theme';
import { Toolbar, type ViewState } from './toolbar';
import { ZoomPan } from './zoom';

export interface ViewHost {
  /** Persist the toolbar choices of this output (RendererContext.setState). */
  saveState(outputId: string, state: ViewState): void;
  /** Ask the extension to export this output (toolbar buttons); absent without renderer messaging. */
  requestExport?(outputId: string, format: ImageFormat | 'mermaid'): void;
  /** Live inputs' Apply: ask the extension to write these values into the source; absent without renderer messaging. */
  applyLive?(outputId: string, values: ApplyLiveValues['values']): void;
}

export class GraphView {
  readonly root: HTMLElement;
  private svg: SVGSVGElement | undefined;
  /** Mermaid node id → payload node id, for the drawing on screen. */
  private payloadOf = new Map<string, string>();
  private renderToken = 0;
  /** The shape key (livePaint.ts) of the drawing on screen, when it shows the payload's numbers (not a playback drawing). */
  private drawnKey: string | undefined;
  private drawnOnce = false;
  private theme: ThemeKind = currentTheme();
  private hidden = 0;
  /** The options the drawing on screen was made with (heatmap repaints rebuild its view model). */
  private drawnOptions: DiagramOptions | undefined;
  /**
   * Playback steps without redrawing: the drawing shows every gradient in a
   * `.bpnb-grad` element, and a step only toggles classes (the layout stays
   * still and a step costs no Mermaid run). Falls back to one drawing per step,
   * with the gradients left out of the Mermaid text, if the labels lack those
   * elements.
   */
  private stepInPlace = true;
  private readonly zoom: ZoomPan;
  private readonly els: {
    viewport: HTMLElement; canvas: HTMLElement;
    error: HTMLElement; notes: HTMLElement; table: HTMLDetailsElement; live: HTMLElement; legend: HTMLElement;
  };
  /** Values / Gradients / Both, direction, gates, shapes, zoom, export (toolbar.ts). */
  private readonly toolbar: Toolbar;
  /** ◀ Play ▶, the step slider, speed and caption (playbackControls.ts). */
  private readonly playback: PlaybackControls;
  /** Live inputs: the leaves as sliders, re-evaluation, Apply/Reset (liveView.ts). */
  private readonly live: LiveView;
  /** The selected node's details panel (detailsView.ts). */
  private readonly details: DetailsView;
  /** Resolves when the latest render has finished (tests and export wait on it). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    readonly outputId: string,
    /** outputKey() of the output's JSON: how export messages name this graph (a new one after an in-place update). */
    public key: string,
    /** What the output shows: the cell's payload, or the live one while sliders are moved (an export draws this). */
    public payload: GraphPayload,
    private state: ViewState,
    private readonly host: ViewHost,
    /** The kernel's display settings (output metadata). */
    private readonly display: DisplayOptions = {},
  ) {
    const canvas = h('div', { class: 'bpnb-canvas' });
    const viewport = h('div', { class: 'bpnb-viewport', tabindex: '0', 'aria-label': 'Graph: drag to pan, ctrl + wheel or + and − to zoom, 0 to fit' }, canvas);
    this.els = {
      viewport, canvas,
      error: h('div', { class: 'bpnb-error', role: 'alert', hidden: true }),
      notes: h('div', { class: 'bpnb-notes' }),
      table: h('details', { class: 'bpnb-table' }, h('summary', {}, 'Values and gradients as a table'), payloadTable(payload, display.precision)),
      live: h('div', { class: 'bpnb-visually-hidden', 'aria-live': 'polite' }),
      legend: h('div', { class: 'bpnb-legend', 'aria-label': 'What the numbers on the nodes mean' }),
    };
    this.zoom = new ZoomPan(viewport, canvas);
    this.toolbar = new Toolbar(payload, this.zoom, {
      state: () => this.state,
      change: (patch) => this.setState(patch),
      export: host.requestExport ? (format) => host.requestExport?.(this.outputId, format) : undefined,
    });
    this.playback = new PlaybackControls({
      payload: () => this.payload,
      collapseGates: () => this.state.collapseGates,
      speed: () => this.state.speed ?? 1,
      speedChanged: (speed) => {
        this.state = { ...this.state, speed };
        this.host.saveState(this.outputId, this.state);
      },
      precision: display.precision,
      show: () => this.showStep(),
    });
    this.buildNotes();
    this.details = new DetailsView(canvas, {
      payload: () => this.payload,
      collapseGates: () => this.state.collapseGates,
      theme: () => this.theme,
      precision: display.precision,
    });
    this.root = h('div', { class: 'bpnb-output' });
    this.live = new LiveView(payload, this.root, {
      numbersChanged: (p) => this.numbersChanged(p),
      apply: host.applyLive ? (values) => host.applyLive?.(this.outputId, values) : undefined,
    });
    if (this.live.enabled) this.toolbar.bar.append(this.live.bar);
    this.root.append(this.toolbar.bar, this.playback.box, this.playback.caption, this.els.error, viewport, this.els.legend, this.els.notes, this.details.box, this.els.table, this.els.live);
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.details.close();
    });
  }

  // ------------------------------------------------------------ legend, notes, choices, steps

  /** What `∂ -4` means, with the target's name, in the theme's label colours. */
  private buildLegend(theme: ThemeKind, heatmaps = false): void {
    const colours = labelColours(theme, LABEL_COLORS);
    this.els.legend.replaceChildren('On each node:', ...legend(this.payload).map((e) =>
      h('span', { class: `bpnb-legend-item bpnb-legend-${e.kind}` }, h('b', { style: `color: ${colours[e.kind]}` }, e.sample), ` ${e.meaning}`)));
    if (heatmaps) this.els.legend.append(heatLegendItem(theme));
  }

  private buildNotes(): void {
    const notes = this.els.notes;
    notes.replaceChildren();
    if (this.hidden > 0) notes.append(h('div', { class: 'bpnb-hidden-count' }, `… ${this.hidden} node${this.hidden === 1 ? '' : 's'} hidden (the graph is cut to the nodes nearest the target)`));
    for (const w of this.payload.warnings) notes.append(h('div', { class: 'bpnb-warning' }, `⚠ ${w}`));
  }

  /** A toolbar choice changed: keep it in the renderer's state, show it on the buttons, draw anew. */
  private setState(patch: Partial<ViewState>): void {
    const collapseChanged = patch.collapseGates !== undefined && patch.collapseGates !== this.state.collapseGates;
    this.state = { ...this.state, ...patch };
    if (collapseChanged) this.playback.reset();
    this.host.saveState(this.outputId, this.state);
    this.toolbar.sync(this.state);
    void this.render(false);
  }

  /** Moves playback to a step (steps.length = the finished sweep). */
  goTo(step: number): Promise<void> {
    return this.playback.goTo(step);
  }

  /** Draws the playback's current step: in place when the drawing allows it (stepInPlace), else a new drawing. */
  private showStep(): Promise<void> {
    if (this.stepInPlace && this.svg) {
      this.applyStep();
      this.bumpUpdates();
      return this.ready;
    }
    return this.render(true);
  }

  /** Marks the node handled at this step, hides the gradients not known yet, and brings the node into view. */
  private applyStep(): void {
    const { steps, step, current } = this.playback;
    const n = steps.length;
    const known = knownGradients(this.payload, steps, step, this.state.collapseGates);
    let currentNode: SVGGElement | undefined;
    for (const g of Array.from(this.els.canvas.querySelectorAll<SVGGElement>('g.node[data-payload-id]'))) {
      const pid = g.dataset.payloadId ?? '';
      g.classList.toggle('bpnb-current', pid === current);
      g.classList.toggle('bpnb-pending', step < n && !known.has(pid));
      if (pid === current) currentNode = g;
    }
    if (currentNode) this.reveal(currentNode);
  }

  /** Pans so that a node is in view (a long graph at a readable zoom is wider than the output). */
  private reveal(g: SVGGElement): void {
    const canvas = this.els.canvas.getBoundingClientRect();
    const box = g.getBoundingClientRect();
    if (!box.width && !box.height) return;
    this.zoom.reveal(box.left - canvas.left, box.top - canvas.top, box.width, box.height);
  }

  /** For tests and the UI runner: counts every visible change (a drawing or a playback step). */
  private bumpUpdates(): void {
    this.root.dataset.updates = String(Number(this.root.dataset.updates ?? 0) + 1);
  }

  // ------------------------------------------------------------ drawing

  /** Re-renders after a theme change. */
  setTheme(theme: ThemeKind): Promise<void> {
    this.theme = theme;
    return this.render(true);
  }

  /** What the drawing is made with: the toolbar's choices and the kernel's display settings. */
  private diagramOptions(highlight: string | undefined): DiagramOptions {
    return {
      direction: this.state.direction, show: this.state.show, collapseGates: this.state.collapseGates,
      nodeLimit: this.display.nodeLimit, precision: this.display.precision, edgeLabels: this.display.edgeLabels,
      highlight, heatmaps: true, edgeShapes: this.state.edgeShapes === true,
    };
  }

  /**
   * The cell ran again and VS Code re-renders this output in place (same
   * output id, same element): when the new payload has the shape of the
   * drawing on screen, its numbers are repainted into that drawing, as a
   * slider step does (no new SVG, no style and layout of a whole drawing: at
   * 149 nodes that was most of the renderer's share of a re-run, issue 12).
   * The kernel's numbers become the cell's own: slider values are forgotten,
   * playback starts at the finished sweep, zoom and the selected node stay.
   * Returns false, changing nothing, when a new drawing is needed.
   */
  updateInPlace(payload: GraphPayload, key: string, display: DisplayOptions): boolean {
    if (!this.svg || this.root.dataset.busy !== undefined || !this.stepInPlace || this.drawnKey === undefined) return false;
    if (JSON.stringify(display) !== JSON.stringify(this.display)) return false;
    const started = performance.now();
    const options = this.diagramOptions(undefined);
    if (shapeKey(payload, options, this.theme) !== this.drawnKey) return false;
    if (!this.live.rebase(payload)) return false;
    this.renderToken++; // nothing drawn for the old payload may land after this
    this.key = key;
    this.payload = payload;
    this.live.attach(this.svg, this.payloadOf, options);
    this.drawnOptions = options;
    this.playback.reset();
    this.buildLegend(this.theme);
    this.live.paint(payload); // also the summary, caption, details, table and notes (numbersChanged)
    this.applyStep();
    this.root.dataset.reused = 'true';
    this.root.dataset.renders = String(Number(this.root.dataset.renders ?? 0) + 1);
    this.bumpUpdates();
    this.root.dataset.drawMs = String(Math.round(performance.now() - started));
    this.ready = Promise.resolve();
    return true;
  }

  render(keepView: boolean): Promise<void> {
    const token = ++this.renderToken;
    const started = performance.now();
    const { steps, step, current } = this.playback;
    const inPlace = this.stepInPlace;
    const shown = inPlace ? this.payload : payloadAtStep(this.payload, steps, step, this.state.collapseGates);
    const options = this.diagramOptions(inPlace ? undefined : current);
    let mm: ReturnType<typeof toMermaid>;
    try {
      mm = toMermaid(shown, options);
    } catch (err) {
      this.showError(err instanceof Error ? err.message : String(err));
      return (this.ready = Promise.resolve());
    }
    const theme = this.theme;
    this.root.dataset.busy = 'true';
    // A drawing of the same shape (a re-run with new numbers) is reused and repainted: no layout.
    const key = shapeKey(shown, options, theme);
    const reused = reuseDrawing(key);
    type Drawn = { ok: false; message: string } | { ok: true; svg: SVGSVGElement | undefined; id: string };
    const drawing: Promise<Drawn> = reused ? Promise.resolve({ ok: true, ...reused }) : drawMermaid(mm.text, theme).then((r): Drawn => {
      if (!r.ok) return r;
      const parsed = parseSvg(r.svg);
      if (parsed) rememberDrawing(key, parsed, r.id);
      return { ok: true, svg: parsed, id: r.id };
    });
    this.ready = drawing.then((result): void | Promise<void> => {
      if (token !== this.renderToken) return; // a newer render superseded this one
      // For tests and the UI runner: how many drawings this output has finished.
      this.root.dataset.renders = String(Number(this.root.dataset.renders ?? 0) + 1);
      delete this.root.dataset.busy;
      if (!result.ok) {
        this.showError(result.message);
        return;
      }
      const svg = result.svg;
      if (!svg) {
        this.showError('Mermaid produced an SVG that could not be read');
        return;
      }
      this.els.error.hidden = true;
      this.els.viewport.hidden = false;
      this.hidden = mm.hidden;
      this.buildNotes();
      this.buildLegend(theme, svg.querySelector('.bpnb-heat') !== null);
      this.payloadOf = new Map();
      // toMermaid maps Mermaid node id → payload node id (a collapsed call → its output node).
      for (const [mid, pid] of Object.entries(mm.nodeIds)) this.payloadOf.set(mid, pid);
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', ariaSummary(this.payload, mm.hidden, this.display.precision));
      svg.dataset.theme = theme;
      this.decorateNodes(svg, result.id, current);
      themeableNodes(svg);
      if (inPlace && this.playback.steps.length > 0 && !this.gradsMarked(svg)) {
        this.stepInPlace = false;
        return this.render(keepView);
      }
      this.els.canvas.replaceChildren(svg);
      this.svg = svg;
      this.live.attach(svg, this.payloadOf, options);
      this.drawnOptions = options;
      // A reused drawing is repainted whole by live.paint (numbersChanged paints its heatmaps).
      this.drawnKey = inPlace ? key : undefined;
      if (reused) this.live.paint(shown);
      else this.paintHeat(shown);
      this.root.dataset.reused = String(reused !== undefined);
      if (inPlace) this.applyStep();
      this.bumpUpdates();
      const box = svg.viewBox.baseVal;
      const width = parseFloat(svg.getAttribute('width') ?? '') || box?.width || 0;
      const height = parseFloat(svg.getAttribute('height') ?? '') || box?.height || 0;
      this.zoom.setContent(width, height, keepView && this.drawnOnce);
      this.drawnOnce = true;
      const currentNode = current === undefined ? null : svg.querySelector<SVGGElement>(`g.node[data-payload-id="${CSS.escape(current)}"]`);
      if (currentNode) this.reveal(currentNode);
      // For the UI runner's timings: this drawing's cost in the renderer (ms), Mermaid text to SVG in the page.
      this.root.dataset.drawMs = String(Math.round(performance.now() - started));
      this.details.refresh();
    });
    return this.ready;
  }

  /** Whether every drawn gradient sits in its own `.bpnb-grad` element, so playback can hide it. */
  private gradsMarked(svg: SVGSVGElement): boolean {
    if (this.state.show === 'values') return true;
    // A constant's label is its value alone (src/diagram draws no gradient on it).
    const withGrad = new Set(this.payload.nodes.filter((n) => n.grad !== undefined && n.kind !== 'const').map((n) => n.id));
    return Array.from(svg.querySelectorAll<SVGGElement>('g.node[data-payload-id]'))
      .every((g) => !withGrad.has(g.dataset.payloadId ?? '') || g.querySelector('.bpnb-grad') !== null);
  }

  /** Nodes become focusable buttons tagged with their payload id; the current step gets its class. */
  private decorateNodes(svg: SVGSVGElement, svgId: string, current: string | undefined): void {
    for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
      const mid = mermaidNodeId(g.id, svgId);
      const pid = mid === undefined ? undefined : this.payloadOf.get(mid);
      if (pid === undefined) continue;
      g.dataset.payloadId = pid;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `Details of ${readGraph(this.payload).nameOf(pid)}`);
      if (pid === current) g.classList.add('bpnb-current');
    }
  }

  /** Live inputs repainted the drawing: everything else that shows the numbers follows. */
  private numbersChanged(p: GraphPayload): void {
    this.payload = p;
    this.paintHeat(p);
    this.svg?.setAttribute('aria-label', ariaSummary(p, this.hidden, this.display.precision));
    this.playback.update();
    this.details.refresh();
    this.els.table.replaceChildren(this.els.table.querySelector('summary') ?? '', payloadTable(p, this.display.precision));
    this.buildNotes();
  }

  /** Tensors as pictures: fills (or repaints) the drawing's heatmaps from these numbers (heatmap.ts). */
  private paintHeat(p: GraphPayload): void {
    if (!this.svg || !this.drawnOptions) return;
    const t0 = performance.now();
    const n = paintHeatmaps(this.svg, p, this.drawnOptions, this.theme, labelColours(this.theme, LABEL_COLORS));
    if (!n) return;
    // For tests and measurements: how many heatmaps the drawing has and the last paint's cost (ms).
    this.root.dataset.heatmaps = String(n);
    this.root.dataset.heatMs = (performance.now() - t0).toFixed(2);
  }

  private showError(message: string): void {
    this.bumpUpdates();
    this.els.error.hidden = false;
    this.els.error.textContent = `The graph could not be drawn: ${message}`;
    this.els.viewport.hidden = true;
    this.els.canvas.replaceChildren();
    this.svg = undefined;
    this.els.table.open = true;
  }

  // ------------------------------------------------------------ export

  /** The toolbar's choices, for an export of this output (the picture as the user set it up). */
  exportDiagramOptions(): DiagramOptions {
    return { direction: this.state.direction, show: this.state.show, collapseGates: this.state.collapseGates, edgeShapes: this.state.edgeShapes === true };
  }

  dispose(): void {
    this.live.dispose();
    this.playback.stop();
    this.zoom.dispose();
    this.renderToken++;
    this.root.remove();
  }
}
