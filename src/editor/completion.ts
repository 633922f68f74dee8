// Completion in bpnb cells: built-ins (signature, and the local derivative in
// the documentation), commands at the start of a statement, names in the
// namespace after the notebook's last run, names assigned earlier in this
// cell, and user gates.

import * as vscode from 'vscode';
import { formatValue } from '../diagram/numbers';
import type { ResultStore } from '../notebook/resultStore';
import { outputOptions } from '../notebook/settings';
import { COMMAND_DOCS } from './builtinDocs';
import { builtinNames, builtinSummary, explainBuiltin } from './explain';
import { notebookOf } from './hover';
import { namesInSource } from './namesInSource';
import { csvFileItems, csvPathBefore } from './fileCompletion';

/** Characters that open the file list in csv("…": a quote, and '/' between folders. */
export const COMPLETION_TRIGGERS = ['"', "'", '/'];

/** Does the text before the cursor end inside a string literal? */
function insideString(line: string): boolean {
  let quote = '';
  for (const c of line) {
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return false;
  }
  return quote !== '';
}

export class BpnbCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly store: ResultStore) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position, _token?: vscode.CancellationToken, context?: vscode.CompletionContext): vscode.CompletionItem[] | Promise<vscode.CompletionItem[]> {
    const line = doc.lineAt(pos.line).text.slice(0, pos.character);
    // Inside csv("…"): the CSV files beside the notebook; inside any other string, or after '/' (a division), nothing.
    const typed = csvPathBefore(line);
    if (typed !== undefined) return csvFileItems(doc, pos, typed);
    if (context?.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter || insideString(line)) return [];
    if (line.includes('#')) return [];
    const items: vscode.CompletionItem[] = [];
    const seen = new Set<string>();
    const add = (item: vscode.CompletionItem) => {
      const label = typeof item.label === 'string' ? item.label : item.label.label;
      if (seen.has(label)) return;
      seen.add(label);
      items.push(item);
    };

    const atStart = /(^|;)\s*[A-Za-z_]*$/.test(line);
    if (atStart) {
      for (const c of COMMAND_DOCS) {
        const item = new vscode.CompletionItem({ label: c.name, description: 'command' }, vscode.CompletionItemKind.Keyword);
        item.detail = c.usage;
        item.documentation = new vscode.MarkdownString(c.description);
        item.sortText = `2_${c.name}`;
        add(item);
      }
    }

    // The namespace after the notebook's latest run (every name, not only that cell's).
    const precision = outputOptions().precision;
    const nb = notebookOf(doc);
    const latest = nb ? this.store.latest(nb.uri) : this.store.get(doc.uri);
    if (latest) {
      for (const [name, info] of Object.entries(latest.result.variables)) {
        const item = new vscode.CompletionItem({ label: name, description: formatValue(info.value, precision, 4) }, vscode.CompletionItemKind.Variable);
        item.detail = `${name} = ${formatValue(info.value, precision)}${info.grad !== undefined ? `   (grad ${formatValue(info.grad, precision)})` : ''}`;
        item.sortText = `0_${name}`;
        add(item);
      }
      for (const g of latest.result.gates) {
        const item = new vscode.CompletionItem({ label: g.name, description: 'gate' }, vscode.CompletionItemKind.Function);
        item.detail = `${g.name}(${g.params.join(', ')})`;
        item.documentation = new vscode.MarkdownString().appendCodeblock(g.text, 'bpnb');
        item.sortText = `1_${g.name}`;
        add(item);
      }
    }

    // Names and gates from earlier in this cell, even before it has run.
    const local = namesInSource(doc.getText(), doc.offsetAt(pos));
    for (const name of local.names) {
      const item = new vscode.CompletionItem({ label: name, description: 'this cell' }, vscode.CompletionItemKind.Variable);
      item.sortText = `0_${name}`;
      add(item);
    }
    for (const g of local.gates) {
      const item = new vscode.CompletionItem({ label: g.name, description: 'gate' }, vscode.CompletionItemKind.Function);
      item.detail = `${g.name}(${g.params.join(', ')})`;
      item.sortText = `1_${g.name}`;
      add(item);
    }

    for (const name of builtinNames()) {
      const summary = builtinSummary(name);
      if (!summary) continue;
      const item = new vscode.CompletionItem({ label: name, description: summary.signature }, vscode.CompletionItemKind.Function);
      item.detail = summary.signature;
      const docText = explainBuiltin(name);
      if (docText) item.documentation = new vscode.MarkdownString(docText);
      item.sortText = `3_${name}`;
      add(item);
    }
    return items;
  }
}
