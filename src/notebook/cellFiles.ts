// The extension's side of csv("…"): before a cell runs, read the data files it
// names from the notebook's folder through vscode.workspace.fs (so it works in
// the web extension host and in remote and virtual workspaces, where there is
// no node:fs). The kernel passes what it found with the run; the language says
// which files (filesToRead) and turns problems into located errors.

import * as vscode from 'vscode';
import { MAX_CSV_BYTES, filesToRead, type DataFile, type DataFiles } from '../lang/dataFiles';

/** The files a cell's source reads, by the name written in it; undefined when it reads none. Never rejects. */
export async function readCellFiles(source: string, notebook: vscode.Uri): Promise<DataFiles | undefined> {
  const paths = filesToRead(source);
  if (paths.length === 0) return undefined;
  // An untitled notebook has no folder to read beside.
  const folder = notebook.scheme === 'untitled' ? undefined : vscode.Uri.joinPath(notebook, '..');
  const read = await Promise.all(paths.map(async (path): Promise<[string, DataFile]> =>
    [path, folder ? await readDataFile(vscode.Uri.joinPath(folder, path), folder) : { problem: 'no-folder' }]));
  return Object.fromEntries(read);
}

async function readDataFile(file: vscode.Uri, folder: vscode.Uri): Promise<DataFile> {
  try {
    const stat = await vscode.workspace.fs.stat(file);
    if (stat.type & vscode.FileType.Directory) return { problem: 'unreadable', detail: 'it is a folder' };
    if (stat.size > MAX_CSV_BYTES) return { problem: 'too-large', size: stat.size };
    const bytes = await vscode.workspace.fs.readFile(file);
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (e) {
    if ((e as { code?: unknown }).code === 'FileNotFound') return { problem: 'missing', detail: folder.scheme === 'file' ? folder.fsPath : folder.toString(true) };
    if (e instanceof TypeError) return { problem: 'unreadable', detail: 'it is not UTF-8 text' };
    return { problem: 'unreadable', detail: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
