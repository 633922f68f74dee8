// The renderer's side of image export in VS Code: answers the extension's
// ExportRequest (src/commands/exportImage.ts) with the picture drawn by
// exportGraph (exportRender.ts), the one export code path.
//
// Any loaded instance of the renderer in the notebook can answer: an output on
// screen lends its payload and toolbar choices; one scrolled away or never
// drawn is drawn from the JSON the extension sent.
import type { GraphPayload } from '../diagram/payload';
import { exportGraph } from './exportRender';
import type { ExportAck, ExportRequest, ExportResponse } from './messages';
import { checkPayload } from './model';
import { currentTheme, exportBackground } from './theme';
import type { GraphView } from './view';

/** Renderer → extension messages (RendererContext.postMessage). */
export type Post = (message: ExportAck | ExportResponse) => void;

/** Answers one export request: an acknowledgement at once, then the picture or a one-line error. */
export function answerExportRequest(message: ExportRequest, views: Iterable<GraphView>, post: Post): void {
  const view = [...views].find((v) => v.key === message.outputKey);
  const fail = (error: string) => post({ type: 'bpnb.exportResult', requestId: message.requestId, ok: false, error });
  const found = payloadToExport(message, view);
  if (!found.ok) {
    fail(found.error);
    return;
  }
  const theme = message.theme === 'editor' ? currentTheme() : 'light';
  post({ type: 'bpnb.exportAck', requestId: message.requestId });
  exportGraph(found.payload, {
    format: message.format,
    scale: message.scale ?? 2,
    theme,
    background: message.theme === 'editor' ? exportBackground(theme) : undefined,
    diagram: { ...message.diagram, ...view?.exportDiagramOptions() },
  }).then(
    (image) => post({ type: 'bpnb.exportResult', requestId: message.requestId, ok: true, format: message.format, data: image.data }),
    (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
  );
}

/** The graph to draw: the output on screen, else the JSON in the request; 'not-rendered' when neither. */
function payloadToExport(message: ExportRequest, view: GraphView | undefined): { ok: true; payload: GraphPayload } | { ok: false; error: string } {
  if (view) return { ok: true, payload: view.payload };
  if (message.payload === undefined) return { ok: false, error: 'not-rendered' };
  let json: unknown;
  try {
    json = JSON.parse(message.payload);
  } catch {
    return { ok: false, error: 'the graph output is not valid JSON' };
  }
  const checked = checkPayload(json);
  return checked.ok ? checked : { ok: false, error: checked.message };
}
