// bpnb.newNotebook (also under File > New File…): an untitled bpnb notebook,
// shown in an editor, that starts with a short runnable example (the
// lecture's first graph) under a one-line hint, as VS Code's own new-file
// experiences do: a person sees at once what to do and what they will get.

import * as vscode from 'vscode';

/** The first cell of a new notebook. */
export const NEW_NOTEBOOK_SOURCE = [
  '# Run this cell (▷), then hover over a name: its value, its gradient, the chain rule.',
  'x = -2; y = 5; z = -4',
  'q = x + y',
  'f = q * z',
  'backward f',
].join('\n');

export function registerNewNotebook(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('bpnb.newNotebook', async () => {
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, NEW_NOTEBOOK_SOURCE, 'bpnb')]);
    data.metadata = { metadata: {} };
    const notebook = await vscode.workspace.openNotebookDocument('bpnb', data);
    await vscode.window.showNotebookDocument(notebook);
    return notebook;
  }));
}
