// Names a cell defines before a position, from the parse: for completion
// before the cell has run. Pure (no vscode), unit-tested in Node.

import { parse } from '../lang/parser';

/** Names assigned and gates defined in `source` before the offset `before`. */
export function namesInSource(source: string, before: number): { names: string[]; gates: { name: string; params: string[] }[] } {
  const names = new Set<string>();
  const gates: { name: string; params: string[] }[] = [];
  for (const s of parse(source).program.statements) {
    if (s.span.start >= before) break;
    if (s.kind === 'assign') names.add(s.target.name);
    else if (s.kind === 'def') gates.push({ name: s.name.name, params: s.params.map((p) => p.name) });
  }
  return { names: [...names], gates };
}
