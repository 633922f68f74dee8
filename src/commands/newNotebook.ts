// bpnb.newNotebook (also under File > New File…): an untitled bpnb notebook
// with one empty code cell, shown in an editor.

import * as vscode from 'vscode';

export function registerNewNotebook(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('bpnb.newNotebook', async () => {
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '', 'bpnb')]);
    data.metadata = { metadata: {} };
    const notebook = await vscode.workspace.openNotebookDocument('bpnb', data);
    await vscode.window.showNotebookDocument(notebook);
    return notebook;
  }));
}
