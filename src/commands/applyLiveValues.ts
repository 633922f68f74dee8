// Apply (live inputs, spec §3): the renderer's Apply button sends the values
// set on a graph's sliders; this writes them into the cells that assign those
// leaves, as ONE WorkspaceEdit (one undo), and runs the edited cells and the
// graph's cell. The source edits themselves are pure (src/diagram/liveSource.ts).

import * as vscode from 'vscode';
import { planLeafEdits } from '../diagram/liveSource';
import { isApplyLiveValues, type ApplyLiveValues } from '../renderer/liveMessages';
import { graphOf } from './exportImage';

const RENDERER_ID = 'bpnb.graph';

export function registerApplyLiveValues(context: vscode.ExtensionContext): void {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  context.subscriptions.push(messaging.onDidReceiveMessage(({ editor, message }) => {
    if (!isApplyLiveValues(message)) return;
    applyLiveValues(editor.notebook, message).then(undefined, (e: unknown) => {
      void vscode.window.showErrorMessage(`bpnb: cannot apply the values: ${e instanceof Error ? e.message : String(e)}`);
    });
  }));
}

/** Writes the values into their cells and runs them; returns the names written (the others were reported). */
export async function applyLiveValues(notebook: vscode.NotebookDocument, message: ApplyLiveValues): Promise<string[]> {
  const cells = notebook.getCells();
  const graphCell = cells.find((c) => graphOf(c)?.key === message.outputKey);
  if (!graphCell) throw new Error('the graph is no longer in the notebook (the cell ran again or was deleted)');
  const byCell = new Map<string, ApplyLiveValues['values']>();
  for (const v of message.values) {
    const key = v.range.cell ?? graphCell.document.uri.toString();
    byCell.set(key, [...(byCell.get(key) ?? []), v]);
  }
  const edit = new vscode.WorkspaceEdit();
  const skipped: string[] = [];
  const written: string[] = [];
  const toRun = new Set<number>([graphCell.index]);
  for (const [uri, values] of byCell) {
    const cell = cells.find((c) => c.document.uri.toString() === uri);
    if (!cell) {
      skipped.push(...values.map((v) => `${v.name}: its cell is no longer in the notebook`));
      continue;
    }
    const plan = planLeafEdits(cell.document.getText(), values);
    skipped.push(...plan.skipped.map((s) => `${s.name}: ${s.reason}`));
    for (const e of plan.edits) {
      edit.replace(cell.document.uri, new vscode.Range(e.startLine, e.startColumn, e.endLine, e.endColumn), e.text);
      written.push(e.name);
    }
    if (plan.edits.length) toRun.add(cell.index);
  }
  if (skipped.length) void vscode.window.showWarningMessage(`bpnb: not applied: ${skipped.join('; ')}`);
  if (written.length === 0) return written;
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit');
  const ranges = [...toRun].sort((a, b) => a - b).map((i) => ({ start: i, end: i + 1 }));
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges, document: notebook.uri });
  return written;
}
