// bpnb.restartKernel (notebook toolbar): clears the notebook's namespace. The
// next run starts a fresh worker; outputs stay, hovers forget the old values.

import * as vscode from 'vscode';
import type { BpnbController } from '../notebook/controller';

/** The notebook a command was invoked for: toolbar argument, a URI, or the active editor. */
export function notebookFromArgs(arg: unknown): vscode.NotebookDocument | undefined {
  let uri: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) uri = arg;
  else if (arg && typeof arg === 'object') {
    const a = arg as { notebookEditor?: { notebookUri?: vscode.Uri }; notebookUri?: vscode.Uri; notebook?: vscode.NotebookDocument; uri?: vscode.Uri };
    uri = a.notebookEditor?.notebookUri ?? a.notebookUri ?? a.notebook?.uri ?? a.uri;
  }
  if (uri) {
    const key = uri.toString();
    const found = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === key);
    if (found) return found;
  }
  const active = vscode.window.activeNotebookEditor?.notebook;
  return active?.notebookType === 'bpnb' ? active : undefined;
}

export function registerRestartKernel(context: vscode.ExtensionContext, controller: BpnbController): void {
  context.subscriptions.push(vscode.commands.registerCommand('bpnb.restartKernel', async (arg?: unknown) => {
    const notebook = notebookFromArgs(arg);
    if (!notebook) {
      void vscode.window.showInformationMessage('bpnb: open a .bpnb notebook to restart its kernel.');
      return false;
    }
    await controller.restart(notebook);
    vscode.window.setStatusBarMessage('bpnb: kernel restarted, namespace cleared', 3000);
    return true;
  }));
}
