// Squiggles in cells. Two collections, so each can be cleared on its own:
// - 'bpnb-syntax': the parser's diagnostics, as you type (debounced 250 ms);
// - 'bpnb-runtime': the errors and warnings of the cell's last run, cleared
//   when the cell is edited or runs again.

import * as vscode from 'vscode';
import { parse } from '../lang/parser';
import type { Diagnostic, Severity } from '../lang/result';

export const SELECTOR: vscode.DocumentSelector = [{ language: 'bpnb' }];
const DEBOUNCE_MS = 250;

export function toVscodeRange(d: Diagnostic): vscode.Range {
  const r = d.range;
  return new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}

function toVscodeSeverity(s: Severity): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export function toVscodeDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(d), d.message, toVscodeSeverity(d.severity));
  diagnostic.code = d.code;
  diagnostic.source = 'bpnb';
  return diagnostic;
}

const key = (d: Diagnostic) => `${d.code}@${d.range.startLine}:${d.range.startColumn}`;

/** Syntax errors as you type, in every bpnb document (notebook cells and .bpnbcell files). */
export class SyntaxDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('bpnb-syntax');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(onEdit: (uri: vscode.Uri) => void) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId !== 'bpnb' || e.contentChanges.length === 0) return;
        onEdit(e.document.uri);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc.uri);
        this.collection.delete(doc.uri);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    this.cancel(doc.uri);
    this.timers.set(doc.uri.toString(), setTimeout(() => {
      this.timers.delete(doc.uri.toString());
      this.check(doc);
    }, DEBOUNCE_MS));
  }

  private cancel(uri: vscode.Uri): void {
    const timer = this.timers.get(uri.toString());
    if (timer) clearTimeout(timer);
    this.timers.delete(uri.toString());
  }

  check(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'bpnb' || doc.isClosed) return;
    const { diagnostics } = parse(doc.getText());
    this.collection.set(doc.uri, diagnostics.map(toVscodeDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * The last run's errors and warnings. A diagnostic may belong to another cell
 * than the one that ran (an error inside a gate defined elsewhere), so entries
 * are kept per (reporting cell, target document).
 */
export class RuntimeDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('bpnb-runtime');
  /** target document → reporting cell → diagnostics */
  private readonly byTarget = new Map<string, Map<string, vscode.Diagnostic[]>>();

  /** Replaces what `cell`'s previous run reported. Syntax errors are left to the syntax collection. */
  /** `documentOf` maps a source range's cell id (another cell's, for an error inside its gate) to that cell's URI. */
  report(cell: vscode.Uri, source: string, diagnostics: readonly Diagnostic[], documentOf: (cellId: string) => string | undefined = () => undefined): void {
    this.forgetReporter(cell.toString());
    const syntax = new Set(parse(source).diagnostics.map(key));
    for (const d of diagnostics) {
      const target = (d.range.cell === undefined ? undefined : documentOf(d.range.cell)) ?? cell.toString();
      if (target === cell.toString() && syntax.has(key(d))) continue;
      let reporters = this.byTarget.get(target);
      if (!reporters) this.byTarget.set(target, (reporters = new Map()));
      const list = reporters.get(cell.toString()) ?? [];
      list.push(toVscodeDiagnostic(d));
      reporters.set(cell.toString(), list);
    }
    this.flushAll();
  }

  /** The document was edited: its runtime squiggles no longer match its text. */
  clearTarget(uri: vscode.Uri): void {
    if (this.byTarget.delete(uri.toString())) this.collection.delete(uri);
  }

  clearAll(): void {
    this.byTarget.clear();
    this.collection.clear();
  }

  private forgetReporter(cell: string): void {
    for (const [target, reporters] of this.byTarget) {
      if (reporters.delete(cell) && reporters.size === 0) {
        this.byTarget.delete(target);
        this.collection.delete(vscode.Uri.parse(target));
      }
    }
  }

  private flushAll(): void {
    for (const [target, reporters] of this.byTarget) {
      this.collection.set(vscode.Uri.parse(target), [...reporters.values()].flat());
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}
