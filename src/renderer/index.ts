// Renderer entry (VS Code loads dist/renderer.js in the notebook's output
// webview). Boilerplate only: wires VS Code's renderer API to the outputs
// (outputs.ts), the theme watcher (theme.ts) and the export messages
// (exportRequest.ts). The drawing itself is in view.ts.
import type { ActivationFunction, RendererContext } from 'vscode-notebook-renderer';
import css from './styles.css';
import { h } from './dom';
import { answerExportRequest } from './exportRequest';
import { isExportRequest } from './messages';
import { GraphOutputs, type SavedState } from './outputs';
import { paletteCss } from './palette';
import { watchTheme } from './theme';

/** For the command line (`bpnb export --format svg|png` loads this bundle in Chromium): the same export code path. */
export { exportGraph } from './exportRender';
/** For the notebook preload (preload.ts): Mermaid warmed up before the first graph. */
export { warmUp } from './warmUp';

export const activate: ActivationFunction<SavedState> = (ctx: RendererContext<SavedState>) => {
  injectStyles();
  const outputs = new GraphOutputs(ctx);
  watchTheme((theme) => outputs.setTheme(theme));
  ctx.onDidReceiveMessage?.((message: unknown) => {
    if (isExportRequest(message)) answerExportRequest(message, outputs.all(), (m) => ctx.postMessage?.(m));
  });
  return {
    renderOutputItem: (item, element, signal) => outputs.render(item, element, signal),
    disposeOutputItem: (id) => outputs.dispose(id),
  };
};

function injectStyles(): void {
  if (document.getElementById('bpnb-renderer-styles')) return;
  document.head.append(h('style', { id: 'bpnb-renderer-styles' }, `${css}\n${paletteCss('.bpnb-output svg')}`));
}
