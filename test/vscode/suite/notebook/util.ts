// Helpers shared by the notebook and language suites: notebooks written to the
// run's workspace copy, cells run through the kernel, outputs decoded.
import * as vscode from 'vscode';
import type { BpnbApi } from '../../../../src/extension';
import { EXTENSION_ID, waitFor, workspaceFile } from '../slice/helpers';

export async function api(): Promise<BpnbApi> {
  const ext = vscode.extensions.getExtension<BpnbApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} missing`);
  return ext.activate();
}

let counter = 0;

/** Writes a .bpnb file with these code cells into the workspace and opens it. */
export async function makeNotebook(name: string, sources: string[]): Promise<vscode.NotebookDocument> {
  const uri = workspaceFile(`${name}-${Date.now()}-${counter++}.bpnb`);
  const file = { bpnb: 1, metadata: {}, cells: sources.map((s) => ({ kind: 'code', source: s.split('\n'), outputs: [] })) };
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(file, null, 2)));
  const doc = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(doc);
  return doc;
}

/** Starts running cells without waiting for them. */
export function startCells(doc: vscode.NotebookDocument, indexes: number[]): Thenable<unknown> {
  return vscode.commands.executeCommand('notebook.cell.execute', {
    ranges: indexes.map((i) => ({ start: i, end: i + 1 })),
    document: doc.uri,
  });
}

/** Runs cells and waits until each has a new execution summary (outputs may be empty). */
export async function runCells(doc: vscode.NotebookDocument, indexes: number[], timeoutMs = 60_000): Promise<vscode.NotebookCell[]> {
  const before = indexes.map((i) => doc.cellAt(i).executionSummary?.timing?.endTime);
  void startCells(doc, indexes);
  return waitFor(`cells ${indexes.join(', ')} to finish`, () => {
    const cells = indexes.map((i) => doc.cellAt(i));
    const done = cells.every((c, k) => c.executionSummary?.success !== undefined && c.executionSummary.timing?.endTime !== before[k]);
    return done ? cells : undefined;
  }, timeoutMs);
}

export function texts(cell: vscode.NotebookCell, mime: string): string[] {
  return cell.outputs.flatMap((o) => o.items.filter((i) => i.mime === mime).map((i) => new TextDecoder().decode(i.data)));
}

export const ERROR_MIME = 'application/vnd.code.notebook.error';

export function errorMessages(cell: vscode.NotebookCell): { name: string; message: string; stack?: string }[] {
  return texts(cell, ERROR_MIME).map((t) => JSON.parse(t) as { name: string; message: string; stack?: string });
}

/**
 * Closes every editor. Notebooks that ran are dirty (outputs are part of the
 * document), and closing a dirty editor asks whether to save, which stalls
 * the next test's showNotebookDocument; so save the workspace copies first.
 */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.saveAll');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export { waitFor, workspaceFile };
