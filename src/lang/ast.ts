// The syntax tree. Every node has a span; operators also keep the span of the
// operator token, which is where shape errors and graph nodes point.

import type { Span } from './span';

export interface Identifier { name: string; span: Span }

export interface NumberLiteral { kind: 'number'; value: number; text: string; span: Span }
export interface NameRef { kind: 'name'; name: string; span: Span }
/** "points.csv": only csv(…) reads strings (a file name, a column name); `value` is without the quotes. */
export interface StringLiteral { kind: 'string'; value: string; text: string; span: Span }
export interface Unary { kind: 'unary'; op: '-'; operand: Expr; opSpan: Span; span: Span }
export type BinaryOp = '+' | '-' | '*' | '/' | '@' | '^' | ComparisonOp;
/** Comparisons, loosest of all operators, giving 0/1 element-wise. */
export type ComparisonOp = '<' | '>' | '<=' | '>=' | '==';
export interface Binary { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; opSpan: Span; span: Span }
export interface Call { kind: 'call'; callee: Identifier; args: Expr[]; span: Span }
export interface Index { kind: 'index'; target: Expr; indices: Expr[]; span: Span }
export interface ArrayLiteral { kind: 'array'; elements: Expr[]; span: Span }

export type Expr = NumberLiteral | StringLiteral | NameRef | Unary | Binary | Call | Index | ArrayLiteral;

export interface Assign { kind: 'assign'; target: Identifier; value: Expr; span: Span }
export interface Def { kind: 'def'; name: Identifier; params: Identifier[]; body: Expr; span: Span; text: string }
export type CommandName = 'backward' | 'forward' | 'check' | 'show' | 'seed' | 'plot' | 'descend' | 'boundary';
/** The words after a command's argument (`plot f wrt x from -1 to 1 points 50`). */
export type ClauseWord = 'wrt' | 'from' | 'to' | 'points' | 'lr' | 'steps' | 'over' | 'labels' | 'grid';
/** One clause: its word and its values (names after `wrt`, one expression otherwise). */
export interface Clause { word: ClauseWord; wordSpan: Span; values: Expr[] }
export interface Command {
  kind: 'command';
  command: CommandName;
  /** The variable (backward/forward/check/show/plot/descend) or the number (seed). */
  arg: NameRef | NumberLiteral;
  /** plot, descend and boundary: their clauses, in the order written, each word at most once. */
  clauses?: Clause[];
  keywordSpan: Span;
  span: Span;
}
export interface ExprStatement { kind: 'expr'; expr: Expr; span: Span; text: string }

export type Statement = Assign | Def | Command | ExprStatement;

export interface Program { statements: Statement[]; span: Span }

export const COMMANDS: readonly CommandName[] = ['backward', 'forward', 'check', 'show', 'seed', 'plot', 'descend', 'boundary'];

/** The clause words each command accepts (`lr A to B`: `to` belongs to `lr` in descend, to `from` in plot). */
export const CLAUSES: Partial<Record<CommandName, readonly ClauseWord[]>> = {
  plot: ['wrt', 'from', 'to', 'points'],
  descend: ['wrt', 'lr', 'to', 'steps'],
  boundary: ['over', 'labels', 'grid'],
};

/**
 * The tree as indented text, one node per line with its 1-based position:
 * what the golden tests compare. Iterative, so deep trees cannot overflow the stack.
 */
export function dumpProgram(program: Program): string {
  const out: string[] = [];
  const at = (s: Span) => `@${s.line + 1}:${s.column + 1}-${s.endLine + 1}:${s.endColumn + 1}`;
  const stack: { node: Expr; depth: number }[] = [];
  const pushExpr = (node: Expr, depth: number) => stack.push({ node, depth });
  // Prints what is on the stack, depth first (called after each statement's or clause's line).
  const drain = (): void => {
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      const pad = '  '.repeat(depth);
      const children: Expr[] = [];
      switch (node.kind) {
        case 'number': out.push(`${pad}number ${node.text} ${at(node.span)}`); break;
        case 'name': out.push(`${pad}name ${node.name} ${at(node.span)}`); break;
        case 'string': out.push(`${pad}string ${node.text} ${at(node.span)}`); break;
        case 'unary': out.push(`${pad}unary ${node.op} ${at(node.span)}`); children.push(node.operand); break;
        case 'binary': out.push(`${pad}binary ${node.op} ${at(node.span)}`); children.push(node.left, node.right); break;
        case 'call': out.push(`${pad}call ${node.callee.name} ${at(node.span)}`); children.push(...node.args); break;
        case 'index': out.push(`${pad}index ${at(node.span)}`); children.push(node.target, ...node.indices); break;
        case 'array': out.push(`${pad}array ${at(node.span)}`); children.push(...node.elements); break;
      }
      for (let k = children.length - 1; k >= 0; k--) pushExpr(children[k], depth + 1);
    }
  };
  for (const st of program.statements) {
    switch (st.kind) {
      case 'assign': out.push(`assign ${st.target.name} ${at(st.span)}`); pushExpr(st.value, 1); break;
      case 'def': out.push(`def ${st.name.name}(${st.params.map((p) => p.name).join(', ')}) ${at(st.span)}`); pushExpr(st.body, 1); break;
      case 'command':
        out.push(`command ${st.command} ${st.arg.kind === 'name' ? st.arg.name : st.arg.text} ${at(st.span)}`);
        for (const c of st.clauses ?? []) {
          out.push(`  ${c.word} ${at(c.wordSpan)}`);
          for (let k = c.values.length - 1; k >= 0; k--) pushExpr(c.values[k], 2);
          drain();
        }
        break;
      case 'expr': out.push(`expr ${at(st.span)}`); pushExpr(st.expr, 1); break;
    }
    drain();
  }
  return out.join('\n');
}
