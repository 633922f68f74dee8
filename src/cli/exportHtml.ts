// `bpnb export --format html`: the page of src/notebookFile/htmlPage.ts with
// dist/page.js (the renderer as a classic script) read from disk.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notebookToHtml, type HtmlCell } from '../notebookFile/htmlPage';

/** dist/page.js next to dist/cli.js (installed package), or the repository's dist/ (tests run src/ with tsx). */
export function pageScriptPath(): string {
  for (const p of [join(__dirname, 'page.js'), join(__dirname, '..', '..', 'dist', 'page.js')]) if (existsSync(p)) return p;
  throw new Error('the page bundle dist/page.js is missing (run npm run build)');
}

/** The page for the CLI: reads dist/page.js. */
export function notebookToHtmlFile(title: string, cells: readonly HtmlCell[]): string {
  return notebookToHtml(title, cells, readFileSync(pageScriptPath(), 'utf8'));
}
