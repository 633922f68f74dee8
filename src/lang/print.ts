// The pretty-printer: a parsed program back to source, one statement per line,
// with only the parentheses the grammar needs (so printing never nests deeper
// than the source did and the parser's MAX_NESTING still holds). parse(print(p))
// gives p's tree again (spans aside): the property tests in
// test/unit/properties/parser.test.ts check exactly that.
//
// Iterative (an explicit work stack): a left-associative chain a + b + c + …
// of 100,000 terms is 100,000 deep and must not overflow the call stack.

import type { Expr, Program, Statement } from './ast';

/** Binding strength, loosest first; a child printed where a tighter one is needed gets parentheses. */
const enum Prec { Comparison = 1, Additive = 2, Multiplicative = 3, Unary = 4, Power = 5, Postfix = 6 }

function precOf(e: Expr): Prec {
  switch (e.kind) {
    case 'binary':
      if (e.op === '+' || e.op === '-') return Prec.Additive;
      if (e.op === '<' || e.op === '>' || e.op === '<=' || e.op === '>=' || e.op === '==') return Prec.Comparison;
      if (e.op === '^') return Prec.Power;
      return Prec.Multiplicative;
    case 'unary': return Prec.Unary;
    default: return Prec.Postfix;
  }
}

type Work = string | { expr: Expr; min: Prec };

/** One expression as source text. */
export function printExpr(root: Expr): string {
  const out: string[] = [];
  const work: Work[] = [{ expr: root, min: Prec.Comparison }];
  // Pushes items so that they are emitted in the order given.
  const emit = (...items: Work[]) => { for (let k = items.length - 1; k >= 0; k--) work.push(items[k]); };
  const list = (items: readonly Expr[]): Work[] => {
    const w: Work[] = [];
    items.forEach((x, i) => { if (i > 0) w.push(', '); w.push({ expr: x, min: Prec.Comparison }); });
    return w;
  };
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'string') { out.push(item); continue; }
    const { expr: e, min } = item;
    const paren = precOf(e) < min;
    const body: Work[] = [];
    switch (e.kind) {
      case 'number': body.push(e.text); break;
      case 'string': body.push(e.text); break;
      case 'name': body.push(e.name); break;
      case 'unary': body.push('-', { expr: e.operand, min: Prec.Unary }); break;
      case 'binary': {
        if (precOf(e) === Prec.Comparison) {
          // Comparisons do not chain: either side that is itself a comparison gets parentheses.
          body.push({ expr: e.left, min: Prec.Additive }, ` ${e.op} `, { expr: e.right, min: Prec.Additive });
        } else if (e.op === '^') {
          // Right-associative; the base binds tighter than a sign, the exponent may carry one (2^-1).
          body.push({ expr: e.left, min: Prec.Postfix }, ' ^ ', { expr: e.right, min: Prec.Unary });
        } else {
          // Left-associative: the right operand one level tighter, so a - (b - c) keeps its parentheses.
          const p = e.op === '+' || e.op === '-' ? Prec.Additive : Prec.Multiplicative;
          body.push({ expr: e.left, min: p }, ` ${e.op} `, { expr: e.right, min: (p + 1) as Prec });
        }
        break;
      }
      case 'call': body.push(`${e.callee.name}(`, ...list(e.args), ')'); break;
      case 'index': body.push({ expr: e.target, min: Prec.Postfix }, '[', ...list(e.indices), ']'); break;
      case 'array': body.push('[', ...list(e.elements), ']'); break;
    }
    if (paren) emit('(', ...body, ')');
    else emit(...body);
  }
  return out.join('');
}

/** One statement as one line of source. */
export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'assign': return `${s.target.name} = ${printExpr(s.value)}`;
    case 'def': return `def ${s.name.name}(${s.params.map((p) => p.name).join(', ')}) = ${printExpr(s.body)}`;
    case 'command': {
      const clauses = (s.clauses ?? []).map((c) => ` ${c.word} ${c.values.map(printExpr).join(', ')}`).join('');
      return `${s.command} ${s.arg.kind === 'name' ? s.arg.name : s.arg.text}${clauses}`;
    }
    case 'expr': return printExpr(s.expr);
  }
}

/** A whole program, one statement per line. */
export function printProgram(p: Program): string {
  return p.statements.map(printStatement).join('\n');
}
