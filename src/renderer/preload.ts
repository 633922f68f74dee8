// Notebook preload (package.json `notebookPreload`): VS Code loads this tiny
// module into a bpnb notebook's output webview when the notebook opens, long
// before the first graph output. It starts loading the renderer bundle then,
// and has Mermaid draw a tiny flowchart once the page is idle, so the first
// Run All finds the renderer loaded and Mermaid warm (issue 12, "a fast first
// graph"). The renderer's own URL is the same, so the bundle is loaded once.

export function activate(): void {
  const start = () => {
    const bundle = new URL('./renderer.js', import.meta.url).href;
    import(bundle).then((m: { warmUp?: () => Promise<void> }) => m.warmUp?.(), () => undefined);
  };
  // Not awaited: VS Code waits for preloads before loading renderers.
  setTimeout(start, 0);
}
