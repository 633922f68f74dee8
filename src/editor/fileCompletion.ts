// Completion of a file name inside csv("…"): the CSV files and folders beside
// the notebook, read through vscode.workspace.fs (remote and web workspaces
// too), as an editor completes a path in a string. Names that would leave the
// notebook's folder are not offered (csv refuses them anyway).

import * as vscode from 'vscode';
import { dataPathProblem } from '../lang/dataFiles';
import { notebookOf } from './hover';

/** The file name typed so far when the cursor is inside csv("…'s first argument, else undefined. */
export function csvPathBefore(lineBefore: string): string | undefined {
  const m = /\bcsv\s*\(\s*(["'])([^"'\r\n]*)$/.exec(lineBefore);
  return m ? m[2] : undefined;
}

export async function csvFileItems(doc: vscode.TextDocument, pos: vscode.Position, typed: string): Promise<vscode.CompletionItem[]> {
  const nb = notebookOf(doc);
  if (!nb || nb.uri.scheme === 'untitled') return [];
  const slash = typed.lastIndexOf('/');
  const dirPart = typed.slice(0, slash + 1);
  if (dirPart !== '' && dataPathProblem(`${dirPart}x.csv`) !== undefined) return [];
  const folder = vscode.Uri.joinPath(nb.uri, '..');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dirPart ? vscode.Uri.joinPath(folder, dirPart) : folder);
  } catch {
    return [];
  }
  // Replace what is typed after the last '/'.
  const range = new vscode.Range(pos.translate(0, -(typed.length - slash - 1)), pos);
  const items: vscode.CompletionItem[] = [];
  for (const [name, type] of entries) {
    if (name.startsWith('.')) continue;
    if (type & vscode.FileType.Directory) {
      const item = new vscode.CompletionItem({ label: `${name}/`, description: 'folder' }, vscode.CompletionItemKind.Folder);
      item.range = range;
      item.sortText = `1_${name}`;
      item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest files' };
      items.push(item);
    } else if (/\.csv$/i.test(name)) {
      const item = new vscode.CompletionItem({ label: name, description: 'CSV file' }, vscode.CompletionItemKind.File);
      item.range = range;
      item.sortText = `0_${name}`;
      item.detail = `${dirPart}${name}, beside the notebook`;
      items.push(item);
    }
  }
  return items;
}
