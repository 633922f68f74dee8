// Shared by the firsthour UI suites: workspaces made for one test, and the
// text of a code cell as the editor shows it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { uiEnvironment, type Workbench } from '../lib/harness';

/** A .bpnb file's text with one code cell per entry (each an array of lines). */
export function notebookText(...cells: string[][]): string {
  return JSON.stringify({ bpnb: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', source, outputs: [] })) }, null, 2) + '\n';
}

/** A folder holding `files` (name → text), to open as the workspace. */
export function sourceFolder(name: string, files: Record<string, string>): string {
  const dir = path.join(uiEnvironment().tmpDir, `${name}-src-${process.pid}`, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** A folder with empty.bpnb: one empty code cell. */
export function emptyNotebookSource(name: string): string {
  return sourceFolder(name, { 'empty.bpnb': notebookText([]) });
}

/** The lines of code cell `index` as its editor shows them (non-breaking spaces as spaces). */
export async function cellText(wb: Workbench, index: number): Promise<string[]> {
  const lines = wb.codeCell(index).locator('.monaco-editor .view-lines .view-line');
  const texts = await lines.evaluateAll((els) =>
    els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: (el.textContent ?? '').replace(/\u00a0/g, ' ') })));
  return texts.sort((a, b) => a.top - b.top).map((t) => t.text);
}

/** An output's rendered Markdown as a person reads it: its text and its tables (rows of cells). */
export interface RenderedMarkdown {
  text: string;
  tables: string[][][];
}

/**
 * Every rendered Markdown output (VS Code's own Markdown renderer) in the
 * output frames, shadow roots included. Mermaid's SVG text is not part of it.
 */
export async function renderedMarkdown(wb: Workbench): Promise<RenderedMarkdown[]> {
  const found: RenderedMarkdown[] = [];
  for (const frame of wb.outputFrames()) {
    // No named inner functions: see the note in harness.ts (tsx's __name helper).
    const got = await frame.evaluate(() => {
      const out: { text: string; tables: string[][][] }[] = [];
      const roots: (Document | ShadowRoot)[] = [document];
      while (roots.length > 0) {
        const root = roots.pop()!;
        for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
        if (root === document) continue;
        // The Markdown renderer draws each output in a shadow root of its own.
        const body = root.querySelector('#preview, .preview, div') ?? null;
        if (!body || root.querySelector('svg[aria-roledescription]')) continue;
        const tables = Array.from(root.querySelectorAll('table')).map((t) =>
          Array.from(t.querySelectorAll('tr')).map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
        out.push({ text: Array.from(root.childNodes).map((n) => n.textContent ?? '').join('\n'), tables });
      }
      return out;
    }).catch((e: unknown) => {
      if (!/detached|destroyed|navigat/i.test(String(e))) throw e;
      return [];
    });
    found.push(...got);
  }
  return found;
}

/** Waits for a rendered Markdown output for which `accept` holds; returns it. */
export async function waitForMarkdown(wb: Workbench, what: string, accept: (m: RenderedMarkdown) => boolean, timeout = 60_000): Promise<RenderedMarkdown> {
  const deadline = Date.now() + timeout;
  let last: RenderedMarkdown[] = [];
  while (Date.now() < deadline) {
    last = await renderedMarkdown(wb);
    const hit = last.find(accept);
    if (hit) return hit;
    await wb.page.waitForTimeout(250);
  }
  await wb.screenshot(`timeout-waiting-for-${what.replace(/\W+/g, '-')}`).catch(() => {});
  throw new Error(`no rendered Markdown output with ${what} within ${timeout} ms; seen: ${JSON.stringify(last.map((m) => m.text.slice(0, 200)))}`);
}
