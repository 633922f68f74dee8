// The language end to end: a long program through the real Session (parse,
// evaluate, backward, result), and the parser alone at growing sizes. Loaded
// lazily so the benchmark still runs while src/lang is being written.

export interface LanguageApi {
  run(source: string): { ok: boolean; diagnostics: { message: string }[] };
  parse(source: string): { diagnostics: { severity: string; message: string }[] };
}

export async function loadLanguage(): Promise<LanguageApi | string> {
  try {
    const session = await import('../src/lang/session');
    const parser = await import('../src/lang/parser');
    return {
      run: (src) => new session.Session().run(src),
      parse: (src) => parser.parse(src),
    };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** `lines` lines: a leaf, the chain v_i = v_{i-1} * 0.9999 + 0.001, then `backward` on the last. */
export function chainProgram(lines: number): string {
  const out: string[] = ['v0 = 0.5'];
  for (let i = 1; i < lines - 1; i++) out.push(`v${i} = v${i - 1} * 0.9999 + 0.001`);
  out.push(`backward v${lines - 2}`);
  return out.join('\n');
}
