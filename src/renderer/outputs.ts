// The graph outputs this renderer instance shows: one GraphView per output
// item, the toolbar choices kept in the renderer's state, and what an output
// that is not a drawable graph shows instead.
import type { OutputItem, RendererContext } from 'vscode-notebook-renderer';
import { h } from './dom';
import type { ApplyLiveValues } from './liveMessages';
import { outputKey, type ExportAsk, type ImageFormat } from './messages';
import { checkPayload, displayOptions } from './model';
import type { ThemeKind } from './theme';
import type { ViewState } from './toolbar';
import { GraphView, type ViewHost } from './view';

/** Toolbar choices per output id (RendererContext state), so they survive VS Code re-rendering an output. */
export type SavedState = Record<string, ViewState>;

const DEFAULT_STATE: ViewState = { show: 'both', direction: 'LR', collapseGates: false };

export class GraphOutputs {
  private readonly views = new Map<string, GraphView>();
  private readonly host: ViewHost;

  constructor(private readonly ctx: RendererContext<SavedState>) {
    this.host = {
      saveState: (outputId, state) => {
        // Only outputs still on screen: a re-run cell may get a new output id, and the old entry would linger.
        const kept = Object.entries(ctx.getState() ?? {}).filter(([id]) => this.views.has(id));
        ctx.setState({ ...Object.fromEntries(kept), [outputId]: state });
      },
      requestExport: ctx.postMessage ? (outputId, format) => this.requestExport(outputId, format) : undefined,
      applyLive: ctx.postMessage ? (outputId, values) => this.applyLive(outputId, values) : undefined,
    };
  }

  all(): Iterable<GraphView> {
    return this.views.values();
  }

  setTheme(theme: ThemeKind): void {
    for (const v of this.views.values()) void v.setTheme(theme);
  }

  /** Draws one output item into `element` (VS Code's renderOutputItem). */
  render(item: OutputItem, element: HTMLElement, signal?: AbortSignal): Promise<void> | undefined {
    let json: unknown;
    let text: string;
    try {
      text = item.text();
      json = JSON.parse(text);
    } catch (err) {
      this.dispose(item.id);
      element.replaceChildren(errorBox(`the output is not valid JSON (${err instanceof Error ? err.message : String(err)})`));
      return undefined;
    }
    const checked = checkPayload(json);
    if (!checked.ok) {
      this.dispose(item.id);
      element.replaceChildren(errorBox(checked.message));
      return undefined;
    }
    const display = displayOptions(item.metadata);
    // A re-run cell's output is re-rendered in place by VS Code (same output id, same element): same shape, same drawing.
    const shown = this.views.get(item.id);
    if (shown && element.contains(shown.root) && shown.updateInPlace(checked.payload, outputKey(text), display)) {
      this.watchAbort(item.id, shown, signal);
      return undefined;
    }
    this.dispose(item.id);
    const state = { ...DEFAULT_STATE, ...(display.direction ? { direction: display.direction } : {}), ...(this.ctx.getState()?.[item.id] ?? {}) };
    const view = new GraphView(item.id, outputKey(text), checked.payload, state, this.host, display);
    this.views.set(item.id, view);
    element.replaceChildren(view.root);
    this.watchAbort(item.id, view, signal);
    return view.render(false);
  }

  /** VS Code aborts a render it no longer wants (the output went away mid-draw): the view goes with it. */
  private watchAbort(id: string, view: GraphView, signal: AbortSignal | undefined): void {
    signal?.addEventListener('abort', () => {
      if (this.views.get(id) === view) this.dispose(id);
    });
  }

  /** Disposes one output's view, or all of them (VS Code's disposeOutputItem). */
  dispose(id?: string): void {
    for (const [key, view] of this.views) {
      if (id === undefined || id === key) {
        view.dispose();
        this.views.delete(key);
      }
    }
  }

  /** Live inputs' Apply: the extension writes the values into the source and runs the cell (src/commands/applyLiveValues.ts). */
  private applyLive(outputId: string, values: ApplyLiveValues['values']): void {
    const view = this.views.get(outputId);
    if (view) this.ctx.postMessage?.({ type: 'bpnb.applyLiveValues', outputKey: view.key, values } satisfies ApplyLiveValues);
  }

  /** The toolbar's export buttons: ask the extension to run its export command for this output. */
  private requestExport(outputId: string, format: ImageFormat | 'mermaid'): void {
    const view = this.views.get(outputId);
    if (view) this.ctx.postMessage?.({ type: 'bpnb.exportFromRenderer', outputKey: view.key, format } satisfies ExportAsk);
  }
}

function errorBox(message: string): HTMLElement {
  return h('div', { class: 'bpnb-output' }, h('div', { class: 'bpnb-error', role: 'alert' }, `The graph could not be drawn: ${message}`));
}
