// The plots' SVG files for the Markdown export's "SVG images beside the file":
// the plot renderer (src/plotRenderer) draws them, so a file looks like the
// plot on screen. The payload travels in the request, so any plot renderer
// loaded in the notebook's editor can answer; when none answers (no plot was
// ever drawn in that editor), the plot stays a Mermaid xychart block.

import * as vscode from 'vscode';
import { PLOT_MIME, type PlotPayload } from '../diagram/plotPayload';
import { plotImageName } from '../notebookFile';
import { isPlotSvgResponse, type PlotSvgRequest, type PlotSvgResponse } from '../plotRenderer/messages';

const ANSWER_TIMEOUT_MS = 5000;

class PlotSvgChannel {
  private readonly messaging = vscode.notebooks.createRendererMessaging('bpnb.plot');
  private readonly waiting = new Map<string, (r: PlotSvgResponse | undefined) => void>();
  private counter = 0;

  constructor() {
    this.messaging.onDidReceiveMessage(({ message }) => {
      if (isPlotSvgResponse(message)) this.waiting.get(message.requestId)?.(message);
    });
  }

  async svg(editor: vscode.NotebookEditor, payload: PlotPayload, theme: 'light' | 'dark'): Promise<string | undefined> {
    const answer = await this.ask(editor, { payload, theme }, ANSWER_TIMEOUT_MS);
    return answer?.ok ? answer.svg : undefined;
  }

  /** The answer of any plot renderer loaded in `editor`, or undefined when none came within `timeoutMs`. */
  ask(editor: vscode.NotebookEditor, what: Omit<PlotSvgRequest, 'type' | 'requestId'>, timeoutMs: number): Promise<PlotSvgResponse | undefined> {
    const requestId = `plot-${Date.now().toString(36)}-${++this.counter}`;
    const request: PlotSvgRequest = { type: 'bpnb.plotSvg', requestId, ...what };
    return new Promise<PlotSvgResponse | undefined>((resolve) => {
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      const settle = (r: PlotSvgResponse | undefined): void => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        resolve(r);
      };
      this.waiting.set(requestId, settle);
      this.messaging.postMessage(request, editor).then((delivered) => {
        if (!delivered) settle(undefined);
      }, () => settle(undefined));
    });
  }
}

let channel: PlotSvgChannel | undefined;

/** The one channel to the plot renderers (made on first use: renderer messaging needs the extension activated). */
export function plotChannel(): PlotSvgChannel {
  channel ??= new PlotSvgChannel();
  return channel;
}

/** The theme of exported plots: `bpnb.export.theme` = 'editor' follows a dark editor, else light. */
export function plotExportTheme(): 'light' | 'dark' {
  const editorTheme = vscode.workspace.getConfiguration('bpnb').get('export.theme') === 'editor';
  const kind = vscode.window.activeColorTheme.kind;
  return editorTheme && (kind === vscode.ColorThemeKind.Dark || kind === vscode.ColorThemeKind.HighContrast) ? 'dark' : 'light';
}

/** The plot's key in `writePlotImages`' answer: cell index and the plot's index among the cell's plot outputs. */
export const plotKey = (cellIndex: number, plotIndex: number): string => `${cellIndex}:${plotIndex}`;

/**
 * Writes the SVG of every plot the notebook shows beside the Markdown file
 * `target` and returns each one's relative path by plotKey. Plots no renderer
 * answered for are left out (they stay xychart blocks).
 */
export async function writePlotImages(notebook: vscode.NotebookDocument, target: vscode.Uri, mdName: string): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook.uri.toString() === notebook.uri.toString());
  if (!editor) return images;
  const theme = plotExportTheme();
  for (const cell of notebook.getCells()) {
    let plotIndex = 0;
    for (const output of cell.outputs) {
      for (const item of output.items) {
        if (item.mime !== PLOT_MIME) continue;
        const index = plotIndex++;
        let payload: PlotPayload;
        try {
          payload = JSON.parse(new TextDecoder().decode(item.data)) as PlotPayload;
        } catch {
          continue;
        }
        const svg = await plotChannel().svg(editor, payload, theme);
        if (svg === undefined) continue;
        const name = plotImageName(mdName, cell.index, index);
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, '..', name), new TextEncoder().encode(svg));
        images.set(plotKey(cell.index, index), name);
      }
    }
  }
  return images;
}
