// The plot's colours from the VS Code theme of the output webview: the
// editor's own colours where VS Code sets its CSS variables (so a plot matches
// the theme the person chose), the theme kind's defaults where it does not
// (an export page, the test harness). Read once per drawing: the drawing holds
// plain colours, so a serialized SVG is standalone.

export type PlotThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

export interface PlotColors {
  foreground: string;
  background: string;
  /** f, and the loss curve. */
  value: string;
  /** ∂f/∂x. */
  grad: string;
  tangent: string;
  grid: string;
  warning: string;
}

/** The theme kind from the classes VS Code puts on <body>. */
export function plotThemeKind(body: HTMLElement = document.body): PlotThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'hc-light';
  if (c.contains('vscode-high-contrast')) return 'hc-dark';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

const DEFAULTS: Record<PlotThemeKind, PlotColors> = {
  light: { foreground: '#1f1f1f', background: '#ffffff', value: '#1a73c8', grad: '#c2570c', tangent: '#6b6b6b', grid: '#8a8a8a', warning: '#8a5a00' },
  dark: { foreground: '#cccccc', background: '#1e1e1e', value: '#4fa3f7', grad: '#f0a04b', tangent: '#b0b0b0', grid: '#7a7a7a', warning: '#e2c08d' },
  'hc-dark': { foreground: '#ffffff', background: '#000000', value: '#6fc3df', grad: '#f38518', tangent: '#ffffff', grid: '#ffffff', warning: '#ffd700' },
  'hc-light': { foreground: '#000000', background: '#ffffff', value: '#0f4a85', grad: '#b5200d', tangent: '#000000', grid: '#000000', warning: '#8a5a00' },
};

/** The colours to draw with now. High contrast keeps its own strong defaults for the curves. */
export function plotColors(kind: PlotThemeKind = plotThemeKind(), body: HTMLElement = document.body): PlotColors {
  const base = DEFAULTS[kind];
  const style = getComputedStyle(body);
  const v = (name: string): string | undefined => style.getPropertyValue(name).trim() || undefined;
  const highContrast = kind === 'hc-dark' || kind === 'hc-light';
  return {
    ...base,
    foreground: v('--vscode-editor-foreground') ?? base.foreground,
    background: v('--vscode-editor-background') ?? base.background,
    value: highContrast ? base.value : v('--vscode-charts-blue') ?? base.value,
    grad: highContrast ? base.grad : v('--vscode-charts-orange') ?? base.grad,
  };
}

/**
 * The colours of an exported plot: the theme kind's own, never the editor's
 * CSS variables, so that a light export from a dark editor is light all
 * through (background included), as the graph's exports are.
 */
export function exportPlotColors(kind: PlotThemeKind): PlotColors {
  return { ...DEFAULTS[kind] };
}

/** Calls `onChange` when the body's theme classes or inline style (VS Code's CSS variables) change; returns the disconnect. */
export function watchPlotTheme(onChange: () => void): () => void {
  const obs = new MutationObserver(() => onChange());
  obs.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => obs.disconnect();
}
