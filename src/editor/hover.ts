// Hovers in bpnb cells. Thin: it finds what is under the cursor and the
// cell's last run, and explain.ts writes the text.

import * as vscode from 'vscode';
import type { GraphPayload } from '../diagram/payload';
import type { CellResult } from '../lang/result';
import type { ResultStore } from '../notebook/resultStore';
import { outputOptions } from '../notebook/settings';
import { OPERATOR_DOCS } from './builtinDocs';
import { NOT_RUN_YET, callsAt, explainBuiltin, explainCall, explainCommand, explainGate, explainName, explainUserGate, gatesAt, namedNode } from './explain';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/;
const OPERATOR_CHARS = new Set(['+', '-', '*', '/', '^', '@']);
const OPERATOR_OPS: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '^': 'pow', '@': 'matmul' };
const COMMANDS = new Set(['backward', 'forward', 'check', 'show', 'seed', 'plot', 'descend', 'boundary']);

/** Finds the notebook a cell document belongs to. */
export function notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  const key = doc.uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === key));
}

/** Is `column` inside a `#` comment on this line? */
function inComment(line: string, column: number): boolean {
  const hash = commentStart(line);
  return hash >= 0 && column >= hash;
}

/** Where the line's comment starts (a '#' outside a string), or -1. */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

/** Is the column inside a string literal (csv's file and column names: no hover)? */
function inString(line: string, column: number): boolean {
  let quote = '';
  for (let i = 0; i < column && i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return false;
  }
  return quote !== '';
}

/** Is the word at `start` the first word of a statement (line start or after ';')? */
function atStatementStart(line: string, start: number): boolean {
  return /(^|;)\s*$/.test(line.slice(0, start));
}

export class BpnbHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: ResultStore) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const text = this.hoverText(doc, pos);
    if (!text) return undefined;
    const md = new vscode.MarkdownString(text.markdown);
    md.supportThemeIcons = false;
    return new vscode.Hover(md, text.range);
  }

  private hoverText(doc: vscode.TextDocument, pos: vscode.Position): { markdown: string; range?: vscode.Range } | undefined {
    const line = doc.lineAt(pos.line).text;
    if (inComment(line, pos.character) || inString(line, pos.character)) return undefined;
    const run = this.store.get(doc.uri);
    const stale = run && run.source !== doc.getText() ? '\n\n*(From the last run; the cell has been edited since.)*' : '';
    const cellId = run?.cellId ?? doc.uri.toString();
    const precision = outputOptions().precision;
    const here = { line: pos.line, character: pos.character };
    const payload = run?.result.graph;

    const wordRange = doc.getWordRangeAtPosition(pos, WORD);
    if (wordRange) {
      const word = doc.getText(wordRange);
      if (/^[0-9]/.test(word)) return undefined;
      const isCall = line.slice(wordRange.end.character).trimStart().startsWith('(');
      if (COMMANDS.has(word) && atStatementStart(line, wordRange.start.character)) {
        const t = explainCommand(word);
        return t ? { markdown: t, range: wordRange } : undefined;
      }
      const gates = run?.result.gates ?? this.latestGates(doc);
      const userGate = isCall ? gates.find((g) => g.name === word) : undefined;
      const builtinText = isCall && !userGate ? explainBuiltin(word) : undefined;
      if (builtinText || userGate) {
        // The definition, and when the cell has run, this call's gate and its numbers.
        const parts = [builtinText ?? explainUserGate(userGate!)];
        if (payload) {
          const calls = userGate ? callsAt(payload, here, cellId) : [];
          const hits = gatesAt(payload, here, cellId);
          if (calls.length) parts.push('---', explainCall(payload, calls[0], precision) + stale);
          else if (hits.length) parts.push('---', explainGate(payload, hits[0], precision, hits.length) + stale);
        } else if (!run) {
          parts.push('---', NOT_RUN_YET);
        }
        return { markdown: parts.join('\n\n'), range: wordRange };
      }
      if (word === 'def') return undefined;
      if (!run) {
        // Not run yet, but an earlier cell may have bound the name: show what the namespace holds.
        const nb = notebookOf(doc);
        const latest = nb ? this.store.latest(nb.uri) : undefined;
        const known = latest ? explainName({ name: word, variable: latest.result.variables[word], precision }) : undefined;
        return { markdown: known ? `${known}\n\n*(The value in the namespace now. ${NOT_RUN_YET})*` : NOT_RUN_YET, range: wordRange };
      }
      const found = this.explainAnyName(word, run.result, here, cellId, precision, doc);
      return found ? { markdown: found + stale, range: wordRange } : undefined;
    }

    const ch = line[pos.character];
    if (ch && OPERATOR_CHARS.has(ch)) {
      const range = new vscode.Range(pos, pos.translate(0, 1));
      if (!run) return { markdown: NOT_RUN_YET, range };
      const hits = payload ? gatesAt(payload, here, cellId) : [];
      if (hits.length) return { markdown: explainGate(payload!, hits[0], precision, hits.length) + stale, range };
      const op = ch === '*' && line[pos.character + 1] === '*' ? 'pow' : OPERATOR_OPS[ch];
      const doc0 = OPERATOR_DOCS[op];
      if (!doc0) return undefined;
      return { markdown: [`**${doc0.name} gate** \`${doc0.signature}\``, '', doc0.definition, '', ...doc0.derivatives.map((d) => `- ${d}`), ...(doc0.pattern ? ['', `*${doc0.pattern}*`] : []), '', '(This operator is not in the graph the cell shows.)'].join('\n'), range };
    }
    return undefined;
  }

  /** A name: in this cell's graph, else in the graph of another cell of the notebook, else the namespace. */
  private explainAnyName(word: string, result: CellResult, here: { line: number; character: number }, cellId: string, precision: number, doc: vscode.TextDocument): string | undefined {
    let payload: GraphPayload | undefined = result.graph;
    if (!payload || !namedNode(payload, word)) {
      const nb = notebookOf(doc);
      const other = nb ? this.store.runsOf(nb.uri).find((r) => r.result.graph && namedNode(r.result.graph, word)) : undefined;
      if (other) payload = other.result.graph;
    }
    const samePayload = payload === result.graph;
    return explainName({
      name: word,
      payload,
      variable: result.variables[word],
      pos: samePayload ? here : undefined,
      cellId: samePayload ? cellId : undefined,
      precision,
    });
  }

  private latestGates(doc: vscode.TextDocument) {
    const nb = notebookOf(doc);
    return (nb ? this.store.latest(nb.uri)?.result.gates : undefined) ?? [];
  }
}
