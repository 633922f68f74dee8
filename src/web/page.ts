// The script of an exported HTML page (`bpnb export --format html`, bundled
// to dist/page.js and inlined into the page): bpnb's own notebook renderer,
// the one VS Code loads, drawing every graph of the page, and bpnb's plot
// renderer (src/plotRenderer, Observable Plot) drawing every plot. Nothing
// else runs and nothing is fetched. Light or dark follows the reader's system:
// both renderers read VS Code's body classes, so the page sets them from
// `prefers-color-scheme` (their theme watchers redraw on a change).
import MarkdownIt from 'markdown-it';
import type { OutputItem, RendererContext } from 'vscode-notebook-renderer';
import { activate as activatePlots } from '../plotRenderer/index';
import { activate } from '../renderer/index';
import type { SavedState } from '../renderer/outputs';

function followSystemTheme(): void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    document.body.classList.toggle('vscode-dark', dark.matches);
    document.body.classList.toggle('vscode-light', !dark.matches);
  };
  apply();
  dark.addEventListener('change', apply);
}

function outputItem(id: string, mime: string, text: string, metadata: unknown): OutputItem {
  const bytes = new TextEncoder().encode(text);
  return {
    id,
    mime,
    metadata,
    text: () => text,
    json: () => JSON.parse(text) as unknown,
    data: () => bytes,
    blob: () => new Blob([bytes], { type: mime }),
  };
}

/**
 * The Markdown cells, escaped text in the file, rendered in place. Raw HTML is
 * off, so markdown-it escapes any tag in the text, and its link check drops
 * `javascript:` and other script URLs: what goes into innerHTML is
 * markdown-it's own markup around escaped text.
 */
function renderMarkdown(): void {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  document.querySelectorAll<HTMLElement>('.bpnb-md').forEach((el) => {
    el.innerHTML = md.render(el.textContent ?? '');
    el.classList.add('bpnb-rendered');
  });
}

/** Every plot of the page, each payload read and drawn by the plot renderer in place of its summary. */
async function drawPlots(): Promise<void> {
  const hosts = document.querySelectorAll<HTMLElement>('.bpnb-plot');
  if (hosts.length === 0) return;
  const renderer = await activatePlots({ workspace: { isTrusted: true } } as unknown as RendererContext<unknown>);
  if (!renderer) return;
  hosts.forEach((host, index) => {
    const data = host.querySelector('script.bpnb-payload')?.textContent ?? '';
    const target = host.querySelector<HTMLElement>('.bpnb-plot-drawing') ?? host;
    void renderer.renderOutputItem(outputItem(`plot-${index}`, host.dataset.mime ?? '', data, {}), target, new AbortController().signal);
  });
}

async function start(): Promise<void> {
  followSystemTheme();
  renderMarkdown();
  await drawPlots();
  let state: SavedState | undefined;
  const ctx = {
    getState: () => state,
    setState: (s: SavedState) => { state = s; },
    workspace: { isTrusted: true },
    settings: { lineLimit: 30 },
  } as unknown as RendererContext<SavedState>;
  const renderer = await activate(ctx);
  if (!renderer) return;
  document.querySelectorAll<HTMLElement>('.bpnb-graph').forEach((host, index) => {
    const data = host.querySelector('script.bpnb-payload')?.textContent ?? '';
    const meta = host.querySelector('script.bpnb-metadata')?.textContent;
    const target = host.querySelector<HTMLElement>('.bpnb-graph-output') ?? host;
    void renderer.renderOutputItem(outputItem(`page-${index}`, host.dataset.mime ?? '', data, meta ? (JSON.parse(meta) as unknown) : {}), target, new AbortController().signal);
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
