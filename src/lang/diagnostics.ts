// Diagnostics are values: a stable code, a message for people, a severity and a
// source range. The parser collects them; the evaluator throws a LangError
// carrying one, which the session turns back into a value.

import type { Diagnostic, Severity } from './result';
import { toSourceRange, type Span } from './span';

/** Every code the language can report, with what it means (docs/language.md repeats this table). */
export const DIAGNOSTIC_CODES = {
  E_SYNTAX: 'the text is not a valid program (unexpected character or token, missing bracket, bad number …)',
  E_UNKNOWN_NAME: 'a variable is read before any cell assigned it',
  E_UNKNOWN_GATE: 'a call names neither a built-in nor a gate defined with def',
  E_ARITY: 'a function or gate is called with the wrong number of arguments',
  E_SHAPE: 'the shapes of an operation\'s operands do not fit (both shapes are named)',
  E_NOT_SCALAR: 'backward, check, plot or descend needs a scalar target (and plot a scalar input)',
  E_DIVERGED: 'a descend\'s loss became NaN or infinite (the inputs keep their values from before it)',
  E_RECURSION: 'a gate calls itself, directly or through other gates',
  E_LIMIT: 'a size limit was hit (cell size, graph nodes, tensor size, tensor elements in all, call depth, nesting depth)',
  E_INDEX: 'an index is out of range or not an integer',
  E_ARGUMENT: 'an argument has the right shape but an unusable value (e.g. zeros(-1), seed 1.5)',
  E_FILE: 'csv(…) cannot read its file: missing, unreadable, or named outside the notebook\'s folder',
  E_CSV: 'a CSV file is malformed: a row with the wrong number of fields, a field that is not a number, an unclosed quote',
  E_NO_GRAD: 'grad(x) before any backward reached x',
  E_NO_TANGENT: 'tangent(x) before any forward reached x',
  E_REDEFINE: 'def tries to redefine a built-in function',
  E_INTERNAL: 'a bug in bpnb itself; please report it',
  W_NO_DEPENDENCE: 'plot f wrt x where f does not depend on x: the curve is flat, its derivative 0',
  W_DOMAIN: 'a value left a function\'s domain or overflowed (log(0), sqrt(-1), x/0 …)',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function makeDiagnostic(code: DiagnosticCode | string, message: string, span: Span, cell?: string, severity?: Severity): Diagnostic {
  return { code, message, severity: severity ?? (code.startsWith('W_') ? 'warning' : 'error'), range: toSourceRange(span, cell) };
}

/** Thrown by the evaluator for a user error; the session catches it and reports the diagnostic. */
export class LangError extends Error {
  constructor(readonly code: DiagnosticCode, message: string, readonly span: Span) {
    super(message);
    this.name = 'LangError';
  }
}

/** 'line 2, column 5: E_SYNTAX expected ')'' — how the CLI and tests print a diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.range.startLine + 1}:${d.range.startColumn + 1} ${d.code} ${d.message}`;
}

/**
 * The closest name to `name` among `candidates`, if one is close enough to be
 * a likely typo: edit distance 1 (2 for names longer than 3), and fewer edits
 * than the name has characters (so 'v' does not suggest 'A'). Ties: alphabetical.
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = name.length > 3 ? 2 : 1;
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > bestDistance) continue;
    const d = editDistance(name, c);
    if (d >= name.length) continue;
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best) || (d === bestDistance && best === undefined)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
