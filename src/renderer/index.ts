// Renderer entry (VS Code loads dist/renderer.js in the notebook's output
// webview). Boilerplate only: one GraphView per output, the theme watcher, and
// the export messages from src/commands/exportImage.ts. The logic is in view.ts.
import type { ActivationFunction, OutputItem, RendererContext } from 'vscode-notebook-renderer';
import css from './styles.css';
import { h } from './dom';
import { isExportRequest, outputKey, type ExportAck, type ExportAsk, type ExportResponse, type ImageFormat } from './messages';
import { checkPayload, displayOptions } from './model';
import { paletteCss } from './palette';
import { currentTheme, exportBackground, watchTheme } from './theme';
import type { GraphPayload } from '../diagram/payload';
import { exportGraph } from './exportRender';

/** For the command line (`bpnb export --format svg|png` loads this bundle in Chromium): the same export code path. */
export { exportGraph } from './exportRender';
/** For the notebook preload (preload.ts): Mermaid warmed up before the first graph. */
export { warmUp } from './warmUp';
import { GraphView, type ViewState } from './view';

type SavedState = Record<string, ViewState>;

const DEFAULT_STATE: ViewState = { show: 'both', direction: 'LR', collapseGates: false };

export const activate: ActivationFunction<SavedState> = (ctx: RendererContext<SavedState>) => {
  injectStyles();
  const views = new Map<string, GraphView>();
  watchTheme((theme) => {
    for (const v of views.values()) void v.setTheme(theme);
  });

  const host = {
    saveState(outputId: string, state: ViewState) {
      // Only outputs still on screen: a re-run cell gets a new output id, and the old entry would linger.
      const kept = Object.entries(ctx.getState() ?? {}).filter(([id]) => views.has(id));
      ctx.setState({ ...Object.fromEntries(kept), [outputId]: state });
    },
    requestExport: ctx.postMessage
      ? (outputId: string, format: ImageFormat | 'mermaid') => {
        const view = views.get(outputId);
        if (view) ctx.postMessage?.({ type: 'bpnb.exportFromRenderer', outputKey: view.key, format } satisfies ExportAsk);
      }
      : undefined,
  };

  ctx.onDidReceiveMessage?.((message: unknown) => {
    if (!isExportRequest(message)) return;
    const view = [...views.values()].find((v) => v.key === message.outputKey);
    const reply = (r: ExportResponse) => ctx.postMessage?.(r);
    const fail = (error: string) => reply({ type: 'bpnb.exportResult', requestId: message.requestId, ok: false, error });
    let payload: GraphPayload | undefined = view?.payload;
    if (!payload && message.payload !== undefined) {
      // Not on screen (scrolled away or never drawn): draw it from the JSON the extension sent.
      let json: unknown;
      try {
        json = JSON.parse(message.payload);
      } catch {
        fail('the graph output is not valid JSON');
        return;
      }
      const checked = checkPayload(json);
      if (!checked.ok) {
        fail(checked.message);
        return;
      }
      payload = checked.payload;
    }
    if (!payload) {
      fail('not-rendered');
      return;
    }
    const theme = message.theme === 'editor' ? currentTheme() : 'light';
    ctx.postMessage?.({ type: 'bpnb.exportAck', requestId: message.requestId } satisfies ExportAck);
    exportGraph(payload, {
      format: message.format,
      scale: message.scale ?? 2,
      theme,
      background: message.theme === 'editor' ? exportBackground(theme) : undefined,
      diagram: { ...message.diagram, ...view?.exportDiagramOptions() },
    }).then(
      (image) => reply({ type: 'bpnb.exportResult', requestId: message.requestId, ok: true, format: message.format, data: image.data }),
      (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
    );
  });

  return {
    renderOutputItem(item: OutputItem, element: HTMLElement, signal?: AbortSignal) {
      views.get(item.id)?.dispose();
      views.delete(item.id);
      let json: unknown;
      let text: string;
      try {
        text = item.text();
        json = JSON.parse(text);
      } catch (err) {
        element.replaceChildren(errorBox(`the output is not valid JSON (${err instanceof Error ? err.message : String(err)})`));
        return;
      }
      const checked = checkPayload(json);
      if (!checked.ok) {
        element.replaceChildren(errorBox(checked.message));
        return;
      }
      const display = displayOptions(item.metadata);
      const state = { ...DEFAULT_STATE, ...(display.direction ? { direction: display.direction } : {}), ...(ctx.getState()?.[item.id] ?? {}) };
      const view = new GraphView(item.id, outputKey(text), checked.payload, state, host, display);
      views.set(item.id, view);
      element.replaceChildren(view.root);
      signal?.addEventListener('abort', () => {
        if (views.get(item.id) === view) {
          view.dispose();
          views.delete(item.id);
        }
      });
      return view.render(false);
    },
    disposeOutputItem(id?: string) {
      for (const [key, view] of views) {
        if (id === undefined || id === key) {
          view.dispose();
          views.delete(key);
        }
      }
    },
  };
};

function errorBox(message: string): HTMLElement {
  return h('div', { class: 'bpnb-output' }, h('div', { class: 'bpnb-error', role: 'alert' }, `The graph could not be drawn: ${message}`));
}

function injectStyles(): void {
  if (document.getElementById('bpnb-renderer-styles')) return;
  document.head.append(h('style', { id: 'bpnb-renderer-styles' }, `${css}\n${paletteCss('.bpnb-output svg')}`));
}
