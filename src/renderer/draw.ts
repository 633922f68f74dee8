// Mermaid, driven carefully: one initialize per theme, parse before render,
// unique ids, and no error SVG left behind in the page.
import mermaid from 'mermaid';
import { firstLine, hashText } from './model';
import { mermaidConfig, type ThemeKind } from './theme';

let initializedFor: string | undefined;
let counter = 0;
/** Mermaid keeps global state; renders are serialized so a theme switch cannot interleave with a render. */
let queue: Promise<unknown> = Promise.resolve();

export type DrawResult = { ok: true; svg: string; id: string } | { ok: false; message: string };

/** `textLabels`: SVG text labels (image export), see mermaidConfig. */
export function drawMermaid(text: string, theme: ThemeKind, textLabels = false): Promise<DrawResult> {
  const job = queue.then(() => drawNow(text, theme, textLabels));
  queue = job.catch(() => undefined);
  return job;
}

async function drawNow(text: string, theme: ThemeKind, textLabels: boolean): Promise<DrawResult> {
  const config = `${theme}${textLabels ? '/text' : ''}`;
  if (initializedFor !== config) {
    mermaid.initialize(mermaidConfig(theme, textLabels));
    initializedFor = config;
  }
  const id = `bpnb-${hashText(text)}-${++counter}`;
  try {
    await mermaid.parse(text);
    const { svg } = await mermaid.render(id, text);
    if (/class="error-icon"|Syntax error in text/.test(svg)) return { ok: false, message: 'Mermaid reported a syntax error' };
    return { ok: true, svg, id };
  } catch (err) {
    return { ok: false, message: firstLine(err) };
  } finally {
    // Mermaid renders into a temporary element in <body> and, on some errors,
    // leaves it (with its bomb-icon error SVG) there.
    for (const stray of [document.getElementById(`d${id}`), document.getElementById(id), document.getElementById(`i${id}`)]) {
      if (stray && !stray.closest('.bpnb-output')) stray.remove();
    }
  }
}
