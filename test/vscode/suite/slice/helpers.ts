// Small helpers for extension-host suites (other areas may import them).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'bpnb.bpnb';

/** The run's private copy of examples/ (the runner opens it as the folder). */
export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder: the runner opens a copy of examples/ as the folder.');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Execute the given code cells through the notebook's kernel (the only
 * controller for `bpnb` is picked without a prompt) and wait until each has
 * finished with outputs.
 */
export async function executeCells(doc: vscode.NotebookDocument, indexes: number[], timeoutMs = 60_000): Promise<vscode.NotebookCell[]> {
  const before = indexes.map((i) => doc.cellAt(i).executionSummary?.executionOrder);
  await vscode.commands.executeCommand('notebook.cell.execute', {
    ranges: indexes.map((i) => ({ start: i, end: i + 1 })),
    document: doc.uri,
  });
  return waitFor(
    `cells ${indexes.join(', ')} of ${doc.uri.path} to finish`,
    () => {
      const cells = indexes.map((i) => doc.cellAt(i));
      const done = cells.every((c, k) => c.executionSummary?.success !== undefined && c.executionSummary.executionOrder !== before[k] && c.outputs.length > 0);
      return done ? cells : undefined;
    },
    timeoutMs,
  );
}

export function decodeItem(item: vscode.NotebookCellOutputItem): string {
  return new TextDecoder().decode(item.data);
}

export function findItem(cell: vscode.NotebookCell, mime: string): vscode.NotebookCellOutputItem | undefined {
  for (const output of cell.outputs) {
    for (const item of output.items) if (item.mime === mime) return item;
  }
  return undefined;
}
