// Hover wording through VS Code's own hover command, after real runs (issue 11
// item 10, issue 10 item 3): operand names instead of the op's letters, short
// distinct names for unnamed gates, constants said once, numbers for tensors.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, makeNotebook, runCells } from '../notebook/util';

async function hoverText(doc: vscode.TextDocument, line: number, needle: string): Promise<string> {
  const character = doc.lineAt(line).text.indexOf(needle);
  assert.ok(character >= 0, `'${needle}' not on line ${line}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character));
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c))).join('\n');
}

describe('language: hovers read the graph as the renderer does', function () {
  this.timeout(90_000);
  let nb: vscode.NotebookDocument;

  before(async () => {
    nb = await makeNotebook('hover-reading', [
      'b = 3; a = 2\nc = b * a\nbackward c',
      'u = 1; v = 2; w = 3\no = (u + v) * (v + w) + 1\nbackward o',
      'W = [[1, 2], [3, 4]]\nx = [1, -1]\ny = W @ x\nL = sum(y)\nbackward L',
    ]);
    await runCells(nb, [0, 1, 2]);
  });
  after(closeAll);

  it('an operator uses its operands\' own names, even when the user called them a and b', async () => {
    const mul = await hoverText(nb.cellAt(0).document, 1, '*');
    assert.match(mul, /w\.r\.t\. b: ∂\(b·a\)\/∂b = a = 2/);
    assert.match(mul, /w\.r\.t\. a: ∂\(b·a\)\/∂a = b = 3/);
    assert.doesNotMatch(mul, /∂\(a·b\)\/∂a/);
  });

  it('unnamed gates get short distinct names in the chain rule, and a constant is said once', async () => {
    const doc = nb.cellAt(1).document;
    const v = await hoverText(doc, 0, 'v');
    // o = (u + v)(v + w) + 1: ∂o/∂v = (v + w) + (u + v) = 5 + 3 = 8.
    assert.match(v, /∂o\/∂v = ∂o\/∂\(\+\)₁ × ∂\(\+\)₁\/∂v \+ ∂o\/∂\(\+\)₂ × ∂\(\+\)₂\/∂v = 5 × 1 \+ 3 × 1 = 8/);
    const plus = await hoverText(doc, 1, '+ 1');
    assert.match(plus, /Here: `o = \(×\) \+ 1` with \(×\) = 15: 16/);
    assert.doesNotMatch(plus, /(^|, )1 = 1/m, 'no constant named by itself');
    assert.doesNotMatch(plus, /^- 1 ←/m, 'a constant gets no gradient');
    assert.match(plus, /^- \(×\) ← 1 × 1 = 1$/m);
  });

  it('a tensor\'s chain rule and a matrix gate give numbers, not only formulas', async () => {
    const doc = nb.cellAt(2).document;
    const w = await hoverText(doc, 0, 'W');
    // L = sum(W x): ∂L/∂W = 1·xᵀ in each row.
    assert.match(w, /∂L\/∂W = ∂L\/∂y × ∂y\/∂W = \[1, 1\] × \(∂\(W@x\)\/∂W: W̄ = Ḡ·xᵀ\) = \[\[1, -1\], \[1, -1\]\]/);
    const at = await hoverText(doc, 2, '@');
    assert.match(at, /W ← \[1, 1\] × \(.*\) = \[\[1, -1\], \[1, -1\]\]/);
    assert.match(at, /x ← \[1, 1\] × \(.*\) = \[4, 6\]/);
  });
});
