// Language features in bpnb cells, through VS Code's own commands: hovers
// (not run yet, built-ins, names with the chain rule, operators), completion,
// syntax diagnostics as you type and runtime diagnostics after a run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, makeNotebook, runCells, waitFor } from '../notebook/util';

const LECTURE = 'x = -2; y = 5; z = -4\nq = x + y\nf = q * z\nbackward f';
const FAN_OUT = 'a = 2; b = 1\nc = a + b\nd = b + 1\ne = c * d\nbackward e';

async function hoverText(doc: vscode.TextDocument, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character));
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n');
}

/** The character index of the `n`-th occurrence of `needle` on a line. */
function col(doc: vscode.TextDocument, line: number, needle: string, n = 0): number {
  const text = doc.lineAt(line).text;
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not on line ${line}: ${text}`);
  return at;
}

async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('language: hovers, completion, diagnostics', function () {
  this.timeout(90_000);
  let nb: vscode.NotebookDocument;
  let lecture: vscode.TextDocument;
  let fan: vscode.TextDocument;

  before(async () => {
    nb = await makeNotebook('language', [LECTURE, FAN_OUT, 'g = sigmoid(f)\nshow g', 'h = 1']);
    lecture = nb.cellAt(0).document;
    fan = nb.cellAt(1).document;
  });
  after(closeAll);

  it('says "not run yet" before a run, and documents built-ins from the lecture\'s table anyway', async () => {
    assert.match(await hoverText(lecture, 1, col(lecture, 1, 'x')), /has not run yet/);
    assert.match(await hoverText(lecture, 2, col(lecture, 2, '*')), /has not run yet/);
    const sig = await hoverText(nb.cellAt(2).document, 0, col(nb.cellAt(2).document, 0, 'sigmoid') + 2);
    assert.match(sig, /sigmoid\(x\)/);
    assert.match(sig, /\(1 − σ\(x\)\)·σ\(x\)/);
    assert.match(await hoverText(lecture, 3, 2), /Reverse mode/);
  });

  it('after a run, a name shows value, gradient and the chain rule', async () => {
    await runCells(nb, [0, 1, 2]);
    const x = await hoverText(lecture, 1, col(lecture, 1, 'x'));
    assert.match(x, /\*\*x\*\* = -2/);
    assert.match(x, /Gradient ∂f\/∂x = -4/);
    // One reading with the renderer (issue 10 item 3): ` × ` and plain numbers.
    assert.match(x, /∂f\/∂x = ∂f\/∂q × ∂q\/∂x = -4 × 1 = -4/);
    const q = await hoverText(lecture, 2, col(lecture, 2, 'q'));
    assert.match(q, /Produced by `\+` \(add\) from x, y/);
    // The operands' own names, and no "= 1 = 1" (issue 11 item 10).
    assert.match(q, /∂q\/∂x: ∂\(x\+y\)\/∂x = 1$/m);
  });

  it('in a cell that has not run, a name bound by an earlier cell shows its namespace value', async () => {
    const doc = nb.cellAt(3).document;
    await setText(doc, 'h = x * 2');
    const text = await hoverText(doc, 0, col(doc, 0, 'x'));
    assert.match(text, /\*\*x\*\* = -2/);
    assert.match(text, /has not run yet/);
  });

  it('sums the chain rule over every consumer when a value fans out', async () => {
    const b = await hoverText(fan, 2, col(fan, 2, 'b'));
    assert.match(b, /∂e\/∂b = ∂e\/∂c × ∂c\/∂b \+ ∂e\/∂d × ∂d\/∂b = 2 × 1 \+ 3 × 1 = 5/);
  });

  it('an operator shows its gate\'s local derivatives here and its pattern', async () => {
    const mul = await hoverText(lecture, 2, col(lecture, 2, '*'));
    assert.match(mul, /w\.r\.t\. q: .* = -4/);
    assert.match(mul, /w\.r\.t\. z: .* = 3/);
    assert.match(mul, /switcher/);
    const add = await hoverText(lecture, 1, col(lecture, 1, '+'));
    assert.match(add, /distributor/);
    const sigDoc = nb.cellAt(2).document;
    const call = await hoverText(sigDoc, 0, col(sigDoc, 0, 'sigmoid'));
    assert.match(call, /Local derivatives at this point/);
  });

  it('completes built-ins with their derivative, commands, and names from earlier cells and this cell', async () => {
    const doc = nb.cellAt(3).document;
    await setText(doc, 'h = 1\n');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, 0));
    const byLabel = new Map(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i]));
    for (const name of ['sigmoid', 'exp', 'max', 'backward', 'check', 'x', 'q', 'f', 'e', 'h']) assert.ok(byLabel.has(name), `no completion for ${name}`);
    const sig = byLabel.get('sigmoid')!;
    const docText = typeof sig.documentation === 'string' ? sig.documentation : sig.documentation?.value ?? '';
    assert.match(docText, /σ/);
    assert.equal(byLabel.get('x')!.kind, vscode.CompletionItemKind.Variable);
  });

  it('reports syntax errors as you type and clears them when fixed', async () => {
    const doc = nb.cellAt(3).document;
    await setText(doc, 'h = (1 +\n');
    const errs = await waitFor('a syntax diagnostic', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.code === 'E_SYNTAX');
      return d.length ? d : undefined;
    }, 5_000);
    assert.equal(errs[0].severity, vscode.DiagnosticSeverity.Error);
    await setText(doc, 'h = (1 + 2)\n');
    await waitFor('the syntax diagnostic to go', () => vscode.languages.getDiagnostics(doc.uri).every((x) => x.code !== 'E_SYNTAX') || undefined, 5_000);
  });

  it('shows runtime errors after a run and drops them when the cell is edited', async () => {
    const doc = nb.cellAt(3).document;
    await setText(doc, 'h = nope * 2');
    await runCells(nb, [3]);
    const d = await waitFor('a runtime diagnostic', () => {
      const found = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.code === 'E_UNKNOWN_NAME');
      return found.length ? found : undefined;
    });
    assert.equal(d[0].range.start.character, 4);
    await setText(doc, 'h = nope2 * 2');
    await waitFor('the runtime diagnostic to go', () => vscode.languages.getDiagnostics(doc.uri).every((x) => x.code !== 'E_UNKNOWN_NAME') || undefined, 5_000);
  });
});
